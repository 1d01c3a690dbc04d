"""The compact list of one side's datasets: a row each (namespace, name, facets, worst problem).

A table model reads the event on demand, so 500 datasets cost 500 rows of text, not 500 editor
cards (each with a namespace picker, facet panels and a 50-row schema table: seconds to build).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from composer.core.problems import Problem, severity_rank
from composer.ui.editor.document_model import DocumentModel
from composer.ui.table_models import FlatTableModel
from composer.ui.theme import severity

_COLUMNS = ("#", "Namespace", "Name", "Facets")

_Index = QModelIndex | QPersistentModelIndex


class DatasetRows(FlatTableModel):
    headers = _COLUMNS

    def __init__(self, model: DocumentModel, side: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._side = side
        self._count = len(self._items())
        self._problems: dict[int, Problem] = {}

    def _items(self) -> list[Any]:
        found = self._model.get(f"/{self._side}", [])
        return found if isinstance(found, list) else []

    def reset(self) -> None:
        self.beginResetModel()
        self._count = len(self._items())
        self.endResetModel()

    def row_changed(self, row: int) -> None:
        if 0 <= row < self._count:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))

    def set_problems(self, problems: Mapping[str, Problem]) -> None:
        """Keep the most severe problem per dataset (its first column shows it)."""
        prefix = f"/{self._side}/"
        worst: dict[int, Problem] = {}
        for pointer, problem in problems.items():
            if not pointer.startswith(prefix):
                continue
            head = pointer[len(prefix) :].split("/", 1)[0]
            if not head.isdigit():
                continue
            row = int(head)
            kept = worst.get(row)
            if kept is None or severity_rank(problem.severity) < severity_rank(kept.severity):
                worst[row] = problem
        if worst == self._problems:
            return
        changed = set(worst) | set(self._problems)
        self._problems = worst
        for row in changed:
            if 0 <= row < self._count:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def row_total(self) -> int:
        return self._count

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        items = self._items()
        if not index.isValid() or row >= len(items):
            return None
        item = items[row] if isinstance(items[row], dict) else {}
        problem = self._problems.get(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return str(row + 1)
            if column == 3:
                return str(
                    sum(len(item.get(key) or {}) for key in _FACET_KEYS if isinstance(item.get(key), dict))
                )
            value = item.get("namespace" if column == 1 else "name", "")
            return value if isinstance(value, str) else str(value)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and problem is not None:
            return severity(problem.severity, marker=True)
        if role == Qt.ItemDataRole.ToolTipRole and problem is not None:
            return f"{problem.severity}: {problem.message}"
        return None


_FACET_KEYS = ("facets", "inputFacets", "outputFacets")
