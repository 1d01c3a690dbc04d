"""What a log browser needs from each event: a short summary to filter on, and diffs of two events.

A log of 100,000 events must stay browsable, so each event is kept as its exact text plus the few
facts people filter by (job, run, type, time, datasets) — not as a parsed document, which would
take many times the memory. The parsed event is rebuilt from the text when one is opened, diffed
or sent. The structural diff names each difference by JSON pointer, which is how the problems
list and the editor address fields too; the side-by-side rows come from `difflib`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from composer.core.eventlog import EventEntry, history_event_text, line_entry
from composer.core.jsontext import loads_bounded
from composer.core.pointer import format_pointer

ChangeKind = Literal["added", "removed", "changed"]
RowKind = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True)
class LogRecord:
    """One event of a log: its exact text and what it is filtered by; `error` if unreadable."""

    index: int
    line: int | None
    origin: str
    text: str
    event_type: str = ""
    event_time: str = ""
    job_namespace: str = ""
    job_name: str = ""
    run_id: str = ""
    datasets: tuple[str, ...] = ()
    error: str = ""

    @property
    def where(self) -> str:
        """Event number, and the line (and file) it came from, for lists and messages."""
        place = f"line {self.line}" if self.line is not None else ""
        if self.origin:
            place = f"{self.origin} {place}".strip()
        return f"#{self.index + 1}" + (f" ({place})" if place else "")

    @property
    def job(self) -> str:
        return f"{self.job_namespace} {self.job_name}".strip()


def record_from_entry(entry: EventEntry) -> LogRecord:
    """Summarise one read entry; the parsed document is dropped (see the module docstring)."""
    if entry.document is None:
        reason = str(entry.error) if entry.error is not None else "unreadable"
        return LogRecord(entry.index, entry.line, entry.origin, "", error=f"not valid JSON: {reason}")
    value = entry.document.value
    text = entry.document.to_json()
    if not isinstance(value, dict):
        return LogRecord(entry.index, entry.line, entry.origin, text, error="not an event: not a JSON object")
    return LogRecord(entry.index, entry.line, entry.origin, text, **event_facts(value))


def event_facts(event: dict[str, Any]) -> dict[str, Any]:
    """Type, time, job, run and "namespace name" of every dataset (a DatasetEvent's one too)."""

    def text(*keys: str) -> str:
        found: Any = event
        for key in keys:
            found = found.get(key) if isinstance(found, dict) else None
        return found if isinstance(found, str) else ""

    datasets: list[str] = []
    sides = [event.get("inputs"), event.get("outputs"), [event.get("dataset")]]
    for side in sides:
        for item in side if isinstance(side, list) else []:
            if isinstance(item, dict):
                datasets.append(f"{item.get('namespace', '')} {item.get('name', '')}".strip())
    return {
        "event_type": text("eventType"),
        "event_time": text("eventTime"),
        "job_namespace": text("job", "namespace"),
        "job_name": text("job", "name"),
        "run_id": text("run", "runId"),
        "datasets": tuple(datasets),
    }


def records_from_lines(
    lines: Iterable[str], *, first_index: int = 0, origin: str = ""
) -> Iterator[LogRecord]:
    """NDJSON straight to records, for browsing: the facts come from `json.loads` (several times
    faster than the lossless parser a document needs) and the line itself is the exact text.
    A line `json` rejects, or one that is no plain event (a history record), takes the lossless
    path, which locates the error or unwraps the record."""
    index = first_index
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            value = loads_bounded(line)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict) and history_event_text(value) is None:
            yield LogRecord(index, number, origin, line, **event_facts(value))
        else:
            yield record_from_entry(line_entry(index, number, line, origin))
        index += 1


