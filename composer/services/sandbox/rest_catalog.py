"""What the sandbox's emulated catalog REST APIs know: data sources, tables, lineage, tokens.

Data sources are the cataloged sources (`sandbox.catalog`) written as Alation data sources, plus a
private one whose tables answer 403. Tables appear when an accepted event names them on a listed
source (or are seeded with `--table`); lineage comes from accepted COMPLETE events, each output
linked to the event's inputs through a dataflow named after the job, with `is_temp` true on a
dataset whose namespace matches no data source. With an ingest delay an event shows in these
APIs only that many seconds after its 200, as Alation ingests asynchronously.

Access tokens minted here live in memory for the sandbox's life (or until `expire_access_tokens`),
and the write and read-only tokens also serve as access tokens ("use the ingest token too").
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from composer.core.namespaces import split_name
from composer.core.templates import templates
from composer.core.tenant import DataSource, address, data_source, matching_sources
from composer.resources import resource_path
from composer.services.sandbox.catalog import Catalog
from composer.services.sandbox.rest_sources import (
    PRIVATE_SOURCE_TITLE,
    PRIVATE_SOURCE_URI,
    RestSource,
    rest_source,
)

CATALOG_USER_ID = 1
MAX_RUNS = 10_000


@dataclass(frozen=True)
class RestTable:
    id: int
    ds_id: int
    schema_name: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.ds_id}.{self.schema_name}.{self.name}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "key": self.key,
            "url": f"/table/{self.id}/",
            "ds_id": self.ds_id,
            "schema_id": self.ds_id * 1000 + 1,
            "schema_name": self.schema_name,
            "otype": "table",
        }


@dataclass(frozen=True)
class _Run:
    """One accepted COMPLETE event's lineage: the job and the datasets on each side."""

    job: str
    inputs: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]


