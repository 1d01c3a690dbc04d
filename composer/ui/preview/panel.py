"""The live JSON preview: exactly the bytes that will be sent, and the Edit JSON mode.

In Edit JSON mode the same widget becomes editable; text that parses flows back into the
document as one undoable step per typing burst (forms update from it, unknown fields kept);
text that does not parse shows the error with line and column, a marker on its line, and is
kept as typed; `parseErrorChanged` tells the problems list and Send (which must never send an
older event than the one on screen: `unparsed()` hands it the text as typed).

The editor changes only where the text differs (a keystroke: one small splice). Of a large
event it holds a part, and a banner says which lines and offers the whole text (`PreviewText`):
filling an editor with megabytes takes a noticeable moment, which a load must not cost.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.core.problems import Problem
from composer.ui.editor.document_model import DocumentModel
from composer.ui.preview.json_highlighter import JsonHighlighter
from composer.ui.preview.part import Part, PartBanner, PreviewText
from composer.ui.theme import on_scheme_change, set_text_role, severity
from composer.ui.widget_parts import code_view

_PARSE_DELAY_MS = 250
PARSE_ERROR_CODE = "malformed-json"


def parse_problem(error: JsonSyntaxError) -> Problem:
    """The problems list's line for text that does not parse (it replaces every other line: the
    rules would speak of the last event that parsed, which is no longer what is on screen)."""
    return Problem(
        "error",
        "",
        f"Not valid JSON: {error.reason} at line {error.line}, column {error.column}",
        "Fix the text in Edit JSON (the marked line). Until it parses, the forms keep the last "
        "valid event and Send asks before sending the text exactly as typed.",
        code=PARSE_ERROR_CODE,
    )


class PreviewPanel(QWidget):
    editModeChanged = Signal(bool)
    parseErrorChanged = Signal(object)  # JsonSyntaxError | None
    # The editor now shows the last text given to `show_text` (all of it, or the part the banner names).
    textShown = Signal()

    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.editor = code_view(QPlainTextEdit(), "jsonPreview", "JSON preview")
        self._highlighter = JsonHighlighter(self.editor)
        self._sync = PreviewText(self.editor, self)
        self.part_banner = PartBanner(self._sync)
        self.edit_button = QToolButton()
        self.edit_button.setObjectName("editJson")
        self.edit_button.setText("Edit JSON")
        self.edit_button.setCheckable(True)
        self.edit_button.setToolTip("Edit or paste the raw event; valid JSON flows back into the forms")
        self.edit_button.toggled.connect(self._toggle_edit)
        self.status = QLabel("Preview: exactly the bytes that will be sent")
        self.status.setObjectName("jsonStatus")
        self.status.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Event JSON</b>"))
        header.addStretch(1)
        header.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.part_banner)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        self._parse_timer = QTimer(self)
        self._parse_timer.setSingleShot(True)
        self._parse_timer.setInterval(_PARSE_DELAY_MS)
        self._parse_timer.timeout.connect(self.apply_edited_text)
        self.editor.textChanged.connect(self._on_text_changed)
        self._showing = False
        self._error: JsonSyntaxError | None = None
        on_scheme_change(self, self._recolour)

    def _recolour(self) -> None:
        if self._error is not None:
            self._mark_line(self._error)

    @property
    def editing(self) -> bool:
        return self.edit_button.isChecked()

    @property
    def part(self) -> Part | None:
        """The part of a large event's text the editor holds (None: all of it)."""
        return self._sync.part

    @property
    def parse_error(self) -> JsonSyntaxError | None:
        return self._error

    def unparsed(self) -> tuple[str, JsonSyntaxError] | None:
        """Typing not yet parsed is applied now; then the editor's text and its error when it
        does not parse (None: the editor holds the document's text)."""
        if self.editing and self._parse_timer.isActive():
            self.apply_edited_text()
        if self.editing and self._error is not None:
            return self.editor.toPlainText(), self._error
        return None

    def show_error_position(self) -> None:
        """Put the cursor where the text stops parsing (a click on the problem)."""
        if self._error is None:
            return
        cursor = self.editor.textCursor()
        cursor.setPosition(min(self._error.position, len(self.editor.toPlainText())))
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        self.editor.setFocus()

    def show_text(self, text: str) -> None:
        """Show the document's text (skipped while the user's own typing is pending)."""
        if self.editing and self._parse_timer.isActive():
            return
        self._showing = True
        try:
            self._sync.show(text)
        finally:
            self._showing = False
        self._shown()

    def _shown(self) -> None:
        self._set_error(None)
        self.textShown.emit()

    def _toggle_edit(self, on: bool) -> None:
        if not on and self._error is not None:
            # Leaving would throw the user's unparsed text away: stay, and say why.
            self.edit_button.setChecked(True)
            self.status.setText(f"Fix the JSON first: {self._error}")
            return
        self.editor.setReadOnly(not on)
        self._sync.set_editing(on)  # Edit JSON edits the whole text, however large
        self.status.setText(
            "Editing JSON: valid JSON flows back into the forms"
            if on
            else "Preview: exactly the bytes that will be sent"
        )
        if not on:
            self.show_text(self._model.to_json())
        self.editModeChanged.emit(on)

    def _on_text_changed(self) -> None:
        if self._showing or self._sync.writing:
            return
        self._sync.forget()  # the user typed: what the editor holds is no longer known
        if not self.editing:
            return
        self._parse_timer.start()

    def apply_edited_text(self) -> bool:
        """Parse the editor's text; on success it becomes the document (one undo step per burst)."""
        self._parse_timer.stop()
        text = self.editor.toPlainText()
        if text == self._model.to_json():
            self._set_error(None)
            return True
        try:
            document = EventDocument.from_json(text)
        except JsonSyntaxError as error:
            self._set_error(error)
            return False
        self._set_error(None)
        self._model.replace(document, text="Edit JSON", merge_key="editJson")
        return True

    def _set_error(self, error: JsonSyntaxError | None) -> None:
        changed = (error is None) != (self._error is None) or (
            error is not None and self._error is not None and str(error) != str(self._error)
        )
        self._error = error
        self._mark_line(error)
        if changed:
            self.parseErrorChanged.emit(error)
        if error is None:
            if self.editing:
                self.status.setText("Editing JSON: valid JSON flows back into the forms")
            set_text_role(self.status, None)
        else:
            self.status.setText(
                f"Not valid JSON, nothing applied yet: {error.reason} at line {error.line}, column {error.column}"
            )
            set_text_role(self.status, "error")

    def _mark_line(self, error: JsonSyntaxError | None) -> None:
        """A tinted line with a wavy underline at the error's column: the editor's own marker."""
        if error is None:
            if self.editor.extraSelections():
                self.editor.setExtraSelections([])
            return
        colour = severity("error", marker=True)
        line = QTextEdit.ExtraSelection()
        tint = QColor(colour)
        tint.setAlpha(40)
        line.format.setBackground(tint)
        line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        block = self.editor.document().findBlockByNumber(max(0, error.line - 1))
        line.cursor = QTextCursor(block)
        spot = QTextEdit.ExtraSelection()
        spot.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        spot.format.setUnderlineColor(colour)
        spot.cursor = QTextCursor(block)
        spot.cursor.setPosition(min(error.position, block.position() + max(0, block.length() - 1)))
        spot.cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setExtraSelections([line, spot])
