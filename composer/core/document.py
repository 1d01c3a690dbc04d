"""The event document: the one source of truth that forms, preview, validation and send share.

An `EventDocument` wraps the parsed JSON of one OpenLineage event (RunEvent, DatasetEvent or
JobEvent, valid or not). It never normalises what it was given: an unchanged document writes back
the exact text it was read from, and an edited one is written in the layout it was read in, with
unknown keys, custom facets, key order and number spelling kept.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from composer import PRODUCER, SPEC_VERSION
from composer.core import pointer as jp
from composer.core.jsontext import DEFAULT_STYLE, JsonStyle, dumps, parse
from composer.core.run_ids import uuid7

Side = Literal["inputs", "outputs"]
SIDES: tuple[Side, ...] = ("inputs", "outputs")
EVENT_TYPES = ("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER")
CORE_SCHEMA_URL = f"https://openlineage.io/spec/{SPEC_VERSION}/OpenLineage.json"
_MISSING: Any = object()


def utc_now_text(now: datetime | None = None) -> str:
    """An ISO 8601 UTC timestamp with milliseconds and a `Z`, as Alation's examples write it."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_run_id() -> str:
    """A UUIDv7: unique per run, and sortable by time like the runIds real producers send."""
    return str(uuid7())


@dataclass(frozen=True)
class DatasetRef:
    """A snapshot of one input or output dataset, for lists and pictures."""

    side: Side
    index: int
    namespace: str
    name: str

    @property
    def path(self) -> str:
        return f"/{self.side}/{self.index}"


