"""Bindings for single values: text, long text, numbers, yes/no, choices and timestamps.

Every one of them writes on each user edit (the model merges keystrokes into one undo step),
removes the key when the user empties the field, and on refresh leaves a widget alone when it
already shows the model's value, so an echo of the user's own edit never moves the cursor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QFontDatabase, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import utc_now_text
from composer.core.formats import has_utc_offset, is_absolute_uri, is_uuid, parse_timestamp
from composer.core.jsontext import FloatLiteral
from composer.ui.facets.binding import Binding, display_text, fit_height_to_text
from composer.ui.facets.context import FacetContext, Path
from composer.ui.theme import set_text_role

Check = Callable[[str], str]  # text -> what is wrong with it ("" when fine)


class TextBinding(Binding):
    """A one-line string; an optional check explains a malformed value without refusing it.

    Support engineers reproduce customers' events, invalid ones included, so a value that fails
    its format is still written; the check only says what is wrong.
    """

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        required: bool = False,
        *,
        check: Check | None = None,
        placeholder: str = "",
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self._check = check
        self._container = QWidget()
        outer = QVBoxLayout(self._container)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.describe(self.edit)
        self.edit.textEdited.connect(self._edited)
        self.row.addWidget(self.edit, 1)
        outer.addLayout(self.row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        outer.addWidget(self.status)

    @property
    def widget(self) -> QWidget:
        return self._container

    @property
    def focus_widget(self) -> QWidget:
        return self.edit

    def _edited(self, text: str) -> None:
        self.ctx.set_or_remove(self.path, text)
        self._show_check()

    def refresh(self) -> None:
        text = display_text(self.value())
        if self.edit.text() != text:
            self.edit.setText(text)  # setText does not emit textEdited: no echo back to the model
        self._show_check()

    def _show_check(self) -> None:
        text = self.edit.text()
        problem = self._check(text) if self._check and text else ""
        if problem:
            set_text_role(self.status, "warning")  # once it has something to say: every text field has one
        self.status.setText(problem)
        self.status.setVisible(bool(problem))


class LongTextBinding(Binding):
    """Multi-line text (descriptions, stack traces, code); Tab moves on, for keyboard users."""

    wide = True

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        required: bool = False,
        *,
        lines: int = 4,
        monospace: bool = False,
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        if monospace:
            self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        fit_height_to_text(self.edit, lines, max(lines * 3, 12))
        self.describe(self.edit)
        self._updating = False
        self.edit.textChanged.connect(self._edited)

    @property
    def widget(self) -> QWidget:
        return self.edit

    def _edited(self) -> None:
        if not self._updating:
            self.ctx.set_or_remove(self.path, self.edit.toPlainText())

    def refresh(self) -> None:
        text = display_text(self.value())
        if self.edit.toPlainText() == text:
            return
        position = self.edit.textCursor().position()
        self._updating = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._updating = False
        cursor = self.edit.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.edit.setTextCursor(cursor)


_INTEGER = re.compile(r"-?(0|[1-9]\d*)")
_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?")


class NumberBinding(TextBinding):
    """An integer or a JSON number in a validated line edit (spin boxes stop at 2^31; byte counts don't).

    Decimals keep their spelling (`1.50` stays `1.50`) because support engineers compare events
    byte for byte.
    """

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        required: bool = False,
        *,
        integer: bool = True,
    ) -> None:
        self._integer = integer
        super().__init__(ctx, path, label, description, required, check=self._problem)
        allowed = r"-?\d*" if integer else r"-?\d*(\.\d*)?([eE][+-]?\d*)?"
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(allowed), self.edit))
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0" * 22))
        self.row.addStretch(1)

    def _problem(self, text: str) -> str:
        return "" if _parse_number(text, self._integer) is not None else "Not a complete number yet."

    def _edited(self, text: str) -> None:
        if not text:
            self.ctx.remove(self.path)
        else:
            number = _parse_number(text, self._integer)
            if number is not None:
                self.ctx.set(self.path, number)
        self._show_check()

    def refresh(self) -> None:
        value = self.value()
        shown = _parse_number(self.edit.text(), self._integer)
        if (
            shown is not None
            and isinstance(value, int | float)
            and not isinstance(value, bool)
            and shown == value
        ):
            self._show_check()
            return  # "1.0" while the model holds 1.0: leave the user's spelling alone
        super().refresh()


def _parse_number(text: str, integer: bool) -> int | float | None:
    if _INTEGER.fullmatch(text):
        return int(text)
    if not integer and _NUMBER.fullmatch(text):
        return FloatLiteral(text)
    return None


class BoolBinding(Binding):
    """true/false; a key that is absent shows unchecked and says so, and stays absent until clicked."""

    def __init__(
        self, ctx: FacetContext, path: Path, label: str, description: str, required: bool = False
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self.box = QCheckBox()
        self.describe(self.box)
        self.box.clicked.connect(lambda checked: self.ctx.set(self.path, bool(checked), merge=False))

    @property
    def widget(self) -> QWidget:
        return self.box

    def refresh(self) -> None:
        value = self.value()
        self.box.blockSignals(True)
        self.box.setChecked(value is True)
        self.box.blockSignals(False)
        self.box.setText("" if isinstance(value, bool) else "(not set)")


class ChoiceBinding(Binding):
    """A combo: closed for an enum, open (type anything) when the values are only suggestions.

    A value the list does not know (a customer's lower-case `alter`) is added to the list, so the
    form shows the event as it is rather than silently showing something else.
    """

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        required: bool = False,
        *,
        choices: Sequence[str] = (),
        editable: bool = False,
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self.combo = QComboBox()
        self.combo.setEditable(editable)
        self.combo.addItems(["", *choices])
        self.combo.setItemData(0, "Not set", Qt.ItemDataRole.ToolTipRole)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(14)
        self.describe(self.combo)
        self.combo.activated.connect(
            lambda index: self.ctx.set_or_remove(self.path, self.combo.itemText(index))
        )
        line = self.combo.lineEdit()
        if line is not None:
            line.textEdited.connect(lambda text: self.ctx.set_or_remove(self.path, text))
        self._container = QWidget()
        layout = QHBoxLayout(self._container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)

    @property
    def widget(self) -> QWidget:
        return self._container

    @property
    def focus_widget(self) -> QWidget:
        return self.combo

    def refresh(self) -> None:
        text = display_text(self.value())
        if self.combo.currentText() == text:
            return
        self.combo.blockSignals(True)
        if self.combo.isEditable():
            self.combo.setEditText(text)
        else:
            index = self.combo.findText(text)
            if index < 0:
                self.combo.addItem(text)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)


class DateTimeBinding(TextBinding):
    """An RFC 3339 timestamp, with a Now button for the common case of "this run, today"."""

    def __init__(
        self, ctx: FacetContext, path: Path, label: str, description: str, required: bool = False
    ) -> None:
        super().__init__(
            ctx,
            path,
            label,
            description,
            required,
            check=date_time_problem,
            placeholder="2024-02-20T00:00:00.000Z",
        )
        self.now = QPushButton("Now")
        self.now.setToolTip("Fill in the current time in UTC")
        self.now.setAccessibleName(f"{ctx.title}: {label}: now")
        self.now.clicked.connect(self._fill_now)
        self.row.addWidget(self.now)

    def _fill_now(self) -> None:
        self.ctx.set(self.path, utc_now_text(), merge=False, text=f"Set {self.label} to now")
        self.refresh()


def date_time_problem(text: str) -> str:
    if parse_timestamp(text) is None:
        return "Not an RFC 3339 date-time; write it like 2024-02-20T10:30:00.000Z."
    if not has_utc_offset(text):
        return "Add a time zone: Z for UTC, or an offset such as +01:00."
    return ""


def uri_problem(text: str) -> str:
    return "" if is_absolute_uri(text) else "Not a full URI: it needs a scheme, as in https://… or s3://…"


def uuid_problem(text: str) -> str:
    return "" if is_uuid(text) else "Not a UUID (8-4-4-4-12 hexadecimal digits)."
