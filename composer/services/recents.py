"""Recently used and pinned strings (namespaces, job namespaces, files), kept in one small JSON file.

The store is deliberately generic: it knows nothing about what the strings mean, so one class
serves every "recent ..." list in the app, each in its own file.

Several windows or pickers may share one file. Every read and every change first picks up what
another instance wrote (a cheap `stat` decides), so one picker never undoes another's additions.
The data is a convenience that can always be rebuilt, which decides two trade-offs: a corrupt or
unreadable file is treated as empty instead of raising, and writes are atomic (temp file +
`os.replace`, so a reader never sees half a file) but not fsynced, because an fsync can stall the
GUI thread for a long time on a slow disk and the worst a crash can cost is this list.

Writing happens on a background thread so `add`, `pin` and the rest return at once, even when
the home folder sits on a slow share (the GUI thread calls them). The threading lives here,
not in the UI, because every caller wants the same thing and this layer may not use Qt: one
process-wide `ThreadPoolExecutor(max_workers=1)` writes in order. Writes to one file coalesce:
a change made while a write is queued replaces the queued data (the latest wins), and until it
is on disk every store of that file in this process reads the queued data instead of the file,
so two pickers still see each other's changes at once. `flush()` waits for the queued write
(tests, and anyone who wants `write_error` now); the executor's threads are joined when Python
exits, so a queued write is not lost on a normal exit. A failed write is still reported in
`write_error`, set when the write fails rather than when the value was added.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1

_lock = threading.Lock()
_queued: dict[Path, tuple[dict[str, Any], RecentValues]] = {}  # written next; the latest wins
_writes: dict[Path, Future[None]] = {}  # the write that will take the queued data to disk
_executor: ThreadPoolExecutor | None = None


def _writer() -> ThreadPoolExecutor:
    global _executor  # noqa: PLW0603 (one writer thread per process, made on first use)
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recents-writer")
    return _executor


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

    def flush(self, timeout: float | None = None) -> None:
        """Wait until what was changed so far is on disk (or its write failed: `write_error`)."""
        with _lock:
            pending = _writes.get(self.path)
        if pending is not None:
            pending.result(timeout)

    def _refresh(self) -> None:
        with _lock:
            queued = _queued.get(self.path)
        if queued is not None:  # newer than the file: what this process wrote last
            self._pinned, self._recent = list(queued[0]["pinned"]), list(queued[0]["recent"])[: self.limit]
            return
        stamp = self._stamp()
        if stamp == self._seen:  # also when there is still no file: keep what a failed write left
            return
        self._seen = stamp
        self._pinned, recent = _read(self.path) if stamp is not None else ([], [])
        self._recent = recent[: self.limit]

    def _save(self) -> None:
        data = {"version": FORMAT_VERSION, "pinned": list(self._pinned), "recent": list(self._recent)}
        with _lock:
            idle = self.path not in _queued
            _queued[self.path] = (data, self)
            if idle:
                _writes[self.path] = _writer().submit(_flush, self.path)

    def _write(self, data: dict[str, Any]) -> None:
        """On the writer thread: one atomic write of `data`."""
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


def _flush(path: Path) -> None:
    """Write the queued data for `path` until nothing newer was queued meanwhile."""
    while True:
        with _lock:
            data, store = _queued[path]
        try:
            store._write(data)
        except BaseException:  # nothing but OSError is expected; never leave the queue stuck
            with _lock:
                _queued.pop(path, None)
                _writes.pop(path, None)
            raise
        with _lock:
            if _queued[path][0] is data:
                del _queued[path]
                _writes.pop(path, None)
                return


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
