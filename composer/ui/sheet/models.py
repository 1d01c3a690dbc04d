"""The sheet tools' tables: the preview of rows as they will be read, the events, the bad rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from composer.core.problems import Problem, count_by_severity, count_summary
from composer.core.sheet import MappedRow, RowProblem
from composer.core.sheet.events import SheetEvent
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import colour

_Index = QModelIndex | QPersistentModelIndex


class PreviewModel(FlatTableModel):
    """The first rows of the sheet as the mapping reads them, or why a row cannot be read."""

    headers = ("Row", "Problem", "Job", "Source namespace", "Source table", "Source column",
               "Target namespace", "Target table", "Target column")  # fmt: skip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
    """One row per event made from the sheet, with its problem counts under the chosen rules,
    and the tenant pre-flight's in a column of their own (it speaks for the profile's tenant)."""

    headers = ("#", "Job or table", "Inputs", "Outputs", "Column pairs", "Errors", "Warnings", "Notes",
               "Tenant", "Sheet rows", "Writes")  # fmt: skip
    TENANT_COLUMN = 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.events: list[SheetEvent] = []
        self.problems: list[list[Problem]] = []
        # None: no pre-flight (the profile has no catalog access); per event None: not (yet) checked
        self.tenant: list[list[Problem] | None] | None = None
        self.tenant_running = False  # rows not checked yet say "…", not "not checked"
        # Worked out once per row (views ask often): the cells, and the worst severity of its
        # problems (the rules' and the tenant's), which tints the row.
        self._cells: dict[int, tuple[tuple[str, ...], str | None]] = {}

    def set_events(self, events: Sequence[SheetEvent], problems: Sequence[list[Problem]]) -> None:
        self.beginResetModel()
        self.events = list(events)
        self.problems = list(problems) if len(problems) == len(events) else [[] for _ in events]
        if self.tenant is not None and len(self.tenant) != len(self.events):
            self.tenant = [None] * len(self.events)
        self._cells = {}
        self.endResetModel()

    def set_problems(self, row: int, problems: list[Problem]) -> None:
        self.problems[row] = problems
        self._changed(row)

    def set_tenant(self, found: Sequence[list[Problem] | None] | None, *, running: bool = False) -> None:
        """Every event's tenant findings at once (None: no pre-flight for this profile)."""
        self.tenant = None if found is None else list(found)
        self.tenant_running = running
        self._cells = {}
        if self.events:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.events) - 1, len(self.headers) - 1))

    def set_tenant_row(self, row: int, found: list[Problem] | None) -> None:
        if self.tenant is not None:
            self.tenant[row] = found
            self._changed(row)

    def all_problems(self, row: int) -> list[Problem]:
        """The rules' problems and the tenant's, as the editor's problems list shows them."""
        tenant = self.tenant[row] if self.tenant is not None else None
        return [*self.problems[row], *(tenant or [])]

    def _changed(self, row: int) -> None:
        self._cells.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def _tenant_cell(self, row: int) -> str:
        if self.tenant is None:
            return ""
        found = self.tenant[row]
        if found is None:
            return "…" if self.tenant_running else "not checked"
        return count_summary(found, skip_zero=True) or "0"

    def row_total(self) -> int:
        return len(self.events)

    def cells(self, row: int) -> tuple[str, ...]:
        return self._row(row)[0]

    def _row(self, row: int) -> tuple[tuple[str, ...], str | None]:
        cached = self._cells.get(row)
        if cached is None:
            severities = {p.severity for p in self.all_problems(row)}
            worst = next((name for name in ("error", "warning") if name in severities), None)
            cached = self._cells[row] = (self._work_out(row), worst)
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
            self._tenant_cell(row),
            rows,
            ", ".join(str(o.get("name", "")) for o in outputs[:4]) + (" …" if len(outputs) > 4 else ""),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == self.TENANT_COLUMN:
                return self._tenant_tip(index.row())
            return (
                "\n".join(f"{p.severity}: {p.message}" for p in self.all_problems(index.row())[:12])
                or "No problems"
            )
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = self._row(index.row())[1]
            return QBrush(colour(f"tint.{worst}")) if worst is not None else None
        return None

    def _tenant_tip(self, row: int) -> str:
        if self.tenant is None:
            return "No tenant pre-flight: the chosen profile has no catalog access."
        found = self.tenant[row]
        if found is None:
            return "Not checked against the tenant" + (" yet." if self.tenant_running else ".")
        return "\n".join(f"{p.severity}: {p.message}" for p in found[:12]) or "No tenant problems"


class BadRowsModel(FlatTableModel):
    """Every row that could not become lineage: nothing is dropped silently."""

    headers = ("Row", "Column", "Value", "Reason")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
