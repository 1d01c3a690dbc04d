"""JSON colouring for the preview: keys, strings, numbers and literals, palette-aware."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QGuiApplication, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)


def _is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.window().color().lightness() < 128


def _format(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class JsonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        dark = _is_dark()
        self._formats = {
            "key": _format("#9cdcfe" if dark else "#0b4f8a", bold=True),
            "string": _format("#ce9178" if dark else "#a31515"),
            "number": _format("#b5cea8" if dark else "#098658"),
            "literal": _format("#569cd6" if dark else "#0000c0"),
        }

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if len(text) > 5000:  # a minified megabyte line: colouring it would stall the window
            return
        for match in _TOKENS.finditer(text):
            kind = match.lastgroup
            if kind:
                self.setFormat(match.start(), match.end() - match.start(), self._formats[kind])
