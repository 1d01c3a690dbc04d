"""Readable rows grouped into COMPLETE events: one per job, or one per target table.

Per job: every source the job's rows read becomes an input and every target an output, so the
event says what Alation shows as one dataflow. Per target table: each table gets its own event
(its job is the first of its rows' jobs, or the table's name when the sheet names no job), the
shape for sheets that list how each table is loaded. Column pairs become a `columnLineage` facet
on their output; the description and SQL columns the job's documentation and SQL facets. Each
event gets its own UUIDv7 run id; its time is the latest of its rows' times, else "now" (one
moment for the whole sheet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from composer import PRODUCER
from composer.core.document import CORE_SCHEMA_URL, EventDocument, new_run_id, utc_now_text
from composer.core.facets import new_facet
from composer.core.sheet.mapping import ColumnMapping
from composer.core.sheet.rows import Dataset, MappedRow, RowProblem, RowReader
from composer.core.sheet.table import SheetTable

Grouping = Literal["job", "target"]
GROUPINGS: dict[Grouping, str] = {"job": "one event per job", "target": "one event per target table"}
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class EventOptions:
    grouping: Grouping = "job"
    now: datetime | None = None  # the eventTime of events whose rows give none (None: the real now)
    producer: str = PRODUCER
    run_id: Callable[[], str] = new_run_id


@dataclass
class SheetEvent:
    """One event made from the sheet, and the rows it came from (for the review)."""

    key: str  # the job's name, or the target table's
    rows: tuple[int, ...]
    document: EventDocument


@dataclass
class SheetResult:
    events: list[SheetEvent] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0
    blank_rows: int = 0

    @property
    def unreadable_rows(self) -> int:
        return len({problem.row for problem in self.problems})


class CancelledError(Exception):
    """The caller asked to stop (the window closed the dialog mid-way)."""


def build_events(
    table: SheetTable,
    mapping: ColumnMapping,
    options: EventOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> SheetResult:
    """The events the sheet states; rows that cannot be read are in `problems`, none dropped."""
    options = options or EventOptions()
    reader = RowReader(table, mapping, need_job=options.grouping == "job")
    result = SheetResult(rows_read=len(table.rows), blank_rows=table.blank_rows)
    groups: dict[tuple[str, str], list[MappedRow]] = {}
    total = len(table.rows)
    for done, row in enumerate(table.rows, start=1):
        read = reader.read(row)
        if isinstance(read, list):
            result.problems.extend(read)
        else:
            key = (
                (read.job_namespace, read.job_name)
                if options.grouping == "job"
                else (read.target.namespace, read.target.name)
            )
            groups.setdefault(key, []).append(read)
        if done % PROGRESS_EVERY == 0:
            if cancelled():
                raise CancelledError
            if progress is not None:
                progress(done, total)
    now_text = utc_now_text(options.now)
    for key, rows in groups.items():
        document = EventDocument(_event(rows, options, now_text), exotic_numbers=False)
        result.events.append(SheetEvent(key[1], tuple(row.number for row in rows), document))
    if progress is not None:
        progress(total, total)
    return result


def _event(rows: list[MappedRow], options: EventOptions, now_text: str) -> dict[str, Any]:
    first = rows[0]
    job_name = first.job_name or first.target.name
    inputs: dict[Dataset, dict[str, Any]] = {}
    outputs: dict[Dataset, dict[str, Any]] = {}
    lineage: dict[Dataset, dict[str, list[dict[str, str]]]] = {}
    for row in rows:
        if row.source is not None:
            inputs.setdefault(row.source, {"namespace": row.source.namespace, "name": row.source.name})
        outputs.setdefault(row.target, {"namespace": row.target.namespace, "name": row.target.name})
        if row.source is not None and row.target_column:
            entries = lineage.setdefault(row.target, {}).setdefault(row.target_column, [])
            entry = {"namespace": row.source.namespace, "name": row.source.name, "field": row.source_column}
            if entry not in entries:
                entries.append(entry)
    for dataset, fields in lineage.items():
        facet = new_facet("columnLineage", "dataset", options.producer)
        facet["fields"] = {column: {"inputFields": entries} for column, entries in fields.items()}
        outputs[dataset]["facets"] = {"columnLineage": facet}
    job: dict[str, Any] = {"namespace": first.job_namespace, "name": job_name}
    facets = _job_facets(rows, options.producer)
    if facets:
        job["facets"] = facets
    times = [row.event_time for row in rows if row.event_time]
    return {
        "eventType": "COMPLETE",
        "eventTime": max(times) if times else now_text,
        "run": {"runId": options.run_id()},
        "job": job,
        "inputs": list(inputs.values()),
        "outputs": list(outputs.values()),
        "producer": options.producer,
        "schemaURL": f"{CORE_SCHEMA_URL}#/$defs/RunEvent",
    }


def _job_facets(rows: list[MappedRow], producer: str) -> dict[str, Any]:
    facets: dict[str, Any] = {}
    description = _distinct(row.description for row in rows)
    if description:
        facets["documentation"] = {**new_facet("documentation", "job", producer), "description": description}
    query = _distinct(row.sql for row in rows)
    if query:
        facets["sql"] = {**new_facet("sql", "job", producer), "query": query}
    return facets


def _distinct(texts: Any) -> str:
    """The different non-empty texts, in order, one paragraph each (rows often repeat them)."""
    return "\n\n".join(dict.fromkeys(text for text in texts if text))
