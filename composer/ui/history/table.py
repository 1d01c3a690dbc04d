"""The history dock's table model and its one-line search syntax.

One search field is enough for the questions people ask of a send log ("what did we send for
orders?", "which ones got a 401?"): bare words search everything, and `job:`, `dataset:` and
`status:` narrow to one column, so nobody needs a form of five fields to find a send.

The Lineage column says whether the catalog verification after a send found the lineage: it is
read with the page, shows "pending" while the window is still polling, and changes in place when
the poll ends, so the row answers "did it land?" without anyone reopening anything.
"""

from __future__ import annotations

import shlex
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from composer.services.history import HistoryQuery, HistoryRecord, Verification
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import colour

COLUMNS = ("Time", "Profile", "Job", "Event type", "Status", "Attempts", "Lineage")
LINEAGE_COLUMN = COLUMNS.index("Lineage")
SEARCH_HELP = "Search: words, job:NAME, dataset:NAME, status:401 or status:failed"
# The Lineage cell's words for each VerificationResult.state.
LINEAGE_LABELS = {
    "verified": "verified",
    "tmp": "TMP",
    "missing": "missing",
    "timed-out": "timed out",
    "unreachable": "not checked",
    "cancelled": "stopped",
    "pending": "pending",
}
NOT_VERIFIED = "—"
_LINEAGE_TIPS = {
    "verified": "The lineage appeared in the catalog, with no temporary (TMP) object.",
    "tmp": "The lineage landed with a temporary (TMP) object: sending again will not change that.",
    "missing": "The lineage did not appear by the deadline.",
    "timed-out": "Alation was still ingesting at the deadline: verify again later "
    "(lineage-composer verify FILE).",
    "unreachable": "The catalog could not be asked about the lineage.",
    "cancelled": "Checking the catalog was stopped before the lineage appeared.",
    "pending": "Checking the catalog: this cell changes when the lineage appears or the deadline passes.",
}
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


def count_text(shown: int, total: int, *, searching: bool) -> str:
    noun = "matching send" if searching else "send"
    if total == 0:
        return "No matching sends" if searching else "No sends yet"
    if shown < total:
        return f"Newest {shown} of {total} {noun}s (narrow the search to see older ones)"
    return f"{total} {noun}{'' if total == 1 else 's'}"


def status_text(record: HistoryRecord) -> str:
    return str(record.status) if record.status is not None else record.outcome


class HistoryTableModel(FlatTableModel):
    """One page of records, newest first, as the store returned them."""

    headers = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[HistoryRecord] = []
        self._verifications: dict[int, Verification] = {}
        self._polling: int | None = None  # the send whose lineage the window is polling (one at a time)

    @property
    def records(self) -> list[HistoryRecord]:
        return list(self._records)

    def set_records(
        self, records: list[HistoryRecord], verifications: dict[int, Verification] | None = None
    ) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._verifications = dict(verifications or {})
        self.endResetModel()

    def set_pending(self, record_id: int) -> None:
        """While polling: the row says "pending" (whatever an earlier check had said). The window
        polls one send at a time: a new poll ends the one before, whose row shows its outcome."""
        before, self._polling = self._polling, record_id
        if before is not None and before != record_id:
            self._lineage_changed(before)
        self._lineage_changed(record_id)

    def set_verification(self, record_id: int, verification: Verification | None) -> None:
        """The poll ended and its outcome was stored: the row shows it, in place."""
        if self._polling == record_id:
            self._polling = None
        if verification is None:
            self._verifications.pop(record_id, None)
        else:
            self._verifications[record_id] = verification
        self._lineage_changed(record_id)

    def lineage_state(self, record_id: int) -> str:
        """`VerificationResult.state` of that send, "pending" while polling, "" when never checked."""
        if record_id == self._polling:
            return "pending"
        found = self._verifications.get(record_id)
        if found is None:
            return ""
        return found.state or ("verified" if found.ok else "missing")

    def _lineage_changed(self, record_id: int) -> None:
        row = self.row_of(record_id)
        if row is not None:
            cell = self.index(row, LINEAGE_COLUMN)
            self.dataChanged.emit(cell, cell)

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
        if index.column() == LINEAGE_COLUMN:
            return self._lineage_data(record, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(record)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and not record.ok:
            return colour("error")  # read at paint time: follows the scheme
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _lineage_data(self, record: HistoryRecord, role: int) -> Any:
        state = self.lineage_state(record.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return LINEAGE_LABELS.get(state, state) if state else NOT_VERIFIED
        if role == Qt.ItemDataRole.ToolTipRole:
            return _lineage_tooltip(record, state, self._verifications.get(record.id))
        if role == Qt.ItemDataRole.ForegroundRole and state:
            return colour("ok") if state == "verified" else None if state == "pending" else colour("error")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Lineage: {LINEAGE_LABELS.get(state, 'not verified')}"
        return None


def _lineage_tooltip(record: HistoryRecord, state: str, found: Verification | None) -> str:
    if not state:
        if not record.ok:
            return "Not verified in the catalog: the send was not accepted."
        return (
            "Not verified in the catalog: the profile had no catalog access when this was sent "
            "(Profiles › Catalog access), or it went to an ingestion endpoint only."
        )
    lines = [f"Lineage: {LINEAGE_LABELS.get(state, state)}. {_LINEAGE_TIPS.get(state, '')}".rstrip()]
    if found is not None and state != "pending":
        lines += [found.summary, f"checked {found.checked_at} (UTC)"]
    return "\n".join(line for line in lines if line)


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
