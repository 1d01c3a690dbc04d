"""The problems list under the preview: counts, and a click that jumps to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from composer.core.problems import Problem, count_summary

_ICONS = {"error": "✖", "warning": "▲", "info": "ℹ"}
_COLORS = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}


class ProblemsPanel(QWidget):
    """Lists `Problem`s; `problemActivated(pointer)` when the user clicks or presses Enter on one."""

    problemActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("No problems")
        self.summary.setObjectName("problemsSummary")
        self.tree = QTreeWidget()
        self.tree.setObjectName("problems")
        self.tree.setAccessibleName("Problems")
        self.tree.setHeaderLabels(["", "Problem", "Where"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)  # the message gets the spare width, not "Where"
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 28)
        self.tree.setColumnWidth(2, 200)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        self._problems: list[Problem] = []

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def set_problems(self, problems: list[Problem]) -> None:
        if problems == self._problems:
            return
        self._problems = list(problems)
        self.summary.setText(count_summary(problems) if problems else "No problems: ready to send")
        self.tree.clear()
        items = []
        for problem in problems:
            item = QTreeWidgetItem(["" + _ICONS[problem.severity], problem.message, problem.path or "/"])
            item.setForeground(0, QBrush(QColor(_COLORS[problem.severity])))
            item.setToolTip(
                1, f"{problem.message}\n\nHint: {problem.hint}" if problem.hint else problem.message
            )
            item.setData(0, Qt.ItemDataRole.UserRole, problem.path)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, problem.severity)
            items.append(item)
        self.tree.addTopLevelItems(items)

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.problemActivated.emit(str(item.data(0, Qt.ItemDataRole.UserRole)))
