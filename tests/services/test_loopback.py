"""Loopback is decided from the literal host: the sandbox, profiles, sender and schema fetcher agree."""

from __future__ import annotations

import socket

import pytest

from composer.services import sandbox
from composer.services.facet_schemas import refusal
from composer.services.loopback import is_loopback


def test_loopback_names_and_addresses() -> None:
    for host in ("localhost", "LOCALHOST", "127.0.0.1", "127.5.6.7", "::1", "[::1]"):
        assert is_loopback(host), host
    for host in ("", "example.com", "10.0.0.1", "::", "localhost.example.com", "127.0.0.1.nip.io"):
        assert not is_loopback(host), host
    assert sandbox.is_loopback is is_loopback  # the sandbox package still offers it


def test_no_name_is_looked_up_to_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("loopback must be decided without DNS")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "gethostbyname", no_lookup)
    assert not is_loopback("db.internal")


def test_the_schema_fetcher_also_takes_localhost_names_reserved_for_loopback() -> None:
    for url in ("http://localhost./s.json", "http://schemas.localhost:8000/s.json", "http://[::1]/s.json"):
        assert refusal(url) is None, url
    assert refusal("http://localhost.example.com/s.json") is not None
