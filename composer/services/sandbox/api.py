"""The verification API (`/sandbox/api/...`): what arrived, what lineage it made, and the knobs.

Each function turns already-authorised input (query parameters, a parsed JSON body) into a
`Reply`; HTTP plumbing and access checks live in the handler. The JSON shapes are documented in
the package docstring and are a contract outside scripts rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from composer.services.sandbox.catalog import Catalog
from composer.services.sandbox.faults import Fault, FaultQueue
from composer.services.sandbox.ingest import TMP_BADGE
from composer.services.sandbox.replies import Reply, error, ok
from composer.services.sandbox.rest_catalog import RestCatalog
from composer.services.sandbox.store import DatasetNode, LineageLink, SandboxStore, StoredEvent

DEFAULT_EVENT_LIMIT = 100
MAX_EVENT_LIMIT = 10_000


@dataclass(frozen=True)
class SandboxParts:
    """The state one sandbox's requests share."""

    store: SandboxStore
    catalog: Catalog
    faults: FaultQueue
    # The catalog REST APIs' state (`rest_catalog`); one per sandbox, like the catalog.
    rest: RestCatalog = field(default_factory=lambda: RestCatalog(Catalog()))


def node_json(node: DatasetNode) -> dict[str, Any]:
    return {
        "namespace": node.namespace,
        "name": node.name,
        "resolved": node.resolved,
        "dataSource": node.data_source,
        "badge": None if node.resolved else TMP_BADGE,
    }


def event_json(event: StoredEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "receivedAt": event.received_at,
        "eventType": event.event_type,
        "eventTime": event.event_time,
        "job": {"namespace": event.job_namespace, "name": event.job_name},
        "runId": event.run_id,
        "lineageRecorded": event.lineage_recorded,
        "event": event.raw.decode("utf-8"),
    }


def _link_json(link: LineageLink) -> dict[str, Any]:
    return {
        "job": {"namespace": link.job_namespace, "name": link.job_name},
        "dataset": node_json(link.dataset),
        "eventId": link.event_id,
    }


def events(parts: SandboxParts, query: dict[str, str]) -> Reply:
    raw_limit = query.get("limit", str(DEFAULT_EVENT_LIMIT))
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_EVENT_LIMIT:
        return error(400, "bad-request", f"limit must be a whole number from 1 to {MAX_EVENT_LIMIT}")
    found = parts.store.events(int(raw_limit))
    total = parts.store.count_events()
    listed = [event_json(event) for event in found]
    return ok(f"{len(found)} of {total} event(s), newest first", total=total, events=listed)


def lineage(parts: SandboxParts, query: dict[str, str]) -> Reply:
    namespace, name = query.get("namespace", ""), query.get("name", "")
    if not namespace or not name:
        return error(
            400, "bad-request", "give both namespace and name, e.g. ?namespace=postgres://db:5432&name=a.b.c"
        )
    found = parts.store.lineage(namespace, name)
    if found is None:
        return error(
            404,
            "not-found",
            f"no lineage names {namespace} / {name}: only datasets of accepted COMPLETE events have lineage",
        )
    return ok(
        f"{len(found.upstream)} upstream and {len(found.downstream)} downstream link(s)",
        dataset=node_json(found.dataset),
        upstream=[_link_json(link) for link in found.upstream],
        downstream=[_link_json(link) for link in found.downstream],
    )


def datasets(parts: SandboxParts) -> Reply:
    found = parts.store.datasets()
    return ok(f"{len(found)} dataset(s) in lineage", datasets=[node_json(node) for node in found])


def reset(parts: SandboxParts) -> Reply:
    parts.store.reset()
    return ok("all events and lineage deleted; the catalog and armed faults are unchanged")


def faults(parts: SandboxParts, method: str, body: Any) -> Reply:
    if method == "POST":
        items = body.get("faults") if isinstance(body, dict) and "faults" in body else [body]
        if not isinstance(items, list) or not items:
            return error(400, "bad-request", 'send a fault object, or {"faults": [ ... ]}')
        try:
            parsed = [Fault.from_json(item) for item in items]
        except ValueError as exc:
            return error(400, "bad-request", str(exc))
        parts.faults.add(*parsed)
    elif method == "DELETE":
        parts.faults.clear()
    pending = parts.faults.pending()
    return ok(f"{len(pending)} fault(s) armed", faults=[fault.to_json() for fault in pending])


def sources(parts: SandboxParts, method: str, query: dict[str, str], body: Any) -> Reply:
    if method == "POST":
        source = body.get("source") if isinstance(body, dict) else None
        if not isinstance(source, str):
            hint = 'send {"source": "postgres://host:5432"} (or host:port, or bigquery)'
            return error(400, "bad-request", hint)
        try:
            added = parts.catalog.add(source)
        except ValueError as exc:
            return error(400, "bad-request", str(exc))
        message = f"{source} cataloged" if added else f"{source} was already cataloged"
    elif method == "DELETE":
        source = query.get("source", "")
        try:
            removed = parts.catalog.remove(source)
        except ValueError as exc:
            return error(400, "bad-request", str(exc))
        if not removed:
            return error(404, "not-found", f"{source} is not cataloged")
        message = f"{source} removed from the catalog"
    else:
        message = "cataloged data sources"
    return ok(message, sources=parts.catalog.sources())


def dispatch(parts: SandboxParts, path: str, method: str, query: dict[str, str], body: Any) -> Reply:
    """The answer of an authorised API request; `path` is one of the handler's API routes."""
    name = path.rsplit("/", 1)[1]
    if name == "events":
        return events(parts, query)
    if name == "lineage":
        return lineage(parts, query)
    if name == "datasets":
        return datasets(parts)
    if name == "reset":
        return reset(parts)
    if name == "faults":
        return faults(parts, method, body)
    return sources(parts, method, query, body)
