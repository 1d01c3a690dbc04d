"""SQL colouring for the SQL job facet, so a pasted query reads like it does in the user's IDE.

It is a lexer, not a parser: keywords, strings, quoted identifiers, numbers and comments, with
block comments and strings allowed to span lines (the block state carries them over).
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QWidget

from composer.ui.theme import Scheme, colour, current_scheme, on_scheme_change

KEYWORDS = frozenset(
    """
    add all alter and any as asc between by case cast check column commit constraint create cross
    cte database default delete desc distinct drop else end except exists false fetch filter first
    following for foreign from full grant group having if ilike in index inner insert intersect into
    is join key last lateral left like limit merge natural not null nulls offset on or order outer
    over partition preceding primary qualify range recursive references rename replace returning
    revoke right rollback row rows schema select set table then to top truncate true unbounded union
    unique unnest update using values view when where window with within
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

_STATE_NONE, _STATE_COMMENT, _STATE_STRING = -1, 1, 2
_TOKEN = re.compile(
    r"(?P<comment>--[^\n]*)"
    r"|(?P<block>/\*)"
    r"|(?P<string>')"
    r'|(?P<quoted>"(?:[^"]|"")*"?|`[^`]*`?)'
    r"|(?P<number>\b\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\b|\.\d+\b)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
)


def _format(role: str, scheme: Scheme, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    char_format = QTextCharFormat()
    char_format.setForeground(colour(role, scheme))
    if bold:
        char_format.setFontWeight(QFont.Weight.Bold)
    char_format.setFontItalic(italic)
    return char_format


class SqlHighlighter(QSyntaxHighlighter):
    """Colours from theme.py's `sql.*` roles, in the scheme of the editor it colours."""

    def __init__(self, document: QTextDocument, editor: QWidget | None = None) -> None:
        super().__init__(document)
        self._set_formats(current_scheme())
        if editor is not None:
            on_scheme_change(editor, lambda: self.set_scheme(current_scheme()))

    def set_scheme(self, scheme: Scheme) -> None:
        """New colours for the text shown (a rehighlight stirs the document: not at start)."""
        self._set_formats(scheme)
        self.rehighlight()

    def _set_formats(self, scheme: Scheme) -> None:
        self.keyword_format = _format("sql.keyword", scheme, bold=True)
        self.string_format = _format("sql.string", scheme)
        self.identifier_format = _format("sql.identifier", scheme)
        self.number_format = _format("sql.number", scheme)
        self.comment_format = _format("sql.comment", scheme, italic=True)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        position = 0
        self.setCurrentBlockState(_STATE_NONE)
        state = self.previousBlockState()
        if state == _STATE_COMMENT:
            position = self._finish(text, 0, "*/", self.comment_format, state=_STATE_COMMENT)
        elif state == _STATE_STRING:
            position = self._finish_string(text, 0)
        while 0 <= position < len(text):
            match = _TOKEN.search(text, position)
            if match is None:
                break
            start, kind = match.start(), match.lastgroup
            if kind == "comment":
                self.setFormat(start, len(text) - start, self.comment_format)
                break
            if kind == "block":
                position = self._finish(text, start, "*/", self.comment_format, state=_STATE_COMMENT, skip=2)
                continue
            if kind == "string":
                position = self._finish_string(text, start, skip=1)
                continue
            if kind == "quoted":
                self.setFormat(start, match.end() - start, self.identifier_format)
            elif kind == "number":
                self.setFormat(start, match.end() - start, self.number_format)
            elif kind == "word" and match.group().lower() in KEYWORDS:
                self.setFormat(start, match.end() - start, self.keyword_format)
            position = match.end()

    def _finish(
        self, text: str, start: int, closing: str, char_format: QTextCharFormat, *, state: int, skip: int = 0
    ) -> int:
        """Format from `start` to `closing` (inclusive); without one, carry `state` to the next block."""
        end = text.find(closing, start + skip)
        if end < 0:
            self.setFormat(start, len(text) - start, char_format)
            self.setCurrentBlockState(state)
            return -1
        end += len(closing)
        self.setFormat(start, end - start, char_format)
        return end

    def _finish_string(self, text: str, start: int, skip: int = 0) -> int:
        """A single-quoted string, where '' is an escaped quote rather than its end."""
        index = start + skip
        while index < len(text):
            if text[index] == "'":
                if index + 1 < len(text) and text[index + 1] == "'":
                    index += 2
                    continue
                self.setFormat(start, index + 1 - start, self.string_format)
                return index + 1
            index += 1
        self.setFormat(start, len(text) - start, self.string_format)
        self.setCurrentBlockState(_STATE_STRING)
        return -1
