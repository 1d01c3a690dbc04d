"""Tokens live in the OS keyring only; without one the user is told why and can use a session token.

Most tests use the in-memory keyring from `conftest.py`. `test_the_real_keyring_round_trip`
talks to a real Secret Service (GNOME Keyring over D-Bus): CI starts one with
`dbus-run-session` (see `.ci/run`); elsewhere it skips and says why.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService, fail
from keyring.errors import InitError

from composer.services.secrets import (
    SERVICE_NAME,
    KeyringUnavailableError,
    SecretStoreError,
    SessionTokens,
    TokenNotFoundError,
    TokenStore,
    check_token,
    resolve_token,
)
from tests.services.fake_keyring import LockedKeyring, MemoryKeyring

TOKEN = "lc-secret-token-8d2f6a1e"


def test_set_replace_and_delete_one_entry_per_profile(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    store.set("Prod", f"  {TOKEN}\n")  # pasted with white space
    assert memory_keyring.entries == {(SERVICE_NAME, "Prod"): TOKEN}
    store.set("Prod", "replaced-token")
    assert store.get("Prod") == "replaced-token" and store.get("Other") is None
    assert store.delete("Prod") is True and store.delete("Prod") is False
    assert memory_keyring.entries == {}


def test_a_renamed_profile_keeps_its_token(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    store.set("Old", TOKEN)
    assert store.move("Old", "New") is True
    assert memory_keyring.entries == {(SERVICE_NAME, "New"): TOKEN}
    assert store.move("Missing", "Whatever") is False


def test_the_backend_in_use_is_named() -> None:
    assert "keyring backend: tests.services.fake_keyring.MemoryKeyring" in TokenStore().describe_backend()


@pytest.mark.parametrize("bad", ["", "   ", "two words", "tab\there", "ünïcode", "x" * 20_000])
def test_unusable_tokens_are_refused_without_being_echoed(bad: str) -> None:
    with pytest.raises(ValueError) as raised:
        check_token(bad)
    assert bad.strip() == "" or bad not in str(raised.value)


def test_no_keyring_names_the_problem_and_the_fix() -> None:
    keyring.set_keyring(fail.Keyring())
    store = TokenStore()
    assert store.describe_backend() == "no OS keyring available (keyring backend: fail.Keyring)"
    with pytest.raises(KeyringUnavailableError) as raised:
        store.set("Prod", TOKEN)
    message = str(raised.value)
    assert message == (
        "No OS keyring is available (keyring backend: fail.Keyring). Install and unlock a Secret "
        "Service such as GNOME Keyring or KWallet, or use a session-only token that is forgotten "
        "when the app closes."
    )
    assert raised.value.reason == "none" and TOKEN not in message
    with pytest.raises(KeyringUnavailableError):
        store.get("Prod")

    session = SessionTokens()  # ... and the session-only fallback works
    session.set("Prod", TOKEN)
    resolved = resolve_token("Prod", store=store, session=session)
    assert resolved.value == TOKEN and "forgotten when the app closes" in resolved.source
    assert session.describe_backend() == resolved.source
    session.clear()
    assert session.get("Prod") is None


def test_a_locked_keyring_says_so() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(KeyringUnavailableError, match="is locked") as raised:
        TokenStore().set("Prod", TOKEN)
    assert raised.value.reason == "locked" and "session-only token" in str(raised.value)


class _BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise InitError(f"D-Bus said no to {password}")

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")


def test_backend_failures_become_typed_errors_that_never_quote_the_token() -> None:
    keyring.set_keyring(_BrokenKeyring())
    store = TokenStore()
    with pytest.raises(KeyringUnavailableError) as raised:
        store.set("Prod", TOKEN)
    assert raised.value.reason == "init" and TOKEN not in str(raised.value) and "[token]" in str(raised.value)
    with pytest.raises(SecretStoreError, match="ServiceUnknown"):
        store.get("Prod")


def test_tokens_are_found_in_the_documented_order(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore()
    store.set("Prod", "from-keyring")
    env = {"MY_TOKEN": "from-environment"}
    assert resolve_token("Prod", env_name="MY_TOKEN", environ=env, store=store).value == "from-environment"
    assert resolve_token("Prod", store=store).source.startswith("OS keyring: ")
    assert resolve_token("Prod", store=store, builtin=lambda: "sandbox-token").value == "sandbox-token"
    with pytest.raises(TokenNotFoundError, match="MISSING is not set"):
        resolve_token("Prod", env_name="MISSING", environ=env, store=store)
    with pytest.raises(TokenNotFoundError, match="profile set-token Staging") as raised:
        resolve_token("Staging", store=store)
    assert "--token-env" in str(raised.value)
    assert "from-keyring" not in repr(resolve_token("Prod", store=store))


def _secret_service_or_skip() -> keyring.backend.KeyringBackend:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip(
            "no D-Bus session (DBUS_SESSION_BUS_ADDRESS unset): run under `dbus-run-session` with "
            "gnome-keyring-daemon unlocked, as .ci/run does"
        )
    backend = SecretService.Keyring()
    try:
        backend.priority  # noqa: B018 - raises when no Secret Service answers on the bus
    except RuntimeError as exc:
        pytest.skip(f"no Secret Service answers on this D-Bus session: {exc}")
    return backend


def test_the_real_keyring_round_trip(app_home: Path) -> None:
    backend = _secret_service_or_skip()
    store = TokenStore(backend)
    profile = f"lineage-composer-test-{uuid.uuid4()}"
    token = f"real-keyring-token-{uuid.uuid4().hex}"
    try:
        assert "Secret Service" in store.describe_backend()
        store.set(profile, token)
        assert TokenStore(backend).get(profile) == token  # a second store reads what the first wrote
        assert backend.get_password(SERVICE_NAME, profile) == token
        store.set(profile, token + "-replaced")
        assert store.get(profile) == token + "-replaced"
    finally:
        assert store.delete(profile) is True
    assert store.get(profile) is None
    for path in app_home.rglob("*"):
        assert not path.is_file() or token.encode() not in path.read_bytes()
