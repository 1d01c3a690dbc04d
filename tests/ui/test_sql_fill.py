"""Fill from SQL in the window: type SQL in the job's SQL facet, choose namespaces, apply, undo."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
)
from pytestqt.qtbot import QtBot

from composer.core.sql_lineage import TableRef, sql_unavailable
from composer.ui.main_window import MainWindow
from composer.ui.sql_fill import availability_tip
from composer.ui.sql_fill.dialog import SqlFillDialog
from tests.ui.test_main_window import settle
from tests.ui.windows import WindowOpener

pytestmark = pytest.mark.window(size=(1300, 900))

W = TypeVar("W", bound=QObject)
needs_sql = pytest.mark.skipif(sql_unavailable() is not None, reason="openlineage-sql is not installed here")

PG = "postgres://prod-db.example.com:5432"
MYSQL = "mysql://crm-db.example.com:3306"
SQL = (
    "INSERT INTO analytics.order_totals SELECT o.customer_id, SUM(o.amount) AS total, c.name AS customer "
    "FROM sales.orders o JOIN crm.customers c ON o.customer_id = c.id GROUP BY o.customer_id, c.name"
)


@pytest.fixture
def no_sql_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """openlineage-sql as on Windows: importing it raises ImportError, so the real guard runs
    (asked afresh: the window's answer is cached for the process, so it is forgotten around)."""
    monkeypatch.setitem(sys.modules, "openlineage_sql", None)
    availability_tip.cache_clear()
    yield
    availability_tip.cache_clear()


def preview_text(window: MainWindow) -> str:
    editor = window.findChild(QPlainTextEdit, "jsonPreview")
    assert editor is not None
    return editor.toPlainText()


def add_sql_facet(window: MainWindow) -> QPlainTextEdit:
    panel = window.job_form.facets
    panel.add_button.actions_by_key["sql"].trigger()
    editor = panel.editors["sql"]
    query = next(binding.focus_widget for binding in editor.bindings if binding.path == ("query",))
    assert isinstance(query, QPlainTextEdit)
    return query


def fill_button(qtbot: QtBot, window: MainWindow) -> QPushButton:
    button = window.findChild(QPushButton, "fillFromSqlButton")
    assert button is not None
    forms = window.findChild(QScrollArea, "forms")
    assert forms is not None
    # A new facet card is laid out on a later turn of the event loop; then scroll to the button,
    # as a user would, so that a click lands on it.
    def clickable() -> bool:
        forms.ensureWidgetVisible(button)
        return window.childAt(button.mapTo(window, button.rect().center())) is button

    qtbot.waitUntil(clickable)
    return button


def child(dialog: SqlFillDialog, kind: type[W], name: str) -> W:
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


@needs_sql
def test_fill_from_sql_in_the_facet_applies_as_one_undoable_step(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.findChild(QLineEdit, "jobNamespace"), "my-etl-system")
    qtbot.keyClicks(window.findChild(QLineEdit, "jobName"), "order-totals")
    qtbot.keyClicks(add_sql_facet(window), SQL)
    settle(qtbot, window)
    before = preview_text(window)
    steps = window.model.undo_stack.count()

    button = fill_button(qtbot, window)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.sql_fill.dialog
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "sqlFillDialog"
    assert child(dialog, QPlainTextEdit, "sqlFillQuery").toPlainText() == SQL

    child(dialog, QComboBox, "sqlDialect").setCurrentText("postgres")
    qtbot.keyClicks(child(dialog, QLineEdit, "sqlDefaultDatabase"), "shop")
    qtbot.keyClicks(child(dialog, QLineEdit, "sqlFillNamespaceAll"), PG)  # every table, at once
    customers = TableRef(None, "crm", "customers")
    _use, picker, name = dialog.tables.row_widgets(customers)
    builder = picker.open_builder()  # this one lives elsewhere, built from its data source's JDBC URI
    qtbot.keyClicks(builder.findChild(QLineEdit, "jdbcUri"), "jdbc:mysql://crm-db.example.com:3306/crm")
    ok = builder.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert picker.namespace() == MYSQL  # and MySQL dataset names are database.table:
    assert name.text() == "crm.customers"
    assert dialog.tables.row_widgets(TableRef(None, "sales", "orders"))[2].text() == "shop.sales.orders"

    columns = child(dialog, QTreeWidget, "sqlFillColumns")
    assert columns.topLevelItemCount() == 1
    top = columns.topLevelItem(0)
    assert top is not None and top.text(0) == "shop.analytics.order_totals"
    rows = {top.child(i).text(0): top.child(i).text(1) for i in range(top.childCount())}
    assert rows["total"] == "shop.sales.orders.amount" and rows["customer"] == "crm.customers.name"

    apply_button = child(dialog, QPushButton, "sqlFillApply")
    assert apply_button.isEnabled()
    qtbot.mouseClick(apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    settle(qtbot, window)

    event = json.loads(preview_text(window))
    assert {(d["namespace"], d["name"]) for d in event["inputs"]} == {
        (PG, "shop.sales.orders"),
        (MYSQL, "crm.customers"),
    }
    (output,) = event["outputs"]
    assert (output["namespace"], output["name"]) == (PG, "shop.analytics.order_totals")
    lineage = output["facets"]["columnLineage"]["fields"]
    assert lineage["customer"]["inputFields"] == [{"namespace": MYSQL, "name": "crm.customers", "field": "name"}]
    assert lineage["total"]["inputFields"] == [{"namespace": PG, "name": "shop.sales.orders", "field": "amount"}]
    assert event["job"]["facets"]["sql"]["query"] == SQL
    assert window.model.undo_stack.count() == steps + 1
    assert not [p for p in window.live.problems if p.severity == "error"]

    # The Edit menu's Undo: the action Ctrl+Z triggers (offscreen Qt does not give the window
    # its activation back after a dialog, so the key itself would go to the field instead).
    undo = next(
        a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    )
    undo.trigger()
    assert window.model.undo_stack.index() == steps
    settle(qtbot, window)
    assert preview_text(window) == before


@needs_sql
def test_parse_error_is_shown_in_the_dialog_and_nothing_is_lost(qtbot: QtBot, window: MainWindow) -> None:
    before = window.model.to_json()
    action = window.findChild(QAction, "fillFromSqlAction")
    assert action is not None and action.isEnabled()
    action.trigger()  # from the Edit menu: no SQL facet yet, so the SQL is typed in the dialog
    dialog = window.sql_fill.dialog
    assert dialog is not None
    box = child(dialog, QPlainTextEdit, "sqlFillQuery")
    qtbot.keyClicks(box, "INSERT INTO s.t SELEC a FROM s.u")
    error = child(dialog, QLabel, "sqlFillError")
    qtbot.waitUntil(lambda: "SELEC a FROM s.u'" in error.text())
    assert error.isVisible() and "Statement 1 (line 1" in error.text()
    assert not child(dialog, QPushButton, "sqlFillApply").isEnabled()
    dialog.apply()  # even forced, nothing is written
    assert window.model.to_json() == before
    assert box.toPlainText() == "INSERT INTO s.t SELEC a FROM s.u"

    box.selectAll()
    qtbot.keyClicks(box, "INSERT INTO s.t SELECT a FROM s.u")
    qtbot.waitUntil(lambda: not error.isVisible())
    assert dialog.proposal is not None and len(dialog.proposal.tables) == 2


@needs_sql
def test_sql_typed_in_the_dialog_becomes_the_job_sql_facet(qtbot: QtBot, window: MainWindow) -> None:
    window.findChild(QAction, "fillFromSqlAction").trigger()
    dialog = window.sql_fill.dialog
    assert dialog is not None
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "sqlFillQuery"), "INSERT INTO s.t SELECT a FROM s.u")
    qtbot.waitUntil(lambda: dialog.proposal is not None)
    child(dialog, QComboBox, "sqlDialect").setCurrentText("snowflake")
    qtbot.keyClicks(child(dialog, QLineEdit, "sqlFillNamespaceAll"), PG)
    qtbot.mouseClick(child(dialog, QPushButton, "sqlFillApply"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    sql = json.loads(preview_text(window))["job"]["facets"]["sql"]
    assert (sql["query"], sql["dialect"]) == ("INSERT INTO s.t SELECT a FROM s.u", "snowflake")
    assert fill_button(qtbot, window).isEnabled()  # the new facet's editor offers the action too


def test_without_openlineage_sql_the_action_and_button_say_why(
    qtbot: QtBot, no_sql_module: None, window: MainWindow
) -> None:
    """`no_sql_module` comes first, so the window is built while the import fails."""
    missing = sql_unavailable()
    assert missing is not None and "openlineage-sql" in missing.reason
    action = window.findChild(QAction, "fillFromSqlAction")
    assert action is not None and not action.isEnabled()
    assert action.toolTip() == missing.reason
    add_sql_facet(window)
    button = fill_button(qtbot, window)
    assert not button.isEnabled()
    assert button.toolTip() == missing.reason


def test_the_gui_asks_for_openlineage_sql_only_after_the_first_paint(
    qtbot: QtBot, open_window: WindowOpener, no_sql_module: None
) -> None:
    deferred = open_window(shown=False, defer_docks=True)
    action = deferred.findChild(QAction, "fillFromSqlAction")
    assert action is not None and action.isEnabled()
    assert availability_tip.cache_info().misses == 0  # nothing imported openlineage-sql yet
    with qtbot.waitSignal(deferred.docksReady, timeout=10_000):
        deferred.show()
    missing = sql_unavailable()
    assert missing is not None
    assert not action.isEnabled() and action.toolTip() == missing.reason
    add_sql_facet(deferred)
    assert availability_tip.cache_info().misses == 1  # the SQL editor's button reused the answer
    assert fill_button(qtbot, deferred).toolTip() == missing.reason


@needs_sql
def test_the_facet_dialect_chooses_the_parser_dialect(qtbot: QtBot, window: MainWindow) -> None:
    add_sql_facet(window)
    window.model.set("/job/facets/sql/dialect", "postgresql")
    window.model.set("/job/facets/sql/query", "INSERT INTO s.t SELECT a FROM s.u")
    qtbot.mouseClick(fill_button(qtbot, window), Qt.MouseButton.LeftButton)
    dialog = window.sql_fill.dialog
    assert dialog is not None
    assert child(dialog, QComboBox, "sqlDialect").currentText() == "postgres"
    assert dialog.proposal is not None and [t.qualified for t in dialog.proposal.tables] == ["s.u", "s.t"]
    assert not child(dialog, QPushButton, "sqlFillApply").isEnabled()  # no namespace chosen yet
    assert "Choose a namespace" in child(dialog, QLabel, "sqlFillStatus").text()
    dialog.reject()


@needs_sql
def test_closing_with_sql_edited_in_the_dialog_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    window.findChild(QAction, "fillFromSqlAction").trigger()
    dialog = window.sql_fill.dialog
    assert dialog is not None
    answers = [False, True]
    asked: list[bool] = []

    def answer() -> bool:
        asked.append(True)
        return answers.pop(0)

    dialog.confirm_discard = answer
    qtbot.keyClicks(child(dialog, QPlainTextEdit, "sqlFillQuery"), "INSERT INTO s.t SELECT a FROM s.u")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # "keep it": the dialog stays, the SQL too
    assert dialog.isVisible() and len(asked) == 1
    assert child(dialog, QPlainTextEdit, "sqlFillQuery").toPlainText() == "INSERT INTO s.t SELECT a FROM s.u"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and len(asked) == 2
