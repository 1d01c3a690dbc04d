"""What the sandbox received and the lineage it made, in SQLite.

Events are kept byte for byte as they arrived, because support engineers compare them with what
a customer's tool sent. Lineage is stored per event as (event, role, dataset) rows: the job
between an input and an output is the event's job, so a 500-input x 500-output event costs 1000
rows, not 250 000 edges.

One connection behind a lock serves every request thread: it is the only way an in-memory
database can be shared, and with WAL and `synchronous=NORMAL` a commit costs microseconds, far
below the cost of the HTTP request around it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

Role = Literal["input", "output"]
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    event_type TEXT,
    event_time TEXT,
    job_namespace TEXT,
    job_name TEXT,
    run_id TEXT,
    lineage_recorded INTEGER NOT NULL,
    raw BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
    id INTEGER PRIMARY KEY,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    data_source TEXT,
    last_event_id INTEGER NOT NULL,
    UNIQUE (namespace, name)
);
CREATE TABLE IF NOT EXISTS lineage (
    event_id INTEGER NOT NULL REFERENCES events (id),
    role TEXT NOT NULL CHECK (role IN ('input', 'output')),
    dataset_id INTEGER NOT NULL REFERENCES datasets (id),
    PRIMARY KEY (event_id, role, dataset_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lineage_by_dataset ON lineage (dataset_id, role);
"""


class SandboxStoreError(RuntimeError):
    """The sandbox database cannot be opened or used; the message names the file."""


@dataclass(frozen=True)
class LineageDataset:
    """One dataset of an accepted COMPLETE event, already matched against the catalog."""

    role: Role
    namespace: str
    name: str
    data_source: str | None


@dataclass(frozen=True)
class ReceivedEvent:
    """An accepted event: its exact bytes, the fields lists show, and its lineage (if any)."""

    raw: bytes
    event_type: str | None
    event_time: str | None
    job_namespace: str | None
    job_name: str | None
    run_id: str | None
    lineage: tuple[LineageDataset, ...] = ()

    @property
    def lineage_recorded(self) -> bool:
        return bool(self.lineage)


@dataclass(frozen=True)
class StoredEvent:
    id: int
    received_at: str
    event_type: str | None
    event_time: str | None
    job_namespace: str | None
    job_name: str | None
    run_id: str | None
    lineage_recorded: bool
    raw: bytes


@dataclass(frozen=True)
class DatasetNode:
    namespace: str
    name: str
    data_source: str | None

    @property
    def resolved(self) -> bool:
        return self.data_source is not None


@dataclass(frozen=True)
class LineageLink:
    """A neighbour of a dataset and the job between them (the newest event that linked them)."""

    job_namespace: str
    job_name: str
    dataset: DatasetNode
    event_id: int


@dataclass(frozen=True)
class DatasetLineage:
    dataset: DatasetNode
    upstream: list[LineageLink]
    downstream: list[LineageLink]


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SandboxStore:
    """Events and lineage of one sandbox: in a file (kept across restarts) or in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                ":memory:" if path is None else str(path), check_same_thread=False, isolation_level=None
            )
            self._prepare()
        except (sqlite3.Error, OSError) as exc:
            raise SandboxStoreError(f"cannot open the sandbox database {path}: {exc}") from None

    def _prepare(self) -> None:
        if self.path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SandboxStoreError(
                f"the sandbox database {self.path} was written by a newer Lineage Composer "
                f"(schema {version}); use a newer version or another --db file"
            )
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- writing ------------------------------------------------------------------------------

    def add_event(self, event: ReceivedEvent) -> int:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO events (received_at, event_type, event_time, job_namespace, job_name, run_id,"
                " lineage_recorded, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _utc_now(),
                    event.event_type,
                    event.event_time,
                    event.job_namespace,
                    event.job_name,
                    event.run_id,
                    int(event.lineage_recorded),
                    event.raw,
                ),
            )
            event_id = int(cursor.lastrowid or 0)
            for dataset in event.lineage:
                # A later event re-resolves a dataset, as re-sending does once its source is cataloged.
                dataset_id = db.execute(
                    "INSERT INTO datasets (namespace, name, data_source, last_event_id) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (namespace, name) DO UPDATE SET data_source = excluded.data_source,"
                    " last_event_id = excluded.last_event_id RETURNING id",
                    (dataset.namespace, dataset.name, dataset.data_source, event_id),
                ).fetchone()[0]
                db.execute(
                    "INSERT OR IGNORE INTO lineage (event_id, role, dataset_id) VALUES (?, ?, ?)",
                    (event_id, dataset.role, dataset_id),
                )
            return event_id

    def reset(self) -> None:
        with self._transaction() as db:
            for table in ("lineage", "datasets", "events"):
                db.execute(f"DELETE FROM {table}")

    # --- reading ------------------------------------------------------------------------------

    def count_events(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def events(self, limit: int) -> list[StoredEvent]:
        """The newest `limit` events, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, received_at, event_type, event_time, job_namespace, job_name, run_id,"
                " lineage_recorded, raw FROM events ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            StoredEvent(
                id=row[0],
                received_at=row[1],
                event_type=row[2],
                event_time=row[3],
                job_namespace=row[4],
                job_name=row[5],
                run_id=row[6],
                lineage_recorded=bool(row[7]),
                raw=bytes(row[8]),
            )
            for row in rows
        ]

    def datasets(self) -> list[DatasetNode]:
        with self._lock:
            rows = self._db.execute(
                "SELECT namespace, name, data_source FROM datasets ORDER BY namespace, name"
            ).fetchall()
        return [DatasetNode(*row) for row in rows]

    def lineage(self, namespace: str, name: str) -> DatasetLineage | None:
        """A dataset's direct upstream and downstream, or None when no lineage names it."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, namespace, name, data_source FROM datasets WHERE namespace = ? AND name = ?",
                (namespace, name),
            ).fetchone()
            if row is None:
                return None
            upstream = self._neighbours(row[0], own_role="output", other_role="input")
            downstream = self._neighbours(row[0], own_role="input", other_role="output")
        return DatasetLineage(DatasetNode(*row[1:]), upstream, downstream)

    def _neighbours(self, dataset_id: int, own_role: Role, other_role: Role) -> list[LineageLink]:
        rows = self._db.execute(
            "SELECT e.job_namespace, e.job_name, d.namespace, d.name, d.data_source, MAX(e.id)"
            " FROM lineage own"
            " JOIN lineage other ON other.event_id = own.event_id AND other.role = ?"
            " JOIN events e ON e.id = own.event_id"
            " JOIN datasets d ON d.id = other.dataset_id"
            " WHERE own.dataset_id = ? AND own.role = ?"
            " GROUP BY e.job_namespace, e.job_name, d.id"
            " ORDER BY d.namespace, d.name, e.job_namespace, e.job_name",
            (other_role, dataset_id, own_role),
        ).fetchall()
        return [LineageLink(row[0], row[1], DatasetNode(row[2], row[3], row[4]), row[5]) for row in rows]
