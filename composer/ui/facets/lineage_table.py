"""The table of column-lineage mappings: one row per (output column, input column) pair.

Cells are edited in place through combos whose choices are read from the event when the editor
opens; each edit changes only the key it shows, so other keys of a mapping survive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from composer.ui.facets.binding import display_text
from composer.ui.facets.context import FacetContext, Path
from composer.ui.theme import colour, on_scheme_change


class ColumnLineageEdits(Protocol):
    """What the table asks of the column-lineage binding that owns it (defined here, so the
    table does not import its owner's module)."""

    ctx: FacetContext
    path: Path

    def input_choices(self) -> list[tuple[str, Any]]: ...
    def input_fields(self, ref: Any) -> list[str]: ...
    def set_source(self, row: LineageRow, namespace: str, name: str) -> None: ...
    def set_field(self, row: LineageRow, field: str) -> None: ...
    def set_transformation(self, row: LineageRow, key: str, text: str) -> None: ...
    def refresh(self) -> None: ...


OUTPUT, DATASET, FIELD = 0, 1, 2
_TRANSFORMATION_TITLES = {"type": "Transformation", "subtype": "Subtype"}
TRANSFORMATION_TYPES = ("DIRECT", "INDIRECT")
TRANSFORMATION_SUBTYPES = (
    "IDENTITY", "TRANSFORMATION", "AGGREGATION", "FILTER", "JOIN", "GROUP_BY", "SORT", "WINDOW", "CONDITIONAL",
)  # fmt: skip


def dataset_label(namespace: str, name: str) -> str:
    """How an input dataset is named in lists: its name first, since that is what people scan for."""
    return f"{name}  ({namespace})"


@dataclass(frozen=True)
class LineageRow:
    output: str
    index: int  # position in the output's inputFields; -1 for an output column with no inputs

    def pointer_path(self, base: Path) -> Path:
        return (*base, self.output, "inputFields", str(self.index))


class ChoiceDelegate(QStyledItemDelegate):
    """A combo editor whose choices depend on the row (an input's columns depend on the input)."""

    def __init__(self, choices: Callable[[int], list[str]], *, editable: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices
        self._editable = editable

    def createEditor(  # noqa: N802 (Qt's name)
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(self._editable)
        combo.addItems(self._choices(index.row()))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            text = str(index.data(Qt.ItemDataRole.UserRole) or index.data() or "")
            if editor.isEditable():
                editor.setEditText(text)
            else:
                editor.setCurrentIndex(max(0, editor.findText(text)))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())


class LineageTable(QTableWidget):
    def __init__(self, binding: ColumnLineageEdits, transformation_keys: tuple[str, ...]) -> None:
        titles = ["Output column", "Input dataset", "Input column"]
        titles += [_TRANSFORMATION_TITLES.get(key, key) for key in transformation_keys]
        super().__init__(0, len(titles))
        self._binding = binding
        self._keys = transformation_keys
        self.rows: list[LineageRow] = []
        self._updating = False
        self.setHorizontalHeaderLabels(titles)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        labels = lambda _row: [label for label, _ in binding.input_choices()]  # noqa: E731
        self.setItemDelegateForColumn(DATASET, ChoiceDelegate(labels, editable=False, parent=self))
        self.setItemDelegateForColumn(FIELD, ChoiceDelegate(self._input_columns, editable=True, parent=self))
        suggestions = {"type": TRANSFORMATION_TYPES, "subtype": TRANSFORMATION_SUBTYPES}
        for offset, key in enumerate(transformation_keys):
            delegate = ChoiceDelegate(_fixed(["", *suggestions.get(key, ())]), editable=True, parent=self)
            self.setItemDelegateForColumn(FIELD + 1 + offset, delegate)
        self.itemChanged.connect(self._edited)
        self._marks: dict[Path, str] = {}
        on_scheme_change(self, lambda: self.tint(self._marks))

    def _entry(self, row: int) -> Any:
        if not 0 <= row < len(self.rows) or self.rows[row].index < 0:
            return None
        return self._binding.ctx.get(self.rows[row].pointer_path(self._binding.path))

    def _input_columns(self, row: int) -> list[str]:
        entry = self._entry(row)
        if not isinstance(entry, dict):
            return []
        return self._binding.input_fields((entry.get("namespace"), entry.get("name")))

    def show_rows(self, fields: Any) -> None:
        rows = _rows(fields)
        self._updating = True
        try:
            if rows != self.rows:
                self.rows = rows
                self.setRowCount(len(rows))
            for row, where in enumerate(rows):
                self._show_row(row, where, fields)
        finally:
            self._updating = False
        header = self.horizontalHeader().sizeHint().height()
        shown = min(max(len(rows), 2), 10)
        self.setFixedHeight(
            header + shown * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth() + 2
        )

    def _show_row(self, row: int, where: LineageRow, fields: Any) -> None:
        entry = fields[where.output].get("inputFields")[where.index] if where.index >= 0 else None
        entry = entry if isinstance(entry, dict) else {}
        first = entry.get("transformations")
        transformation = first[0] if isinstance(first, list) and first and isinstance(first[0], dict) else {}
        namespace, name = display_text(entry.get("namespace")), display_text(entry.get("name"))
        texts = [
            where.output,
            name,
            display_text(entry.get("field")),
            *(display_text(transformation.get(key)) for key in self._keys),
        ]
        for column, text in enumerate(texts):
            item = self.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.setItem(row, column, item)
            if item.text() != text:
                item.setText(text)
            if column == DATASET:  # the name fits the cell; the combo and tooltip say it in full
                item.setData(Qt.ItemDataRole.UserRole, dataset_label(namespace, name) if entry else None)
                item.setToolTip(f"{namespace} / {name}" if entry else "")
            editable = column != OUTPUT and bool(entry)
            flags = item.flags()
            wanted = flags | Qt.ItemFlag.ItemIsEditable if editable else flags & ~Qt.ItemFlag.ItemIsEditable
            if wanted != flags:
                item.setFlags(wanted)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._updating or not 0 <= item.row() < len(self.rows):
            return
        where, column, text = self.rows[item.row()], item.column(), item.text().strip()
        if where.index < 0:
            return
        if column == DATASET:
            refs = {label: data for label, data in self._binding.input_choices()}
            if text in refs:
                self._binding.set_source(where, refs[text][0], refs[text][1])
        elif column == FIELD:
            self._binding.set_field(where, text)
        elif column > FIELD:
            self._binding.set_transformation(where, self._keys[column - FIELD - 1], text)
        self._binding.refresh()  # an edit that changed nothing still shows the model's spelling

    def selected(self) -> LineageRow | None:
        row = self.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def select_path(self, rest: Path) -> None:
        for row, where in enumerate(self.rows):
            if rest and where.output == rest[0] and (len(rest) < 3 or rest[2] == str(where.index)):
                self.setCurrentCell(row, FIELD if len(rest) >= 3 else OUTPUT)
                return

    def tint(self, marks: dict[Path, str]) -> list[str]:
        """Tint the rows problems name; return the severities about the facet's `fields` as a whole."""
        self._marks = dict(marks)
        tinted: dict[int, str] = {}
        whole: list[str] = []
        for path, severity in marks.items():
            hits = [row for row, where in enumerate(self.rows) if path and where.output == path[0]]
            if len(path) >= 3:
                hits = [row for row in hits if str(self.rows[row].index) == path[2]]
            for row in hits:
                tinted[row] = severity
            if not hits:
                whole.append(severity)
        self._updating = True
        try:
            for row in range(self.rowCount()):
                for column in range(self.columnCount()):
                    item = self.item(row, column)
                    if item is not None:
                        found = tinted.get(row, "")
                        item.setBackground(QBrush(colour(f"tint.{found}")) if found else QBrush())
        finally:
            self._updating = False
        return whole


def _fixed(choices: list[str]) -> Callable[[int], list[str]]:
    return lambda _row: choices


def _rows(fields: Any) -> list[LineageRow]:
    rows: list[LineageRow] = []
    if not isinstance(fields, dict):
        return rows
    for output, entry in fields.items():
        inputs = entry.get("inputFields") if isinstance(entry, dict) else None
        if isinstance(inputs, list) and inputs:
            rows.extend(LineageRow(output, index) for index in range(len(inputs)))
        else:
            rows.append(LineageRow(output, -1))
    return rows
