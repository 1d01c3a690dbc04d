"""Alation's catalog REST APIs for the tenant features: catalog access per profile, the data-source
list (cached per profile), table lookups for the "tenant" pre-flight, and lineage verification
after a send. Pure judging lives in `composer.core.tenant`; this package asks and remembers.

    with CatalogClient.for_profile(profile, credentials) as client:
        client.check_access()                 # AccessCheck(ok, message, kind)
        listing = client.list_data_sources()  # SourceListing(sources, notes)
        checker = TenantChecker(client, listing.sources)
        validate(event, ["tenant"], tenant=checker.snapshot(event))
        LineageVerifier(checker).verify(event, cancel=threading.Event())
"""

from composer.services.catalog.access import (
    ACCESS_MODES,
    AccessMode,
    AccessStore,
    CatalogAccess,
    credentials_for,
    refresh_token_store,
)
from composer.services.catalog.cache import CachedSources, SourceCache
from composer.services.catalog.client import AccessCheck, CatalogClient, SourceListing
from composer.services.catalog.connect import access_of, connect
from composer.services.catalog.credentials import CatalogCredentials
from composer.services.catalog.errors import CatalogError, FailureKind
from composer.services.catalog.preflight import TenantChecker
from composer.services.catalog.profile_state import ProfileCatalogState
from composer.services.catalog.source_list import SourceList, load_sources
from composer.services.catalog.verify import (
    DEFAULT_DEADLINE,
    LineageState,
    LineageVerifier,
    PollSettings,
    VerificationResult,
)
from composer.services.catalog_paths import ACCESS_FILE_NAME, CACHE_FOLDER_NAME, REFRESH_TOKEN_SERVICE

__all__ = [
    "ACCESS_FILE_NAME",
    "ACCESS_MODES",
    "CACHE_FOLDER_NAME",
    "DEFAULT_DEADLINE",
    "REFRESH_TOKEN_SERVICE",
    "AccessCheck",
    "AccessMode",
    "AccessStore",
    "CachedSources",
    "CatalogAccess",
    "CatalogClient",
    "CatalogCredentials",
    "CatalogError",
    "FailureKind",
    "LineageState",
    "LineageVerifier",
    "PollSettings",
    "ProfileCatalogState",
    "SourceCache",
    "SourceList",
    "SourceListing",
    "TenantChecker",
    "VerificationResult",
    "access_of",
    "connect",
    "credentials_for",
    "load_sources",
    "refresh_token_store",
]
