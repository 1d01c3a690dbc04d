"""The window's one event document, edited only through undoable commands.

Every form field, the facet editors and the Edit JSON mode change the event through this model,
so one `QUndoStack` covers them all and every view hears the same `changed(pointer)` signal.
Keystrokes in one field merge into one undo step (same `merge_key`, consecutive edits).

`to_json()` comes from an `EventTextCache`: after an edit only the dataset that changed is
serialised again, so autosave, Save, Send and Edit JSON do not re-serialise a large event whole
on the GUI thread. The cache hears every `changed(pointer)` first (its slot is connected in
`__init__`, before any view's), so a view that asks for the text in its own slot gets it current.
"""

from __future__ import annotations

import copy
import re
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from composer.core.document import EventDocument
from composer.core.pointer import PointerError, format_pointer, parse_pointer
from composer.ui.preview.event_text import EventTextCache

_MISSING: Any = object()


_DATASET_SIDES = {"inputs": "Input", "outputs": "Output"}


def pointer_label(pointer: str) -> str:
    """A JSON pointer as the forms name it, for undo texts: `/inputs/0/namespace` -> "Input 1
    namespace", `/job/name` -> "Job name" (never the pointer or a widget's object name)."""
    try:
        parts = parse_pointer(pointer)
    except PointerError:
        return pointer
    words: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if part in _DATASET_SIDES and following.isdigit():
            words.append(f"{_DATASET_SIDES[part]} {int(following) + 1}")
            index += 2
            continue
        words.append(f"#{int(part) + 1}" if part.isdigit() else _spaced(part))
        index += 1
    text = " ".join(words) or "event"
    return text[0].upper() + text[1:]


