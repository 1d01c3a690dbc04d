"""The verification walk-through after each send, step by step as Alation's page lists them.

Each step can be ticked by the person doing it in Alation; against the Local sandbox the steps
arrive already answered. Opening the catalog goes out as `openRequested(url)` so the owner
routes it through its prompter (tests never open a browser).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.ui.send.walkthrough import (
    NO_LINEAGE_CHECKS,
    Step,
    StepStatus,
    Walkthrough,
    planned_steps,
)
from composer.ui.theme import css, on_scheme_change
from composer.ui.wrapping_text import WrappingText

_MARKS: dict[StepStatus, str] = {"pass": "✔ passed", "fail": "✘ failed", "todo": "to check", "skip": "—"}
# theme.py roles: a verdict reads in either scheme.
_COLOURS: dict[StepStatus, str] = {"pass": "ok", "fail": "error", "todo": "warning", "skip": "muted"}
STEP_KEYS = ("response", "table", "lineage", "metadata")
_PLANNED = (
    "After each send, these four steps check that lineage appeared; against the Local sandbox "
    "they are checked automatically."
)


class _StepRow:
    """A step: its box, its title (wrapping: a long title never widens the dock into a
    horizontal scroll), its verdict mark, and the details under it."""

    def __init__(self, key: str, grid: QGridLayout, row: int) -> None:
        self.box = QCheckBox()
        self.box.setObjectName(f"verifyStep_{key}")
        self.title = QLabel()
        self.title.setObjectName(f"verifyStepTitle_{key}")
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName(f"verifyStatus_{key}")
        self.details = WrappingText(f"verifyDetails_{key}")  # a URL or table name wraps too
        self.details.indent(22, 6)
        grid.addWidget(self.box, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, row, 1)
        grid.addWidget(self.status, row, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.details, row + 1, 0, 1, 3)

    def _title(self, step: Step) -> None:
        self.title.setText(step.title)
        self.box.setAccessibleName(step.title)  # what a screen reader says for the box

    def set_enabled(self, enabled: bool) -> None:
        self.box.setEnabled(enabled)
        self.title.setEnabled(enabled)  # greyed with its box before a send

    def show(self, step: Step) -> None:
        self._title(step)
        self.box.setChecked(step.status == "pass")
        self.status.setText(f"<b style='color:{css(_COLOURS[step.status])}'>{_MARKS[step.status]}</b>")
        self.details.setText("\n".join(step.lines))
        self.details.setVisible(bool(step.lines))

    def show_planned(self, step: Step) -> None:
        """Before a send: the title alone, greyed (a disabled box), no verdict."""
        self._title(step)
        self.box.setChecked(False)
        self.status.setText("")
        self.details.setText("")
        self.details.setVisible(False)


class VerificationPanel(QWidget):
    openRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verification")
        self.setAccessibleName("Verification steps")
        self.walkthrough: Walkthrough | None = None
        self._name_rows: list[QWidget] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel(_PLANNED)
        self.summary.setObjectName("verifySummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.rows = {key: _StepRow(key, grid, index * 3) for index, key in enumerate(STEP_KEYS)}
        layout.addLayout(grid)

        # Step 2's tools sit under step 2: the names to copy and the button that opens the catalog.
        self.names = QWidget()
        self.names_layout = QVBoxLayout(self.names)
        self.names_layout.setContentsMargins(22, 0, 0, 8)
        self.open_button = QPushButton("Open in catalog")
        self.open_button.setObjectName("openCatalog")
        self.open_button.setToolTip("Search the catalog for the output table in your browser")
        self.open_button.clicked.connect(self._open)
        opener = QHBoxLayout()
        opener.addWidget(self.open_button)
        opener.addStretch(1)
        self.names_layout.addLayout(opener)
        grid.addWidget(self.names, STEP_KEYS.index("table") * 3 + 2, 0, 1, 3)
        buttons = QHBoxLayout()
        self.troubleshoot_button = QPushButton("200 but no lineage?")
        self.troubleshoot_button.setObjectName("troubleshoot")
        self.troubleshoot_button.setCheckable(True)
        buttons.addWidget(self.troubleshoot_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.troubleshooting = QLabel("\n".join(f"• {line}" for line in NO_LINEAGE_CHECKS))
        self.troubleshooting.setObjectName("troubleshooting")
        self.troubleshooting.setWordWrap(True)
        self.troubleshooting.setVisible(False)
        self.troubleshoot_button.toggled.connect(self.troubleshooting.setVisible)
        layout.addWidget(self.troubleshooting)
        layout.addStretch(1)
        self.show_planned()
        on_scheme_change(self, self._recolour)

    def _recolour(self) -> None:
        if self.walkthrough is not None:
            self.show_walkthrough(self.walkthrough)  # the verdicts' colours are in their text

    def show_planned(self) -> None:
        """The empty state (before the first send, or once another event is in the window)."""
        self.walkthrough = None
        self._set_enabled(False)
        for step in planned_steps():
            self.rows[step.key].show_planned(step)
        self.summary.setText(_PLANNED)
        self.troubleshoot_button.setVisible(True)
        self._show_names(None)

    def _set_enabled(self, enabled: bool) -> None:
        for row in self.rows.values():
            row.set_enabled(enabled)
        self.names.setVisible(enabled)

    def show_walkthrough(self, walkthrough: Walkthrough) -> None:
        self.walkthrough = walkthrough
        self._set_enabled(True)
        for step in walkthrough.steps:
            self.rows[step.key].show(step)
        statuses = {step.status for step in walkthrough.steps}
        if walkthrough.passed:
            self.summary.setText(f"<b style='color:{css('ok')}'>All four steps passed.</b>")
        elif "fail" in statuses:
            self.summary.setText(f"<b style='color:{css('error')}'>A step failed: see below.</b>")
        else:
            self.summary.setText(
                f"Work through the steps in {walkthrough.target} and tick each one as you check it."
            )
        # The troubleshooting list is Alation's page; the sandbox sets the same trap (TMP).
        alation = walkthrough.receiver.walkthrough.troubleshooting
        self.troubleshoot_button.setVisible(alation)
        self.troubleshooting.setVisible(alation and self.troubleshoot_button.isChecked())
        self._show_names(walkthrough)

    def _show_names(self, walkthrough: Walkthrough | None) -> None:
        for old in self._name_rows:
            old.setParent(None)
            old.deleteLater()
        self._name_rows = []
        if walkthrough is None:
            return
        self.open_button.setText(walkthrough.receiver.walkthrough.open_label)
        for namespace, name in walkthrough.outputs:
            for label, value in (
                (f"Output table: <b>{html.escape(name)}</b>", name),
                (f"namespace: {html.escape(namespace)}", namespace),
            ):
                row = QWidget()
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                text = WrappingText("verifyName")  # a long name wraps rather than widening the dock
                text.setHtml(label)
                copy = QPushButton("Copy")
                copy.setObjectName("copyName")
                copy.setToolTip(f"Copy {value}")
                copy.setProperty("copies", value)
                copy.clicked.connect(lambda _checked=False, v=value: QGuiApplication.clipboard().setText(v))
                line.addWidget(text, 1)
                line.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
                self.names_layout.insertWidget(self.names_layout.count() - 1, row)
                self._name_rows.append(row)

    def _open(self) -> None:
        if self.walkthrough is not None:
            self.openRequested.emit(self.walkthrough.catalog_url)

    def statuses(self) -> dict[str, StepStatus]:
        """Each step's status, for tests and accessibility tools."""
        found: dict[str, StepStatus] = {}
        if self.walkthrough is not None:
            found = {step.key: step.status for step in self.walkthrough.steps}
        return found
