"""When the window's later parts are built, and what the window owns for its whole life."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow


def adopt(window: QMainWindow, *made_for_it: QObject) -> None:
    """The window owns, as Qt children, what the composition root made for it (the model and its
    undo stack, the task runner and its thread pool): their Qt objects are deleted with the
    window's, at a known time, never by the garbage collector in the middle of a collection,
    where a runner's pool or an undo stack torn down while another window's workers ran came
    with the test suite's rare segfault in `gc.collect()` (tests/ui/test_window_teardown.py)."""
    for part in made_for_it:
        part.setParent(window)


class AfterFirstPaint(QObject):
    """Runs `action` once, on the event loop's turn after the window's first paint."""

    def __init__(self, window: QMainWindow, action: Callable[[], None]) -> None:
        super().__init__(window)
        self._action = action
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._action)
        return False
