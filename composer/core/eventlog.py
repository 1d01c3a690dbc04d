"""Files that hold events: one event, a JSON array of events, or NDJSON (one event per line).

Logs come from customers and from tools, so the reader takes what they write: the
`openlineage-python` file transport (one event per line, or one per file), this app's own
history export (one send record per line, its `event` field holding the exact text sent), a
byte-order mark, blank lines and CRLF. A line that is not JSON becomes an entry with a located
error and the lines after it are still read: one bad line must not cost the rest of a log.
`iter_lines` reads NDJSON one line at a time, so a caller can stream a huge file through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError, loads_bounded, parse

# The keys a history export line carries besides the event (`HistoryRecord.to_json`).
_HISTORY_KEYS = frozenset({"sent_at", "profile", "event", "outcome"})
_WHITE = " \t\r\n\ufeff"


@dataclass(frozen=True)
class EventEntry:
    """One event of a file, or the reason it could not be read.

    `origin` names where it came from when that is not the file itself: a file of a folder, or
    "history send 12" for a line of a history export.
    """

    index: int
    line: int | None
    document: EventDocument | None
    error: JsonSyntaxError | None = None
    origin: str = ""


def history_event_text(value: Any) -> str | None:
    """The exact event text of a history export record, or None when `value` is not one."""
    if isinstance(value, dict) and value.keys() >= _HISTORY_KEYS and isinstance(value["event"], str):
        return value["event"]
    return None


def _history_origin(value: dict[str, Any]) -> str:
    record_id = value.get("id")
    return f"history send {record_id}" if isinstance(record_id, int) else "history"


def read_events(text: str, *, first_index: int = 0, origin: str = "") -> list[EventEntry]:
    """Split `text` into events; malformed parts become entries with a located error.

    Entries are numbered from `first_index`: a log of several files numbers across them.
    """
    if not text.strip(_WHITE):
        error = JsonSyntaxError("the file is empty: expected an event", 1, 1, 0)
        return [EventEntry(first_index, 1, None, error, origin)]
    try:
        parsed = parse(text)
    except JsonSyntaxError as whole_error:
        if _looks_like_ndjson(text):
            return list(iter_lines(text.splitlines(), first_index=first_index, origin=origin))
        return [EventEntry(first_index, whole_error.line, None, whole_error, origin)]
    if isinstance(parsed.value, list):
        entries = []
        for index, item in enumerate(parsed.value, start=first_index):
            inner = history_event_text(item)
            if inner is not None:
                entries.append(_entry_from_text(index, None, inner, _history_origin(item)))
            else:
                document = EventDocument(item, style=parsed.style, exotic_numbers=parsed.exotic_numbers)
                entries.append(EventEntry(index, None, document, origin=origin))
        return entries
    inner = history_event_text(parsed.value)
    if inner is not None:
        return [_entry_from_text(first_index, 1, inner, _history_origin(parsed.value))]
    return [EventEntry(first_index, 1, EventDocument.from_json(text), origin=origin)]


def iter_lines(lines: Iterable[str], *, first_index: int = 0, origin: str = "") -> Iterator[EventEntry]:
    """NDJSON, one line at a time: blank lines skipped, a bad line an entry with its line number."""
    index = first_index
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")  # a BOM also where files were concatenated
        if not line.strip():
            continue
        yield line_entry(index, number, line, origin)
        index += 1


def line_entry(index: int, number: int, line: str, origin: str = "") -> EventEntry:
    """One NDJSON line (without its line break) as an entry; `number` is its line number."""
    try:
        document = EventDocument.from_json(line)
    except JsonSyntaxError as exc:
        located = JsonSyntaxError(exc.reason, number, exc.column, exc.position, exc.hint)
        return EventEntry(index, number, None, located, origin)
    inner = history_event_text(document.value)
    if inner is not None:
        return _entry_from_text(index, number, inner, _history_origin(document.value))
    return EventEntry(index, number, document, origin=origin)


def _entry_from_text(index: int, line: int | None, text: str, origin: str) -> EventEntry:
    try:
        return EventEntry(index, line, EventDocument.from_json(text), origin=origin)
    except JsonSyntaxError as exc:
        located = JsonSyntaxError(f"the recorded event is not JSON: {exc.reason}", line or 1, 1, 0, exc.hint)
        return EventEntry(index, line, None, located, origin)


def first_line_is_event(line: str) -> bool:
    """True when `line` alone is a complete JSON object: the file is NDJSON, not one pretty event."""
    stripped = line.strip(_WHITE)
    if not stripped.startswith("{"):
        return False
    try:
        return isinstance(loads_bounded(stripped), dict)
    except (ValueError, RecursionError):  # not JSON, or deeper than any event may be
        return False


def _looks_like_ndjson(text: str) -> bool:
    """Lines of events, some broken: every line starts an object, or the first or most lines are
    whole events. A broken pretty-printed event is not NDJSON, though a dataset line in it may be."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    if all(line.lstrip(_WHITE).startswith("{") for line in lines) or first_line_is_event(lines[0]):
        return True
    return sum(1 for line in lines if first_line_is_event(line)) * 2 > len(lines)
