"""One undo stack for the whole window, even while a text field has focus.

Qt lets a focused QLineEdit/QPlainTextEdit claim Ctrl+Z for its own private undo, which would
give the user two competing histories. This filter declines that claim for the form fields, so
the shortcut reaches the window's Undo/Redo actions (the model's QUndoStack). The Edit JSON
editor keeps its own text undo while the user is typing raw JSON.

The claim (a ShortcutOverride event) goes to the focused widget only, so the filter sits on the
focused text field alone and moves with the focus. (An application-wide filter would run Python
for every event of the app, thousands of them while a dataset card is built.)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from composer.ui.icons import action_icon

_ROUTED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class UndoRouter(QObject):
    def __init__(self, window: QWidget, exempt: tuple[QWidget, ...] = ()) -> None:
        super().__init__(window)
        self._window = window
        self._exempt = exempt
        self._watched: QWidget | None = None
        self._watching = False

    def watch(self, application: QApplication) -> None:
        """Follow the focus from now on (and start with the widget that has it)."""
        if not self._watching:
            application.focusChanged.connect(self._focus_changed)
            self._watching = True
        self._focus_changed(None, application.focusWidget())

    def unwatch(self, application: QApplication) -> None:
        """Stop following the focus (a window closed twice calls this twice)."""
        if self._watching:
            application.focusChanged.disconnect(self._focus_changed)
            self._watching = False
        self._focus_changed(self._watched, None)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
        if self._routes(new):
            assert new is not None
            new.installEventFilter(self)
            self._watched = new

    def _routes(self, widget: QWidget | None) -> bool:
        return (
            isinstance(widget, QLineEdit | QPlainTextEdit)
            and widget not in self._exempt
            and self._window.isAncestorOf(widget)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        # Not accepting the override lets the window's shortcut (our Undo/Redo action) fire.
        return any(event.matches(key) for key in _ROUTED)


class _StepAction(QAction):
    """A toolbar action with a fixed text; the step it would take is its tooltip."""

    def __init__(self, name: str, parent: QObject) -> None:
        super().__init__(name, parent)
        self._name = name
        self.setObjectName(f"toolbar{name}")
        self.setIcon(action_icon(f"edit-{name.lower()}"))

    def show_step(self, text: str) -> None:  # a method, so Qt disconnects it when the action goes
        self.setToolTip(f"{self._name} {text}" if text else self._name)


def fixed_undo_actions(stack: QUndoStack, parent: QObject) -> list[QAction]:
    """Undo and Redo for a toolbar: their text stays "Undo"/"Redo" (what would be undone is the
    tooltip), so the toolbar never changes width while the user types and Send never moves.
    The Edit menu keeps the stack's own actions, whose text names the step."""
    undo, redo = _StepAction("Undo", parent), _StepAction("Redo", parent)
    undo.setEnabled(stack.canUndo())
    undo.show_step(stack.undoText())
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.undoTextChanged.connect(undo.show_step)
    undo.triggered.connect(stack.undo)
    redo.setEnabled(stack.canRedo())
    redo.show_step(stack.redoText())
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.redoTextChanged.connect(redo.show_step)
    redo.triggered.connect(stack.redo)
    return [undo, redo]
