"""JSON colouring for the preview: keys, strings, numbers and literals, in the scheme shown.

Only the lines on screen are coloured, when they are painted. A `QSyntaxHighlighter` colours
every line the moment the text changes, in Python, all on the GUI thread: for a large event that
is seconds of frozen window (docs/benchmarks.md). Colours live in each line's layout (as a highlighter's
would), and a line is coloured again only after its text changed (`QTextBlock.revision`), or
when the scheme switches between light and dark (the colours are theme.py's `json.*` roles).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from composer.ui.theme import colour, on_scheme_change
from composer.ui.widget_parts import code_view

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)
# A minified megabyte line: colouring it would stall the window.
_LONGEST_LINE = 5000


_KINDS = ("key", "string", "number", "literal")


def _format(kind: str, widget: QWidget) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(colour(f"json.{kind}"))
    if kind == "key":
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class JsonHighlighter:
    """Colours the visible lines of `editor` as they are painted."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        self._formats = {kind: _format(kind, editor) for kind in _KINDS}
        editor.updateRequest.connect(self._on_update_request)
        on_scheme_change(editor, self.recolour)

    @property
    def formats(self) -> dict[str, QTextCharFormat]:
        return dict(self._formats)

    def recolour(self) -> None:
        """The scheme switched: new colours, and every line coloured again as it is painted."""
        self._formats = {kind: _format(kind, self._editor) for kind in _KINDS}
        block = self._editor.document().begin()
        while block.isValid():
            block.setUserState(-1)
            block = block.next()
        self.colour_visible()
        self._editor.viewport().update()

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
