"""The Build namespace dialog, driven like a steward would: through its widgets, offscreen."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from composer.core.namespaces import (
    NamespaceError,
    build_namespace,
    from_jdbc,
    parse_namespace,
    platform,
    platforms,
)
from composer.ui.namespaces.dialog import ALATION_RULE, BuildNamespaceDialog

EVERY_FORM = [
    pytest.param(entry.id, form.id, id=f"{entry.id}-{form.id}")
    for entry in platforms()
    for form in entry.forms
]


def open_dialog(qtbot: QtBot, initial: str = "") -> BuildNamespaceDialog:
    dialog = BuildNamespaceDialog(initial)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def child(dialog: QWidget, kind: type[QWidget], name: str) -> QWidget:
    found = dialog.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def edit(dialog: QWidget, name: str) -> QLineEdit:
    found = child(dialog, QLineEdit, name)
    assert isinstance(found, QLineEdit)
    return found


def label(dialog: QWidget, name: str) -> QLabel:
    found = child(dialog, QLabel, name)
    assert isinstance(found, QLabel)
    return found


def ok_button(dialog: BuildNamespaceDialog) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def choose_platform(qtbot: QtBot, dialog: BuildNamespaceDialog, platform_id: str) -> None:
    """Type the platform's name into the searchable box and press Enter, as a steward would."""
    search = edit(dialog, "platformSearch")
    search.selectAll()
    qtbot.keyClicks(search, platform(platform_id).label)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    box = child(dialog, QComboBox, "platform")
    assert isinstance(box, QComboBox)
    assert box.currentData() == platform_id


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)
    if not text:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


@pytest.mark.parametrize(("platform_id", "form_id"), EVERY_FORM)
def test_every_catalog_form_builds_and_reads_back(qtbot: QtBot, platform_id: str, form_id: str) -> None:
    target = platform(platform_id)
    form = target.form(form_id)
    dialog = open_dialog(qtbot)
    choose_platform(qtbot, dialog, platform_id)
    typed: dict[str, str] = {}
    for key in form.fields:
        field = edit(dialog, f"field_{key}")
        if not field.text():  # fields with a default come filled in
            type_into(qtbot, field, target.field(key).placeholder)
        typed[key] = field.text()
    choice = child(dialog, QRadioButton, f"form_{form_id}")
    assert isinstance(choice, QRadioButton)
    choice.click()

    expected = build_namespace(platform_id, typed, form_id)
    assert edit(dialog, f"namespace_{form_id}").text() == expected
    assert dialog.namespace() == expected
    assert dialog.name_shape() == target.name_shape
    assert ok_button(dialog).isEnabled()

    again = open_dialog(qtbot, expected)
    found = parse_namespace(expected)
    assert found is not None and (found.platform.id, found.form.id) == (platform_id, form_id)
    reread = child(again, QRadioButton, f"form_{form_id}")
    assert isinstance(reread, QRadioButton) and reread.isChecked()
    assert {key: edit(again, f"field_{key}").text() for key in form.fields} == typed
    assert again.namespace() == expected


