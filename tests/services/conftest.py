"""Shared fixtures of the service tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from composer.services.sandbox import SandboxConfig, SandboxServer
from tests.services.sandbox_client import Client, Clients


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
