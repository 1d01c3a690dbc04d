"""Files that hold events: one event, a JSON array of events, or NDJSON (one event per line)."""

from __future__ import annotations

from dataclasses import dataclass

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError, parse


@dataclass(frozen=True)
class EventEntry:
    """One event of a file, or the reason it could not be read."""

    index: int
    line: int | None
    document: EventDocument | None
    error: JsonSyntaxError | None = None


def read_events(text: str) -> list[EventEntry]:
    """Split `text` into events; malformed parts become entries with a located error."""
    if not text.strip(" \t\r\n\ufeff"):
        return [EventEntry(0, 1, None, JsonSyntaxError("the file is empty: expected an event", 1, 1, 0))]
    try:
        parsed = parse(text)
    except JsonSyntaxError as whole_error:
        if _looks_like_ndjson(text):
            return _read_lines(text)
        return [EventEntry(0, whole_error.line, None, whole_error)]
    if isinstance(parsed.value, list):
        return [
            EventEntry(
                index, None, EventDocument(item, style=parsed.style, exotic_numbers=parsed.exotic_numbers)
            )
            for index, item in enumerate(parsed.value)
        ]
    return [EventEntry(0, 1, EventDocument.from_json(text))]


def _looks_like_ndjson(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.lstrip("\ufeff").lstrip().startswith("{") for line in lines)


def _read_lines(text: str) -> list[EventEntry]:
    entries: list[EventEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        index = len(entries)
        try:
            entries.append(EventEntry(index, number, EventDocument.from_json(line.lstrip("\ufeff"))))
        except JsonSyntaxError as exc:
            located = JsonSyntaxError(exc.reason, number, exc.column, exc.position)
            entries.append(EventEntry(index, number, None, located))
    return entries
