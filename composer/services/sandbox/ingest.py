"""What Alation's endpoint does with a request body, apart from HTTP: check, store, make lineage.

Kept free of HTTP so the rules of acceptance read in one place: a body that is not UTF-8 JSON
is a 400 naming line and column; an event that breaks Alation's documented rules is a 400
listing them; anything else is accepted and stored byte for byte. Lineage comes only from
COMPLETE events, and a dataset whose namespace matches no cataloged source is marked
unresolved (Alation's TMP object) rather than rejected: that is the "200 but no lineage" trap.
"""

from __future__ import annotations

from typing import Any

from composer.core.jsontext import JsonSyntaxError, ParsedJson, decode_utf8, parse
from composer.core.problems import errors_only
from composer.core.validation import validate
from composer.services.sandbox.catalog import Catalog
from composer.services.sandbox.replies import Reply, error, ok, problem_json
from composer.services.sandbox.store import LineageDataset, ReceivedEvent, Role, SandboxStore

TMP_BADGE = "TMP"
_SIDES: tuple[tuple[str, Role], ...] = (("inputs", "input"), ("outputs", "output"))


def parse_body(raw: bytes) -> ParsedJson | Reply:
    """A request body's JSON, or the 400 that names the line and column where it stops being
    UTF-8 JSON (whatever the fault: syntax, nesting too deep, a bad byte). Every malformed body
    is the client's mistake, never a 500 a sender would retry."""
    try:
        return parse(decode_utf8(raw))
    except JsonSyntaxError as exc:
        return error(
            400,
            "malformed-json",
            f"malformed JSON at line {exc.line}, column {exc.column}: {exc.reason}",
            line=exc.line,
            column=exc.column,
            reason=exc.reason,
        )


def receive(raw: bytes, catalog: Catalog, store: SandboxStore) -> Reply:
    parsed = parse_body(raw)
    if isinstance(parsed, Reply):
        return parsed
    event = parsed.value
    problems = validate(event, ["alation"], duplicate_keys=parsed.duplicate_keys)
    errors = errors_only(problems)
    if errors:
        return error(
            400,
            "invalid-event",
            f"the event breaks {len(errors)} of Alation's rules",
            problems=[problem_json(p) for p in problems],
        )
    received = _received(raw, event, catalog)
    event_id = store.add_event(received)
    return ok(
        _summary(received),
        eventId=event_id,
        lineage=_lineage_json(received),
        problems=[problem_json(p) for p in problems],
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _received(raw: bytes, event: dict[str, Any], catalog: Catalog) -> ReceivedEvent:
    job = _object(event.get("job"))
    run = _object(event.get("run"))
    lineage: list[LineageDataset] = []
    if event.get("eventType") == "COMPLETE":
        for side, role in _SIDES:
            for item in event.get(side) or []:
                namespace, name = item["namespace"], item["name"]
                lineage.append(LineageDataset(role, namespace, name, catalog.resolve(namespace)))
    return ReceivedEvent(
        raw=raw,
        event_type=_text(event.get("eventType")),
        event_time=_text(event.get("eventTime")),
        job_namespace=_text(job.get("namespace")),
        job_name=_text(job.get("name")),
        run_id=_text(run.get("runId")),
        lineage=tuple(lineage),
    )


def _summary(received: ReceivedEvent) -> str:
    if not received.lineage_recorded:
        return (
            f"Event accepted. Alation creates lineage only from COMPLETE events; this "
            f"{received.event_type} event was stored but makes no lineage."
        )
    unresolved = [d for d in received.lineage if d.data_source is None]
    if not unresolved:
        return "Event accepted; lineage recorded and every dataset matched a cataloged data source."
    names = ", ".join(sorted({d.namespace for d in unresolved}))
    return (
        f"Event accepted, but {len(unresolved)} dataset(s) matched no cataloged data source ({names}): "
        f"Alation shows them as temporary ({TMP_BADGE}) objects, not as lineage of cataloged tables."
    )


def _lineage_json(received: ReceivedEvent) -> dict[str, Any]:
    return {
        "recorded": received.lineage_recorded,
        "datasets": [
            {
                "role": d.role,
                "namespace": d.namespace,
                "name": d.name,
                "resolved": d.data_source is not None,
                "dataSource": d.data_source,
                "badge": None if d.data_source is not None else TMP_BADGE,
            }
            for d in received.lineage
        ],
    }
