"""How a profile reaches the catalog's REST APIs: a refresh token to mint access tokens from, or
the ingest token used as the access token.

Whether Alation's OpenLineage token also serves the REST APIs is not documented, so neither is
assumed: the user chooses, and a refusal says which token it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CredentialKind = Literal["refresh-token", "ingest-token"]


@dataclass(frozen=True)
class CatalogCredentials:
    """What the client authenticates with. Secrets are excluded from `repr`."""

    kind: CredentialKind
    user_id: int | None = None
    refresh_token: str = field(default="", repr=False)
    token: str = field(default="", repr=False)  # the ingest token, for kind "ingest-token"

    @classmethod
    def from_refresh_token(cls, user_id: int, refresh_token: str) -> CatalogCredentials:
        return cls("refresh-token", user_id=user_id, refresh_token=refresh_token)

    @classmethod
    def from_ingest_token(cls, token: str) -> CatalogCredentials:
        return cls("ingest-token", token=token)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret text, so messages can be scrubbed of them."""
        return tuple(value for value in (self.refresh_token, self.token) if value)

    @property
    def described(self) -> str:
        if self.kind == "ingest-token":
            return "the ingest token (used for the REST APIs too)"
        return f"the API access token minted for user {self.user_id}"
