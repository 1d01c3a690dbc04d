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
not in the UI, because every caller wants the same thing and this layer may not use Qt: a
`RecentsWriter` (one `ThreadPoolExecutor(max_workers=1)`) writes in order; the composition root
makes one and hands it to every store of the window. Writes to one file coalesce: a change made
while a write is queued replaces the queued data (the latest wins), and until it is on disk
every store of that file sharing the writer reads the queued data instead of the file, so two
pickers still see each other's changes at once. `flush()` waits for the queued write
(tests, and anyone who wants `write_error` now); the executor's threads are joined when Python
exits, so a queued write is not lost on a normal exit. A failed write is still reported in
`write_error`, set when the write fails rather than when the value was added.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1



class RecentsWriter:
    """The background thread that writes recent-value files, in order, coalescing per file."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: dict[Path, tuple[dict[str, Any], RecentValues]] = {}  # written next; the latest wins
        self._writes: dict[Path, Future[None]] = {}  # the write that will take the queued data to disk
        self._executor: ThreadPoolExecutor | None = None  # made on first use

    def submit(self, work: Callable[[], None]) -> Future[None]:
        """Run `work` on the writer thread, after everything submitted before it."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recents-writer")
        return self._executor.submit(work)

    def queued(self, path: Path) -> dict[str, Any] | None:
        with self._lock:
            found = self._queued.get(path)
        return found[0] if found is not None else None

    def pending(self, path: Path) -> Future[None] | None:
        with self._lock:
            return self._writes.get(path)

    def save(self, path: Path, data: dict[str, Any], store: RecentValues) -> None:
        with self._lock:
            idle = path not in self._queued
            self._queued[path] = (data, store)
            if idle:
                self._writes[path] = self.submit(lambda: self._flush(path))

    def _flush(self, path: Path) -> None:
        """Write the queued data for `path` until nothing newer was queued meanwhile."""
        while True:
            with self._lock:
                data, store = self._queued[path]
            try:
                store._write(data)
            except BaseException:  # nothing but OSError is expected; never leave the queue stuck
                with self._lock:
                    self._queued.pop(path, None)
                    self._writes.pop(path, None)
                raise
            with self._lock:
                if self._queued[path][0] is data:
                    del self._queued[path]
                    self._writes.pop(path, None)
                    return


class RecentValues:
    """Recent values, newest first, capped at `limit`; pinned values are kept until unpinned.

    `values()` lists pinned values first (in the order they were pinned), then the recent ones
    that are not pinned. Empty or all-white-space values are never stored.
    """

    def __init__(self, path: Path, limit: int = 20, *, writer: RecentsWriter) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.path = path
        self.limit = limit
        self._writer = writer
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
        pending = self._writer.pending(self.path)
        if pending is not None:
            pending.result(timeout)

    def _refresh(self) -> None:
        queued = self._writer.queued(self.path)
        if queued is not None:  # newer than the file: what this process wrote last
            self._pinned, self._recent = list(queued["pinned"]), list(queued["recent"])[: self.limit]
            return
        stamp = self._stamp()
        if stamp == self._seen:  # also when there is still no file: keep what a failed write left
            return
        self._seen = stamp
        self._pinned, recent = _read(self.path) if stamp is not None else ([], [])
        self._recent = recent[: self.limit]

    def _save(self) -> None:
        data = {"version": FORMAT_VERSION, "pinned": list(self._pinned), "recent": list(self._recent)}
        self._writer.save(self.path, data, self)

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
