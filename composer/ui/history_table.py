"""The history dock's table model and its one-line search syntax.

One search field is enough for the questions people ask of a send log ("what did we send for
orders?", "which ones got a 401?"): bare words search everything, and `job:`, `dataset:` and
`status:` narrow to one column, so nobody needs a form of five fields to find a send.
"""

from __future__ import annotations

import shlex
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from composer.services.history import HistoryQuery, HistoryRecord
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import colour

COLUMNS = ("Time", "Profile", "Job", "Event type", "Status", "Attempts")
SEARCH_HELP = "Search: words, job:NAME, dataset:NAME, status:401 or status:failed"
_Index = QModelIndex | QPersistentModelIndex


def parse_search(text: str) -> HistoryQuery:
    """`job:orders status:401 timeout` -> job "orders", status 401, text "timeout".

    A bare three-digit HTTP status (e.g. `401`) means the status, since that is what someone
    typing it is after; `status:failed` keeps only sends that got no 2xx.
    """
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote while typing: search the words as they are
        words = text.split()
    job, dataset, status, failed, rest = "", "", None, False, []
    for word in words:
        key, colon, value = word.partition(":")
        key = key.lower()
        if colon and key == "job" and value:
            job = value
        elif colon and key == "dataset" and value:
            dataset = value
        elif colon and key == "status" and value:
            if value.lower() in ("failed", "failure", "failures", "error"):
                failed = True
            elif value.isdigit():
                status = int(value)
            else:
                rest.append(word)
        elif word.isdigit() and len(word) == 3 and 100 <= int(word) <= 599:
            status = int(word)
        else:
            rest.append(word)
    return HistoryQuery(job=job, dataset=dataset, status=status, text=" ".join(rest), failed_only=failed)


def local_time(sent_at: str) -> str:
    """The stored UTC time in the viewer's time zone, to the second (the tooltip has the rest)."""
    try:
        moment = datetime.fromisoformat(sent_at)
    except ValueError:
        return sent_at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def status_text(record: HistoryRecord) -> str:
    return str(record.status) if record.status is not None else record.outcome


class HistoryTableModel(FlatTableModel):
    """One page of records, newest first, as the store returned them."""

    headers = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[HistoryRecord] = []

    @property
    def records(self) -> list[HistoryRecord]:
        return list(self._records)

    def set_records(self, records: list[HistoryRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> HistoryRecord:
        return self._records[row]

    def row_of(self, record_id: int) -> int | None:
        return next((row for row, r in enumerate(self._records) if r.id == record_id), None)

    def row_total(self) -> int:
        return len(self._records)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(record)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and not record.ok:
            return colour("error")  # read at paint time: follows the scheme
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _cells(record: HistoryRecord) -> tuple[str, ...]:
    return (
        local_time(record.sent_at),
        record.profile,
        record.job_name or "(no job name)",
        record.event_type or "(none)",
        status_text(record),
        str(record.attempts),
    )


def _tooltip(record: HistoryRecord) -> str:
    lines = [
        f"{record.sent_at} (UTC) to {record.url}",
        f"job: {record.job_namespace} {record.job_name}".rstrip(),
        f"run: {record.run_id}" if record.run_id else "",
        f"{record.outcome}: {record.explanation}",
        f"{record.attempts} attempt(s) in {record.duration:.2f} s",
    ]
    return "\n".join(line for line in lines if line)
