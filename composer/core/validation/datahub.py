"""What DataHub's OpenLineage endpoint (`POST /openapi/openlineage/api/v1/lineage`) documents.

Where the facts come from (datahub-project/datahub): `docs/lineage/openlineage.md` and the
endpoint's contract, `docs/rfcs/active/17034-openlineage-spec-compliance.md`:
- it takes RunEvent, JobEvent and DatasetEvent; it validates the envelope and every recognised
  standard facet against the OpenLineage schemas and answers 400 on a violation, so these rules
  include the `openlineage` rule set, less the two formats DataHub relaxes (below); success is
  `202 Accepted` (ingestion is asynchronous);
- it parses the body with duplicate-key detection (a repeated key is refused);
- a time stamp without an offset gets the server's default time zone;
- a non-UUID runId is converted deterministically (accepted);
- the part of a job name before the first dot names the DataFlow the DataJob is grouped into;
- an unknown custom facet is kept opaque and not mapped to DataHub metadata.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.core import facets as facet_catalog
from composer.core.formats import is_uuid, parse_timestamp
from composer.core.problems import Problem
from composer.core.validation.context import Context, pointer
from composer.core.validation.openlineage import openlineage_rules
from composer.core.validation.receiver import Receiver, has_lineage, is_run_event

RULE_SET = "datahub"
DATAHUB = Receiver(RULE_SET, "DataHub")


def datahub_rules(context: Context) -> Iterator[Problem]:
    if not isinstance(context.event, dict):
        yield DATAHUB.not_an_object()
        return
    yield from (p for p in openlineage_rules(context) if not _relaxed(context, p))
    for path in context.duplicate_keys:
        yield DATAHUB.finding(
            "error",
            path,
            "an object here repeats a key; DataHub refuses events with duplicate keys (400)",
            "Keep one copy of the key (Edit JSON).",
            "datahub.duplicate-key",
        )
    yield from DATAHUB.zoneless_time(
        context, "warning", "DataHub applies its server's default zone, which may place it hours off"
    )
    run_id = context.section("run").get("runId")
    if isinstance(run_id, str) and run_id and not is_uuid(run_id):
        yield DATAHUB.finding(
            "info",
            "/run/runId",
            "not a UUID; DataHub accepts it and derives a run identity from the job and this value",
            "Use a new UUID per run (Regenerate) so runs stay apart in every receiver.",
            "datahub.runId.derived",
        )
    yield from _job_grouping(context)
    yield from _custom_facets(context)
    if is_run_event(context) and "run" in context.obj and not has_lineage(context):
        yield DATAHUB.finding(
            "info",
            "",
            "no inputs or outputs: DataHub records the job and run, with no lineage edges",
            "Add the datasets the job reads and writes.",
            "datahub.no-datasets",
        )


def _relaxed(context: Context, problem: Problem) -> bool:
    """The spec's uuid runId and zoned eventTime, which DataHub accepts without (see above)."""
    if problem.path == "/run/runId" and problem.code == "format.uuid":
        return True
    value = context.obj.get("eventTime")
    return (
        problem.path == "/eventTime"
        and problem.code == "format.date-time"
        and isinstance(value, str)
        and parse_timestamp(value) is not None
    )


def _job_grouping(context: Context) -> Iterator[Problem]:
    name = context.section("job").get("name")
    if not isinstance(name, str) or not name.strip():
        return
    flow = name.split(".", 1)[0]
    where = (
        f"DataHub shows this job as a task in the pipeline (DataFlow) {flow!r}, the part before the first dot"
        if "." in name
        else f"DataHub uses {name!r} as both the pipeline (DataFlow) and the task (DataJob) name"
    )
    yield DATAHUB.finding(
        "info",
        "/job/name",
        where,
        "Name jobs pipeline.task (e.g. orders_etl.count_orders) to group tasks of one pipeline in DataHub.",
        "datahub.job.grouping",
    )


def _custom_facets(context: Context) -> Iterator[Problem]:
    kind = facet_catalog.guess_kind(context.obj)
    for site in facet_catalog.facet_sites(context.obj, kind):
        if facet_catalog.lookup(site.key, site.container) is None:
            yield DATAHUB.finding(
                "info",
                pointer(*site.path),
                "a custom facet: DataHub accepts it but keeps it opaque (not shown as DataHub metadata)",
                "Use a standard facet where one fits (Add facet lists them) if it should show in DataHub.",
                "datahub.facet.opaque",
            )
