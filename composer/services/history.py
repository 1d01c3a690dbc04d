"""A log of every send — the event, where it went, what came back — never the token.

Alation's page says "keep logs of sent events for debugging"; this is that log, searchable by
job, dataset, status and free text, and exportable as NDJSON for a support ticket. Nothing that
carries the token is stored: the request headers are never handed to this module, and callers
pass the token in `redact` so that even an event or a response that happens to contain it is
cleaned before it is written.

History must never cost a send its record: a corrupt or locked database file is moved aside
(renamed with a timestamp, kept for inspection), a fresh one is created, the record goes there,
and the caller gets a warning to show. If even that fails, history continues in memory.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from composer.services.history_limits import HistoryLimits
from composer.services.send.result import SendResult

_T = TypeVar("_T")
HISTORY_FILE_NAME = "history.sqlite3"
RESPONSE_EXCERPT_CHARS = 4096
# What free-text search looks in ("column" stands for the table or `new.` in a trigger).
_SEARCHED = " || ' ' || ".join(
    f"column{name}" for name in ("event", "response_excerpt", "url", "profile", "outcome")
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sent_at TEXT NOT NULL,
    profile TEXT NOT NULL,
    url TEXT NOT NULL,
    event TEXT NOT NULL,
    status INTEGER,
    ok INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    explanation TEXT NOT NULL,
    response_excerpt TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    duration REAL NOT NULL,
    job_namespace TEXT NOT NULL,
    job_name TEXT NOT NULL,
    run_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    datasets TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sends_job ON sends (job_name, job_namespace);
CREATE INDEX IF NOT EXISTS sends_run ON sends (run_id);
CREATE TABLE IF NOT EXISTS verifications (
    send_id INTEGER PRIMARY KEY,
    checked_at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    summary TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sends_status ON sends (status);
-- Free-text search reads a trigram index, not every stored event (kept in step by triggers).
-- detail=none: no positions, half the size; LIKE re-checks each candidate row, so still exact.
CREATE VIRTUAL TABLE IF NOT EXISTS sends_text USING fts5(body, tokenize = 'trigram', detail = 'none');
CREATE TRIGGER IF NOT EXISTS sends_text_add AFTER INSERT ON sends BEGIN
    INSERT INTO sends_text (rowid, body) VALUES (new.id, {text});
END;
CREATE TRIGGER IF NOT EXISTS sends_text_drop AFTER DELETE ON sends BEGIN
    DELETE FROM sends_text WHERE rowid = old.id;
    DELETE FROM verifications WHERE send_id = old.id;
END;
""".replace("{text}", _SEARCHED.replace("column", "new."))
_COLUMNS = (
    "sent_at",
    "profile",
    "url",
    "event",
    "status",
    "ok",
    "outcome",
    "explanation",
    "response_excerpt",
    "attempts",
    "duration",
    "job_namespace",
    "job_name",
    "run_id",
    "event_type",
    "datasets",
)


@dataclass(frozen=True, kw_only=True)
class HistoryEntry:
    """One send as stored. `datasets` lists "namespace name" for each input and output."""

    sent_at: str
    profile: str
    url: str
    event: str
    status: int | None
    ok: bool
    outcome: str
    explanation: str
    response_excerpt: str
    attempts: int
    duration: float
    job_namespace: str = ""
    job_name: str = ""
    run_id: str = ""
    event_type: str = ""
    datasets: tuple[str, ...] = ()

    @classmethod
    def for_send(
        cls, profile: str, event_text: str, result: SendResult, sent_at: datetime | None = None
    ) -> HistoryEntry:
        facts = _event_facts(event_text)
        moment = (sent_at or datetime.now(UTC)).astimezone(UTC)
        return cls(
            sent_at=moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            profile=profile,
            url=result.url,
            event=event_text,
            status=result.status,
            ok=result.ok,
            outcome=result.outcome(),
            # The redirect hops and any copies that may have been delivered: a record must say them.
            explanation=" ".join((result.explanation.headline, *result.notes())),
            response_excerpt=result.response_text[:RESPONSE_EXCERPT_CHARS],
            attempts=len(result.attempts),
            duration=result.total_seconds,
            **facts,
        )

    def redacted(self, secrets: Iterable[str]) -> HistoryEntry:
        values = asdict(self)
        for key, value in values.items():
            if isinstance(value, str):
                cleaned = value
                for secret in secrets:
                    if secret:
                        cleaned = cleaned.replace(secret, "[token]")
                values[key] = cleaned
        values["datasets"] = tuple(values["datasets"])
        return HistoryEntry(**values)