def _spaced(name: str) -> str:
    """`eventTime` -> "event time", `schemaURL` -> "schema URL", `_producer` -> "producer"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.lstrip("_")).split(" ")
    return " ".join(word if word.isupper() else word.lower() for word in words)


class DocumentModel(QObject):
    """A thin QObject around `EventDocument` that makes every edit undoable and observable.

    `changed(pointer)` fires after each edit with the JSON pointer that changed ("" when the whole
    event was replaced); views refresh only what lies at or under (or above) that pointer.
    """

    changed = Signal(str)
    replaced = Signal()

    def __init__(self, document: EventDocument | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document or EventDocument.new()
        self.undo_stack = QUndoStack(self)
        # A stack with unsaved edits says "clean" as it is destroyed (QUndoStack::clear in its
        # destructor): to Python slots of objects that may be going at that moment themselves
        # (an autosave whose last reference held this model) — a segfault. It goes silently.
        self.destroyed.connect(partial(QUndoStack.blockSignals, self.undo_stack, True))
        self._text = EventTextCache()
        self._merge_ids: dict[str, int] = {}  # QUndoCommand.id() per merge key, for this stack
        # Connected before anyone else can connect: Qt calls slots in connection order.
        self.changed.connect(self._forget_text)

    @property
    def document(self) -> EventDocument:
        return self._document

    def get(self, pointer: str, default: Any = None) -> Any:
        return self._document.get(pointer, default)

    def exists(self, pointer: str) -> bool:
        return self._document.exists(pointer)

    def to_json(self) -> str:
        """Byte for byte `document.to_json()`, re-serialising only the datasets that changed."""
        return self._text.text(self._document)

    def warm_text(self, seconds: float) -> bool:
        """Serialise not-yet-kept datasets for about `seconds` (idle time); True when all are kept."""
        return self._text.warm(self._document, seconds)

    def merge_id(self, key: str) -> int:
        """The undo-command id that edits with `key` share, so they merge into one step."""
        return self._merge_ids.setdefault(key, len(self._merge_ids) + 1)

    def _forget_text(self, pointer: str) -> None:
        self._text.forget(self._document, pointer)

    # --- undoable edits -------------------------------------------------------------------

    def set(self, pointer: str, value: Any, *, merge_key: str | None = None, text: str = "") -> None:
        """Set (or add) the value at `pointer`. Edits with the same `merge_key` in a row merge."""
        if self._document.get(pointer, _MISSING) == value and self._document.exists(pointer):
            return
        self.undo_stack.push(_SetCommand(self, pointer, value, merge_key, text or f"Edit {pointer_label(pointer)}"))

    def remove(self, pointer: str, *, text: str = "") -> None:
        if self._document.exists(pointer):
            self.undo_stack.push(
                _SetCommand(self, pointer, _MISSING, None, text or f"Remove {pointer_label(pointer)}")
            )

    def insert(self, pointer: str, value: Any, *, text: str = "") -> None:
        """Insert into a list (`/inputs/-` appends) or add a key."""
        self.undo_stack.push(_InsertCommand(self, pointer, value, text or f"Add {pointer_label(pointer)}"))

    def move(self, pointer: str, index: int, *, text: str = "") -> None:
        self.undo_stack.push(_MoveCommand(self, pointer, index, text or "Reorder"))

    def replace(
        self, document: EventDocument, *, text: str = "Edit JSON", merge_key: str | None = None
    ) -> None:
        """Swap the whole event (Edit JSON, paste) as one undoable step.

        Consecutive replaces with the same `merge_key` (typing in Edit JSON) merge into one.
        """
        self.undo_stack.push(_ReplaceCommand(self, document, text, merge_key))

    def load(self, document: EventDocument) -> None:
        """Start over with another event (New, Open): not undoable, the stack is cleared."""
        self._document = document
        self.undo_stack.clear()
        self.replaced.emit()
        self.changed.emit("")

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Group several edits into one undo step (e.g. filling datasets from SQL)."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    # --- used by the commands -------------------------------------------------------------

    def _swap(self, document: EventDocument) -> EventDocument:
        previous = self._document.copy()
        self._document.replace_all(document.copy())
        self.replaced.emit()
        self.changed.emit("")
        return previous


def _first_missing(document: EventDocument, pointer: str) -> str:
    """The shallowest part of `pointer` that does not exist yet (what a set would create)."""
    parts = parse_pointer(pointer)
    for depth in range(1, len(parts) + 1):
        prefix = format_pointer(parts[:depth])
        if not document.exists(prefix):
            return prefix
    return pointer


class _ModelCommand(QUndoCommand):
    """An edit of `model`, which it holds weakly: the model's undo stack holds the commands, so a
    strong reference back would make every model a reference cycle, left for the garbage
    collector to tear down (the model and its undo stack destroyed inside a collection) instead
    of going when its last user lets go."""

    def __init__(self, model: DocumentModel, text: str) -> None:
        super().__init__(text)
        self._model_ref = weakref.ref(model)

    @property
    def _model(self) -> DocumentModel:
        model = self._model_ref()
        assert model is not None, "an undo command outlived its model"  # the model's stack owns it
        return model


class _SetCommand(_ModelCommand):
    """Set, add or remove one value; undo restores value, key position and the exact text."""

    def __init__(
        self, model: DocumentModel, pointer: str, value: Any, merge_key: str | None, text: str
    ) -> None:
        super().__init__(model, text)
        self._pointer = pointer
        self._new = copy.deepcopy(value) if value is not _MISSING else _MISSING
        document = model.document
        # Undo of a set that created parents removes what it created, not just the leaf.
        self._undo_pointer = _first_missing(document, pointer) if not document.exists(pointer) else pointer
        old = document.get(self._undo_pointer, _MISSING)
        self._old = old if old is _MISSING else copy.deepcopy(old)
        self._position = document.key_position(self._undo_pointer)
        self._text_before = document.source_text
        parent = document.get(pointer.rpartition("/")[0], None)
        # Removing a list item and undoing must re-insert it, not overwrite its successor.
        self._reinsert = value is _MISSING and isinstance(parent, list)
        self._merge = model.merge_id(f"{merge_key}\x00{pointer}") if merge_key else -1

    def id(self) -> int:
        return self._merge

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, _SetCommand) or other._pointer != self._pointer or self._merge < 0:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        document = self._model.document
        if self._new is _MISSING:
            document.remove(self._pointer)
        else:
            document.set(self._pointer, copy.deepcopy(self._new))
        self._model.changed.emit(self._pointer)

    def undo(self) -> None:
        document = self._model.document
        if self._old is _MISSING:
            document.remove(self._undo_pointer)
        elif self._reinsert:
            document.insert(self._undo_pointer, copy.deepcopy(self._old))
        else:
            document.set(self._undo_pointer, copy.deepcopy(self._old), position=self._position)
        document.restore_source_text(self._text_before)
        self._model.changed.emit(self._undo_pointer)


class _InsertCommand(_ModelCommand):
    def __init__(self, model: DocumentModel, pointer: str, value: Any, text: str) -> None:
        super().__init__(model, text)
        self._value = copy.deepcopy(value)
        parent, _, last = pointer.rpartition("/")
        container = model.document.get(parent, None) if parent else model.document.value
        if isinstance(container, list) and last == "-":
            pointer = f"{parent}/{len(container)}"
        self._pointer = pointer
        self._parent = parent
        self._text_before = model.document.source_text

    @property
    def pointer(self) -> str:
        return self._pointer

    def redo(self) -> None:
        self._model.document.insert(self._pointer, copy.deepcopy(self._value))
        self._model.changed.emit(self._parent)

    def undo(self) -> None:
        try:
            self._model.document.remove(self._pointer)
        except PointerError:
            return
        self._model.document.restore_source_text(self._text_before)
        self._model.changed.emit(self._parent)


class _MoveCommand(_ModelCommand):
    def __init__(self, model: DocumentModel, pointer: str, index: int, text: str) -> None:
        super().__init__(model, text)
        self._parent, _, last = pointer.rpartition("/")
        self._from = int(last)
        self._to = index
        self._text_before = model.document.source_text

    def _move(self, source: int, target: int) -> None:
        self._model.document.move(f"{self._parent}/{source}", target)
        self._model.changed.emit(self._parent)

    def redo(self) -> None:
        self._move(self._from, self._to)

    def undo(self) -> None:
        self._model.document.move(f"{self._parent}/{self._to}", self._from)
        # The exact text comes back before anyone hears of the change.
        self._model.document.restore_source_text(self._text_before)
        self._model.changed.emit(self._parent)


class _ReplaceCommand(_ModelCommand):
    def __init__(
        self, model: DocumentModel, document: EventDocument, text: str, merge_key: str | None
    ) -> None:
        super().__init__(model, text)
        self._other = document.copy()
        self._merge = model.merge_id(f"replace\x00{merge_key}") if merge_key else -1

    def id(self) -> int:
        return self._merge

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        # Keep our "before" document; the model already holds the newest one.
        return isinstance(other, _ReplaceCommand) and self._merge >= 0

    def redo(self) -> None:
        self._other = self._model._swap(self._other)

    def undo(self) -> None:
        self._other = self._model._swap(self._other)
