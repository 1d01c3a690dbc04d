"""A sheet event opened in the editor, and the editor's changes kept in the sheet's event.

Opening puts the event in the window as one undoable step (the event that was there stays on
the undo stack). While the editor still holds it (its undo stack has not gone back past that
step, and no other file was loaded, which clears the stack), every change is copied back into
the sheet's event a moment later, so Send All and Save send what the editor shows.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer

from composer.core.sheet.events import SheetEvent
from composer.ui.editor.document_model import DocumentModel

SYNC_DELAY_MS = 250


class EditorLink(QObject):
    def __init__(
        self, model: DocumentModel, on_kept: Callable[[int], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._on_kept = on_kept
        self._event: SheetEvent | None = None
        self._row = -1
        self._base = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SYNC_DELAY_MS)
        self._timer.timeout.connect(self.keep)
        model.changed.connect(self._changed)
        # An undo changes the document before the stack's index moves: the index says when.
        model.undo_stack.indexChanged.connect(self._index_moved)

    @property
    def row(self) -> int:
        """The row of the event the editor holds, or -1."""
        return self._row if self._event is not None else -1

    def open(self, row: int, event: SheetEvent) -> None:
        self.keep()  # the one open before keeps its last changes
        self._event = None  # our own replace is not an edit to copy back
        self._model.replace(event.document.copy(), text=f"Open sheet event {row + 1}")
        self._event, self._row = event, row
        self._base = self._model.undo_stack.index()

    def _index_moved(self, _index: int) -> None:
        if shiboken6.isValid(self._model.undo_stack):  # the stack says it moved as it is destroyed
            self._still_ours()

    def _still_ours(self) -> bool:
        if self._event is not None and self._model.undo_stack.index() < self._base:
            self._event = None  # undone past the open, or another file loaded: no longer ours
            self._timer.stop()
        return self._event is not None

    def _changed(self, _pointer: str) -> None:
        if self._still_ours():
            self._timer.start()

    def keep(self) -> None:
        """Copy the editor's event into the sheet's now (before sending or saving)."""
        self._timer.stop()
        if self._event is None:
            return
        if self._event.document.to_json() != self._model.to_json():
            self._event.document = self._model.document.copy()
            self._on_kept(self._row)
