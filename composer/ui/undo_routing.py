"""One undo stack for the whole window, even while a text field has focus.

Qt lets a focused QLineEdit/QPlainTextEdit claim Ctrl+Z for its own private undo, which would
give the user two competing histories. This filter declines that claim for the form fields, so
the shortcut reaches the window's Undo/Redo actions (the model's QUndoStack). The Edit JSON
editor keeps its own text undo while the user is typing raw JSON.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

_ROUTED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class UndoRouter(QObject):
    def __init__(self, window: QWidget, exempt: tuple[QWidget, ...] = ()) -> None:
        super().__init__(window)
        self._window = window
        self._exempt = exempt

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QLineEdit | QPlainTextEdit) or watched in self._exempt:
            return False
        if not self._window.isAncestorOf(watched):
            return False
        # Not accepting the override lets the window's shortcut (our Undo/Redo action) fire.
        return any(event.matches(key) for key in _ROUTED)