@dataclass(frozen=True)
class LogFilter:
    """All terms optional and combined with AND; case is ignored. `event_type` must match whole."""

    job: str = ""
    run: str = ""
    event_type: str = ""
    dataset: str = ""

    @property
    def empty(self) -> bool:
        return not (self.job or self.run or self.event_type or self.dataset)

    def matches(self, record: LogRecord) -> bool:
        if self.job and self.job.lower() not in record.job.lower():
            return False
        if self.run and self.run.lower() not in record.run_id.lower():
            return False
        if self.event_type and self.event_type.lower() != record.event_type.lower():
            return False
        wanted = self.dataset.lower()
        return not wanted or any(wanted in name.lower() for name in record.datasets)


def filter_records(records: Sequence[LogRecord], wanted: LogFilter) -> list[int]:
    """Positions in `records` of those that match, in log order."""
    if wanted.empty:
        return list(range(len(records)))
    return [position for position, record in enumerate(records) if wanted.matches(record)]


def run_positions(records: Sequence[LogRecord], run_id: str) -> list[int]:
    """Positions of a run's events, in log order (START before COMPLETE, as they were written)."""
    return [position for position, record in enumerate(records) if run_id and record.run_id == run_id]


@dataclass(frozen=True)
class Change:
    """One difference between two events at a JSON pointer; `old`/`new` are JSON values."""

    pointer: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def describe(self) -> str:
        if self.kind == "added":
            return f"+ {self.pointer or '/'}: {_short(self.new)}"
        if self.kind == "removed":
            return f"- {self.pointer or '/'}: {_short(self.old)}"
        return f"~ {self.pointer or '/'}: {_short(self.old)} → {_short(self.new)}"


def diff_values(old: Any, new: Any, pointer: str = "") -> list[Change]:
    """Structural differences, deepest first reached in document order (objects by key)."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key, value in old.items():
            child = pointer + format_pointer([key])
            if key not in new:
                changes.append(Change(child, "removed", old=value))
            else:
                changes.extend(diff_values(value, new[key], child))
        changes.extend(
            Change(pointer + format_pointer([key]), "added", new=value)
            for key, value in new.items()
            if key not in old
        )
        return changes
    if isinstance(old, list) and isinstance(new, list):
        changes = []
        for position, (a, b) in enumerate(zip(old, new, strict=False)):
            changes.extend(diff_values(a, b, f"{pointer}/{position}"))
        changes.extend(Change(f"{pointer}/{p}", "removed", old=old[p]) for p in range(len(new), len(old)))
        changes.extend(Change(f"{pointer}/{p}", "added", new=new[p]) for p in range(len(old), len(new)))
        return changes
    if _same(old, new):
        return []
    return [Change(pointer, "changed", old=old, new=new)]


def _same(old: Any, new: Any) -> bool:
    # 1 and true are equal in Python, not in JSON.
    return type(old) is type(new) and bool(old == new)


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side view; a number is None where that side has no line."""

    kind: RowKind
    left_number: int | None
    left: str
    right_number: int | None
    right: str


def pretty(text: str) -> str:
    """The event laid out one value per line (keys in their order), so lines line up; raw if not JSON."""
    try:
        return json.dumps(loads_bounded(text), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):  # not JSON, too deep, or a number json cannot spell
        return text


def side_by_side(left_text: str, right_text: str) -> list[DiffRow]:
    """Rows pairing the two texts' lines, each marked same, changed, added or removed."""
    left, right = pretty(left_text).splitlines(), pretty(right_text).splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow("same", a1 + k + 1, left[a1 + k], b1 + k + 1, right[b1 + k]) for k in range(a2 - a1)
            )
            continue
        for k in range(max(a2 - a1, b2 - b1)):
            a = a1 + k if a1 + k < a2 else None
            b = b1 + k if b1 + k < b2 else None
            kind: RowKind = (
                "changed" if a is not None and b is not None else ("removed" if b is None else "added")
            )
            rows.append(
                DiffRow(
                    kind,
                    a + 1 if a is not None else None,
                    left[a] if a is not None else "",
                    b + 1 if b is not None else None,
                    right[b] if b is not None else "",
                )
            )
    return rows


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