@dataclass
class RestCatalog:
    """Thread-safe state of the REST emulation; `clock` is monotonic seconds."""

    catalog: Catalog
    ingest_delay: float = 0.0
    refresh_token: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    user_id: int = CATALOG_USER_ID
    clock: Callable[[], float] = time.monotonic
    refresh_token_expired: bool = False
    _tokens: set[str] = field(default_factory=set, repr=False)
    _ids: dict[str, int] = field(default_factory=dict)
    _tables: dict[tuple[int, str, str], RestTable] = field(default_factory=dict)
    _pending: list[tuple[float, _Run | None, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    # The newest runs only, so a sandbox left running for days answers lineage as fast as a new one.
    _runs: deque[_Run] = field(default_factory=lambda: deque(maxlen=MAX_RUNS))
    _faults: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: tuple[tuple[str, ...], tuple[RestSource, ...], tuple[DataSource, ...]] | None = None

    # --- tokens -----------------------------------------------------------------------------------

    def mint(self) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens.add(token)
        return token

    def knows_token(self, token: str) -> bool:
        with self._lock:
            return any(secrets.compare_digest(token, known) for known in self._tokens)

    def issued_tokens(self) -> tuple[str, ...]:
        """The access tokens minted and not expired: for checks that none of them leaked."""
        with self._lock:
            return tuple(self._tokens)

    def expire_access_tokens(self) -> None:
        """Forget every minted token, as 24 hours would: the next request with one gets 401."""
        with self._lock:
            self._tokens.clear()

    # --- faults for the REST routes (tests of HTML and garbage answers) ---------------------------

    def break_next(self, kind: str, count: int = 1) -> None:
        """Answer the next `count` REST requests with `kind`: "html" (a login page) or "garbage"."""
        with self._lock:
            self._faults.extend([kind] * count)

    def take_fault(self) -> str | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    # --- data sources -------------------------------------------------------------------------------

    def sources(self) -> tuple[tuple[RestSource, ...], tuple[DataSource, ...]]:
        """The listed sources (cataloged ones, then the private one) and what a client reads them as."""
        texts = tuple(self.catalog.sources())
        with self._lock:
            if self._cache is not None and self._cache[0] == texts:
                return self._cache[1], self._cache[2]
            listed = [rest_source(self._id(text), text) for text in texts]
            listed.append(
                RestSource(
                    self._id(PRIVATE_SOURCE_URI), PRIVATE_SOURCE_TITLE, PRIVATE_SOURCE_URI, "v2", private=True
                )
            )
            derived = tuple(
                data_source(s.id, s.title, s.uri, "v1" if s.api == "v1" else "v2", host=s.host, port=s.port)
                for s in listed
            )
            self._cache = (texts, tuple(listed), derived)
            return self._cache[1], self._cache[2]

    def source(self, ident: int) -> RestSource | None:
        return next((s for s in self.sources()[0] if s.id == ident), None)

    def _id(self, text: str) -> int:
        return self._ids.setdefault(text, len(self._ids) + 1)

    # --- ingestion ------------------------------------------------------------------------------------

    def seed_table(self, namespace: str, name: str) -> RestTable | None:
        """Catalog one table now (`--table`); None when its namespace lands on no listed source."""
        self._apply_due()
        return self._add_table(namespace, name)

    def ingest(self, event: object, *, delay: float | None = None) -> None:
        """Note an accepted event: its tables and (if COMPLETE) lineage show after the delay
        (the configured one unless `delay` is given: 0 for events kept from an earlier run)."""
        if not isinstance(event, dict):
            return
        sides = {side: tuple(_datasets(event.get(side))) for side in ("inputs", "outputs")}
        named = sides["inputs"] + sides["outputs"]
        run = None
        if event.get("eventType") == "COMPLETE" and named:
            found = event.get("job")
            job: dict[str, Any] = found if isinstance(found, dict) else {}
            label = f"{job.get('namespace', '')}/{job.get('name', '')}"
            run = _Run(label, sides["inputs"], sides["outputs"])
        with self._lock:
            wait = self.ingest_delay if delay is None else delay
            self._pending.append((self.clock() + wait, run, named))
        self._apply_due()

    def _apply_due(self) -> None:
        now = self.clock()
        with self._lock:
            due = [item for item in self._pending if item[0] <= now]
            self._pending = [item for item in self._pending if item[0] > now]
        for _, run, named in due:
            for namespace, name in named:
                self._add_table(namespace, name)
            if run is not None:
                with self._lock:
                    self._runs.append(run)

    def _add_table(self, namespace: str, name: str) -> RestTable | None:
        found = [s for s in matching_sources(namespace, self.sources()[1]) if not self._private(s.id)]
        parts = split_name(name)
        if not found or parts is None or len(parts) < 2:
            return None
        key = (found[0].id, ".".join(parts[:-1]), parts[-1])
        with self._lock:
            if key not in self._tables:
                self._tables[key] = RestTable(len(self._tables) + 1, *key)
            return self._tables[key]

    def _private(self, ident: int) -> bool:
        listed = self.source(ident)
        return listed is not None and listed.private

    # --- reading ------------------------------------------------------------------------------------

    def tables(self, ds_id: int | None, schema: str | None, name: str | None) -> list[RestTable]:
        self._apply_due()
        with self._lock:
            found = list(self._tables.values())
        return [
            t
            for t in found
            if (ds_id is None or t.ds_id == ds_id)
            and (schema is None or t.schema_name == schema)
            and (name is None or t.name == name)
        ]

    def table_by(self, key_field: str, oid: str) -> RestTable | None:
        self._apply_due()
        with self._lock:
            found = list(self._tables.values())
        if key_field == "id":
            return next((t for t in found if str(t.id) == oid), None)
        return next((t for t in found if t.key.lower() == oid.lower()), None)

    def lineage(self, table: RestTable) -> dict[str, Any]:
        """`{"paths": [...], "dataflow_objects": [...]}` for the table's runs, up and down."""
        self._apply_due()
        with self._lock:
            runs = list(self._runs)
        paths: list[Any] = []
        flows: dict[str, dict[str, Any]] = {}
        for run in runs:
            outputs = [self._node(*item) for item in run.outputs]
            inputs = [self._node(*item) for item in run.inputs]
            if not any(node["key"] == table.key for node in outputs + inputs):
                continue
            flow_key = f"api/openlineage/{run.job}"
            flows[flow_key] = {"external_id": flow_key, "title": run.job, "otype": "dataflow"}
            paths.append([inputs, [{"otype": "dataflow", "key": flow_key, "is_temp": False}], outputs])
        return {"paths": paths, "dataflow_objects": list(flows.values())}

    def _node(self, namespace: str, name: str) -> dict[str, Any]:
        found = matching_sources(namespace, self.sources()[1])
        parts = split_name(name)
        if found and parts is not None and len(parts) >= 2:
            with self._lock:
                table = self._tables.get((found[0].id, ".".join(parts[:-1]), parts[-1]))
            if table is not None:
                return {"otype": "table", "key": table.key, "id": table.id, "is_temp": False}
        where = address(namespace) or namespace
        return {"otype": "table", "key": f"{where}/{name}", "is_temp": True}


def template_tables() -> list[tuple[str, str]]:
    """The datasets of the built-in templates: cataloged from the start, so a template sent
    unchanged passes the pre-flight and its lineage resolves, as in a well-kept tenant."""
    found: list[tuple[str, str]] = []
    for template in templates():
        if template.file is None:
            continue
        event = json.loads(resource_path("templates", template.file).read_text(encoding="utf-8"))
        for side in ("inputs", "outputs"):
            found.extend(_datasets(event.get(side)))
    return found


def _datasets(items: object) -> Iterable[tuple[str, str]]:
    for item in items if isinstance(items, list) else []:
        if (
            isinstance(item, dict)
            and isinstance(item.get("namespace"), str)
            and isinstance(item.get("name"), str)
        ):
            yield item["namespace"], item["name"]
