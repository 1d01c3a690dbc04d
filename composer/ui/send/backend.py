"""Everything the send UI does that blocks — files, keyring, network — behind one plain object.

No Qt here: every method is called on a `TaskRunner` worker, never on the GUI thread, and the
tests call them directly. The token is looked up for each send and handed straight to the
sender; it is never returned to the window, so no widget can show it and no signal carries it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from composer.core.send_plan import Prepared
from composer.services.connection_check import check_event
from composer.services.history import HistoryEntry, HistoryStore, RecordOutcome
from composer.services.history_limits import HistoryLimits
from composer.services.local_sandbox import LocalSandbox
from composer.services.profile_store import ProfileBook, ProfileStore
from composer.services.profiles import Profile
from composer.services.replay import ReplayControl, record_send, replay
from composer.services.retry import RetryPolicy
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
from composer.services.send_result import SendResult
from composer.services.sender import Sender, SendTarget

PROFILES_HINT = "Open Send ▸ Profiles… and use “Set token…” for this profile."


class NoTokenError(RuntimeError):
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


class SendBackend:
    """The stores one window uses for sending; `close()` releases them (and stops the sandbox)."""

    def __init__(
        self,
        profiles: ProfileStore,
        history: HistoryStore,
        sandbox: LocalSandbox,
        *,
        tokens: TokenStore | None = None,
        session: SessionTokens | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.profiles = profiles
        self.history = history
        self.sandbox = sandbox
        self.tokens = tokens or TokenStore()
        self.session = session or SessionTokens()
        self.policy = policy or RetryPolicy()

    @classmethod
    def in_dirs(cls, data: Path, config: Path, policy: RetryPolicy | None = None) -> SendBackend:
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
        return self.profiles.load()

    def remove_profile(self, name: str) -> ProfileBook:
        self.profiles.remove(name)
        self.session.delete(name)
        with contextlib.suppress(SecretStoreError):  # no keyring: nothing was stored to forget
            self.tokens.delete(name)
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

    def _token(self, profile: Profile) -> ResolvedToken:
        try:
            return resolve_token(
                profile.name,
                store=self.tokens,
                session=self.session,
                builtin=self.sandbox.token if profile.is_local_sandbox else None,
            )
        except KeyringUnavailableError as exc:
            raise NoTokenError(f"{exc} {PROFILES_HINT}") from None
        except TokenNotFoundError:
            raise NoTokenError(f"No token is set for profile “{profile.name}”. {PROFILES_HINT}") from None

    # --- sending -------------------------------------------------------------------------

    def send(self, profile: Profile, body: str, cancel: threading.Event, *, record: bool = True) -> Delivery:
        """POST exactly `body`, then keep it in history (token redacted, never stored)."""
        token = self._token(profile)
        base_url = self.sandbox.base_url if profile.is_local_sandbox else profile.base_url
        target = SendTarget.for_profile(profile, token.value, base_url=base_url)
        with Sender(target, policy=self.policy) as sender:
            result = sender.send(body.encode("utf-8"), cancel=cancel, event_type=_event_type(body))
        history_id: int | None = None
        warning: str | None = None
        if record:
            outcome = self.history.record(
                HistoryEntry.for_send(profile.name, body, result), redact=(token.value,)
            )
            history_id, warning = outcome.id, outcome.warning
        access = SandboxAccess(base_url, token.value) if profile.is_local_sandbox else None
        return Delivery(profile, body, result, base_url, history_id, warning, access)

    def replay(
        self, profile: Profile, items: Sequence[Prepared], control: ReplayControl
    ) -> list[SendResult | None]:
        """Send many events with the engine `lineage-composer send` uses; each one kept in history."""
        token = self._token(profile)
        base_url = self.sandbox.base_url if profile.is_local_sandbox else profile.base_url
        target = SendTarget.for_profile(profile, token.value, base_url=base_url)

        def finished(item: Prepared, result: SendResult) -> None:
            try:
                outcome = record_send(self.history, profile.name, item.body, result, token=token.value)
            except Exception as exc:  # history must never stop a replay half-way
                outcome = RecordOutcome(0, f"The send was not recorded in history ({type(exc).__name__}).")
            control.report(item, result, outcome)

        with Sender(target, policy=self.policy, max_connections=max(2, control.concurrency)) as sender:
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
        """The START-event check (`composer.services.connection_check`); not kept in history."""
        return self.send(profile, check_event(), cancel, record=False)


def _event_type(body: str) -> str:
    try:
        value = json.loads(body)
    except ValueError:
        return ""
    found = value.get("eventType") if isinstance(value, dict) else None
    return found if isinstance(found, str) else ""
