"""Who may do what: the write token sends and changes, the read-only token only reads.

Two tokens let a demo show Alation's 401 (no or wrong token) next to its 403 (a real token
without the permission). Tokens are compared in constant time and never echoed in an answer.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import Literal

from composer.services.sandbox.replies import Reply, error

Access = Literal["write", "read", "missing", "invalid"]
Needed = Literal["read", "write"]
REALM = "Lineage Composer sandbox"


def check_access(header: str | None, token: str, read_only_token: str, *, allow_basic: bool) -> Access:
    """What an Authorization header grants. Basic (token as password) serves browsers only."""
    if not header:
        return "missing"
    scheme, _, credentials = header.strip().partition(" ")
    # http.server decodes header bytes as latin-1; encoding back gives the bytes that were sent.
    given = credentials.strip().encode("latin-1", "replace")
    if scheme.lower() == "basic" and allow_basic:
        try:
            given = base64.b64decode(given, validate=True).partition(b":")[2]
        except binascii.Error:
            return "invalid"
    elif scheme.lower() != "bearer":
        return "invalid"
    if hmac.compare_digest(given, token.encode("ascii")):
        return "write"
    if hmac.compare_digest(given, read_only_token.encode("ascii")):
        return "read"
    return "invalid"


def refusal(access: Access, needed: Needed, scheme: str = "Bearer") -> Reply | None:
    """The 401/403 answer when `access` is not enough for `needed`, else None."""
    challenge = f'{scheme} realm="{REALM}"' + (', charset="UTF-8"' if scheme == "Basic" else "")
    if access == "missing":
        return error(
            401,
            "unauthorized",
            "no token: send the header Authorization: Bearer <token>",
            headers=(("WWW-Authenticate", challenge),),
        )
    if access == "invalid":
        return error(
            401,
            "unauthorized",
            "the token is not valid here (in Alation: a wrong, expired or revoked API access token)",
            headers=(("WWW-Authenticate", challenge + ', error="invalid_token"'),),
        )
    if access == "read" and needed == "write":
        return error(
            403,
            "forbidden",
            "this token may only read the sandbox; sending events and changing the sandbox need the "
            "write token (in Alation: a token without permission to ingest lineage)",
        )
    return None
