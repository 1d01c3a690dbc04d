"""Two-way links between simple widgets and one place in the event.

A widget edit becomes an undoable model edit (keystrokes in one field merge into one step); a
model change (any source: another form, Edit JSON, undo) updates the widget without moving the
user's cursor when the text is already right.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from composer.ui.editor.document_model import DocumentModel, pointer_label


def field_label(widget: QWidget, pointer: str) -> str:
    """What undo texts call a field: its label as a screen reader says it ("Input 1 name"),
    else its place in the event in words, never an object name or a JSON pointer."""
    return widget.accessibleName() or pointer_label(pointer)


def affects(changed: str, pointer: str) -> bool:
    """Whether a change at `changed` may alter the value at `pointer` (same, above or below)."""
    if changed in ("", pointer):
        return True
    return pointer.startswith(changed + "/") or changed.startswith(pointer + "/")


class LineBinding(QObject):
    """A QLineEdit that shows and edits the text at `pointer`.

    `remove_when_empty` deletes the key when the field is cleared (optional fields); required
    fields keep an empty string so the problems list can point at them.
    """

    def __init__(
        self, model: DocumentModel, edit: QLineEdit, pointer: str, *, remove_when_empty: bool = False
    ) -> None:
        super().__init__(edit)
        self._model = model
        self._edit = edit
        self.pointer = pointer
        self._remove_when_empty = remove_when_empty
        edit.textEdited.connect(self._on_edited)
        model.changed.connect(self._on_model_changed)
        self.refresh()

    def _on_edited(self, text: str) -> None:
        key = self._edit.objectName() or self.pointer
        if not text and self._remove_when_empty:
            self._model.remove(self.pointer, text=f"Clear {field_label(self._edit, self.pointer)}")
        else:
            self._model.set(self.pointer, text, merge_key=key, text=f"Edit {field_label(self._edit, self.pointer)}")

    def _on_model_changed(self, changed: str) -> None:
        if affects(changed, self.pointer):
            self.refresh()

    def refresh(self) -> None:
        value: Any = self._model.get(self.pointer, None)
        text = "" if value is None else value if isinstance(value, str) else str(value)
        if self._edit.text() != text:
            position = self._edit.cursorPosition()
            self._edit.setText(text)
            self._edit.setCursorPosition(min(position, len(text)))


class ComboBinding(QObject):
    """An editable QComboBox whose current text is the string at `pointer`."""

    def __init__(self, model: DocumentModel, combo: QComboBox, pointer: str) -> None:
        super().__init__(combo)
        self._model = model
        self._combo = combo
        self.pointer = pointer
        combo.currentTextChanged.connect(self._on_text)
        model.changed.connect(self._on_model_changed)
        self._updating = False
        self.refresh()

    def _on_text(self, text: str) -> None:
        if self._updating:
            return
        key = self._combo.objectName() or self.pointer
        self._model.set(self.pointer, text, merge_key=key, text=f"Edit {field_label(self._combo, self.pointer)}")

    def _on_model_changed(self, changed: str) -> None:
        if affects(changed, self.pointer):
            self.refresh()

    def refresh(self) -> None:
        value = self._model.get(self.pointer, None)
        text = value if isinstance(value, str) else "" if value is None else str(value)
        if self._combo.currentText() != text:
            self._updating = True
            try:
                if self._combo.isEditable():
                    self._combo.setEditText(text)
                else:
                    index = self._combo.findText(text)
                    if index < 0:
                        self._combo.addItem(text)
                        index = self._combo.count() - 1
                    self._combo.setCurrentIndex(index)
            finally:
                self._updating = False
