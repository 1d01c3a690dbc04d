"""The data-source list a command or the picker uses: from the tenant, or from the cache when the
tenant cannot be reached (saying how old it is), saved to the cache after each fetch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from composer.core.tenant import DataSource
from composer.services.catalog.cache import SourceCache, fetched_ago
from composer.services.catalog.client import CatalogClient
from composer.services.catalog.errors import CatalogError


@dataclass(frozen=True)
class SourceList:
    """The sources and where they came from; `offline_reason` is set when the tenant could not be
    reached and the cache stood in."""

    sources: tuple[DataSource, ...]
    fetched_at: datetime
    from_cache: bool
    notes: tuple[str, ...] = ()
    offline_reason: str = ""

    def describe(self, now: datetime | None = None) -> str:
        """ "13 data sources, fetched just now" / "... (offline: the cached list, fetched 2 hours ago)"."""
        count = f"{len(self.sources)} data source{'s' if len(self.sources) != 1 else ''}"
        age = fetched_ago(self.fetched_at, now)
        if self.offline_reason:
            return f"{count} (offline: the cached list, {age}; {self.offline_reason})"
        if self.from_cache:
            return f"{count} (cached, {age}; refresh to fetch again)"
        return f"{count}, {age}"


def load_sources(
    client: CatalogClient,
    cache: SourceCache | None,
    profile_name: str,
    *,
    refresh: bool,
    max_age: timedelta | None = None,
    held: SourceList | None = None,
) -> SourceList:
    """The cached list unless `refresh`, there is none, or it is older than `max_age`; else the
    tenant's, saved to the cache. A fetch failure that is only the tenant being out of reach
    falls back on the cache. `cache=None` keeps nothing (the Local sandbox's address changes
    every run). `held` is the list a long-running caller (the window) got earlier from this
    function: young enough, it is the answer as it is, without reading the disk. Raises
    `CatalogError` otherwise."""
    now = datetime.now(UTC)
    if held is not None and not refresh and (max_age is None or now - held.fetched_at < max_age):
        return held
    cached = cache.load(profile_name, client.base_url) if cache is not None else None
    young = cached is not None and (max_age is None or now - cached.fetched_at < max_age)
    if cached is not None and young and not refresh:
        return SourceList(cached.sources, cached.fetched_at, True)
    try:
        listing = client.list_data_sources()
    except CatalogError as exc:
        if cached is None or exc.kind not in ("unreachable", "server", "rate-limited"):
            raise
        return SourceList(cached.sources, cached.fetched_at, True, offline_reason=str(exc))
    if cache is None:
        return SourceList(listing.sources, now, False, listing.notes)
    try:
        cache.save(profile_name, client.base_url, listing.sources, now)
    except OSError as exc:
        notes = (*listing.notes, f"the list was not cached: {exc.strerror or exc}")
        return SourceList(listing.sources, now, False, notes)
    return SourceList(listing.sources, now, False, listing.notes)
