"""From a profile to a `CatalogClient`: its base URL and the credentials its catalog access names.

The window and the CLI both go through here, so a profile reaches the catalog the same way in
both, and the Local sandbox (whose address and refresh token exist only while it runs) has
catalog access with nothing to set up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from composer.core import receivers
from composer.services.catalog.access import AccessStore, CatalogAccess, credentials_for
from composer.services.catalog.client import CatalogClient
from composer.services.catalog.credentials import CatalogCredentials
from composer.services.catalog.errors import CatalogError
from composer.services.local_sandbox import LocalSandbox
from composer.services.profiles import Profile
from composer.services.sandbox import SandboxStartError
from composer.services.secrets import SessionTokens, TokenStore


def access_of(profile: Profile, store: AccessStore) -> CatalogAccess:
    """The profile's catalog access; the Local sandbox always has it (a refresh token)."""
    if profile.is_local_sandbox:
        return CatalogAccess("refresh-token", None)
    if not receivers.receiver(profile.kind).catalog_access:
        return CatalogAccess()
    return store.get(profile.name)


def connect(
    profile: Profile,
    *,
    access: AccessStore,
    refresh_tokens: TokenStore | SessionTokens,
    ingest_token: Callable[[], str],
    sandbox: LocalSandbox,
    page_size: int | None = None,
) -> CatalogClient:
    """A client for the profile's tenant; `CatalogError("no-credentials")` when it has no catalog
    access, `CatalogError("unreachable")` when the Local sandbox cannot start."""
    options: dict[str, Any] = {} if page_size is None else {"page_size": page_size}
    if profile.is_local_sandbox:
        try:
            server = sandbox.server()
        except SandboxStartError as exc:
            raise CatalogError("unreachable", f"the local sandbox could not start: {exc}") from None
        credentials = CatalogCredentials.from_refresh_token(server.catalog_user_id, server.refresh_token)
        return CatalogClient.for_profile(profile, credentials, base_url=server.url, **options)
    if not receivers.receiver(profile.kind).catalog_access:
        label = receivers.receiver(profile.kind).label
        raise CatalogError(
            "no-credentials", f"profile {profile.name!r} sends to {label}: it has no catalog to ask"
        )
    credentials = credentials_for(
        profile, access.get(profile.name), ingest_token=ingest_token, refresh_tokens=refresh_tokens
    )
    return CatalogClient.for_profile(profile, credentials, **options)
