"""Service tests never reach the real keyring: each gets a fresh in-memory one."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from composer.services.sandbox import SandboxConfig, SandboxServer
from tests.services.fake_keyring import MemoryKeyring
from tests.services.sandbox_client import Client, Clients


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox on a free loopback port with an in-memory store, stopped after the test."""
    with SandboxServer(SandboxConfig()) as server:
        yield server


@pytest.fixture
def connect(sandbox: SandboxServer) -> Iterator[Clients]:
    with Clients(sandbox) as clients:
        yield clients


@pytest.fixture
def client(connect: Clients) -> Client:
    return connect()
