"""The event's JSON text for the live preview, re-serialising only the datasets that changed.

`EventDocument.to_json()` serialises the whole event after every edit, and for a large event
that takes far over a frame (the standard library's indented encoder is pure Python). Nearly
all of that text is the datasets, and a keystroke changes at most one of them, so this cache keeps
each dataset's text (keyed by the dataset object itself, so reordering keeps it) and rebuilds the
event around them: the rest of the event is serialised with a placeholder per dataset, and the
placeholders are replaced by the kept texts. The result is byte-for-byte `to_json()` (tests check
it on every example event); the cache only has to hear every `changed(pointer)` of the model.

Qt-free on purpose: it could move to `composer.core` beside `EventDocument`.
"""

from __future__ import annotations

import dataclasses
import re
import time
import uuid
from typing import Any

from composer.core.document import EventDocument
from composer.core.jsontext import dumps

_SIDES = ("inputs", "outputs")
# Above this many characters an event is large: the preview shows a part of it (`text_sync`) and
# validation waits for a pause in typing (`live`).
LARGE_EVENT_CHARS = 200_000


class EventTextCache:
    """`text(document)` equals `document.to_json()`; `forget(pointer)` after every model change."""

    def __init__(self) -> None:
        # id(dataset) -> (the dataset, its text at depth 0); holding the object keeps its id unique.
        self._pieces: dict[int, tuple[Any, str]] = {}
        self._nonce = uuid.uuid4().hex
        self._placeholder = re.compile(rf'"\\u0000lc-dataset-{self._nonce}:(\d+)\\u0000"')
        self._document: EventDocument | None = None
        self._revision = -1
        self._text = ""

    def forget(self, document: EventDocument, pointer: str) -> None:
        """The value at `pointer` changed: drop the text of the dataset it lies in (or all)."""
        self._revision = -1
        if pointer == "":
            self._pieces.clear()
            return
        parts = pointer.split("/", 3)
        # "/inputs" itself (added, removed, moved): kept texts still belong to their datasets.
        if len(parts) < 3 or parts[1] not in _SIDES or not parts[2].isdigit():
            return
        side = document.value.get(parts[1]) if isinstance(document.value, dict) else None
        if isinstance(side, list) and int(parts[2]) < len(side):
            self._pieces.pop(id(side[int(parts[2])]), None)

    def text(self, document: EventDocument) -> str:
        if document.source_text is not None:
            return document.source_text
        if document is self._document and document.revision == self._revision:
            return self._text
        self._text = self._build(document)
        self._document = document
        self._revision = document.revision
        return self._text

    def warm(self, document: EventDocument, seconds: float) -> bool:
        """Serialise datasets not kept yet for about `seconds`; True once all are kept.

        Run in idle time after an event is loaded, so its first edit does not pay for them all.
        """
        deadline = time.perf_counter() + seconds
        for item in _datasets(document.value):
            if id(item) not in self._pieces:
                self._pieces[id(item)] = (item, self._piece(item, document))
                if time.perf_counter() > deadline:
                    return False
        return True

    def _build(self, document: EventDocument) -> str:
        value = document.value
        if not isinstance(value, dict) or not any(isinstance(value.get(side), list) for side in _SIDES):
            return document.to_json()
        skeleton = dict(value)
        count = 0
        for side in _SIDES:
            items = value.get(side)
            if isinstance(items, list):
                skeleton[side] = [self._mark(count + offset) for offset in range(len(items))]
                count += len(items)
        kept: dict[int, tuple[Any, str]] = {}
        texts: list[str] = []
        for item in _datasets(value):
            found = kept.get(id(item)) or self._pieces.get(id(item))
            if found is None:
                found = (item, self._piece(item, document))
            kept[id(item)] = found
            texts.append(found[1])
        self._pieces = kept
        outline = dumps(skeleton, document.style)
        return self._placeholder.sub(lambda match: texts[int(match.group(1))], outline)

    @staticmethod
    def _piece(item: Any, document: EventDocument) -> str:
        style = document.style
        body = dumps(item, dataclasses.replace(style, newline="\n", leading="", trailing=""))
        if style.indent is None:
            return body
        # A dataset sits two levels deep (event object > list > item): indent its lines so.
        return body.replace("\n", style.newline + style.indent * 2)

    def _mark(self, index: int) -> str:
        return f"\x00lc-dataset-{self._nonce}:{index}\x00"


def _datasets(value: Any) -> list[Any]:
    if not isinstance(value, dict):
        return []
    found: list[Any] = []
    for side in _SIDES:
        items = value.get(side)
        if isinstance(items, list):
            found.extend(items)
    return found
