"""A START event for the run of a COMPLETE event, and the pair written as NDJSON.

Some receivers want a run's START before its COMPLETE (Marquez shows a run's duration and state
from them; OpenLineage producers always send both). The START shares everything that identifies
the run — runId, job, inputs and outputs, producer, schemaURL — and drops what only exists once
a run has finished: the statistics and quality measures of its datasets and an error message.

Its eventTime is the start time given, else one second before the COMPLETE (written in the
COMPLETE's own format): the two always sort in order, and the window and `pair --start-time` let
a person put the run's real start there. Not the run's nominalStartTime: that is the scheduled
time or the start of the data interval, often hours before the run began. The COMPLETE itself is
never changed.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from composer.core.document import EventDocument
from composer.core.formats import has_utc_offset, parse_timestamp
from composer.core.jsontext import JsonStyle, dumps

# Facets that describe a finished run, by the container they sit in.
COMPLETION_ONLY: dict[str, tuple[str, ...]] = {
    "inputFacets": ("inputStatistics", "dataQualityMetrics", "dataQualityAssertions", "icebergScanReport"),
    "outputFacets": ("outputStatistics", "icebergCommitReport"),
    "run": ("errorMessage",),
}
_ONE_LINE = JsonStyle(indent=None, item_separator=", ", key_separator=": ", leading="", trailing="")
_TIME = re.compile(r"(?P<base>[^.]*?)(?P<fraction>\.\d+)?(?P<zone>[Zz]|[+-]\d\d(?::?\d\d)?)?")


class PairError(ValueError):
    """The event cannot be paired; the message says what to change."""


@dataclass(frozen=True)
class RunPair:
    start: EventDocument
    complete: EventDocument

    def ndjson(self) -> str:
        """START then COMPLETE, one event per line (the COMPLETE's own text when it is one line)."""
        return one_line(self.start) + "\n" + one_line(self.complete) + "\n"


def make_pair(complete: EventDocument, start_time: str | None = None) -> RunPair:
    return RunPair(make_start(complete, start_time), complete)


def make_start(complete: EventDocument, start_time: str | None = None) -> EventDocument:
    """The START event of `complete`'s run; raises `PairError` naming what is missing."""
    event = complete.value
    if not isinstance(event, dict):
        raise PairError("the event is not a JSON object")
    if event.get("eventType") != "COMPLETE":
        found = event.get("eventType")
        raise PairError(f"a START is made from a COMPLETE event; this one is {found or 'not typed'}")
    run = event.get("run")
    if not isinstance(run, dict) or not isinstance(run.get("runId"), str) or not run["runId"]:
        raise PairError("the COMPLETE event has no run.runId for the START to share")
    start = copy.deepcopy(event)
    start["eventType"] = "START"
    start["eventTime"] = _start_time(event, start_time)
    _drop_completion_facets(start)
    return EventDocument.from_json(dumps(start, complete.style))


def one_line(document: EventDocument) -> str:
    text = document.to_json().strip()
    return text if "\n" not in text else dumps(document.value, _ONE_LINE)


def default_start_time(complete: EventDocument) -> str:
    """What `make_start` uses when no start time is given (for a form's initial value)."""
    event = complete.value
    if not isinstance(event, dict):
        raise PairError("the event is not a JSON object")
    return _start_time(event, None)


def _start_time(event: dict[str, Any], given: str | None) -> str:
    end_text = event.get("eventTime")
    end = parse_timestamp(end_text) if isinstance(end_text, str) else None
    if given is not None:
        begin = parse_timestamp(given)
        if begin is None or not has_utc_offset(given):
            raise PairError(
                f"start time {given!r} is not an ISO 8601 time with a zone, like 2024-02-20T10:00:00.000Z"
            )
        if end is not None and _aware(end) and not begin < end:
            raise PairError(f"start time {given} must be earlier than the COMPLETE's eventTime {end_text}")
        return given
    if end is None or not isinstance(end_text, str):
        raise PairError("the COMPLETE event has no readable eventTime; give the start time")
    return _format_like(end_text, end - timedelta(seconds=1))


def _aware(moment: datetime) -> bool:
    return moment.tzinfo is not None


def _format_like(template: str, moment: datetime) -> str:
    """`moment` written the way `template` is: same fraction digits, same zone spelling."""
    match = _TIME.fullmatch(template)
    fraction = (match.group("fraction") if match else None) or ""
    zone = (match.group("zone") if match else None) or ""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    digits = len(fraction) - 1
    if digits > 0:
        text += "." + f"{moment.microsecond:06d}"[:digits].ljust(digits, "0")
    return text + zone


def _drop_completion_facets(start: dict[str, Any]) -> None:
    run = start.get("run")
    if isinstance(run, dict) and isinstance(run.get("facets"), dict):
        for key in COMPLETION_ONLY["run"]:
            run["facets"].pop(key, None)
    for side, container in (("inputs", "inputFacets"), ("outputs", "outputFacets")):
        datasets = start.get(side)
        for dataset in datasets if isinstance(datasets, list) else []:
            facets = dataset.get(container) if isinstance(dataset, dict) else None
            if not isinstance(facets, dict):
                continue
            for key in COMPLETION_ONLY[container]:
                facets.pop(key, None)
            if not facets:
                del dataset[container]
