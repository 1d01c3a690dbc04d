"""What of the event's text the preview's editor holds: all of it, or a part of a large one.

Putting a 4 MB event into a QPlainTextEdit (`setPlainText`, then laying out and colouring 130k
lines) takes ~350 ms: a stall on every load. Above `LARGE_EVENT_CHARS` the editor holds a `Part`
instead: whole lines of the exact text, around the last change (the top after a load), and the
`PartBanner` above it says which lines they are. An edit inside the part moves its end (the
editor gets one small splice); an edit elsewhere moves the part there. "Show all" (and Edit JSON,
which edits the whole text) puts the whole text in the editor, once at that cost; edits are then
spliced into it like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QWidget

from composer.ui.preview.event_text import LARGE_EVENT_CHARS
from composer.ui.preview.text_sync import TextSync, changed_span, common_prefix, utf16_length

# A part is the line of the change, this many characters above it and this many below.
PART_BEFORE = 2_000
PART_AFTER = 30_000
# A part that edits grew past this is cut around the next change again.
_PART_LIMIT = 4 * (PART_BEFORE + PART_AFTER)


@dataclass(frozen=True)
class Part:
    """`text[start:end]`, whole lines `first_line`..`last_line` (1-based) of a longer text."""

    start: int
    end: int
    first_line: int
    last_line: int
    total_lines: int
    total_chars: int


def part_around(text: str, at: int) -> Part:
    """The lines around character `at` of `text`."""
    start = 0 if at <= PART_BEFORE else text.rfind("\n", 0, at - PART_BEFORE) + 1
    stop = text.find("\n", min(len(text), at + PART_AFTER))
    end = len(text) if stop < 0 else stop + 1
    first = text.count("\n", 0, start) + 1
    return Part(start, end, first, _last_line(text, start, end, first), line_count(text), len(text))


def follow(part: Part, old: str, new: str) -> tuple[Part, int | None]:
    """The part of `new` to show after `part` of `old` was shown, and where the view must go.

    An edit inside the part keeps its lines (its end moves with the edit; nothing to scroll to:
    None); an edit elsewhere gives the lines around it, and its position.
    """
    if old == new:
        return part, None
    start, old_end, new_end = changed_span(old, new)
    grown = len(new) - len(old)
    # The text before the part and after it is unchanged, its line breaks at both ends included.
    if part.start <= start and old_end < part.end and part.end - part.start + grown <= _PART_LIMIT:
        end = part.end + grown
        added = new.count("\n", start, new_end) - old.count("\n", start, old_end)
        last = _last_line(new, part.start, end, part.first_line)
        return Part(part.start, end, part.first_line, last, part.total_lines + added, len(new)), None
    return part_around(new, start), start


def line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _last_line(text: str, start: int, end: int, first: int) -> int:
    return first + text.count("\n", start, end) - (1 if text.endswith("\n", start, end) else 0)


class PreviewText(QObject):
    """Writes the document's text, or the `Part` of it that is shown, into the preview's editor."""

    partChanged = Signal(object)  # the `Part` shown; None: the whole text

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._sync = TextSync(editor, self)
        self._text: str | None = None  # the whole text, as last given to `show`
        self.part: Part | None = None
        self._whole_asked = False  # the user's "Show all"
        self._editing = False  # Edit JSON edits the whole text
        self._anchor: int | None = None  # where a part starts after the whole text was shown

    @property
    def writing(self) -> bool:
        """The editor is being changed by this object (not by the user)."""
        return self._sync.writing

    @property
    def large(self) -> bool:
        return self._text is not None and len(self._text) > LARGE_EVENT_CHARS

    @property
    def total_lines(self) -> int:
        return line_count(self._text) if self._text is not None else 0

    def forget(self) -> None:
        """The user typed into the editor: what it holds is no longer what was written."""
        self._sync.forget()

    def set_editing(self, on: bool) -> None:
        self._set_mode(whole_asked=self._whole_asked, editing=on)

    def set_whole(self, on: bool) -> None:
        """Show the whole text (True) or a part of it (False) when it is large."""
        self._set_mode(whole_asked=on, editing=self._editing)

    def _set_mode(self, *, whole_asked: bool, editing: bool) -> None:
        was_whole = self._whole_asked or self._editing
        self._whole_asked, self._editing = whole_asked, editing
        if was_whole and not (whole_asked or editing):
            self._anchor = self._editor.firstVisibleBlock().position()  # a part from what is in view
        if self._text is not None and was_whole != (whole_asked or editing) and self.large:
            self.show(self._text)

    def show(self, text: str) -> None:
        previous, self._text = self._text, text
        if self._whole_asked or self._editing or len(text) <= LARGE_EVENT_CHARS:
            if self.part is not None:  # from a part to the whole large text: ~350 ms for 4 MB
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    self._sync.show(text)
                finally:
                    QGuiApplication.restoreOverrideCursor()
            else:
                self._sync.show(text)
            self._set_part(None)
            return
        if self.part is not None and previous is not None:
            part, at = follow(self.part, previous, text)
        else:
            at = self._anchor if self._anchor is not None else common_prefix(previous or "", text)
            self._anchor = None
            part = part_around(text, min(at, len(text)))
        self._sync.show(text[part.start : part.end])
        if at is not None:
            cursor = QTextCursor(self._editor.document())
            cursor.setPosition(utf16_length(text, part.start, at))
            self._editor.setTextCursor(cursor)
            self._editor.centerCursor()
        self._set_part(part)

    def _set_part(self, part: Part | None) -> None:
        self.part = part
        self.partChanged.emit(part)


class PartBanner(QWidget):
    """Says that the preview holds a part of a large event, which, and offers the whole text."""

    def __init__(self, text: PreviewText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPartBanner")
        self._text = text
        self.label = QLabel()
        self.label.setObjectName("previewPart")
        self.label.setWordWrap(True)
        self.show_all = QToolButton()
        self.show_all.setObjectName("previewShowAll")
        self.show_all.setText("Show all")
        self.show_all.setCheckable(True)
        self.show_all.setToolTip("Put the whole event into the preview (takes a moment for a large event)")
        self.show_all.toggled.connect(text.set_whole)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.show_all)
        text.partChanged.connect(self._update)
        self.hide()

    def _update(self, part: Part | None) -> None:
        self.setVisible(part is not None or (self._text.large and self.show_all.isChecked()))
        if part is not None:
            self.label.setText(
                f"<b>Part of a large event</b> ({part.total_chars / 1e6:.1f} MB): lines"
                f" {part.first_line:,}–{part.last_line:,} of {part.total_lines:,}, exactly as sent."
                " Send sends the whole event."
            )
        elif self.isVisible():
            self.label.setText(f"<b>The whole event</b>: all {self._text.total_lines:,} lines.")
