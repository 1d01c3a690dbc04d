"""What Marquez's `POST /api/v1/lineage` checks before it stores an event.

Where the facts come from (MarquezProject/marquez, the `api` module):
- `api/OpenLineageResource.java`: success is `201 Created`; an `IllegalArgumentException`
  while storing (e.g. a namespace that breaks the rule below) answers 400.
- `service/models/LineageEvent.java`: `eventTime` (a Java `ZonedDateTime`, so it needs a zone),
  `run.runId`, `job.namespace`, `job.name`, `producer` and each dataset's `namespace` and `name`
  are `@NotNull`; `eventType` is optional and every type is accepted (it sets the run's state).
- `common/models/NamespaceName.java`: a namespace is 1 to 1024 characters.
- `db/OpenLineageDao.formatNamespaceName`: characters outside letters, digits and `: / - _ . @ +`
  are replaced with `_` before the namespace is stored.
Marquez does not require `schemaURL` or facet `_schemaURL`s, so the spec's rules are not part of
this target; lint still points at them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from composer.core.problems import Problem
from composer.core.validation.context import Context, pointer
from composer.core.validation.receiver import Receiver, has_lineage, is_run_event

RULE_SET = "marquez"
MARQUEZ = Receiver(RULE_SET, "Marquez")
NAMESPACE_MAX = 1024
_NAMESPACE_REWRITTEN = re.compile(r"[^a-z:/A-Z0-9\-_.@+]")


def marquez_rules(context: Context) -> Iterator[Problem]:
    if not isinstance(context.event, dict):
        yield MARQUEZ.not_an_object()
        return
    run_event = is_run_event(context)
    required = ["/eventTime", "/producer", "/job/namespace", "/job/name"]
    if run_event:
        required.insert(1, "/run/runId")
    yield from MARQUEZ.required(context, required)
    yield from MARQUEZ.unreadable_time(context)
    yield from MARQUEZ.zoneless_time(
        context, "error", "Marquez reads eventTime as a date-time with a zone and refuses it"
    )
    yield from MARQUEZ.event_type(context)
    yield from MARQUEZ.dataset_names(context)
    yield from _namespaces(context)
    if run_event and "eventType" not in context.obj:
        yield MARQUEZ.finding(
            "info",
            "/eventType",
            "missing; Marquez stores the event but leaves the run's state unchanged",
            "Set eventType (START, RUNNING, COMPLETE, ABORT or FAIL) to record the run's state.",
            "marquez.no-event-type",
        )
    if run_event and not has_lineage(context):
        yield MARQUEZ.finding(
            "info",
            "",
            "no inputs or outputs: Marquez records the run, and its lineage graph shows the job alone",
            "Add the datasets the job reads and writes to see them in Marquez's lineage graph.",
            "marquez.no-datasets",
        )


def _namespaces(context: Context) -> Iterator[Problem]:
    places = [("/job/namespace", context.section("job").get("namespace"))]
    for side in ("inputs", "outputs"):
        places += [
            (pointer(side, i, "namespace"), item.get("namespace")) for i, item in context.datasets(side)
        ]
    for path, value in places:
        if not isinstance(value, str) or not value:
            continue
        if len(value) > NAMESPACE_MAX:
            yield MARQUEZ.finding(
                "error",
                path,
                f"{len(value)} characters; Marquez refuses a namespace over {NAMESPACE_MAX}",
                "Shorten the namespace: it names a system (scheme://host:port), not a table.",
                "marquez.namespace.length",
            )
        elif _NAMESPACE_REWRITTEN.search(value):
            stored = _NAMESPACE_REWRITTEN.sub("_", value)
            yield MARQUEZ.finding(
                "warning",
                path,
                f"Marquez stores this namespace as {stored!r}: it replaces characters other than "
                "letters, digits and : / - _ . @ + with _",
                "Use only those characters, or expect to find the dataset under the rewritten namespace.",
                "marquez.namespace.rewritten",
            )
