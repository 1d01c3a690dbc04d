"""Fill inputs/outputs from SQL: the window's action, and the opener the SQL facet's button uses.

`install_sql_fill` gives a window one `SqlFill` (a child QObject named "sqlFill") holding the
dataset-namespace recents, and the Edit menu action `fillFromSqlAction`. The SQL facet editor's
button finds that object through its own window when clicked, so the facet editors need no new
constructor arguments; in a window without one (a facet panel on its own) the dialog still opens,
only without recent namespaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from composer.core.sql_lineage import dialect_for, sql_unavailable
from composer.services.recents import RecentValues
from composer.ui.document_model import DocumentModel
from composer.ui.sql_fill.dialog import SqlFillDialog

ACTION_TEXT = "Fill inputs/outputs from SQL…"
ACTION_TIP = "Read the job's SQL with openlineage-sql and propose input and output datasets and column lineage."

__all__ = ["ACTION_TEXT", "SqlFill", "SqlFillDialog", "availability_tip", "install_sql_fill", "open_sql_fill"]


def availability_tip() -> tuple[bool, str]:
    """(enabled, tooltip) for anything that starts Fill from SQL: the reason when it can't run."""
    missing = sql_unavailable()
    return (True, ACTION_TIP) if missing is None else (False, missing.reason)


class SqlFill(QObject):
    """One window's Fill from SQL: its recents and the dialog it has open."""

    def __init__(self, model: DocumentModel, recents: RecentValues | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sqlFill")
        self.model = model
        self.recents = recents
        self.dialog: SqlFillDialog | None = None

    def open(self, parent: QWidget | None = None, query: str | None = None) -> SqlFillDialog:
        """Open the dialog window-modally without blocking, on the job's SQL (or `query`)."""
        facet = self.model.get("/job/facets/sql", None)
        facet = facet if isinstance(facet, dict) else {}
        text = query if query is not None else _text(facet.get("query"))
        dialog = SqlFillDialog(self.model, self.recents, text, dialect_for(_text(facet.get("dialect"))), parent)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _code: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: SqlFillDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def install_sql_fill(window: QWidget, model: DocumentModel, home: Path, menu: QMenu) -> SqlFill:
    """Add the Fill from SQL action to `menu`, disabled with the reason when openlineage-sql is missing."""
    fill = SqlFill(model, RecentValues(home / "recent-namespaces.json"), window)
    action = QAction(ACTION_TEXT, window)
    action.setObjectName("fillFromSqlAction")
    enabled, tip = availability_tip()
    action.setEnabled(enabled)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda: fill.open(window))
    menu.setToolTipsVisible(True)
    menu.addAction(action)
    return fill


def open_sql_fill(anchor: QWidget, model: DocumentModel, query: str) -> SqlFillDialog:
    """Open the dialog for the SQL facet's button: the window's `SqlFill` if it has one."""
    window = anchor.window()
    fill = window.findChild(SqlFill, "sqlFill")
    if fill is None or fill.model is not model:
        fill = SqlFill(model, None, anchor)
    return fill.open(window, query)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""