@dataclass(frozen=True, kw_only=True)
class HistoryRecord(HistoryEntry):
    id: int

    def to_json(self) -> dict[str, Any]:
        """One NDJSON line's object; `event` is the exact text sent (json.loads it for the object)."""
        found = asdict(self)
        found["datasets"] = list(self.datasets)
        return {"id": found.pop("id"), **found}


@dataclass(frozen=True)
class Verification:
    """Whether a send's lineage appeared in the catalog, as the verifier last said."""

    checked_at: str
    ok: bool
    summary: str
    # "verified", "tmp", "missing", "timed-out", ... (VerificationResult.state); "" in records
    # kept before states were: then only `ok` says anything.
    state: str = ""


@dataclass(frozen=True)
class RecordOutcome:
    """The new record's id, and a warning for the user when history had to be recovered."""

    id: int
    warning: str | None = None


@dataclass(frozen=True)
class HistoryQuery:
    """Search terms, all optional and combined with AND; text matching ignores case."""

    job: str = ""
    dataset: str = ""
    status: int | None = None
    text: str = ""
    failed_only: bool = False


class HistoryStore:
    """SQLite history at `path` (None: in memory). Thread-safe; call `close()` when done."""

    def __init__(
        self,
        path: Path | None,
        *,
        busy_timeout: float = 5.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        limits: HistoryLimits | None = None,
    ) -> None:
        self.path = path
        self.limits = limits or HistoryLimits()
        self._busy_timeout = busy_timeout
        self._now = now
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pending_warnings: list[str] = []

    @classmethod
    def in_dir(cls, data_dir: Path, **options: Any) -> HistoryStore:
        return cls(data_dir / HISTORY_FILE_NAME, **options)

    # --- writing --------------------------------------------------------------------------------

    def record(self, entry: HistoryEntry, *, redact: Sequence[str] = ()) -> RecordOutcome:
        """Store one send. Never loses it: see the module docstring for what happens on damage."""
        clean = entry.redacted(redact) if redact else entry
        clean = replace(clean, event=self.limits.capped_event(clean.event))
        row = [getattr(clean, column) for column in _COLUMNS]
        row[_COLUMNS.index("datasets")] = "\n".join(clean.datasets)
        row[_COLUMNS.index("ok")] = int(clean.ok)
        sql = f"INSERT INTO sends ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        with self._lock:
            cursor = self._run(lambda db: db.execute(sql, row))
            self._run(self._prune)
            warnings, self._pending_warnings = self._pending_warnings, []
        return RecordOutcome(int(cursor.lastrowid or 0), " ".join(warnings) or None)

    def delete(self, record_id: int) -> bool:
        with self._lock:
            self._run(lambda db: db.execute("DELETE FROM verifications WHERE send_id = ?", (record_id,)))
            return (
                self._run(lambda db: db.execute("DELETE FROM sends WHERE id = ?", (record_id,))).rowcount > 0
            )

    def clear(self) -> int:
        with self._lock:
            self._run(lambda db: db.execute("DELETE FROM verifications"))
            return int(self._run(lambda db: db.execute("DELETE FROM sends")).rowcount)

    def set_verification(self, record_id: int, summary: str, *, state: str) -> Verification:
        """Attach (or replace) the catalog verification's outcome to a send, when polling ends;
        the outcome as stored (`ok` is whether the state is "verified")."""
        ok = state == "verified"
        checked = self._now().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        sql = (
            "INSERT OR REPLACE INTO verifications (send_id, checked_at, ok, summary, state) "
            "VALUES (?, ?, ?, ?, ?)"
        )
        with self._lock:
            self._run(lambda db: db.execute(sql, (record_id, checked, int(ok), summary, state)))
        return Verification(checked, ok, summary, state)

    def verification(self, record_id: int) -> Verification | None:
        return self.verifications([record_id]).get(record_id)

    def verifications(self, record_ids: Sequence[int]) -> dict[int, Verification]:
        """The outcomes of those sends that have one (a page of the history dock at a time)."""
        ids = list(record_ids)
        if not ids:
            return {}
        sql = (
            "SELECT send_id, checked_at, ok, summary, state FROM verifications "
            f"WHERE send_id IN ({', '.join('?' * len(ids))})"
        )
        with self._lock:
            rows = self._run(lambda db: db.execute(sql, ids).fetchall())
        return {int(row[0]): Verification(row[1], bool(row[2]), row[3], row[4]) for row in rows}

    # --- reading --------------------------------------------------------------------------------

    def recent(self, *, limit: int = 50, offset: int = 0) -> list[HistoryRecord]:
        """Newest first, a page at a time."""
        return self.search(HistoryQuery(), limit=limit, offset=offset)

    def search(self, query: HistoryQuery, *, limit: int = 50, offset: int = 0) -> list[HistoryRecord]:
        clauses, values = _where(query)
        sql = f"SELECT id, {', '.join(_COLUMNS)} FROM sends {clauses} ORDER BY id DESC LIMIT ? OFFSET ?"
        with self._lock:
            rows = self._run(lambda db: db.execute(sql, (*values, limit, offset)).fetchall())
        return [_record(row) for row in rows]

    def get(self, record_id: int) -> HistoryRecord | None:
        sql = f"SELECT id, {', '.join(_COLUMNS)} FROM sends WHERE id = ?"
        with self._lock:
            row = self._run(lambda db: db.execute(sql, (record_id,)).fetchone())
        return _record(row) if row is not None else None

    def count(self, query: HistoryQuery | None = None) -> int:
        clauses, values = _where(query or HistoryQuery())
        with self._lock:
            row = self._run(lambda db: db.execute(f"SELECT COUNT(*) FROM sends {clauses}", values).fetchone())
        return int(row[0])

    def export_ndjson(self, out: TextIO, query: HistoryQuery | None = None) -> int:
        """Write matching records oldest first, one JSON object per line; returns how many."""
        clauses, values = _where(query or HistoryQuery())
        sql = f"SELECT id, {', '.join(_COLUMNS)} FROM sends {clauses} ORDER BY id"
        with self._lock:
            rows = self._run(lambda db: db.execute(sql, values).fetchall())
        for row in rows:
            out.write(json.dumps(_record(row).to_json(), ensure_ascii=False) + "\n")
        return len(rows)

    def take_warnings(self) -> list[str]:
        """Warnings from reads that had to recover the database (record() returns its own)."""
        with self._lock:
            warnings, self._pending_warnings = self._pending_warnings, []
        return warnings

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # --- the database ---------------------------------------------------------------------------

    def _prune(self, db: sqlite3.Connection) -> None:
        """Oldest records first, until the row and size limits hold again."""
        limits = self.limits
        if limits.max_rows:
            db.execute(
                "DELETE FROM sends WHERE id <= (SELECT id FROM sends ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (limits.max_rows,),
            )
        if limits.max_bytes and _used_bytes(db) > limits.max_bytes:
            # Over the size limit: the oldest tenth goes (read from the page counts, so a send
            # under the limit costs nothing; SQLite reuses the freed pages for the next sends).
            rows = db.execute("SELECT count(*) FROM sends").fetchone()[0]
            db.execute(
                "DELETE FROM sends WHERE id IN (SELECT id FROM sends ORDER BY id LIMIT ?)",
                (max(1, rows // 10),),
            )

    def _run(self, operation: Callable[[sqlite3.Connection], _T]) -> _T:
        try:
            return operation(self._open())
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return operation(self._open())

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            target = ":memory:" if self.path is None else str(self.path)
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                target, timeout=self._busy_timeout, check_same_thread=False, isolation_level=None
            )
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.executescript(_SCHEMA)
                _index_older_records(connection)
                _add_verification_states(connection)
            except sqlite3.DatabaseError:
                connection.close()
                raise
            self._connection = connection
        return self._connection

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        """Move a damaged or locked file aside and start afresh; memory if even that fails."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        locked = "locked" in str(exc).lower() or "busy" in str(exc).lower()
        problem = "locked by another program" if locked else f"damaged ({exc})"
        if self.path is None:
            raise exc
        stamp = self._now().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.{'locked' if locked else 'corrupt'}-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    extra.rename(aside.with_name(aside.name + suffix))
        except OSError as move_error:
            self.path = None
            self._pending_warnings.append(
                f"The send history {problem}, and could not be moved aside "
                f"({move_error.strerror or move_error}); history is kept in memory until the app closes."
            )
            return
        self._pending_warnings.append(
            f"The send history was {problem}; it was moved aside to {aside} and a new history was started."
        )


def _where(query: HistoryQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    values: list[Any] = []

    def like(columns: str, term: str) -> None:
        clauses.append(f"({columns}) LIKE ? ESCAPE '\\'")
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        values.append(f"%{escaped}%")

    if query.job:
        like("job_namespace || ' ' || job_name", query.job)
    if query.dataset:
        like("datasets", query.dataset)
    if len(query.text) >= 3 and not any(mark in query.text for mark in "%_\\"):
        # the trigram index narrows LIKE to the rows holding every three-character piece
        clauses.append("id IN (SELECT rowid FROM sends_text WHERE body LIKE ?)")
        values.append(f"%{query.text}%")
    elif query.text:
        like(_SEARCHED.replace("column", ""), query.text)
    if query.status is not None:
        clauses.append("status = ?")
        values.append(query.status)
    if query.failed_only:
        clauses.append("ok = 0")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", values


def _used_bytes(db: sqlite3.Connection) -> int:
    """Bytes the database's live pages hold (records and their search index), not the file's size."""
    pages = db.execute("PRAGMA page_count").fetchone()[0] - db.execute("PRAGMA freelist_count").fetchone()[0]
    return int(pages * db.execute("PRAGMA page_size").fetchone()[0])


def _index_older_records(db: sqlite3.Connection) -> None:
    """Index records written before the search index existed (a history from an older version)."""
    indexed = db.execute("SELECT max(rowid) FROM sends_text").fetchone()[0] or 0
    stored = db.execute("SELECT count(*) FROM sends WHERE id > ?", (indexed,)).fetchone()[0]
    if stored and not db.execute("SELECT count(*) FROM sends_text").fetchone()[0]:
        db.execute(f"INSERT INTO sends_text (rowid, body) SELECT id, {_SEARCHED.replace('column', '')} FROM sends")


def _add_verification_states(db: sqlite3.Connection) -> None:
    """A history written before verifications had a state gets the column (empty in old rows)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(verifications)")}
    if "state" not in columns:
        db.execute("ALTER TABLE verifications ADD COLUMN state TEXT NOT NULL DEFAULT ''")


def _record(row: Sequence[Any]) -> HistoryRecord:
    values = dict(zip(("id", *_COLUMNS), row, strict=True))
    values["ok"] = bool(values["ok"])
    values["datasets"] = tuple(line for line in str(values["datasets"]).split("\n") if line)
    return HistoryRecord(**values)


def _event_facts(event_text: str) -> dict[str, Any]:
    """Job, run, type and datasets for the search columns; a broken event just leaves them empty."""
    try:
        event = json.loads(event_text)
    except ValueError:
        return {}
    if not isinstance(event, dict):
        return {}

    def text(*keys: str) -> str:
        found: Any = event
        for key in keys:
            found = found.get(key) if isinstance(found, dict) else None
        return found if isinstance(found, str) else ""

    datasets = []
    for side in ("inputs", "outputs"):
        items = event.get(side)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                datasets.append(f"{item.get('namespace', '')} {item.get('name', '')}".strip())
    return {
        "job_namespace": text("job", "namespace"),
        "job_name": text("job", "name"),
        "run_id": text("run", "runId"),
        "event_type": text("eventType"),
        "datasets": tuple(datasets),
    }
