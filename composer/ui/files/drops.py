"""Files and text dropped on the window: accepted only when they could become an event.

An event filter rather than drag handlers on the window, so the `FileController` decides what a
drop means without the window subclassing anything for it. The drop itself is acted on a turn
later: a dialog opened inside a drop handler stalls the drag source (a file manager) until it
closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from composer.ui.files.event_picker import dropped_payload


class DropTarget(QObject):
    """Accepts event files and JSON text on `widget` and hands each drop to `on_drop`.

    `payload` says what a drop holds that this target takes (None: not for it, and the drop goes
    on to the widget's other filters): the File menu's events by default, mapping sheets for
    New from Sheet.
    """

    def __init__(
        self,
        widget: QWidget,
        on_drop: Callable[[Any], object],
        parent: QObject,
        payload: Callable[[QMimeData], object | None] = dropped_payload,
    ) -> None:
        super().__init__(parent)
        self._on_drop = on_drop
        self._payload = payload
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(event, QDragMoveEvent) and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
        ):
            if self._payload(event.mimeData()) is None:
                return False
            event.acceptProposedAction()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            payload = self._payload(event.mimeData())
            if payload is None:
                return False
            event.acceptProposedAction()
            QTimer.singleShot(0, self, lambda: self._on_drop(payload))
            return True
        return super().eventFilter(watched, event)
