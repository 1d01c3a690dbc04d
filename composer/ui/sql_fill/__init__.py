"""Fill inputs/outputs from SQL: the window's action, and the opener the SQL facet's button uses.

`install_sql_fill` gives a window one `SqlFill` (a child QObject named "sqlFill") holding the
window's dataset-namespace recents, and the Edit menu action `fillFromSqlAction`. The SQL facet
editor's button finds that object through its own window when clicked, so the facet editors need
no new constructor arguments; in a window without one (a facet panel on its own) the dialog still
opens, only without recent namespaces.

Whether openlineage-sql can be imported is asked once per process (`availability_tip` caches
it), and the action asks only when the window's `ready` signal fires: importing the library
takes a few milliseconds the window's first paint should not wait for.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from composer.services.recents import RecentValues
from composer.ui.editor.document_model import DocumentModel

if TYPE_CHECKING:
    from composer.ui.sql_fill.dialog import SqlFillDialog

ACTION_TEXT = "Fill inputs/outputs from SQL…"
ACTION_TIP = "Read the job's SQL with openlineage-sql and propose input and output datasets and column lineage."

__all__ = ["ACTION_TEXT", "SqlFill", "availability_tip", "install_sql_fill", "open_sql_fill"]


@cache
def availability_tip() -> tuple[bool, str]:
    """(enabled, tooltip) for anything that starts Fill from SQL: the reason when it can't run."""
    from composer.core.sql_lineage import sql_unavailable  # noqa: PLC0415 (not before the first paint)

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
        # The dialog's module (and the platform catalog it proposes names with) loads when it is
        # first opened, not before the window's first paint.
        from composer.core.sql_lineage import dialect_for  # noqa: PLC0415
        from composer.ui.sql_fill.dialog import SqlFillDialog  # noqa: PLC0415

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


def install_sql_fill(
    window: QWidget, model: DocumentModel, recents: RecentValues, menu: QMenu, ready: SignalInstance
) -> SqlFill:
    """Add the Fill from SQL action to `menu`; once `ready` fires (the window's first paint is
    done) it is disabled, with the reason, where openlineage-sql is missing."""
    fill = SqlFill(model, recents, window)
    action = QAction(ACTION_TEXT, window)
    action.setObjectName("fillFromSqlAction")
    action.setToolTip(ACTION_TIP)
    action.setStatusTip(ACTION_TIP)
    action.triggered.connect(lambda: fill.open(window))
    ready.connect(lambda: _show_availability(action))
    menu.setToolTipsVisible(True)
    menu.addAction(action)
    return fill


def _show_availability(action: QAction) -> None:
    enabled, tip = availability_tip()
    action.setEnabled(enabled)
    action.setToolTip(tip)
    action.setStatusTip(tip)


def open_sql_fill(anchor: QWidget, model: DocumentModel, query: str) -> SqlFillDialog:
    """Open the dialog for the SQL facet's button: the window's `SqlFill` if it has one."""
    window = anchor.window()
    fill = window.findChild(SqlFill, "sqlFill")
    if fill is None or fill.model is not model:
        fill = SqlFill(model, None, anchor)
    return fill.open(window, query)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""

