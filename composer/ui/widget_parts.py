"""Small builders for dialog widgets: names for automation, plain-text labels, groups, messages.

Shared by dialogs that explain themselves in labels (the namespace builder and the like), so
every such label is plain text (catalog and URI text may contain '<') and every input carries
the object and accessible names tests and screen readers look for.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from composer.ui.theme import set_text_role

_W = TypeVar("_W", bound=QWidget)


def named(widget: _W, object_name: str, accessible: str = "", tip: str = "") -> _W:
    """Give a widget the names automation and screen readers look for, and its tooltip."""
    widget.setObjectName(object_name)
    if accessible:
        widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)
    return widget


def wrapped_label(object_name: str, *, muted: bool = False) -> QLabel:
    """A plain-text label: catalog and URI text may contain '<' and must never be read as HTML."""
    label = named(QLabel(), object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.hide()  # until it has something to say: an empty label still takes a line
    return label


def scrolling(content: QWidget, object_name: str) -> QScrollArea:
    """`content` in a scroll area: a pane scrolls rather than clips. Its labels wrap to the width
    it is given; only what cannot wrap (a long URL) makes it scroll sideways."""
    area = named(QScrollArea(), object_name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


def group_box(title: str, *parts: QWidget | QVBoxLayout) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part)
        else:
            layout.addLayout(part)
    return box


def show_message(label: QLabel, text: str, *, error: bool) -> None:
    label.setText(text)
    set_text_role(label, "error" if error else None)
    label.setVisible(bool(text))


def code_view(
    view: QPlainTextEdit, object_name: str, accessible: str = "", *, wrap: bool = False
) -> QPlainTextEdit:
    """Make `view` a read-only, monospaced text view (JSON, code, diffs): one look everywhere."""
    named(view, object_name, accessible)
    view.setReadOnly(True)
    if not wrap:
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    view.setFont(font)
    return view
