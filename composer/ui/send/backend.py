"""The send service (`composer.services.send.service`) as the window uses it.

One service sends for the window and the command line alike; the window's only difference is
where it tells a person to set a missing token. No Qt here: every method is called on a
`TaskRunner` worker, never on the GUI thread, and the tests call them directly.
"""

from __future__ import annotations

from composer.services.send.service import Delivery, NoTokenError, SendService, TokenStatus

PROFILES_HINT = "Open Send ▸ Profiles… and use “Set token…” for this profile."

__all__ = ["PROFILES_HINT", "Delivery", "NoTokenError", "SendBackend", "TokenStatus"]


class SendBackend(SendService):
    """The send service whose missing-token message points at Send ▸ Profiles…."""

    TOKEN_HINT = PROFILES_HINT
