"""What the per-receiver rule sets (Marquez, DataHub, OpenMetadata) share: findings worded for
one named receiver, and the "this field is required there" checks each receiver documents.

Alation's rules keep their own module (`alation`), whose wording follows Alation's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from composer.core.formats import has_utc_offset, parse_timestamp
from composer.core.pointer import PointerError, resolve
from composer.core.problems import Problem, Severity
from composer.core.validation.context import Context, label, pointer

EVENT_TYPES = ("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER")
# What to write in each commonly required place, in a steward's words.
_HINTS = {
    "/eventTime": "Set eventTime to an ISO 8601 timestamp with a zone, e.g. 2024-02-20T10:30:00.000Z (Now).",
    "/producer": "Set producer to a URI naming the tool or script that wrote the event.",
    "/schemaURL": "Set schemaURL to https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent.",
    "/run/runId": "Generate a new UUID for this run (Regenerate).",
    "/job/namespace": "Use the namespace of the system that runs the job, e.g. my-etl-system.",
    "/job/name": "Give the job's name, e.g. daily-sales-aggregation.",
}


@dataclass(frozen=True)
class Receiver:
    """Findings of one rule set, each message starting with the place in a person's words."""

    rule_set: str
    name: str  # "Marquez", "DataHub" ...

    def finding(self, severity: Severity, path: str, text: str, hint: str, code: str) -> Problem:
        return Problem(severity, path, f"{label(path)}: {text}", hint, self.rule_set, code)

    def not_an_object(self) -> Problem:
        return self.finding(
            "error",
            "",
            "an event must be a JSON object ({ ... })",
            "Give one event object: {\"eventType\": ..., \"eventTime\": ..., \"run\": ..., \"job\": ...}.",
            "event.not-object",
        )

    def required(self, context: Context, pointers: Iterable[str], why: str = "") -> Iterator[Problem]:
        """An error for each pointer whose value is missing or blank text."""
        for path in pointers:
            value = _at(context, path)
            if value is None or (isinstance(value, str) and not value.strip()):
                text = f"{self.name} needs it" + (f" ({why})" if why else "")
                yield self.finding("error", path, text, _HINTS.get(path, ""), f"required.{path[1:]}")

    def dataset_names(self, context: Context) -> Iterator[Problem]:
        """Each input and output needs a namespace and a name, as every receiver documents."""
        for side in ("inputs", "outputs"):
            for index, item in context.datasets(side):
                for key in ("namespace", "name"):
                    value = item.get(key)
                    if not isinstance(value, str) or not value.strip():
                        yield self.finding(
                            "error",
                            pointer(side, index, key),
                            f"{self.name} needs the dataset's {key} to identify it",
                            "Use the data source's namespace, e.g. postgres://db.example.com:5432."
                            if key == "namespace"
                            else "Use the table's full name, e.g. sales_db.public.transactions.",
                            f"required.dataset.{key}",
                        )

    def event_type(self, context: Context) -> Iterator[Problem]:
        """An eventType outside the spec's six is refused by every receiver that reads it."""
        value = context.obj.get("eventType")
        if value is not None and value not in EVENT_TYPES:
            yield self.finding(
                "error",
                "/eventType",
                f"{value!r} is not an OpenLineage event type",
                f"Use one of {', '.join(EVENT_TYPES)}.",
                "enum.eventType",
            )

    def zoneless_time(self, context: Context, severity: Severity, consequence: str) -> Iterator[Problem]:
        """A readable eventTime without Z or an offset, and what this receiver does with it."""
        value = context.obj.get("eventTime")
        if isinstance(value, str) and parse_timestamp(value) is not None and not has_utc_offset(value):
            yield self.finding(
                severity,
                "/eventTime",
                f"has no time zone; {consequence}",
                "End it with Z for UTC (2024-02-20T10:30:00.000Z) or an offset such as +02:00.",
                "format.date-time",
            )

    def unreadable_time(self, context: Context) -> Iterator[Problem]:
        value = context.obj.get("eventTime")
        if value is not None and (not isinstance(value, str) or parse_timestamp(value) is None):
            yield self.finding(
                "error",
                "/eventTime",
                f"{value!r} is not an ISO 8601 timestamp",
                "Write it like 2024-02-20T10:30:00.000Z: date, T, time, and Z or an offset such as +02:00.",
                "format.date-time",
            )


def has_lineage(context: Context) -> bool:
    return bool(context.datasets("inputs") or context.datasets("outputs"))


def is_run_event(context: Context) -> bool:
    """A run event has a run, or at least is not a dataset or job event (no dataset, has eventType)."""
    obj = context.obj
    return "run" in obj or ("dataset" not in obj and ("eventType" in obj or "job" not in obj))


def _at(context: Context, path: str) -> object:
    """The value at `path`, or None where the event has nothing there."""
    try:
        return resolve(context.obj, path)
    except PointerError:
        return None
