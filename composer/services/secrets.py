"""API tokens in the OS keyring — and nowhere else, ever.

One keyring entry per profile: service `lineage-composer`, user name = the profile's name. When
the machine has no usable keyring (a headless Linux box, a locked keychain) the caller gets a
`KeyringUnavailableError` whose message names the problem and the fix, and may fall back to
`SessionTokens`, which hold a token in memory for this run only. Every place that shows a token's
status also says where it is stored (`describe_backend`), as the user is owed that.

No message raised from here contains a token: backend errors are reworded, and anything a
backend might echo is scrubbed first.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import InitError, KeyringError, KeyringLocked, NoKeyringError, PasswordDeleteError

_T = TypeVar("_T")
SERVICE_NAME = "lineage-composer"
MAX_TOKEN_LENGTH = 16 * 1024
SESSION_ONLY = "this session only (in memory; forgotten when the app closes)"
_FALLBACK = "or use a session-only token that is forgotten when the app closes."
# The command line keeps no session: its way round a missing keyring is an environment variable.
_CLI_FALLBACK = "or pass the token with --token-env NAME (an environment variable that holds it)."
_FRIENDLY_BACKENDS = {
    "SecretService.Keyring": "Secret Service (GNOME Keyring, KWallet) over D-Bus",
    "libsecret.Keyring": "Secret Service via libsecret",
    "kwallet.DBusKeyring": "KWallet",
    "macOS.Keyring": "macOS Keychain",
    "Windows.WinVaultKeyring": "Windows Credential Manager",
}


class SecretStoreError(RuntimeError):
    """The token could not be read, stored or deleted; the message is written for the user."""


class KeyringUnavailableError(SecretStoreError):
    """No usable OS keyring. `reason` is "none", "locked" or "init"; a session token still works."""

    def __init__(self, message: str, reason: Literal["none", "locked", "init"], backend: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.backend = backend

    @property
    def cli_message(self) -> str:
        """The message for the command line, which has no session token to offer."""
        return str(self).replace(_FALLBACK, _CLI_FALLBACK)


class TokenNotFoundError(SecretStoreError):
    """No token anywhere the caller allowed us to look."""


def check_token(token: str) -> str:
    """The token as it will go in the Authorization header (surrounding white space dropped)."""
    cleaned = token.strip()
    if not cleaned:
        raise ValueError("the token is empty")
    if len(cleaned) > MAX_TOKEN_LENGTH:
        raise ValueError(f"the token is longer than {MAX_TOKEN_LENGTH} characters; is it the right text?")
    if not (cleaned.isascii() and cleaned.isprintable()) or any(ch.isspace() for ch in cleaned):
        raise ValueError("a token is printable ASCII text without spaces; check what was pasted")
    return cleaned


def backend_id(backend: KeyringBackend) -> str:
    """`SecretService.Keyring`, `fail.Keyring`, ...: the name keyring's own docs and config use."""
    module = type(backend).__module__.removeprefix("keyring.backends.")
    return f"{module}.{type(backend).__name__}"


class TokenStore:
    """Tokens per profile in the OS keyring. `backend=None` asks `keyring` for the active one
    each time, so a test's `keyring.set_keyring` (or a user's keyring config) applies."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE_NAME) -> None:
        self._backend = backend
        self.service = service

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def describe_backend(self) -> str:
        """Where tokens are stored, for the user: "macOS Keychain (keyring backend: macOS.Keyring)"."""
        backend = self.backend
        chosen = _first_of_chain(backend)
        name = backend_id(chosen)
        if isinstance(chosen, fail.Keyring):
            return f"no OS keyring available (keyring backend: {name})"
        friendly = _FRIENDLY_BACKENDS.get(name, getattr(chosen, "name", name))
        return f"{friendly} (keyring backend: {name})"

    def check_available(self) -> None:
        """Raise `KeyringUnavailableError` now if there is plainly no keyring, before asking for a token."""
        chosen = _first_of_chain(self.backend)
        if isinstance(chosen, fail.Keyring):
            raise _unavailable("none", backend_id(chosen))

    def get(self, profile_name: str) -> str | None:
        return self._call("read", profile_name, lambda b: b.get_password(self.service, profile_name))

    def set(self, profile_name: str, token: str) -> None:
        """Store or replace the profile's token."""
        value = check_token(token)
        self._call("store", profile_name, lambda b: b.set_password(self.service, profile_name, value), value)

    def delete(self, profile_name: str) -> bool:
        """Forget the profile's token; False when there was none."""

        def forget(backend: KeyringBackend) -> bool:
            try:
                backend.delete_password(self.service, profile_name)
            except PasswordDeleteError:
                return False
            return True

        return bool(self._call("delete", profile_name, forget))

    def move(self, old_name: str, new_name: str) -> bool:
        """Keep a renamed profile's token: copy it to the new entry, then drop the old one."""
        token = self.get(old_name)
        if token is None:
            return False
        self.set(new_name, token)
        self.delete(old_name)
        return True

    def _call(
        self, action: str, profile_name: str, operation: Callable[[KeyringBackend], _T], secret: str = ""
    ) -> _T:
        backend = self.backend
        self.check_available()
        name = backend_id(_first_of_chain(backend))
        try:
            return operation(backend)
        except NoKeyringError:
            raise _unavailable("none", name) from None
        except KeyringLocked:
            raise _unavailable("locked", name) from None
        except InitError as exc:
            raise _unavailable("init", name, _scrub(str(exc), secret)) from None
        except KeyringError as exc:
            reason = _scrub(str(exc), secret) or type(exc).__name__
            raise SecretStoreError(
                f"the OS keyring ({name}) could not {action} the token of profile {profile_name!r}: {reason}"
            ) from None
        except Exception as exc:  # D-Bus and platform errors that keyring lets through
            if "lock" in type(exc).__name__.lower():
                raise _unavailable("locked", name) from None
            raise _unavailable("init", name, _scrub(str(exc), secret) or type(exc).__name__) from None


