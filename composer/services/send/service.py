"""Sending, one way for the window and the command line: stores, token, target, send, history.

The window (`composer.ui.send`) and the CLI (`send`, `profile check`) used to build their own
stores and record history each their own way; both now call this service, so a send from either
resolves its token in the same order, goes through the same `Sender` set-up and leaves the same
history record. No Qt: the window calls it on `TaskRunner` workers, never on the GUI thread. The
token is looked up for each send and handed straight to the sender; it is never returned, so no
caller can show it, and it is redacted from everything history keeps.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from composer.core.send_plan import Prepared
from composer.services.catalog.profile_state import ProfileCatalogState
from composer.services.history import HistoryStore, RecordOutcome
from composer.services.history_limits import HistoryLimits
from composer.services.local_sandbox import LocalSandbox
from composer.services.profile_store import ProfileBook, ProfileStore
from composer.services.profiles import Profile
from composer.services.replay import ReplayControl, record_send, replay
from composer.services.sandbox_check import SandboxAccess
from composer.services.secrets import (
    KeyringUnavailableError,
    ResolvedToken,
    SecretStoreError,
    SessionTokens,
    TokenNotFoundError,
    TokenStore,
    resolve_token,
)
from composer.services.send.connection_check import check_event
from composer.services.send.result import SendResult
from composer.services.send.retry import RetryPolicy
from composer.services.send.sender import Sender, SendTarget


class NoTokenError(SecretStoreError):
    """No token to send with; the message says where to set one (never contains a token)."""


@dataclass(frozen=True)
class Delivery:
    """One send, finished: what went where, what came back, and its history record."""

    profile: Profile
    body: str
    result: SendResult
    base_url: str
    history_id: int | None
    history_warning: str | None = None
    sandbox: SandboxAccess | None = None


@dataclass(frozen=True)
class TokenStatus:
    """Whether a profile has a token, and in words where tokens are kept."""

    stored: bool
    where: str
    problem: str = ""


class SendService:
    """The stores sending uses; `close()` releases them (and stops the sandbox).

    `token_hint` ends the message of a missing token: where this front end lets one be set
    (None: the class's `TOKEN_HINT`, which a front end's subclass names).
    """

    TOKEN_HINT = ""

    def __init__(
        self,
        profiles: ProfileStore,
        history: HistoryStore,
        sandbox: LocalSandbox,
        *,
        tokens: TokenStore | None = None,
        session: SessionTokens | None = None,
        policy: RetryPolicy | None = None,
        token_hint: str | None = None,
        catalog: ProfileCatalogState | None = None,
    ) -> None:
        self.profiles = profiles
        self.history = history
        self.sandbox = sandbox
        self.tokens = tokens or TokenStore()
        self.session = session or SessionTokens()
        self.policy = policy or RetryPolicy()
        self.token_hint = self.TOKEN_HINT if token_hint is None else token_hint
        # A profile's catalog access (setting, refresh token, cached sources) follows its renames
        # and removals; by default kept beside the profiles and the history.
        self.catalog = catalog or ProfileCatalogState.in_dirs(
            profiles.path.parent, history.path.parent if history.path is not None else None
        )

    @classmethod
    def in_dirs(cls, data: Path, config: Path, policy: RetryPolicy | None = None) -> Self:
        history = HistoryStore.in_dir(data, limits=HistoryLimits.load(config))
        return cls(ProfileStore.in_dir(config), history, LocalSandbox(data), policy=policy)

    def close(self) -> None:
        self.sandbox.close()
        self.history.close()
        self.session.clear()

    # --- profiles ------------------------------------------------------------------------

    def load_profiles(self) -> ProfileBook:
        return self.profiles.load()

    def save_profile(self, old_name: str | None, profile: Profile) -> ProfileBook:
        """Add (old_name None) or edit a profile; a renamed profile keeps its token."""
        if old_name is None:
            self.profiles.add(profile)
        else:
            self.profiles.replace(old_name, profile)
            if old_name != profile.name:
                self._move_token(old_name, profile.name)
                self.catalog.rename(old_name, profile.name)
        return self.profiles.load()

    def remove_profile(self, name: str) -> ProfileBook:
        self.profiles.remove(name)
        self.session.delete(name)
        with contextlib.suppress(SecretStoreError):  # no keyring: nothing was stored to forget
            self.tokens.delete(name)
        self.catalog.forget(name)
        return self.profiles.load()

    def _move_token(self, old_name: str, new_name: str) -> None:
        session_token = self.session.get(old_name)
        if session_token:
            self.session.set(new_name, session_token)
            self.session.delete(old_name)
        with contextlib.suppress(SecretStoreError):  # no keyring: the session token moved above
            self.tokens.move(old_name, new_name)

    # --- tokens --------------------------------------------------------------------------

    def token_status(self, profile: Profile) -> TokenStatus:
        if profile.is_local_sandbox:
            return TokenStatus(True, "the local sandbox makes a random token for each run")
        if self.session.get(profile.name):
            return TokenStatus(True, self.session.describe_backend())
        where = self.tokens.describe_backend()
        try:
            return TokenStatus(bool(self.tokens.get(profile.name)), where)
        except SecretStoreError as exc:
            return TokenStatus(False, where, str(exc))

    def set_token(self, profile_name: str, token: str) -> str:
        """Store in the OS keyring; raises `KeyringUnavailableError` when there is none."""
        self.tokens.set(profile_name, token)
        return self.tokens.describe_backend()

    def set_session_token(self, profile_name: str, token: str) -> str:
        self.session.set(profile_name, token)
        return self.session.describe_backend()

    def token(
        self, profile: Profile, *, env_name: str | None = None, environ: Mapping[str, str] | None = None
    ) -> ResolvedToken:
        """The token in the documented order: environment variable `env_name`, this session's,
        the keyring's, or the sandbox's own. Raises `SecretStoreError` (or `SandboxStartError`)."""
        return resolve_token(
            profile.name,
            env_name=env_name,
            environ=environ,
            store=self.tokens,
            session=self.session,
            builtin=self.sandbox.token if profile.is_local_sandbox else None,
        )

    def _token_or_hint(self, profile: Profile) -> ResolvedToken:
        try:
            return self.token(profile)
        except KeyringUnavailableError as exc:
            raise NoTokenError(f"{exc} {self.token_hint}".strip()) from None
        except TokenNotFoundError:
            missing = f"No token is set for profile “{profile.name}”."
            raise NoTokenError(f"{missing} {self.token_hint}".strip()) from None

    # --- sending -------------------------------------------------------------------------

    def base_url(self, profile: Profile) -> str:
        """Where the profile's receiver is: the Local sandbox's runtime address, or its base URL."""
        return self.sandbox.base_url if profile.is_local_sandbox else profile.base_url

    def target(self, profile: Profile, token: ResolvedToken) -> SendTarget:
        """Raises `ProfileError`, `SendSetupError` or `SandboxStartError` for a set-up that cannot work."""
        return SendTarget.for_profile(profile, token.value, base_url=self.base_url(profile))

    def sender(self, target: SendTarget, *, policy: RetryPolicy | None = None, concurrency: int = 1) -> Sender:
        return Sender(target, policy=policy or self.policy, max_connections=max(2, concurrency))

    def record(self, profile_name: str, body: str | bytes, result: SendResult, *, token: str) -> RecordOutcome:
        """Keep one send in history, token redacted. Never raises: a send that happened stays
        reported even when history cannot take it (the outcome's warning says so)."""
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        try:
            return record_send(self.history, profile_name, raw, result, token=token)
        except Exception as exc:  # history must never turn a finished send into a failure
            return RecordOutcome(0, f"The send was not recorded in history ({type(exc).__name__}).")

    def send(self, profile: Profile, body: str, cancel: threading.Event, *, record: bool = True) -> Delivery:
        """POST exactly `body`, then keep it in history (token redacted, never stored)."""
        token = self._token_or_hint(profile)
        target = self.target(profile, token)
        with self.sender(target) as sender:
            result = sender.send(body.encode("utf-8"), cancel=cancel, event_type=_event_type(body))
        outcome = self.record(profile.name, body, result, token=token.value) if record else None
        base_url = self.base_url(profile)
        access = SandboxAccess(base_url, token.value) if profile.is_local_sandbox else None
        history_id, warning = (outcome.id, outcome.warning) if outcome is not None else (None, None)
        return Delivery(profile, body, result, base_url, history_id, warning, access)

    def replay(
        self, profile: Profile, items: Sequence[Prepared], control: ReplayControl
    ) -> list[SendResult | None]:
        """Send many events with the engine `lineage-composer send` uses; each one kept in history."""
        token = self._token_or_hint(profile)
        target = self.target(profile, token)

        def finished(item: Prepared, result: SendResult) -> None:
            control.report(item, result, self.record(profile.name, item.body, result, token=token.value))

        with self.sender(target, concurrency=control.concurrency) as sender:
            return replay(
                sender,
                items,
                concurrency=control.concurrency,
                rate=control.rate,
                cancel=control.cancel,
                pause=control.pause,
                on_result=finished,
            )

    def check_connection(self, profile: Profile, cancel: threading.Event) -> Delivery:
        """The START-event check (`composer.services.send.connection_check`); not kept in history."""
        return self.send(profile, check_event(), cancel, record=False)


def _event_type(body: str) -> str:
    try:
        value = json.loads(body)
    except ValueError:
        return ""
    found = value.get("eventType") if isinstance(value, dict) else None
    return found if isinstance(found, str) else ""
