"""The sheet tools' tables: the preview of rows as they will be read, the events, the bad rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from composer.core.problems import Problem, count_by_severity
from composer.core.sheet import MappedRow, RowProblem
from composer.core.sheet.events import SheetEvent
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import colour

_Index = QModelIndex | QPersistentModelIndex


class PreviewModel(FlatTableModel):
    """The first rows of the sheet as the mapping reads them, or why a row cannot be read."""

    headers = ("Row", "Problem", "Job", "Source namespace", "Source table", "Source column",
               "Target namespace", "Target table", "Target column")  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, MappedRow | list[RowProblem]]] = []

    def set_rows(self, rows: Sequence[tuple[int, MappedRow | list[RowProblem]]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def cells(self, row: int) -> tuple[str, ...]:
        number, read = self.rows[row]
        if isinstance(read, list):
            problem = "; ".join(f"{p.column or 'row'}: {p.reason}" for p in read)
            return (str(number), problem, *([""] * 7))
        source = read.source
        return (
            str(number),
            "",
            read.job_name,
            source.namespace if source else "",
            source.name if source else "",
            read.source_column,
            read.target.namespace,
            read.target.name,
            read.target_column,
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(self.rows[index.row()][1], list):
            return QBrush(colour("tint.error"))
        return None


class EventsModel(FlatTableModel):
    """One row per event made from the sheet, with its problem counts under the chosen rules."""

    headers = ("#", "Job or table", "Inputs", "Outputs", "Column pairs", "Errors", "Warnings", "Notes",
               "Sheet rows", "Writes")  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.events: list[SheetEvent] = []
        self.problems: list[list[Problem]] = []
        self._cells: dict[int, tuple[str, ...]] = {}  # worked out once per row: views ask often

    def set_events(self, events: Sequence[SheetEvent], problems: Sequence[list[Problem]]) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.problems = list(problems) if len(problems) == len(events) else [[] for _ in events]
        self._cells = {}
        self.endResetModel()

    def set_problems(self, row: int, problems: list[Problem]) -> None:
        self.problems[row] = problems
        self._cells.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def row_total(self) -> int:
        return len(self.events)

    def cells(self, row: int) -> tuple[str, ...]:
        cached = self._cells.get(row)
        if cached is None:
            cached = self._cells[row] = self._work_out(row)
        return cached

    def _work_out(self, row: int) -> tuple[str, ...]:
        event = self.events[row]
        value = event.document.value if isinstance(event.document.value, dict) else {}
        counts = count_by_severity(self.problems[row])
        pairs = sum(
            len((output.get("facets") or {}).get("columnLineage", {}).get("fields", {}))
            for output in value.get("outputs", [])
            if isinstance(output, dict)
        )
        rows = ", ".join(str(n) for n in event.rows[:6]) + (
            f" … ({len(event.rows)})" if len(event.rows) > 6 else ""
        )
        outputs = [o for o in value.get("outputs", []) if isinstance(o, dict)]
        return (
            str(row + 1),
            event.key,
            str(len(value.get("inputs", []))),
            str(len(outputs)),
            str(pairs),
            str(counts["error"]),
            str(counts["warning"]),
            str(counts["info"]),
            rows,
            ", ".join(str(o.get("name", "")) for o in outputs[:4]) + (" …" if len(outputs) > 4 else ""),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                "\n".join(f"{p.severity}: {p.message}" for p in self.problems[index.row()][:12])
                or "No problems"
            )
        if role == Qt.ItemDataRole.BackgroundRole:
            errors, warnings = self.cells(index.row())[5:7]
            return QBrush(colour("tint.error")) if errors != "0" else QBrush(colour("tint.warning")) if warnings != "0" else None
        return None


class BadRowsModel(FlatTableModel):
    """Every row that could not become lineage: nothing is dropped silently."""

    headers = ("Row", "Column", "Value", "Reason")

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[RowProblem] = []

    def set_problems(self, problems: Sequence[RowProblem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.problems)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self.problems[index.row()]
        return (str(problem.row), problem.column, problem.value, problem.reason)[index.column()]
