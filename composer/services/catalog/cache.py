"""The data-source list of each profile, kept on disk so the picker works offline and starts fast.

One JSON file per profile under the data folder's `catalog-sources/` (named by a hash of the
profile's name, which may hold any character). It holds what the REST APIs listed and when:
never a token. A cache is used only for the base URL it was fetched from, so a profile pointed
at another tenant does not show the old tenant's sources.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from composer.core.tenant import DataSource, data_source
from composer.services.atomic_file import write_atomically
from composer.services.catalog_paths import CACHE_FOLDER_NAME

_VERSION = 1


@dataclass(frozen=True)
class CachedSources:
    sources: tuple[DataSource, ...]
    fetched_at: datetime
    base_url: str

    def age(self, now: datetime | None = None) -> str:
        """ "fetched 3 hours ago": for offline use, so the user knows how stale the list is."""
        return fetched_ago(self.fetched_at, now)


def fetched_ago(when: datetime, now: datetime | None = None) -> str:
    """ "fetched just now", "fetched 1 minute ago", "fetched 3 days ago"."""
    seconds = max(0, int(((now or datetime.now(UTC)) - when).total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"fetched {count} {unit}{'s' if count != 1 else ''} ago"
    return "fetched just now"


class SourceCache:
    """Per-profile data-source lists in `folder` (the data folder's `catalog-sources`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SourceCache:
        return cls(data_dir / CACHE_FOLDER_NAME)

    def path_for(self, profile_name: str) -> Path:
        digest = hashlib.sha256(profile_name.encode("utf-8")).hexdigest()[:24]
        return self.folder / f"{digest}.json"

    def load(self, profile_name: str, base_url: str) -> CachedSources | None:
        """The cached list, or None when there is none (or it is unreadable, or for another URL)."""
        try:
            value = json.loads(self.path_for(profile_name).read_text(encoding="utf-8"))
            if value.get("version") != _VERSION or value.get("baseUrl") != base_url.rstrip("/"):
                return None
            fetched = datetime.fromisoformat(value["fetchedAt"])
            sources = tuple(_source(item) for item in value["sources"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return CachedSources(sources, fetched, value["baseUrl"])

    def save(
        self, profile_name: str, base_url: str, sources: tuple[DataSource, ...], now: datetime | None = None
    ) -> CachedSources:
        """Store the list (raises `OSError` when the folder cannot be written)."""
        cached = CachedSources(sources, now or datetime.now(UTC), base_url.rstrip("/"))
        value = {
            "version": _VERSION,
            "profile": profile_name,
            "baseUrl": cached.base_url,
            "fetchedAt": cached.fetched_at.isoformat(),
            "sources": [_item(source) for source in sources],
        }
        write_atomically(self.path_for(profile_name), json.dumps(value, ensure_ascii=False))
        return cached

    def forget(self, profile_name: str) -> None:
        self.path_for(profile_name).unlink(missing_ok=True)


def _item(source: DataSource) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "uri": source.uri,
        "api": source.api,
        "address": source.address,
        "url": source.url,
    }


def _source(item: dict[str, Any]) -> DataSource:
    """Namespaces are derived again on load, so a newer namespace catalog applies to old caches."""
    derived = data_source(
        int(item["id"]), str(item["title"]), str(item["uri"]), item["api"], url=str(item["url"])
    )
    if derived.address is None and item.get("address"):
        return DataSource(
            derived.id,
            derived.title,
            derived.uri,
            derived.namespace,
            derived.api,
            str(item["address"]),
            derived.url,
            derived.note,
        )
    return derived
