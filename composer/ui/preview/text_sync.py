"""Bring a QPlainTextEdit to a new text by changing only what differs.

`setPlainText` throws the editor's lines away and lays out and colours them all again. Successive
preview texts mostly differ in one small place, so this keeps a copy of what the editor holds,
finds the common start and end (C-speed slice comparisons) and replaces only the middle: one
keystroke of a long text is one small splice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

# Texts this short are simply set whole: splicing buys nothing.
_SMALL = 20_000
# QTextDocument turns these into block breaks of its own; texts with them are set whole.
_SEPARATORS = ("\r", "\u2028", "\u2029")


class TextSync(QObject):
    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._content: str | None = editor.toPlainText()
        self.writing = False

    def forget(self) -> None:
        """The editor was changed by someone else (the user typing JSON): re-read it when needed."""
        self._content = None

    def show(self, text: str) -> None:
        content = self._content if self._content is not None else self._editor.toPlainText()
        self._content = content
        if content == text:
            return
        if len(text) <= _SMALL or any(mark in text for mark in _SEPARATORS):
            self._set_whole(text)
            return
        start, old_end, new_end = changed_span(content, text)
        if old_end - start > len(content) // 2 or new_end - start > len(text) // 2:
            self._set_whole(text)  # mostly new: one fresh start is cheaper than a splice
        else:
            self._replace(content, start, old_end, text[start:new_end])

    def _set_whole(self, text: str) -> None:
        bar = self._editor.verticalScrollBar()
        position = bar.value()
        cursor = self._editor.textCursor().position()
        self.writing = True
        try:
            self._editor.setPlainText(text)
        finally:
            self.writing = False
        self._content = text
        bar.setValue(position)
        if not self._editor.isReadOnly():
            restored = self._editor.textCursor()
            restored.setPosition(min(cursor, self._editor.document().characterCount() - 1))
            self._editor.setTextCursor(restored)

    def _replace(self, content: str, start: int, end: int, text: str) -> None:
        document = self._editor.document()
        first = utf16_length(content, 0, start)
        cursor = QTextCursor(document)
        cursor.setPosition(first)
        cursor.setPosition(first + utf16_length(content, start, end), QTextCursor.MoveMode.KeepAnchor)
        self.writing = True
        try:
            cursor.insertText(text)
        finally:
            self.writing = False
        document.clearUndoRedoStacks()  # as `setPlainText` did: the preview's history is the model's
        self._content = content[:start] + text + content[end:]


def utf16_length(text: str, start: int, end: int) -> int:
    """QTextDocument counts UTF-16 code units: characters beyond the BMP count twice."""
    if text.isascii():
        return end - start
    return len(text[start:end].encode("utf-16-le")) // 2


def common_prefix(a: str, b: str) -> int:
    """Length of the common start of `a` and `b`."""
    return _agreeing(min(len(a), len(b)), lambda low, high: a[low:high] == b[low:high])


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common end of `a` and `b`, at most `limit`."""
    return _agreeing(limit, lambda low, high: a[len(a) - high : len(a) - low] == b[len(b) - high : len(b) - low])


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in `old`, end in `new`) of what differs: the rest is the same at both ends."""
    start = common_prefix(old, new)
    tail = common_suffix(old, new, min(len(old), len(new)) - start)
    return start, len(old) - tail, len(new) - tail


def _agreeing(limit: int, same: Callable[[int, int], bool]) -> int:
    """How far, up to `limit`, `same(low, high)` holds for the span from 0: compared in doubling
    chunks (a whole 4 MB text costs a few slices), then narrowed down in the chunk that differs."""
    low, size = 0, 4096
    while low < limit:
        high = min(low + size, limit)
        if not same(low, high):
            while high - low > 1:  # same up to low, not up to high
                middle = (low + high) // 2
                if same(low, middle):
                    low = middle
                else:
                    high = middle
            return low
        low, size = high, size * 2
    return limit
