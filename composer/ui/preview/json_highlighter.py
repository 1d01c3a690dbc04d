"""JSON colouring for the preview: keys, strings, numbers and literals, palette-aware.

Only the lines on screen are coloured, when they are painted. A `QSyntaxHighlighter` colours
every line the moment the text changes, in Python, all on the GUI thread: for a large event that
is seconds of frozen window (docs/benchmarks.md). Colours live in each line's layout (as a highlighter's
would), and a line is coloured again only after its text changed (`QTextBlock.revision`).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QGuiApplication, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from composer.ui.widget_parts import code_view

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)
# A minified megabyte line: colouring it would stall the window.
_LONGEST_LINE = 5000


def _is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.window().color().lightness() < 128


def _format(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class JsonHighlighter:
    """Colours the visible lines of `editor` as they are painted."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        dark = _is_dark()
        self._formats = {
            "key": _format("#9cdcfe" if dark else "#0b4f8a", bold=True),
            "string": _format("#ce9178" if dark else "#a31515"),
            "number": _format("#b5cea8" if dark else "#098658"),
            "literal": _format("#569cd6" if dark else "#0000c0"),
        }
        editor.updateRequest.connect(self._on_update_request)

    def _on_update_request(self, _rect: QRect, _dy: int) -> None:
        self.colour_visible()

    def colour_visible(self) -> int:
        """Colour the lines on screen that are not coloured yet; returns how many were."""
        editor = self._editor
        height = editor.viewport().height()
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        first = last = -1
        while block.isValid() and editor.blockBoundingGeometry(block).translated(offset).top() <= height:
            # userState keeps the block revision it was coloured at (-1: never).
            if block.userState() != block.revision():
                block.layout().setFormats(self.ranges(block.text()))
                block.setUserState(block.revision())
                first = block.position() if first < 0 else first
                last = block.position() + block.length()
            block = block.next()
        if first < 0:
            return 0
        editor.document().markContentsDirty(first, last - first)
        return 1

    def ranges(self, text: str) -> list[QTextLayout.FormatRange]:
        found: list[QTextLayout.FormatRange] = []
        if len(text) > _LONGEST_LINE:
            return found
        for match in _TOKENS.finditer(text):
            kind = match.lastgroup
            if kind:
                span = QTextLayout.FormatRange()
                span.start = match.start()
                span.length = match.end() - match.start()
                span.format = self._formats[kind]
                found.append(span)
        return found



class JsonView(QPlainTextEdit):
    """A read-only, monospaced, coloured view of JSON text (the template and START previews)."""

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        code_view(self, object_name, accessible_name, wrap=True)
        self.highlighter = JsonHighlighter(self)