class SessionTokens:
    """Tokens for this run only, in memory: the fallback when no OS keyring can be used."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()

    def describe_backend(self) -> str:
        return SESSION_ONLY

    def get(self, profile_name: str) -> str | None:
        with self._lock:
            return self._tokens.get(profile_name)

    def set(self, profile_name: str, token: str) -> None:
        value = check_token(token)
        with self._lock:
            self._tokens[profile_name] = value

    def delete(self, profile_name: str) -> bool:
        with self._lock:
            return self._tokens.pop(profile_name, None) is not None

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()


@dataclass(frozen=True)
class ResolvedToken:
    """A token and, in words, where it came from ("OS keyring: macOS Keychain ...")."""

    value: str = field(repr=False)
    source: str


def resolve_token(
    profile_name: str,
    *,
    env_name: str | None = None,
    environ: Mapping[str, str] | None = None,
    store: TokenStore | None = None,
    session: SessionTokens | None = None,
    builtin: Callable[[], str] | None = None,
) -> ResolvedToken:
    """The token to send with, in the documented order: the named environment variable, then a
    session token, then the built-in sandbox's (when `builtin` is given), then the keyring."""
    if env_name:
        env = os.environ if environ is None else environ
        value = env.get(env_name, "")
        if not value.strip():
            raise TokenNotFoundError(f"environment variable {env_name} is not set or is empty")
        try:
            return ResolvedToken(check_token(value), f"environment variable {env_name}")
        except ValueError as exc:
            raise TokenNotFoundError(f"environment variable {env_name}: {exc}") from None
    if session is not None and (value := session.get(profile_name) or ""):
        return ResolvedToken(value, SESSION_ONLY)
    if builtin is not None:
        return ResolvedToken(builtin(), "the local sandbox (a random token for this run)")
    if store is not None:
        stored = store.get(profile_name)
        if stored:
            return ResolvedToken(stored, f"OS keyring: {store.describe_backend()}")
    raise TokenNotFoundError(
        f"no token stored for profile {profile_name!r}. Store one with "
        f"`lineage-composer profile set-token {_quoted(profile_name)}`, or pass --token-env NAME "
        "to read it from an environment variable"
    )


def _first_of_chain(backend: KeyringBackend) -> KeyringBackend:
    """The backend that really answers: a chainer asks its members in priority order."""
    members = getattr(backend, "backends", None)
    if isinstance(members, list | tuple) and members:
        first = members[0]
        return first if isinstance(first, KeyringBackend) else backend
    if isinstance(members, list | tuple):
        return fail.Keyring()  # type: ignore[no-untyped-call]
    return backend


def _unavailable(
    reason: Literal["none", "locked", "init"], backend: str, detail: str = ""
) -> KeyringUnavailableError:
    if reason == "none":
        message = (
            f"No OS keyring is available (keyring backend: {backend}). Install and unlock a Secret "
            f"Service such as GNOME Keyring or KWallet, {_FALLBACK}"
        )
    elif reason == "locked":
        message = (
            f"The OS keyring is locked (keyring backend: {backend}) and was not unlocked. Unlock it "
            "(log in to the desktop session, or unlock the login keyring in your passwords app) and "
            f"try again, {_FALLBACK}"
        )
    else:
        found = f": {detail}" if detail else ""
        message = (
            f"The OS keyring could not be opened (keyring backend: {backend}){found}. Check that its "
            "service (gnome-keyring-daemon or KWallet on Linux) is running in this session, "
            f"{_FALLBACK}"
        )
    return KeyringUnavailableError(message, reason, backend)


def _scrub(text: str, secret: str) -> str:
    return text.replace(secret, "[token]") if secret else text


def _quoted(name: str) -> str:
    return f'"{name}"' if any(ch.isspace() for ch in name) else name
