"""Raw JSON for what a form cannot show: custom facets and deeply nested fields.

The text is the user's until it parses: a parse error is shown with its line and column and
nothing is applied, and the draft is kept (even across refreshes) until the model's value
really changes under it, for example through undo. Valid text is applied on every keystroke,
merged into one undo step like any other field.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from composer.core.jsontext import JsonStyle, JsonSyntaxError, dumps, parse
from composer.ui.facets.binding import Binding, fit_height_to_text
from composer.ui.facets.context import FacetContext, Path, same_value
from composer.ui.theme import colour, severity
from composer.ui.widget_parts import show_message

_ABSENT: Any = object()
_PRETTY = JsonStyle(indent="  ", trailing="")
_PLACEHOLDERS = {"array": "A JSON list: [ … ]", "object": "A JSON object: { … }"}


class JsonBinding(Binding):
    """A JSON text box bound to one value; `path == ()` edits a whole (custom) facet."""

    wide = True

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        required: bool = False,
        *,
        lines: int = 6,
        kind: str = "object",
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self._container = QWidget()
        layout = QVBoxLayout(self._container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QPlainTextEdit()
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        fit_height_to_text(self.edit, lines, max(lines * 3, 18))
        self.describe(self.edit, " (JSON)")
        self.edit.setPlaceholderText(_PLACEHOLDERS.get(kind, "Any JSON value"))
        layout.addWidget(self.edit)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(f"{ctx.title}: {label}: JSON status")
        layout.addWidget(self.status)
        self.status.hide()
        self._shown: Any = _ABSENT  # the model value the text was last in step with
        self._updating = False
        self.edit.textChanged.connect(self._edited)

    @property
    def widget(self) -> QWidget:
        return self._container

    @property
    def focus_widget(self) -> QWidget:
        return self.edit

    @property
    def error(self) -> str:
        """The parse error on screen ("" when the text is valid JSON)."""
        return self.status.text()

    def _edited(self) -> None:
        if self._updating:
            return
        text = self.edit.toPlainText()
        if not text.strip():
            self._show_error("" if self.path else "Empty: a facet needs a JSON object such as {}.")
            if self.path:
                self.ctx.remove(self.path)
                self._shown = _ABSENT
            return
        try:
            value = parse(text).value
        except JsonSyntaxError as exc:
            self._show_error(f"Line {exc.line}, column {exc.column}: {exc.reason}", exc.position)
            return
        self._show_error("")
        self._shown = copy.deepcopy(value)
        self.ctx.set(self.path, value)

    def refresh(self) -> None:
        value = self.ctx.get(self.path, _ABSENT)
        if self._shown is not _ABSENT and value is not _ABSENT and same_value(value, self._shown):
            return  # the model still holds what the text last said: keep the user's text and cursor
        if value is _ABSENT and self._shown is _ABSENT and not self.edit.toPlainText().strip():
            return
        self._shown = _ABSENT if value is _ABSENT else copy.deepcopy(value)
        text = "" if value is _ABSENT else dumps(value, _PRETTY)
        if self.edit.toPlainText() != text:
            self._updating = True
            try:
                self.edit.setPlainText(text)
            finally:
                self._updating = False
        self._show_error("")

    def _show_error(self, message: str, position: int | None = None) -> None:
        show_message(self.status, message, error=bool(message))
        selections: list[QTextEdit.ExtraSelection] = []
        if message and position is not None:
            selection = QTextEdit.ExtraSelection()
            char_format = QTextCharFormat()
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            char_format.setUnderlineColor(severity("error", marker=True))
            char_format.setBackground(colour("tint.error"))
            selection.format = char_format
            cursor = QTextCursor(self.edit.document())
            cursor.setPosition(min(position, max(0, len(self.edit.toPlainText()) - 1)))
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.edit.setExtraSelections(selections)
