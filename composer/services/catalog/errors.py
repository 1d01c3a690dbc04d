"""Why a catalog request failed, in plain words and with a stable kind for the window and scripts.

No message here ever carries a token: messages are built from the status, the tenant's address
and Alation's own `detail` text (scrubbed of the tokens in use before it is kept).
"""

from __future__ import annotations

from typing import Literal

FailureKind = Literal[
    "unauthorized",  # 401: the access token (or the ingest token used as one) was refused
    "refresh-expired",  # minting refused: the refresh token is wrong, expired or revoked
    "forbidden",  # 403: no permission (a private data source needs viewer access)
    "not-found",  # 404 on an endpoint: an old Alation, or a base URL that is not a tenant
    "rate-limited",  # 429
    "server",  # 5xx
    "unreachable",  # DNS, refused connection, TLS, timeout
    "bad-answer",  # HTML, garbage, or JSON of an unexpected shape
    "no-credentials",  # the profile has no catalog access set up
    "closed",  # the client was closed (its profile changed or the window is going)
]


class CatalogError(RuntimeError):
    """A catalog request that did not give an answer; `kind` says which sort, `status` the HTTP
    status (0 when none came back), `endpoint` the path that failed."""

    def __init__(self, kind: FailureKind, message: str, *, status: int = 0, endpoint: str = "") -> None:
        super().__init__(message)
        self.kind: FailureKind = kind
        self.status = status
        self.endpoint = endpoint


def status_failure(status: int, endpoint: str, detail: str, *, credential: str) -> CatalogError:
    """The error for an HTTP status Alation answered; `credential` names what was used
    ("the API access token minted from your refresh token", "the ingest token")."""
    said = f" Alation said: {detail}" if detail else ""
    if status == 401:
        return CatalogError(
            "unauthorized",
            f"{endpoint} refused {credential} (401): it is missing, wrong or expired.{said}",
            status=status,
            endpoint=endpoint,
        )
    if status == 403:
        return CatalogError(
            "forbidden",
            f"{endpoint} answered 403: the token is valid but lacks permission (private data sources "
            f"need viewer access, and some APIs need a higher role).{said}",
            status=status,
            endpoint=endpoint,
        )
    if status == 404:
        return CatalogError(
            "not-found",
            f"{endpoint} answered 404: the base URL may not be an Alation tenant, or this Alation "
            f"version lacks the API.{said}",
            status=status,
            endpoint=endpoint,
        )
    if status == 429:
        return CatalogError(
            "rate-limited",
            f"{endpoint} answered 429: too many requests; try again in a minute.{said}",
            status=status,
            endpoint=endpoint,
        )
    if status >= 500:
        return CatalogError(
            "server",
            f"{endpoint} answered {status}: the tenant had a server error.{said}",
            status=status,
            endpoint=endpoint,
        )
    return CatalogError(
        "bad-answer",
        f"{endpoint} answered {status}, which a catalog request does not expect.{said}",
        status=status,
        endpoint=endpoint,
    )
