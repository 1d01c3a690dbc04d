"""Service tests never reach the real keyring: each gets a fresh in-memory one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from composer.services.sandbox import SandboxConfig, SandboxServer
from tests.services.fake_keyring import MemoryKeyring
from tests.services.sandbox_client import Client, Clients


@pytest.fixture(autouse=True)
def _every_test_in_memory(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """tests/conftest.py's in-memory keyring, for every service test."""
    return memory_keyring


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
