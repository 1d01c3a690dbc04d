"""A table over a list of objects (schema fields, owners, symlinks): add, remove, reorder, edit cells.

Each cell edit writes that one key of that one row, so keys the table does not show (a schema
field's nested `fields`, an owner's vendor extension) survive every edit. Rows are added,
removed and moved with the model's list commands, one undo step each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.ui.facets.binding import Binding, display_text, focus_and_reveal
from composer.ui.facets.context import FacetContext, Path, show_marker, worst
from composer.ui.theme import colour, on_scheme_change

_VISIBLE_ROWS = (3, 12)  # the table grows with its rows between these, then scrolls


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    description: str
    suggestions: Sequence[str] = ()


class SuggestionDelegate(QStyledItemDelegate):
    """Edits a cell in an open combo: common values one click away, anything else typeable."""

    def __init__(self, suggestions: Sequence[str], parent: QWidget) -> None:
        super().__init__(parent)
        self._suggestions = list(suggestions)

    def createEditor(  # noqa: N802 (Qt's name)
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(self._suggestions)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setEditText(str(index.data() or ""))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())


class _KeyFilter(QObject):
    """A key handler on the table that needs no focus chain (unlike a QShortcut)."""

    def __init__(self, sequence: QKeySequence.StandardKey, slot: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._sequence = sequence
        self._slot = slot

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.matches(self._sequence)
        ):
            self._slot()
            return True
        return False


class RowsBinding(Binding):
    """A list of objects at `path`, one row each, one column per key in `columns`."""

    wide = True

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        columns: Sequence[Column],
        *,
        required: bool = False,
        noun: str = "row",
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self.columns = tuple(columns)
        self._noun = noun
        self._updating = False
        self._tinted: set[tuple[int, int]] = set()
        self._marks: dict[Path, str] = {}
        self._container = QWidget()
        layout = QVBoxLayout(self._container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.table = QTableWidget(0, len(self.columns))
        on_scheme_change(self.table, lambda: self.set_marks(self._marks))
        self.table.setHorizontalHeaderLabels([column.title for column in self.columns])
        for index, column in enumerate(self.columns):
            header = self.table.horizontalHeaderItem(index)
            if header is not None:
                header.setToolTip(column.description)
            if column.suggestions:
                self.table.setItemDelegateForColumn(index, SuggestionDelegate(column.suggestions, self.table))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.describe(self.table)
        self.table.itemChanged.connect(self._cell_edited)
        layout.addWidget(self.table)
        self.buttons = QHBoxLayout()
        self.add_button = self._button(f"Add {noun}", self.add_row)
        self.remove_button = self._button("Remove", self.remove_selected)
        self.up_button = self._button("Move up", lambda: self.move_selected(-1))
        self.down_button = self._button("Move down", lambda: self.move_selected(1))
        self.buttons.addStretch(1)
        layout.addLayout(self.buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self._fit_height()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(f"{self.ctx.title}: {self.label}: {text}")
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def on_key(self, sequence: QKeySequence.StandardKey, slot: Callable[[], None]) -> None:
        """Run `slot` when the table itself (not a cell editor) gets `sequence`."""
        self._keys = _KeyFilter(sequence, slot, self.table)
        self.table.installEventFilter(self._keys)

    @property
    def widget(self) -> QWidget:
        return self._container

    @property
    def focus_widget(self) -> QWidget:
        return self.table

    def rows(self) -> list[Any]:
        value = self.value()
        return value if isinstance(value, list) else []

    # --- edits -----------------------------------------------------------------------------

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        row, column = item.row(), self.columns[item.column()]
        if not isinstance(self.ctx.get((*self.path, str(row))), dict):
            return
        self.ctx.set_or_remove((*self.path, str(row), column.key), item.text())

    def add_row(self) -> None:
        self.append_rows([{}], f"Add {self._noun} to {self.ctx.title}")
        row = self.table.rowCount() - 1
        item = self.table.item(row, 0)
        if item is not None:
            self.table.setCurrentItem(item)
            self.table.editItem(item)

    def append_rows(self, rows: list[dict[str, Any]], text: str) -> None:
        """Append rows as one undo step, creating the list when the facet has none yet."""
        if not rows:
            return
        current = self.value()
        if current is None:
            self.ctx.set(self.path, rows, merge=False, text=text)
        elif isinstance(current, list):
            with self.ctx.model.macro(text):
                for row in rows:
                    self.ctx.append(self.path, row, text=text)
        self.refresh()

    def selected_rows(self) -> list[int]:
        selected = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not selected and self.table.currentRow() >= 0:
            selected = {self.table.currentRow()}
        return sorted(selected)

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        with self.ctx.model.macro(f"Remove {self._noun} from {self.ctx.title}"):
            for row in reversed(rows):
                self.ctx.remove((*self.path, str(row)))
        self.refresh()

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        if len(rows) != 1 or not 0 <= rows[0] + step < self.table.rowCount():
            return
        self.ctx.move((*self.path, str(rows[0])), rows[0] + step, text=f"Reorder {self.label}")
        self.refresh()
        self.table.selectRow(rows[0] + step)

    # --- view ------------------------------------------------------------------------------

    def refresh(self) -> None:
        value = self.value()
        rows = self.rows()
        self._updating = True
        try:
            if self.table.rowCount() != len(rows):
                self.table.setRowCount(len(rows))
            for row, entry in enumerate(rows):
                self._show_row(row, entry)
        finally:
            self._updating = False
        problem = (
            "" if value is None or isinstance(value, list) else "This value is not a list; edit it as JSON."
        )
        self.status.setText(problem)
        self.status.setVisible(bool(problem))
        self.table.setEnabled(not problem)
        self._fit_height()

    def refresh_at(self, rest: Path) -> None:
        """One cell changed (the common case while typing): update that row, not thousands."""
        rows = self.rows()
        if rest and rest[0].isdigit() and int(rest[0]) < len(rows) == self.table.rowCount():
            self._updating = True
            try:
                self._show_row(int(rest[0]), rows[int(rest[0])])
            finally:
                self._updating = False
        else:
            self.refresh()

    def _show_row(self, row: int, entry: Any) -> None:
        editable = isinstance(entry, dict)
        for index, column in enumerate(self.columns):
            if editable:
                text = display_text(entry.get(column.key))
            else:
                text = display_text(entry) if index == 0 else ""
            item = self.table.item(row, index)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, index, item)
            if item.text() != text:
                item.setText(text)
            if bool(item.flags() & Qt.ItemFlag.ItemIsEditable) != editable:
                item.setFlags(item.flags() ^ Qt.ItemFlag.ItemIsEditable)
        extra = sorted(set(entry) - {column.key for column in self.columns}) if editable else []
        label = f"{row + 1}{' +' if extra else ''}"
        header = self.table.verticalHeaderItem(row)
        if header is None or header.text() != label:
            header = QTableWidgetItem(label)
            header.setToolTip(f"Also keeps: {', '.join(extra)} (edit in JSON)" if extra else "")
            self.table.setVerticalHeaderItem(row, header)

    def _fit_height(self) -> None:
        low, high = _VISIBLE_ROWS
        shown = min(max(self.table.rowCount(), low), high)
        header = self.table.horizontalHeader().sizeHint().height()
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + shown * row_height + 2 * self.table.frameWidth() + 2)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def focus(self, rest: Path) -> None:
        if rest and rest[0].isdigit() and int(rest[0]) < self.table.rowCount():
            keys = [column.key for column in self.columns]
            column = keys.index(rest[1]) if len(rest) > 1 and rest[1] in keys else 0
            self.table.setCurrentCell(int(rest[0]), column)
        focus_and_reveal(self.table)

    def set_marks(self, marks: dict[Path, str]) -> None:
        """Tint the cells a problem names; a problem about the whole list marks the table."""
        self._marks = dict(marks)
        keys = [column.key for column in self.columns]
        cells: dict[tuple[int, int], str] = {}
        whole: list[str] = []
        for path, severity in marks.items():
            if path and path[0].isdigit() and int(path[0]) < self.table.rowCount():
                column = keys.index(path[1]) if len(path) > 1 and path[1] in keys else 0
                cells[int(path[0]), column] = (
                    worst([severity, cells.get((int(path[0]), column), "")]) or severity
                )
            else:
                whole.append(severity)
        self._updating = True
        try:  # only cells tinted before or now: schema tables can have thousands of rows
            for row, column in self._tinted | set(cells):
                item = self.table.item(row, column)
                if item is not None:
                    found = cells.get((row, column))
                    item.setBackground(QBrush(colour(f"tint.{found}")) if found else QBrush())
                    item.setToolTip(
                        f"Has {'an' if found == 'error' else 'a'} {found}: see the Problems list."
                        if found
                        else ""
                    )
        finally:
            self._updating = False
        self._tinted = set(cells)
        show_marker(self.table, worst(whole), self.tooltip)
