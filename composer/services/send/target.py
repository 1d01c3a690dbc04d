"""Where one send goes and how: the target a `Sender` is built for, and its TLS set-up.

Apart from `composer.services.send.sender` (which re-exports these names): a target is settled
(profile, token, TLS bundle) before any sending starts, and its refusals are set-up errors the
user fixes in the profile, not send outcomes.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path

from composer.core.receivers import Receiver, receiver_for_target
from composer.services.profiles import Profile, ProfileKind


class SendSetupError(ValueError):
    """The target cannot be sent to as configured (unsafe URL, missing CA bundle ...)."""


@dataclass(frozen=True)
class SendTarget:
    """Everything a send needs. The token is excluded from `repr`, so printing a target is safe."""

    url: str
    token: str = field(repr=False)
    kind: ProfileKind = "alation"
    timeout: float = 30.0
    verify_tls: bool = True
    ca_bundle: str = ""
    proxy: str = ""
    allow_insecure_http: bool = False
    # Retries of a send whose answer was lost after the body went out (each may deliver a copy).
    ambiguous_retries: int = 1
    allow_cross_origin_redirects: bool = False
    local_sandbox: bool = False  # the built-in sandbox: its answers are explained as its own

    @classmethod
    def for_profile(cls, profile: Profile, token: str, *, base_url: str | None = None) -> SendTarget:
        """`base_url` gives the Local sandbox its runtime address."""
        return cls(
            url=profile.endpoint_url(base_url),
            token=token,
            kind=profile.kind,
            timeout=profile.timeout,
            verify_tls=profile.verify_tls,
            ca_bundle=profile.ca_bundle,
            proxy=profile.proxy,
            allow_insecure_http=profile.allow_insecure_http,
            ambiguous_retries=profile.ambiguous_retries,
            allow_cross_origin_redirects=profile.allow_cross_origin_redirects,
            local_sandbox=profile.is_local_sandbox,
        )

    @property
    def receiver(self) -> Receiver:
        """Whose words explain the answers: the kind's, or the Local sandbox's own."""
        return receiver_for_target(self.kind, local_sandbox=self.local_sandbox)


def tls_verification(target: SendTarget) -> ssl.SSLContext | bool:
    """What the HTTP client checks the server with: off, the system's CAs, or the profile's PEM bundle."""
    if not target.verify_tls:
        return False
    if not target.ca_bundle:
        return True
    bundle = Path(target.ca_bundle).expanduser()
    if not bundle.is_file():
        raise SendSetupError(f"CA bundle {bundle} does not exist; give the path of a PEM file")
    try:
        return ssl.create_default_context(cafile=str(bundle))
    except (ssl.SSLError, OSError) as exc:
        raise SendSetupError(f"CA bundle {bundle} is not a PEM certificate file ({exc})") from None