class EventDocument:
    """One event as parsed JSON plus how its text was laid out.

    Edits go through `set`, `insert` and `remove` (JSON pointers), so the document knows it
    changed and `revision` lets views skip work when nothing did.
    """

    def __init__(
        self,
        value: Any,
        *,
        style: JsonStyle = DEFAULT_STYLE,
        source_text: str | None = None,
        exotic_numbers: bool = True,
        duplicate_keys: tuple[str, ...] = (),
    ) -> None:
        self._value = value
        self._style = style
        self._source_text = source_text
        self._exotic_numbers = exotic_numbers
        self.duplicate_keys = duplicate_keys
        self.revision = 0

    # --- entry points ---------------------------------------------------------------------

    @classmethod
    def from_json(cls, text: str) -> EventDocument:
        """Load any JSON text; raises `JsonSyntaxError` (with line and column) when malformed."""
        parsed = parse(text)
        return cls(
            parsed.value,
            style=parsed.style,
            source_text=text,
            exotic_numbers=parsed.exotic_numbers,
            duplicate_keys=tuple(parsed.duplicate_keys),
        )

    @classmethod
    def new(cls, *, event_type: str = "COMPLETE", now: datetime | None = None) -> EventDocument:
        """A fresh RunEvent skeleton with a new runId, the current time and our producer."""
        value = {
            "eventType": event_type,
            "eventTime": utc_now_text(now),
            "run": {"runId": new_run_id()},
            "job": {"namespace": "", "name": ""},
            "inputs": [],
            "outputs": [],
            "producer": PRODUCER,
            "schemaURL": f"{CORE_SCHEMA_URL}#/$defs/RunEvent",
        }
        return cls(value, exotic_numbers=False)

    def to_json(self) -> str:
        """The event's text: byte-for-byte the loaded text until the first edit."""
        if self._source_text is not None:
            return self._source_text
        return dumps(self._value, self._style, exotic_numbers=self._exotic_numbers)

    # --- state ----------------------------------------------------------------------------

    @property
    def value(self) -> Any:
        """The parsed event. Treat as read-only: edit through the methods below."""
        return self._value

    @property
    def style(self) -> JsonStyle:
        return self._style

    @property
    def modified(self) -> bool:
        return self._source_text is None

    def copy(self) -> EventDocument:
        twin = EventDocument(
            copy.deepcopy(self._value),
            style=self._style,
            source_text=self._source_text,
            exotic_numbers=self._exotic_numbers,
            duplicate_keys=self.duplicate_keys,
        )
        twin.revision = self.revision
        return twin

    def replace_all(self, other: EventDocument) -> None:
        """Take over another document's content (Edit JSON mode, undo of a whole replace)."""
        self._value = other._value
        self._style = other._style
        self._source_text = other._source_text
        self._exotic_numbers = other._exotic_numbers
        self.duplicate_keys = other.duplicate_keys
        self._touch(keep_text=True)

    def _touch(self, keep_text: bool = False) -> None:
        if not keep_text:
            self._source_text = None
            self.duplicate_keys = ()
        self.revision += 1

    # --- pointer access -------------------------------------------------------------------

    def get(self, pointer: str, default: Any = _MISSING) -> Any:
        try:
            return jp.resolve(self._value, pointer)
        except jp.PointerError:
            if default is _MISSING:
                raise
            return default

    def exists(self, pointer: str) -> bool:
        return jp.exists(self._value, pointer)

    def set(self, pointer: str, value: Any, *, position: int | None = None) -> None:
        """Set a value, creating missing parent objects (a form may fill a facet field first).

        `position` places a key that is new to its object at that index (undo puts a removed
        key back where it was, so key order survives undo).
        """
        if pointer == "":
            self._value = value
        else:
            self._ensure_parents(pointer)
            parts = jp.parse_pointer(pointer)
            parent = jp.resolve(self._value, parts[:-1])
            if position is not None and isinstance(parent, dict) and parts[-1] not in parent:
                items = list(parent.items())
                items.insert(position, (parts[-1], value))
                parent.clear()
                parent.update(items)
            else:
                jp.set_value(self._value, pointer, value)
        self._touch()

    def key_position(self, pointer: str) -> int | None:
        """Index of the key `pointer` names within its object (None for list items or absent keys)."""
        parts = jp.parse_pointer(pointer)
        if not parts:
            return None
        parent = self.get(jp.format_pointer(parts[:-1]), None)
        if isinstance(parent, dict) and parts[-1] in parent:
            return list(parent).index(parts[-1])
        return None

    @property
    def source_text(self) -> str | None:
        """The text this document was read from, while it is unedited."""
        return self._source_text

    def restore_source_text(self, text: str | None) -> None:
        """Undo brought the value back to what `text` says: write that text again, byte for byte."""
        if text is not None:
            self._source_text = text

    def insert(self, pointer: str, value: Any) -> None:
        self._ensure_parents(pointer)
        jp.insert_value(self._value, pointer, value)
        self._touch()

    def remove(self, pointer: str) -> Any:
        removed = jp.remove_value(self._value, pointer)
        self._touch()
        return removed

    def move(self, source: str, target_index: int) -> None:
        """Move a list element to another index of the same list (reordering datasets)."""
        parts = jp.parse_pointer(source)
        parent = jp.resolve(self._value, parts[:-1])
        if not isinstance(parent, list):
            raise jp.PointerError(f"{source}: not a list element")
        item = jp.remove_value(self._value, source)
        parent.insert(max(0, min(target_index, len(parent))), item)
        self._touch()

    def _ensure_parents(self, pointer: str) -> None:
        parts = jp.parse_pointer(pointer)
        if not isinstance(self._value, dict):
            if parts:
                raise jp.PointerError("the event is not a JSON object")
            return
        node: Any = self._value
        for part in parts[:-1]:
            if isinstance(node, dict):
                if part not in node:
                    node[part] = {}
                node = node[part]
            else:
                node = jp.resolve(node, [part])

    # --- typed read access ----------------------------------------------------------------

    def _text(self, pointer: str) -> str:
        found = self.get(pointer, None)
        return found if isinstance(found, str) else ""

    @property
    def kind(self) -> Literal["RunEvent", "DatasetEvent", "JobEvent"]:
        event = self._value if isinstance(self._value, dict) else {}
        if "run" in event:
            return "RunEvent"
        if "dataset" in event:
            return "DatasetEvent"
        if "job" in event:
            return "JobEvent"
        return "RunEvent"

    @property
    def event_type(self) -> str:
        return self._text("/eventType")

    @property
    def event_time(self) -> str:
        return self._text("/eventTime")

    @property
    def producer(self) -> str:
        return self._text("/producer")

    @property
    def schema_url(self) -> str:
        return self._text("/schemaURL")

    @property
    def run_id(self) -> str:
        return self._text("/run/runId")

    @property
    def job_namespace(self) -> str:
        return self._text("/job/namespace")

    @property
    def job_name(self) -> str:
        return self._text("/job/name")

    def facets(self, container_pointer: str) -> dict[str, Any]:
        """The facets object at e.g. `/run/facets` or `/inputs/0/inputFacets` ({} if absent)."""
        found = self.get(container_pointer, None)
        return found if isinstance(found, dict) else {}

    def datasets(self, side: Side) -> list[DatasetRef]:
        found = self.get(f"/{side}", None)
        if not isinstance(found, list):
            return []
        refs = []
        for index, item in enumerate(found):
            entry = item if isinstance(item, dict) else {}
            namespace, name = entry.get("namespace"), entry.get("name")
            refs.append(
                DatasetRef(
                    side,
                    index,
                    namespace if isinstance(namespace, str) else "",
                    name if isinstance(name, str) else "",
                )
            )
        return refs

    def iter_datasets(self) -> Iterator[DatasetRef]:
        for side in SIDES:
            yield from self.datasets(side)
