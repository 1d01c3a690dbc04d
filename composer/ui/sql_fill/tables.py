"""The proposed tables, one row each: use it or not, its namespace (picker) and its dataset name.

Each table gets its own namespace because a query can read from one data source and write to
another; the "All tables" picker above fills every row the user has not set by hand. The dataset
name follows the chosen namespace's platform shape until the user edits it, and a row that was
set by hand keeps its values when the SQL is read again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from composer.core.namespaces import check_name, parse_namespace
from composer.core.sql_fill import TableChoice, dataset_name
from composer.core.sql_lineage import SqlProposal, TableRef
from composer.services.recents import RecentValues
from composer.ui.namespaces.picker import NamespacePicker
from composer.ui.theme import set_text_role

_HEADERS = ("Use", "Reads / writes", "Namespace", "Dataset name")


@dataclass
class _Row:
    table: TableRef
    role: str
    use: QCheckBox
    picker: NamespacePicker
    name: QLineEdit
    note: QLabel
    namespace_set: bool = False  # the user chose this row's namespace
    name_set: bool = False  # the user typed this row's name


@dataclass(frozen=True)
class _Kept:
    used: bool
    namespace: str
    namespace_set: bool
    name: str
    name_set: bool


class TableRows(QWidget):
    """A grid of the proposal's tables; `choices()` is what Apply writes."""

    changed = Signal()

    def __init__(self, recents: RecentValues | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sqlFillTables")
        self._recents = recents
        self._rows: list[_Row] = []
        self._kept: dict[TableRef, _Kept] = {}
        self._default_database = ""
        self._all_namespace = ""
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(2, 5)
        self._grid.setColumnStretch(3, 2)

    # --- filling --------------------------------------------------------------------------

    def show_proposal(self, proposal: SqlProposal | None, suggestions: dict[TableRef, str]) -> None:
        """Rebuild the rows for `proposal`, keeping what the user set on tables seen before.

        The same tables in the same roles keep their rows as they are (most keystrokes in the SQL
        change no table), so typing never rebuilds the grid or moves the focus.
        """
        shown = [(row.table, row.role) for row in self._rows]
        if proposal is not None and shown == [(t, _role(proposal, t)) for t in proposal.tables]:
            return
        self._remember_rows()
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._rows = []
        if proposal is None or not proposal.tables:
            return
        for column, text in enumerate(_HEADERS):
            self._grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for index, table in enumerate(proposal.tables):
            self._add_row(index, table, _role(proposal, table), suggestions.get(table, ""))
        self.changed.emit()

    def set_default_database(self, text: str) -> None:
        self._default_database = text
        for row in self._rows:
            self._refresh_name(row)
        self.changed.emit()

    def set_all_namespace(self, namespace: str) -> None:
        """Give every row the user has not set by hand this namespace."""
        self._all_namespace = namespace
        for row in self._rows:
            if not row.namespace_set:
                row.picker.setNamespace(namespace)
                self._refresh_name(row)
        self.changed.emit()

    # --- reading --------------------------------------------------------------------------

    def choices(self) -> dict[TableRef, TableChoice]:
        return {
            row.table: TableChoice(row.picker.namespace().strip(), row.name.text().strip())
            for row in self._rows
            if row.use.isChecked()
        }

    def missing(self) -> list[str]:
        """Tables in use that still lack a namespace or a name, for the dialog's status line."""
        return [
            row.table.qualified
            for row in self._rows
            if row.use.isChecked() and not (row.picker.namespace().strip() and row.name.text().strip())
        ]

    def remember_namespaces(self) -> None:
        for row in self._rows:
            if row.use.isChecked():
                row.picker.remember()

    def row_widgets(self, table: TableRef) -> tuple[QCheckBox, NamespacePicker, QLineEdit]:
        """The widgets of one table's row (for tests and automation)."""
        for row in self._rows:
            if row.table == table:
                return row.use, row.picker, row.name
        raise KeyError(table.qualified)

    # --- rows -----------------------------------------------------------------------------

    def _add_row(self, index: int, table: TableRef, role: str, suggestion: str) -> None:
        kept = self._kept.get(table)
        line = index + 1
        use = QCheckBox(table.qualified)
        use.setObjectName(f"sqlTableUse{index}")
        use.setChecked(kept.used if kept else True)
        use.setToolTip("Untick to leave this table out of the event (and out of the column lineage).")
        picker = NamespacePicker(self._recents, object_name=f"sqlTableNamespace{index}")
        picker.lineEdit().setAccessibleName(f"Namespace of {table.qualified}")
        name = QLineEdit()
        name.setObjectName(f"sqlTableName{index}")
        name.setAccessibleName(f"Dataset name of {table.qualified}")
        note = QLabel()
        note.setWordWrap(True)
        set_text_role(note, "warning")
        row = _Row(table, role, use, picker, name, note)
        if kept is not None and kept.namespace_set:
            row.namespace_set = True
            picker.setNamespace(kept.namespace)
        else:
            picker.setNamespace(suggestion or self._all_namespace)
        if kept is not None and kept.name_set:
            row.name_set = True
            name.setText(kept.name)
        self._rows.append(row)
        self._refresh_name(row)
        use.toggled.connect(lambda _on: self._row_changed(row))
        picker.namespaceEdited.connect(lambda _text: self._namespace_edited(row))
        name.textEdited.connect(lambda _text: self._name_edited(row))
        self._grid.addWidget(use, 2 * line - 1, 0)
        self._grid.addWidget(QLabel(role), 2 * line - 1, 1)
        self._grid.addWidget(picker, 2 * line - 1, 2)
        self._grid.addWidget(name, 2 * line - 1, 3)
        self._grid.addWidget(note, 2 * line, 2, 1, 2)

    def _namespace_edited(self, row: _Row) -> None:
        row.namespace_set = True
        self._refresh_name(row)
        self.changed.emit()

    def _name_edited(self, row: _Row) -> None:
        row.name_set = True
        self._refresh_note(row)
        self.changed.emit()

    def _row_changed(self, row: _Row) -> None:
        for widget in (row.picker, row.name):
            widget.setEnabled(row.use.isChecked())
        self._refresh_note(row)
        self.changed.emit()

    def _refresh_name(self, row: _Row) -> None:
        if not row.name_set:
            row.name.setText(dataset_name(row.table, row.picker.namespace().strip(), self._default_database))
        self._refresh_note(row)

    def _refresh_note(self, row: _Row) -> None:
        """Say when the name lacks a part its platform needs (a default database fixes most)."""
        found = parse_namespace(row.picker.namespace().strip())
        problem = (
            check_name(found.platform.id, row.name.text())
            if found and row.use.isChecked() and row.name.text()
            else None
        )
        if problem and not row.name_set:
            problem += " Set the default database above, or edit the name."
        row.note.setText(problem or "")
        row.note.setVisible(bool(problem))

    def _remember_rows(self) -> None:
        for row in self._rows:
            self._kept[row.table] = _Kept(
                row.use.isChecked(),
                row.picker.namespace(),
                row.namespace_set,
                row.name.text(),
                row.name_set,
            )


def _role(proposal: SqlProposal, table: TableRef) -> str:
    reads, writes = table in proposal.inputs, table in proposal.outputs
    return "reads and writes" if reads and writes else "writes" if writes else "reads"
