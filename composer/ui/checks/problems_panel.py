"""The problems list under the preview: counts, a click that jumps to the field, and a one-click
fix for a problem that carries one (the tenant rules' `replacement`: read by attribute, so the
panel, built before the first paint, does not load the rule sets)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.problems import Problem, count_summary
from composer.ui.theme import on_scheme_change, severity

_ICONS = {"error": "✖", "warning": "▲", "info": "ℹ"}
_FIX_COLUMN = 3


def _fix_label(problem: Problem) -> str:
    """The words of the problem's fix ("" when it has none)."""
    fix = getattr(problem, "replacement", None)
    label = getattr(fix, "label", "")
    return label if isinstance(label, str) else ""


class ProblemsPanel(QWidget):
    """Lists `Problem`s; `problemActivated(pointer)` when the user clicks or presses Enter on one."""

    problemActivated = Signal(str)
    fixRequested = Signal(object)  # the Problem whose fix button was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("No problems")
        self.summary.setObjectName("problemsSummary")
        self.tree = QTreeWidget()
        self.tree.setObjectName("problems")
        self.tree.setAccessibleName("Problems")
        self.tree.setHeaderLabels(["", "Problem", "Where", "Fix"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)  # the message gets the spare width, not "Where"
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 28)
        self.tree.setColumnWidth(2, 200)
        self.tree.setColumnHidden(_FIX_COLUMN, True)  # shown only while some problem has a fix
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        self._problems: list[Problem] = []
        on_scheme_change(self, self._recolour)

    def _recolour(self) -> None:
        for row, problem in enumerate(self._problems):
            item = self.tree.topLevelItem(row)
            if item is not None:
                item.setForeground(0, QBrush(severity(problem.severity)))

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
            item.setForeground(0, QBrush(severity(problem.severity)))
            item.setToolTip(
                1, f"{problem.message}\n\nHint: {problem.hint}" if problem.hint else problem.message
            )
            item.setData(0, Qt.ItemDataRole.UserRole, problem.path)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, problem.severity)
            items.append(item)
        self.tree.addTopLevelItems(items)
        fixes = [(item, problem) for item, problem in zip(items, problems, strict=True) if _fix_label(problem)]
        for row, (item, problem) in enumerate(fixes):
            self.tree.setItemWidget(item, _FIX_COLUMN, self._fix_button(problem, row))
        self.tree.setColumnHidden(_FIX_COLUMN, not fixes)
        if fixes:
            self.tree.resizeColumnToContents(_FIX_COLUMN)

    def _fix_button(self, problem: Problem, row: int) -> QPushButton:
        label = _fix_label(problem)
        button = QPushButton("Apply fix")  # short: the message beside it needs the width
        button.setObjectName(f"problemFix{row}")
        button.setToolTip(f"{label}\n(one undoable step: Edit ▸ Undo puts the old value back)")
        button.setAccessibleName(label)
        button.clicked.connect(lambda _checked=False, p=problem: self.fixRequested.emit(p))
        return button

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.problemActivated.emit(str(item.data(0, Qt.ItemDataRole.UserRole)))
