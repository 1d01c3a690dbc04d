"""The disk cache of fetched facet schemas: one small JSON file per URL, with its dates.

It serves two purposes: the check works offline from the last good copy (and says how old it
is), and automatic checks never hammer a server: the last attempt, failed or not, is kept with
its time, so a caller can reuse it for a while instead of asking again. Files are keyed by a hash
of the URL (a URL is no file name) and hold the URL itself, so a collision can never mix them up.
A corrupt or foreign file is treated as absent, never as an error: the cache is only a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from composer.services.atomic_file import write_atomically
from composer.services.paths import data_dir

CACHE_SUBFOLDER = Path("cache", "schemas")  # inside the data folder


def default_cache_dir() -> Path:
    return data_dir() / CACHE_SUBFOLDER


@dataclass(frozen=True)
class Attempt:
    """The last time the URL was asked for, and how it went (`failure` None: it answered a schema)."""

    at: datetime
    failure: str | None
    detail: str


@dataclass(frozen=True)
class CachedSchema:
    url: str
    document: Any | None  # the last good copy, if there ever was one
    fetched_at: datetime | None  # when that copy was fetched or last confirmed unchanged (304)
    etag: str | None
    last_modified: str | None
    attempt: Attempt | None


class SchemaCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()

    def path_for(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + ".json")

    def get(self, url: str) -> CachedSchema | None:
        try:
            raw = json.loads(self.path_for(url).read_text(encoding="utf-8"))
            if raw.get("url") != url:
                return None
            attempt = raw.get("attempt")
            return CachedSchema(
                url,
                raw.get("document"),
                _time(raw.get("fetchedAt")),
                raw.get("etag"),
                raw.get("lastModified"),
                Attempt(
                    _time(attempt["at"]) or _LONG_AGO, attempt.get("failure"), attempt.get("detail", "")
                )
                if isinstance(attempt, dict) and "at" in attempt
                else None,
            )
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, entry: CachedSchema) -> None:
        """Written atomically, so a crash never leaves half a file; a cache that cannot be
        written only means the next check asks the network again."""
        raw: dict[str, Any] = {
            "url": entry.url,
            "fetchedAt": entry.fetched_at.isoformat() if entry.fetched_at else None,
            "etag": entry.etag,
            "lastModified": entry.last_modified,
            "attempt": None
            if entry.attempt is None
            else {
                "at": entry.attempt.at.isoformat(),
                "failure": entry.attempt.failure,
                "detail": entry.attempt.detail,
            },
            "document": entry.document,
        }
        with contextlib.suppress(OSError):
            write_atomically(self.path_for(entry.url), json.dumps(raw, ensure_ascii=False))


_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def _time(value: object) -> datetime | None:
    """An aware time (a hand-edited file without an offset is read as UTC, never as naive)."""
    if not isinstance(value, str):
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
