"""Recently used and pinned strings (namespaces, job namespaces, files), kept in one small JSON file.

The store is deliberately generic: it knows nothing about what the strings mean, so one class
serves every "recent ..." list in the app, each in its own file.

Several windows or pickers may share one file. Every read and every change first picks up what
another instance wrote (a cheap `stat` decides), so one picker never undoes another's additions.
The data is a convenience that can always be rebuilt, which decides two trade-offs: a corrupt or
unreadable file is treated as empty instead of raising, and writes are atomic (temp file +
`os.replace`, so a reader never sees half a file) but not fsynced, because an fsync can stall the
GUI thread for a long time on a slow disk and the worst a crash can cost is this list.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1


class RecentValues:
    """Recent values, newest first, capped at `limit`; pinned values are kept until unpinned.

    `values()` lists pinned values first (in the order they were pinned), then the recent ones
    that are not pinned. Empty or all-white-space values are never stored.
    """

    def __init__(self, path: Path, limit: int = 20) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.path = path
        self.limit = limit
        self.write_error: OSError | None = None
        """The last failed write, if any, so a caller can tell the user; None after a good one."""
        self._pinned: list[str] = []
        self._recent: list[str] = []
        self._seen: tuple[int, ...] | None = None
        self._refresh()

    # --- reading --------------------------------------------------------------------------

    def values(self) -> list[str]:
        self._refresh()
        pinned = set(self._pinned)
        return [*self._pinned, *(value for value in self._recent if value not in pinned)]

    def pinned(self) -> list[str]:
        self._refresh()
        return list(self._pinned)

    def is_pinned(self, value: str) -> bool:
        self._refresh()
        return value in self._pinned

    # --- changing -------------------------------------------------------------------------

    def add(self, value: str) -> None:
        """Move `value` to the front of the recent values (a pinned value stays where it is)."""
        if not value.strip():
            return
        self._refresh()
        self._recent = [value, *(v for v in self._recent if v != value)][: self.limit]
        self._save()

    def pin(self, value: str) -> None:
        if not value.strip():
            return
        self._refresh()
        if value not in self._pinned:
            self._pinned.append(value)
            self._save()

    def unpin(self, value: str) -> None:
        """Stop pinning `value`; it stays in the list as the most recent value."""
        self._refresh()
        if value in self._pinned:
            self._pinned.remove(value)
            self._recent = [value, *(v for v in self._recent if v != value)][: self.limit]
            self._save()

    def remove(self, value: str) -> None:
        self._refresh()
        if value in self._pinned or value in self._recent:
            self._pinned = [v for v in self._pinned if v != value]
            self._recent = [v for v in self._recent if v != value]
            self._save()

    def clear(self) -> None:
        """Forget everything, pinned values too, in one write."""
        self._refresh()
        if self._pinned or self._recent:
            self._pinned, self._recent = [], []
            self._save()

    # --- the file -------------------------------------------------------------------------

    def _stamp(self) -> tuple[int, ...] | None:
        """What changes whenever anyone rewrites the file; `os.replace` gives it a new inode."""
        try:
            status = self.path.stat()
        except OSError:
            return None
        return (status.st_ino, status.st_mtime_ns, status.st_ctime_ns, status.st_size)

    def _refresh(self) -> None:
        stamp = self._stamp()
        if stamp == self._seen:  # also when there is still no file: keep what a failed write left
            return
        self._seen = stamp
        self._pinned, recent = _read(self.path) if stamp is not None else ([], [])
        self._recent = recent[: self.limit]

    def _save(self) -> None:
        data = {"version": FORMAT_VERSION, "pinned": self._pinned, "recent": self._recent}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(data, stream, ensure_ascii=False, indent=2)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            self.write_error = error
            return
        self.write_error = None
        self._seen = self._stamp()


def _read(path: Path) -> tuple[list[str], list[str]]:
    """Pinned and recent values from `path`; anything unreadable or malformed reads as nothing."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return [], []
    if not isinstance(data, dict):
        return [], []
    return _strings(data.get("pinned")), _strings(data.get("recent"))


def _strings(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        return []
    unique: dict[str, None] = {}
    for item in raw:
        if isinstance(item, str) and item.strip():
            unique.setdefault(item, None)
    return list(unique)