def test_the_alation_rule_is_stated_up_front(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    rule = label(dialog, "alationRule")
    assert rule.isVisible()
    assert ALATION_RULE in rule.text()
    assert "host:port of the data source's JDBC URI" in ALATION_RULE


def test_a_pasted_jdbc_uri_gives_the_namespace_and_the_database(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    uri = edit(dialog, "jdbcUri")
    QApplication.clipboard().setText("jdbc:postgresql://prod-db.example.com:5432/sales_db")
    uri.setFocus()
    qtbot.keyClick(uri, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    if not uri.text():  # a platform without a clipboard: type it instead
        qtbot.keyClicks(uri, "jdbc:postgresql://prod-db.example.com:5432/sales_db")

    assert dialog.namespace() == "postgres://prod-db.example.com:5432"
    assert dialog.database_hint() == "sales_db"
    assert dialog.name_shape() == "database.schema.table"
    assert edit(dialog, "field_host").text() == "prod-db.example.com"
    assert edit(dialog, "field_port").text() == "5432"
    assert "sales_db" in label(dialog, "uriStatus").text()
    assert "sales_db" in label(dialog, "nameShape").text()
    assert ok_button(dialog).isEnabled()


def test_a_uri_fills_platform_fields_and_every_form(qtbot: QtBot) -> None:
    text = "jdbc:redshift://examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439/dev"
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(edit(dialog, "jdbcUri"), text)
    derived = from_jdbc(text)
    assert child(dialog, QComboBox, "platform").property("currentText") == "Amazon Redshift"
    for found in derived.namespaces:
        assert edit(dialog, f"namespace_{found.form.id}").text() == found.namespace
    assert dialog.namespace() == derived.namespace  # Alation's form is the one chosen
    assert edit(dialog, "field_cluster").text() == "examplecluster"
    assert dialog.database_hint() == "dev"


@pytest.mark.parametrize(
    "text",
    [
        "jdbc:postgresql://prod-db.example.com:99999/sales_db",
        "jdbc:nosuchdb://host:1/x",
        "jdbc:postgresql://",
    ],
)
def test_an_unreadable_uri_shows_why_and_keeps_ok_disabled(qtbot: QtBot, text: str) -> None:
    dialog = open_dialog(qtbot)
    uri = edit(dialog, "jdbcUri")
    qtbot.keyClicks(uri, text)
    with pytest.raises(NamespaceError) as expected:
        from_jdbc(text)
    status = label(dialog, "uriStatus")
    assert status.isVisible() and status.text() == str(expected.value)
    assert uri.styleSheet()  # highlighted
    assert not ok_button(dialog).isEnabled()
    assert dialog.namespace() == ""


def test_a_uri_that_turns_bad_disables_ok_until_it_is_cleared(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    uri = edit(dialog, "jdbcUri")
    qtbot.keyClicks(uri, "jdbc:mysql://orders-db.example.com:3306/orders")
    assert ok_button(dialog).isEnabled()
    qtbot.keyClicks(uri, ":x:y")
    uri.setCursorPosition(len("jdbc:mysql://orders-db.example.com:"))
    qtbot.keyClicks(uri, "7")
    assert not ok_button(dialog).isEnabled()
    type_into(qtbot, uri, "")
    assert not label(dialog, "uriStatus").isVisible()
    assert ok_button(dialog).isEnabled()  # the fields still hold the last good reading
    assert dialog.namespace() == "mysql://orders-db.example.com:3306"


def test_a_wrong_field_value_is_marked_where_it_was_typed(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, "postgres://prod-db.example.com:5432")
    port = edit(dialog, "field_port")
    type_into(qtbot, port, "99999")
    with pytest.raises(NamespaceError) as expected:
        build_namespace("postgresql", {"host": "prod-db.example.com", "port": "99999"})
    assert expected.value.field == "port"
    problem = label(dialog, "fieldProblem")
    assert problem.isVisible() and problem.text() == str(expected.value)
    assert port.styleSheet() and not edit(dialog, "field_host").styleSheet()
    assert port.accessibleDescription() == str(expected.value)
    assert not ok_button(dialog).isEnabled()
    type_into(qtbot, port, "6432")
    assert not problem.isVisible() and not port.styleSheet()
    assert dialog.namespace() == "postgres://prod-db.example.com:6432"


def test_an_untouched_empty_field_is_a_hint_not_an_error(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    host = edit(dialog, "field_host")
    assert label(dialog, "fieldProblem").isVisible()  # says what is still needed ...
    assert not host.styleSheet()  # ... without shouting before anything was typed
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClicks(host, "db")
    type_into(qtbot, host, "")
    assert host.styleSheet()  # cleared by hand: now it is a mistake


def test_choosing_a_form_changes_the_result_and_the_required_fields(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, "snowflake://xy12345.us-east-1.snowflakecomputing.com")
    assert dialog.namespace() == "snowflake://xy12345.us-east-1.snowflakecomputing.com"
    assert label(dialog, "label_account").text().endswith("*:")
    assert not label(dialog, "label_organization").isEnabled()
    assert label(dialog, "problem_openlineage").isVisible()  # says what that form still needs
    choice = child(dialog, QRadioButton, "form_openlineage")
    assert isinstance(choice, QRadioButton)
    choice.click()
    assert not ok_button(dialog).isEnabled()
    assert label(dialog, "label_organization").isEnabled()
    qtbot.keyClicks(edit(dialog, "field_organization"), "myorg")
    qtbot.keyClicks(edit(dialog, "field_account_name"), "myaccount")
    assert dialog.namespace() == "snowflake://myorg-myaccount"
    assert ok_button(dialog).isEnabled()


def test_switching_platform_keeps_the_host_but_not_the_old_default_port(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(edit(dialog, "field_host"), "db.example.com")
    choose_platform(qtbot, dialog, "mysql")
    assert edit(dialog, "field_host").text() == "db.example.com"
    assert edit(dialog, "field_port").text() == "3306"
    assert dialog.namespace() == "mysql://db.example.com:3306"
    # the old platform's widgets are gone, not just hidden, so nothing finds them by name
    assert dialog.findChildren(QLineEdit, "field_host") == [edit(dialog, "field_host")]
    assert len(dialog.findChildren(QRadioButton)) == len(platform("mysql").forms)


def test_the_old_platforms_rows_are_deleted_by_qt_not_left_to_the_collector(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    old_rows = dialog.findChild(QRadioButton)
    assert old_rows is not None
    choose_platform(qtbot, dialog, "mysql")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(old_rows)  # a parentless widget tree in a cycle otherwise


def test_a_search_that_matches_nothing_puts_the_platform_name_back(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    search = edit(dialog, "platformSearch")
    search.selectAll()
    qtbot.keyClicks(search, "zzz")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert search.text() == "PostgreSQL"
    assert child(dialog, QComboBox, "platform").property("currentData") == "postgresql"


def test_opening_on_something_that_is_not_a_namespace_says_so(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, "my-etl-system")
    opened = label(dialog, "openedFrom")
    assert opened.isVisible() and "my-etl-system" in opened.text()
    assert dialog.namespace() == ""


def test_opening_on_a_jdbc_uri_reads_it_as_one(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, "jdbc:sqlserver://sql01.example.com:1433;databaseName=Finance")
    assert edit(dialog, "jdbcUri").text().startswith("jdbc:sqlserver://")
    assert dialog.namespace() == "sqlserver://sql01.example.com:1433"
    assert dialog.database_hint() == "Finance"


def test_every_input_has_an_accessible_name_and_a_tooltip(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, "redshift://examplecluster.us-west-2:5439")
    inputs = [
        *dialog.findChildren(QLineEdit),
        *dialog.findChildren(QComboBox),
        *dialog.findChildren(QRadioButton),
    ]
    assert len(inputs) > 8
    for widget in inputs:
        spoken = widget.accessibleName() or (widget.text() if isinstance(widget, QRadioButton) else "")
        assert spoken, widget.objectName()
        assert widget.toolTip(), widget.objectName()


def test_ask_returns_the_namespace_on_ok_and_none_on_cancel(qtbot: QtBot) -> None:
    def answer(accept: bool) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BuildNamespaceDialog)
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, lambda: answer(True))
    assert BuildNamespaceDialog.ask(None, "mysql://orders-db.example.com:3306") == (
        "mysql://orders-db.example.com:3306"
    )
    QTimer.singleShot(0, lambda: answer(False))
    assert BuildNamespaceDialog.ask(None, "mysql://orders-db.example.com:3306") is None
