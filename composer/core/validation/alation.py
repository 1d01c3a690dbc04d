"""The rules of Alation's Direct API page for OpenLineage events.

Alation creates lineage only from COMPLETE events that carry eventTime, run.runId, job.namespace,
job.name, at least one input and at least one output, each dataset with namespace and name.
The page's own minimal example has no producer or schemaURL and its test event's runId is
`test-run-001`, so Alation accepts those: here they are warnings, not errors.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.formats import is_uuid, parse_timestamp
from composer.core.problems import Problem
from composer.core.validation.context import Context, label, pointer

RULE_SET = "alation"
_TYPES = ("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER")


def _error(path: str, text: str, hint: str, code: str) -> Problem:
    return Problem("error", path, f"{label(path)}: {text}", hint, RULE_SET, code)


def _warning(path: str, text: str, hint: str, code: str) -> Problem:
    return Problem("warning", path, f"{label(path)}: {text}", hint, RULE_SET, code)


def alation_rules(context: Context) -> Iterator[Problem]:
    if not isinstance(context.event, dict):
        yield _error(
            "",
            "an event must be a JSON object ({ ... })",
            "Give one event object: {\"eventType\": ..., \"eventTime\": ..., \"run\": ..., \"job\": ...}.",
            "event.not-object",
        )
        return
    yield from _event_type(context)
    yield from _event_time(context)
    yield from _run(context)
    yield from _job(context)
    for side in ("inputs", "outputs"):
        yield from _datasets(context, side)
    yield from _metadata(context)


def _event_type(context: Context) -> Iterator[Problem]:
    value = context.obj.get("eventType")
    if value is None:
        yield _error(
            "/eventType",
            "Alation needs eventType COMPLETE to create lineage",
            "Set eventType to COMPLETE.",
            "required.eventType",
        )
    elif value not in _TYPES:
        yield _error(
            "/eventType",
            f"{value!r} is not an OpenLineage event type",
            "Use COMPLETE (the only type Alation creates lineage from).",
            "enum.eventType",
        )
    elif value != "COMPLETE":
        yield _warning(
            "/eventType",
            f"Alation accepts {value} events but creates lineage only from COMPLETE events",
            "Send a COMPLETE event for this run to see lineage in Alation.",
            "alation.not-complete",
        )


def _event_time(context: Context) -> Iterator[Problem]:
    value = context.obj.get("eventTime")
    if value is None or value == "":
        yield _error(
            "/eventTime",
            "Alation needs the time the event happened",
            "Set eventTime to an ISO 8601 timestamp such as 2024-02-20T10:30:00.000Z (the Now button).",
            "required.eventTime",
        )
    elif not isinstance(value, str) or parse_timestamp(value) is None:
        yield _error(
            "/eventTime",
            f"{value!r} is not an ISO 8601 timestamp",
            "Write it like 2024-02-20T10:30:00.000Z: date, T, time, and Z or an offset such as +02:00.",
            "format.date-time",
        )


def _run(context: Context) -> Iterator[Problem]:
    if not isinstance(context.obj.get("run"), dict):
        yield _error(
            "/run",
            "Alation needs a run with a runId",
            "Add a run object with a runId (a new UUID per run).",
            "required.run",
        )
        return
    run_id = context.section("run").get("runId")
    if run_id is None or run_id == "":
        yield _error(
            "/run/runId",
            "Alation needs a runId to tell runs apart",
            "Generate a new UUID for this run (Regenerate).",
            "required.runId",
        )
    elif not isinstance(run_id, str):
        yield _error("/run/runId", "runId must be text", "Use a UUID string.", "type.runId")
    elif not is_uuid(run_id):
        yield _warning(
            "/run/runId",
            f"{run_id!r} is not a UUID; Alation accepts it, but its best practice is a new UUID per run",
            "Generate a UUID for each run so runs never collide (Regenerate).",
            "format.uuid",
        )


def _job(context: Context) -> Iterator[Problem]:
    if not isinstance(context.obj.get("job"), dict):
        yield _error(
            "/job",
            "Alation needs a job with a namespace and a name",
            "Add the job: its namespace (the system that runs it) and its name.",
            "required.job",
        )
        return
    job = context.section("job")
    for key, what in (("namespace", "the system that runs the job"), ("name", "the job's name")):
        value = job.get(key)
        if not isinstance(value, str) or not value.strip():
            yield _error(
                f"/job/{key}",
                f"Alation needs job.{key} ({what})",
                "Alation shows the job as the dataflow between inputs and outputs; it needs both "
                "job.namespace and job.name.",
                f"required.job.{key}",
            )


def _datasets(context: Context, side: str) -> Iterator[Problem]:
    singular = side[:-1]
    found = context.obj.get(side)
    if found is not None and not isinstance(found, list):
        yield _error(
            f"/{side}",
            f"{side} must be a list of datasets",
            f'Write {side} as [ {{"namespace": ..., "name": ...}} ].',
            f"type.{side}",
        )
        return
    if not found:
        what = "source tables the job reads" if side == "inputs" else "table the job writes to"
        yield _error(
            f"/{side}",
            f"Alation needs at least one {singular} dataset to create lineage",
            f"Add the {what}, with the namespace of its data source in Alation and its full name.",
            f"alation.{side}.empty",
        )
        return
    for index, item in enumerate(found):
        path = pointer(side, index)
        if not isinstance(item, dict):
            yield _error(path, "a dataset must be an object with namespace and name", "", "type.dataset")
            continue
        for key in ("namespace", "name"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                hint = (
                    "Use the data source's namespace as Alation catalogs it, e.g. "
                    "postgres://prod-db.example.com:5432 (the host:port of its JDBC URI)."
                    if key == "namespace"
                    else "Use the table's full name, e.g. sales_db.public.transactions."
                )
                yield _error(
                    pointer(side, index, key),
                    f"Alation needs the dataset's {key} to find it in the catalog",
                    hint,
                    f"required.dataset.{key}",
                )


def _metadata(context: Context) -> Iterator[Problem]:
    for key, hint in (
        ("producer", "Set producer to a URI naming the tool or script that wrote the event."),
        ("schemaURL", "Set schemaURL to https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent."),
    ):
        if key not in context.obj:
            yield _warning(
                f"/{key}",
                "missing; Alation accepts the event, but the OpenLineage spec requires it",
                hint,
                f"required.{key}",
            )
