"""The log table: a view over the loaded records through a list of matching positions.

Filtering swaps the position list in one reset instead of touching 100,000 rows, and `data()`
only formats the rows on screen, so the table stays quick however long the log is.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from composer.core.log_index import LogRecord
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import colour

HEADERS = ("#", "Line", "Time", "Type", "Job", "Run", "Datasets")


def _cells(record: LogRecord) -> tuple[str, ...]:
    if record.error:
        return (str(record.index + 1), _line(record), "", "unreadable", record.error, "", "")
    datasets = ", ".join(record.datasets[:3]) + (
        f" (+{len(record.datasets) - 3})" if len(record.datasets) > 3 else ""
    )
    return (
        str(record.index + 1),
        _line(record),
        record.event_time,
        record.event_type,
        record.job,
        record.run_id,
        datasets,
    )


def _line(record: LogRecord) -> str:
    line = str(record.line) if record.line is not None else ""
    return f"{record.origin} {line}".strip() if record.origin else line


class LogTableModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[LogRecord] = []
        self.positions: list[int] = []

    def set_records(self, records: list[LogRecord]) -> None:
        self.beginResetModel()
        self.records = records
        self.positions = list(range(len(records)))
        self.endResetModel()

    def set_positions(self, positions: Sequence[int]) -> None:
        self.beginResetModel()
        self.positions = list(positions)
        self.endResetModel()

    def record(self, row: int) -> LogRecord:
        return self.records[self.positions[row]]

    def row_of_position(self, position: int) -> int | None:
        # The list is sorted (log order), so a binary search finds the row.
        row = bisect_left(self.positions, position)
        return row if row < len(self.positions) and self.positions[row] == position else None

    def row_total(self) -> int:
        return len(self.positions)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        record = self.record(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _cells(record)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and record.error:
            return QBrush(colour("tint.error"))
        return None
