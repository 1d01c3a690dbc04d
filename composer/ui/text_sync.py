"""Bring a QPlainTextEdit to a new text by changing only what differs, in slices.

`setPlainText` of a multi-megabyte event (and colouring each of its lines) takes seconds on the
GUI thread. Successive preview texts mostly differ in one small place, so this keeps a copy of
what the editor holds, finds the common start and end (C-speed slice comparisons), and replaces
only the middle. A long new text is written in newline-aligned slices of `CHUNK` characters, one
slice per time budget, the rest on the next turns of the event loop (within the turn's share
for background work, `turns.TurnBudget`); `done` fires once the editor holds the whole target.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from composer.ui.turns import turn_budget

CHUNK = 16_000
# Texts this short are simply set whole, as before: splicing buys nothing.
_SMALL = 20_000
_BUDGET_S = 0.005
# QTextDocument turns these into block breaks of its own; texts with them are set whole.
_SEPARATORS = ("\r", "\u2028", "\u2029")


class TextSync(QObject):
    done = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._content: str | None = editor.toPlainText()
        self._target = self._content
        self._scroll: int | None = None
        self.writing = False
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._continue)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def forget(self) -> None:
        """The editor was changed by someone else (the user typing JSON): re-read it when needed."""
        self._content = None
        self._timer.stop()

    def show(self, text: str) -> None:
        self._target = text
        if self._content is None:
            self._content = self._editor.toPlainText()
        self._converge(first_step_now=True)

    def _continue(self) -> None:
        if self._content is None:
            self._timer.stop()
            return
        self._converge()

    def _converge(self, *, first_step_now: bool = False) -> None:
        """Write slices until the turn's share is used; `first_step_now`: the first one in any case
        (a new text the user is waiting for: one edit of a large event is usually a single step)."""
        deadline = turn_budget().deadline(_BUDGET_S, "preview text")
        step_now = first_step_now
        while self._content != self._target:
            if not step_now and (deadline is None or time.perf_counter() > deadline):
                self._timer.start()
                return
            step_now = False
            self._step()
        self._timer.stop()
        if self._scroll is not None:
            self._editor.verticalScrollBar().setValue(self._scroll)
            self._scroll = None
        self.done.emit()

    def _step(self) -> None:
        content, target = self._content or "", self._target
        if len(target) <= _SMALL or any(mark in target for mark in _SEPARATORS):
            self._set_whole(target)
            return
        start = _common_prefix(content, target)
        tail = _common_suffix(content, target, min(len(content), len(target)) - start)
        old_end, new_end = len(content) - tail, len(target) - tail
        if start < CHUNK and old_end - start > CHUNK:
            # Most of what the editor holds goes: start over with the first slice.
            self._scroll = self._editor.verticalScrollBar().value()
            self._set_whole(target[: _cut(target, CHUNK, new_end)])
            return
        stop = _cut(target, start + CHUNK, new_end)
        self._replace(content, start, old_end, target[start:stop])

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
        first = _utf16_length(content, 0, start)
        cursor = QTextCursor(document)
        cursor.setPosition(first)
        cursor.setPosition(first + _utf16_length(content, start, end), QTextCursor.MoveMode.KeepAnchor)
        self.writing = True
        try:
            cursor.insertText(text)
        finally:
            self.writing = False
        document.clearUndoRedoStacks()  # as `setPlainText` did: the preview's history is the model's
        self._content = content[:start] + text + content[end:]


def _cut(text: str, position: int, limit: int) -> int:
    """The end of the line that `position` falls in, at most `limit`."""
    if position >= limit:
        return limit
    newline = text.find("\n", position, limit)
    return limit if newline < 0 else newline + 1


def _utf16_length(text: str, start: int, end: int) -> int:
    """QTextDocument counts UTF-16 code units: characters beyond the BMP count twice."""
    if text.isascii():
        return end - start
    return len(text[start:end].encode("utf-16-le")) // 2


def _common_prefix(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    low, size = 0, 4096
    while low < limit:
        high = min(low + size, limit)
        if a[low:high] != b[low:high]:
            # a[:low] == b[:low] and a[:high] != b[:high]: narrow it down.
            while high - low > 1:
                middle = (low + high) // 2
                if a[low:middle] == b[low:middle]:
                    low = middle
                else:
                    high = middle
            return low
        low, size = high, size * 2
    return limit


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common end of `a` and `b`, at most `limit`."""
    low, size = 0, 4096
    while low < limit:
        high = min(low + size, limit)
        if a[len(a) - high : len(a) - low] != b[len(b) - high : len(b) - low]:
            while high - low > 1:
                middle = (low + high) // 2
                if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
                    low = middle
                else:
                    high = middle
            return low
        low, size = high, size * 2
    return limit
