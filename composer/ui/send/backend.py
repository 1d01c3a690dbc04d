"""The send service (`composer.services.send_service`) as the window uses it.

One service sends for the window and the command line alike; the window's only difference is
where it tells a person to set a missing token. No Qt here: every method is called on a
`TaskRunner` worker, never on the GUI thread, and the tests call them directly.
"""

from __future__ import annotations

from composer.services.history import HistoryStore
from composer.services.local_sandbox import LocalSandbox
from composer.services.profile_store import ProfileStore
from composer.services.retry import RetryPolicy
from composer.services.secrets import SessionTokens, TokenStore
from composer.services.send_service import Delivery, NoTokenError, SendService, TokenStatus

PROFILES_HINT = "Open Send ▸ Profiles… and use “Set token…” for this profile."

__all__ = ["PROFILES_HINT", "Delivery", "NoTokenError", "SendBackend", "TokenStatus"]


class SendBackend(SendService):
    """The send service whose missing-token message points at Send ▸ Profiles…."""

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
        super().__init__(
            profiles, history, sandbox, tokens=tokens, session=session, policy=policy, token_hint=PROFILES_HINT
        )
