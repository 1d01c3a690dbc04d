"""The replay's per-event table: one row per chosen event, filled in as each answer arrives.

Rows exist from the start (waiting, or refused by the rules check with the reason), so the table
shows the whole plan before anything is sent and a cancelled replay shows what never went.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from composer.core.send_plan import Prepared
from composer.services.send.result import SendResult
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import colour

HEADERS = ("#", "Job", "Run", "Type", "Status", "Explanation")
WAITING, REFUSED, NOT_SENT = "waiting", "refused", "not sent"


@dataclass
class ResultRow:
    """What one row shows; `ok` is None until the event was answered."""

    item: Prepared
    status: str
    explanation: str
    ok: bool | None = None

    def cells(self) -> tuple[str, ...]:
        return (
            str(self.item.index + 1),
            self.item.job,
            self.item.run_id,
            self.item.event_type,
            self.status,
            self.explanation,
        )


def status_text(result: SendResult) -> str:
    if result.cancelled:
        return "cancelled"
    return f"{result.status}" if result.status is not None else "no answer"


class ReplayResultsModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ResultRow] = []
        self._row_of: dict[int, int] = {}

    def set_plan(self, items: list[Prepared]) -> None:
        self.beginResetModel()
        self.rows = [
            ResultRow(item, REFUSED, item.refusal) if item.refusal else ResultRow(item, WAITING, "")
            for item in items
        ]
        self._row_of = {item.index: row for row, item in enumerate(items)}
        self.endResetModel()

    def show_result(self, item: Prepared, result: SendResult) -> int:
        row = self._row_of[item.index]
        self.rows[row] = ResultRow(item, status_text(result), result.explanation.headline, result.ok)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        return row

    def mark_unsent(self) -> None:
        """After a cancel (or a failure to start): what was still waiting never went."""
        for row, found in enumerate(self.rows):
            if found.status == WAITING:
                self.rows[row] = ResultRow(found.item, NOT_SENT, "cancelled before it was sent")
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))

    def row_total(self) -> int:
        return len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        found = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return found.cells()[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if found.ok is None:
                return QBrush(colour("tint.plain")) if found.status in (REFUSED, NOT_SENT) else None
            return QBrush(colour("tint.ok" if found.ok else "tint.error"))
        return None
