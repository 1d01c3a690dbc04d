"""The part every flat table here shares: a fixed header row and a row count, and a read-only view.

A model subclass names its column titles in `headers` and says how many rows it has in
`row_total`; it keeps its own `data`. Qt's tree-shaped signatures (a parent index) mean "no
children" for any valid parent, since these tables are flat. `rows_view` makes the view the
history, log, replay and event-picker tables share: whole rows selected, nothing edited in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

_Index = QModelIndex | QPersistentModelIndex


class FlatTableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's signature)
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's signature)
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def rows_view(
    model: QAbstractItemModel,
    object_name: str,
    accessible: str = "",
    *,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.ExtendedSelection,
) -> QTableView:
    """A read-only table of records: rows are selected whole, cells never edited in place."""
    table = QTableView()
    table.setObjectName(object_name)
    if accessible:
        table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move between rows
    return table
