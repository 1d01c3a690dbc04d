"""Read-only text that wraps anywhere a line would not fit, as tall as its text.

A QLabel breaks lines only where Unicode allows, and a dotted table name, a host:port or a URL
allows almost nowhere: one such word made the Send & verify pane wider than its dock (its Copy
buttons cut off behind a sideways scroll). This wraps inside such a word when it must, copies
the text exactly as it is, and takes no width of its own.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, QSizeF, Qt
from PySide6.QtGui import QPalette, QTextOption
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget


class WrappingText(QTextBrowser):
    """`setText` (plain) or `setHtml`, `text()` as a label's; selectable, links not followed."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a label's: selectable, not a Tab stop
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # the pane's ground, as a label's
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(0)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit(self.document().size())

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name)
        self.setPlainText(text)

    def text(self) -> str:
        return self.toPlainText()

    def indent(self, left: int, below: int) -> None:
        """Space left of the text and under it (a step's details sit under its title)."""
        self.setViewportMargins(left, 0, 0, below)
        self._fit(self.document().size())

    def _fit(self, size: QSizeF) -> None:
        margins = self.viewportMargins()
        self.setFixedHeight(max(1, math.ceil(size.height()) + margins.top() + margins.bottom()))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, self.height())
