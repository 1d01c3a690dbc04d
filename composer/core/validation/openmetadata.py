"""What OpenMetadata's `POST /api/v1/openlineage/lineage` documents.

Where the facts come from: OpenMetadata's documentation, API reference "OpenLineage Events"
(docs.open-metadata.org, api-reference/lineage/openlineage) and the guide "OpenLineage
Compatibility" (how-to-guides/data-lineage/openlineage):
- the endpoint takes one RunEvent; eventTime, producer, schemaURL, run.runId (a UUID),
  job.namespace and job.name are required, and each dataset needs namespace and name;
- by default the server processes only COMPLETE events (an omitted eventType is processed);
- both inputs and outputs must hold at least one dataset to create an edge;
- eventTime is documented as an ISO 8601 timestamp in UTC;
- datasets must resolve to tables already in its catalog (or a mapped namespace), which only the
  server can tell: the send result says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.formats import is_uuid, parse_timestamp
from composer.core.problems import Problem
from composer.core.validation.context import Context
from composer.core.validation.receiver import Receiver

RULE_SET = "openmetadata"
OPENMETADATA = Receiver(RULE_SET, "OpenMetadata")


def openmetadata_rules(context: Context) -> Iterator[Problem]:
    if not isinstance(context.event, dict):
        yield OPENMETADATA.not_an_object()
        return
    obj = context.obj
    if "dataset" in obj or ("run" not in obj and "eventType" not in obj):
        yield OPENMETADATA.finding(
            "error",
            "/run",
            "OpenMetadata's endpoint takes run events only (a run, a job, inputs and outputs)",
            "Add a run with a runId and an eventType of COMPLETE.",
            "openmetadata.run-event-only",
        )
    yield from OPENMETADATA.required(
        context,
        ("/eventTime", "/producer", "/schemaURL", "/run/runId", "/job/namespace", "/job/name"),
        "its API reference lists it as required",
    )
    yield from OPENMETADATA.unreadable_time(context)
    yield from _utc(context)
    run_id = context.section("run").get("runId")
    if isinstance(run_id, str) and run_id.strip() and not is_uuid(run_id):
        yield OPENMETADATA.finding(
            "error",
            "/run/runId",
            f"{run_id!r} is not a UUID; OpenMetadata requires a UUID runId",
            "Generate a UUID for the run (Regenerate).",
            "format.uuid",
        )
    yield from OPENMETADATA.event_type(context)
    event_type = context.obj.get("eventType")
    if event_type in ("START", "RUNNING", "ABORT", "FAIL", "OTHER"):
        yield OPENMETADATA.finding(
            "warning",
            "/eventType",
            f"OpenMetadata accepts {event_type} events but by default processes only COMPLETE events",
            "Send a COMPLETE event for this run to create lineage in OpenMetadata.",
            "openmetadata.not-complete",
        )
    for side in ("inputs", "outputs"):
        if not context.datasets(side):
            singular = side[:-1]
            yield OPENMETADATA.finding(
                "error",
                f"/{side}",
                f"OpenMetadata needs at least one {singular} dataset to create a lineage edge",
                f"Add the {'table the job reads' if side == 'inputs' else 'table the job writes'}, "
                "with a namespace that resolves to a database service in OpenMetadata.",
                f"openmetadata.{side}.empty",
            )
    yield from OPENMETADATA.dataset_names(context)


def _utc(context: Context) -> Iterator[Problem]:
    value = context.obj.get("eventTime")
    if isinstance(value, str) and parse_timestamp(value) is not None and not value.upper().endswith("Z"):
        yield OPENMETADATA.finding(
            "info",
            "/eventTime",
            "not in UTC; OpenMetadata documents eventTime as an ISO 8601 timestamp in UTC",
            "Write the time in UTC ending in Z, e.g. 2024-02-20T10:30:00.000Z.",
            "openmetadata.eventTime.utc",
        )
