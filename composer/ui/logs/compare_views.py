"""Looking at events next to each other: two events diffed, or a run's events side by side.

The diff shows both events laid out one value per line with the differing lines coloured
(removed red, added green, changed amber), scrolled together, and above them the list of
differences by JSON pointer — the same addresses the problems list and the editor use.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from composer.core.log_index import DiffRow, LogRecord, diff_values, pretty, side_by_side
from composer.ui.theme import colour, on_scheme_change
from composer.ui.widget_parts import code_view

MAX_RUN_COLUMNS = 12
_TINTS = {"removed": "tint.error", "added": "tint.ok", "changed": "tint.warning"}


def _highlight(view: QPlainTextEdit, kinds: Sequence[str]) -> None:
    selections = []
    block = view.document().firstBlock()
    for kind in kinds:
        tint = _TINTS.get(kind)
        if tint is not None:
            selection = QTextEdit.ExtraSelection()
            selection.format = QTextCharFormat()
            selection.format.setBackground(colour(tint))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        block = block.next()
    view.setExtraSelections(selections)


class DiffView(QWidget):
    """Two events side by side with their differences highlighted (objectName "logDiff")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logDiff")
        self.heading = QLabel("Select two events and press Diff.")
        self.heading.setObjectName("logDiffHeading")
        self.heading.setWordWrap(True)
        self.changes = QListWidget()
        self.changes.setObjectName("logDiffChanges")
        self.changes.setAccessibleName("Differences by JSON pointer")
        self.changes.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.left = code_view(QPlainTextEdit(), "logDiffLeft")
        self.right = code_view(QPlainTextEdit(), "logDiffRight")
        self.left.verticalScrollBar().valueChanged.connect(self.right.verticalScrollBar().setValue)
        self.right.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
        sides = QSplitter()
        sides.addWidget(self.left)
        sides.addWidget(self.right)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(self.changes)
        outer.addWidget(sides)
        outer.setSizes([90, 300])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(outer, 1)
        self.rows: list[DiffRow] = []
        on_scheme_change(self, self._highlight_rows)

    def show_pair(self, first: LogRecord, second: LogRecord) -> None:
        self.rows = side_by_side(first.text, second.text)
        try:
            changes = diff_values(json.loads(first.text), json.loads(second.text))
        except ValueError:
            changes = []
        self.changes.clear()
        self.changes.addItems([change.describe() for change in changes] or ["The two events are the same."])
        self.heading.setText(
            f"<b>{first.where}</b> {first.event_type} &nbsp;→&nbsp; <b>{second.where}</b> {second.event_type}: "
            f"{len(changes)} difference{'' if len(changes) == 1 else 's'}"
        )
        self.left.setPlainText("\n".join(row.left for row in self.rows))
        self.right.setPlainText("\n".join(row.right for row in self.rows))
        self._highlight_rows()

    def _highlight_rows(self) -> None:
        _highlight(self.left, ["removed" if r.kind == "removed" else r.kind for r in self.rows])
        _highlight(self.right, ["added" if r.kind == "added" else r.kind for r in self.rows])

    @property
    def changed_lines(self) -> int:
        return sum(1 for row in self.rows if row.kind != "same")


class RunView(QScrollArea):
    """A run's events in columns, left to right in log order (objectName "logRunView")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logRunView")
        self.setWidgetResizable(True)
        self.columns: list[QPlainTextEdit] = []
        self._show_message("Select an event and press Show run to see its run's events side by side.")

    def _show_message(self, text: str) -> None:
        label = QLabel(text)
        label.setWordWrap(True)
        self.setWidget(label)
        self.columns = []

    def show_run(self, run_id: str, records: Sequence[LogRecord]) -> None:
        if not records:
            self._show_message(f"No events of run {run_id} in this log.")
            return
        body = QWidget()
        row = QHBoxLayout(body)
        self.columns = []
        shown = records[:MAX_RUN_COLUMNS]
        for record in shown:
            column = QVBoxLayout()
            title = QLabel(
                f"<b>{record.event_type or '(no type)'}</b><br>{record.event_time}<br>{record.where}"
            )
            view = code_view(QPlainTextEdit(), f"logRunEvent{len(self.columns)}")
            view.setPlainText(pretty(record.text))
            view.setMinimumWidth(280)
            column.addWidget(title)
            column.addWidget(view, 1)
            row.addLayout(column)
            self.columns.append(view)
        if len(records) > len(shown):
            row.addWidget(QLabel(f"… and {len(records) - len(shown)} more"))
        self.setWidget(body)
