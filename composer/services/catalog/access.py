"""Which profiles may read the catalog, and with what: kept beside the profiles, never in them.

A profile's catalog access is off, a user id plus a refresh token, or "use the ingest token for
the REST API too". The choice and the user id live in `catalog-access.json` in the config folder
(shareable like profiles.json: no secret); the refresh token lives in the OS keyring under the
service `lineage-composer-catalog`, user name = the profile's name, through the same
`TokenStore` as the ingest token. The built-in Local sandbox always has catalog access.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from composer.services.atomic_file import write_atomically
from composer.services.catalog.credentials import CatalogCredentials
from composer.services.catalog.errors import CatalogError
from composer.services.catalog_paths import ACCESS_FILE_NAME, REFRESH_TOKEN_SERVICE
from composer.services.profiles import Profile
from composer.services.secrets import SessionTokens, TokenStore

AccessMode = Literal["off", "refresh-token", "ingest-token"]
ACCESS_MODES: tuple[AccessMode, ...] = get_args(AccessMode)


@dataclass(frozen=True)
class CatalogAccess:
    """A profile's catalog access setting (the refresh token itself is in the keyring)."""

    mode: AccessMode = "off"
    user_id: int | None = None

    @property
    def enabled(self) -> bool:
        return self.mode != "off"


class AccessStore:
    """The catalog access settings of every profile, in one small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_dir(cls, config_dir: Path) -> AccessStore:
        return cls(config_dir / ACCESS_FILE_NAME)

    def get(self, profile_name: str) -> CatalogAccess:
        item = self._read().get(profile_name)
        if not isinstance(item, dict) or item.get("mode") not in ACCESS_MODES:
            return CatalogAccess()
        user = item.get("userId")
        return CatalogAccess(
            item["mode"], user if isinstance(user, int) and not isinstance(user, bool) else None
        )

    def set(self, profile_name: str, access: CatalogAccess) -> None:
        """Store (or with mode "off", drop) a profile's setting; raises `CatalogError` on a bad
        one and `OSError` when the file cannot be written."""
        if access.mode == "refresh-token" and (access.user_id is None or access.user_id < 1):
            raise CatalogError(
                "no-credentials", "catalog access with a refresh token needs your Alation user id"
            )
        everything = self._read()
        everything.pop(profile_name, None)
        if access.enabled:
            everything[profile_name] = {"mode": access.mode, "userId": access.user_id}
        write_atomically(self.path, json.dumps(everything, indent=2, ensure_ascii=False) + "\n")

    def rename(self, old_name: str, new_name: str) -> None:
        """The new name gets the old one's setting (off included: nothing stale survives)."""
        self.set(new_name, self.get(old_name))
        self.set(old_name, CatalogAccess())

    def _read(self) -> dict[str, object]:
        try:
            value = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}


def refresh_token_store() -> TokenStore:
    """Where refresh tokens live: the OS keyring, beside (not on top of) the ingest tokens."""
    return TokenStore(service=REFRESH_TOKEN_SERVICE)


def credentials_for(
    profile: Profile,
    access: CatalogAccess,
    *,
    ingest_token: Callable[[], str],
    refresh_tokens: TokenStore | SessionTokens,
) -> CatalogCredentials:
    """The credentials a `CatalogClient` uses for `profile`; `CatalogError("no-credentials")`
    says what to set up when there are none. `ingest_token` resolves the profile's ingest token
    (only called when the profile uses it)."""
    if access.mode == "ingest-token":
        return CatalogCredentials.from_ingest_token(ingest_token())
    if access.mode == "refresh-token" and access.user_id is not None:
        token = refresh_tokens.get(profile.name)
        if not token:
            raise CatalogError(
                "no-credentials",
                f"profile {profile.name!r} uses a refresh token for catalog access, but none is stored; "
                "set it in the Profiles dialog or with `lineage-composer catalog-access NAME --user-id ID`",
            )
        return CatalogCredentials.from_refresh_token(access.user_id, token)
    raise CatalogError(
        "no-credentials",
        f"profile {profile.name!r} has no catalog access: give it a user id and refresh token, or let it "
        "use the ingest token for the REST APIs too (Profiles dialog)",
    )
