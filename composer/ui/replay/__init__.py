"""Replay: send a chosen set of events to a profile with the engine `lineage-composer send` uses."""

from __future__ import annotations

from collections.abc import Iterable

from composer.core.document import EventDocument
from composer.core.eventlog import EventEntry
from composer.core.jsontext import JsonSyntaxError
from composer.ui.replay.dialog import ReplayDialog

__all__ = ["ReplayDialog", "entries_from_texts"]


def entries_from_texts(texts: Iterable[tuple[int, int | None, str]]) -> list[EventEntry]:
    """(index, line, exact text) -> entries; text that is not JSON becomes an entry with its error."""
    entries = []
    for index, line, text in texts:
        try:
            entries.append(EventEntry(index, line, EventDocument.from_json(text)))
        except JsonSyntaxError as error:
            entries.append(EventEntry(index, line, None, error))
    return entries
