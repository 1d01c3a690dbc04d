"""The namespace picker: what it reports, what it offers, and the real Build… dialog behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from composer.services.recents import RecentsWriter, RecentValues
from composer.ui.namespaces.dialog import BuildNamespaceDialog
from composer.ui.namespaces.picker import NamespacePicker

PG = "postgres://prod-db.example.com:5432"


@pytest.fixture
def recents(app_home: Path) -> RecentValues:
    return RecentValues(app_home / "recent-namespaces.json", writer=RecentsWriter())


def make_picker(qtbot: QtBot, recents: RecentValues | None, name: str = "jobNamespace") -> NamespacePicker:
    picker = NamespacePicker(recents, object_name=name)
    qtbot.addWidget(picker)
    picker.show()
    picker.activateWindow()
    picker.lineEdit().setFocus()  # QLineEdit only listens to its completer while it has focus
    qtbot.waitUntil(picker.lineEdit().hasFocus)
    return picker


def completions(picker: NamespacePicker) -> list[str]:
    completer = picker.lineEdit().completer()
    assert completer is not None
    model = completer.completionModel()
    return [model.index(row, 0).data() for row in range(completer.completionCount())]


def ok_of(dialog: BuildNamespaceDialog) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def test_typing_reports_every_keystroke(qtbot: QtBot, recents: RecentValues) -> None:
    picker = make_picker(qtbot, recents)
    seen: list[str] = []
    picker.namespaceEdited.connect(seen.append)
    qtbot.keyClicks(picker.lineEdit(), "s3://b")
    assert seen == ["s", "s3", "s3:", "s3:/", "s3://", "s3://b"]
    assert picker.namespace() == "s3://b"


def test_set_namespace_is_silent_and_keeps_the_cursor_when_unchanged(
    qtbot: QtBot, recents: RecentValues
) -> None:
    picker = make_picker(qtbot, recents)
    seen: list[str] = []
    picker.namespaceEdited.connect(seen.append)
    picker.setNamespace(PG)
    assert picker.namespace() == PG and seen == []
    picker.lineEdit().setCursorPosition(5)
    picker.setNamespace(PG)
    assert picker.lineEdit().cursorPosition() == 5
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_End)
    qtbot.keyClicks(picker.lineEdit(), "1")
    assert seen == [PG + "1"]


def test_the_object_name_and_accessible_names_are_set(qtbot: QtBot, recents: RecentValues) -> None:
    picker = make_picker(qtbot, recents, "inputNamespace")
    edit = picker.findChild(QLineEdit, "inputNamespace")
    assert edit is picker.lineEdit()
    assert edit.accessibleName() == "Input namespace"
    direct = Qt.FindChildOption.FindDirectChildrenOnly  # not the line edit's own clear button
    buttons = [*picker.findChildren(QToolButton, options=direct), *picker.findChildren(QPushButton)]
    assert {b.objectName() for b in buttons} == {
        "inputNamespaceRecent",
        "inputNamespacePin",
        "inputNamespaceBuild",
    }
    for widget in [edit, *buttons]:
        assert widget.accessibleName(), widget.objectName()
        assert widget.toolTip(), widget.objectName()


def test_recents_are_offered_as_completions_pinned_first(qtbot: QtBot, recents: RecentValues) -> None:
    recents.add("postgres://old-db:5432")
    recents.add("snowflake://xy12345.snowflakecomputing.com")
    recents.add(PG)
    recents.pin("postgres://warehouse:5432")
    picker = make_picker(qtbot, recents)
    qtbot.keyClicks(picker.lineEdit(), "POST")  # case-insensitive, matched anywhere
    assert completions(picker) == ["postgres://warehouse:5432", PG, "postgres://old-db:5432"]
    qtbot.keyClicks(picker.lineEdit(), "gres://old")
    assert completions(picker) == ["postgres://old-db:5432"]


def test_picking_a_completion_reports_it(qtbot: QtBot, recents: RecentValues) -> None:
    recents.add(PG)
    picker = make_picker(qtbot, recents)
    qtbot.keyClicks(picker.lineEdit(), "prod")
    completer = picker.lineEdit().completer()
    assert completer is not None and completer.popup() is not None
    with qtbot.waitSignal(picker.namespaceEdited) as reported:
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert reported.args == [PG]
    assert picker.namespace() == PG


def test_down_arrow_lists_everything(qtbot: QtBot, recents: RecentValues) -> None:
    recents.add("a://1")
    recents.add("b://2")
    picker = make_picker(qtbot, recents)
    picker.setNamespace("b://2")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Down)
    completer = picker.lineEdit().completer()
    assert completer is not None and completer.popup() is not None
    assert completer.popup().isVisible()
    assert completions(picker) == ["b://2", "a://1"]


def test_remember_adds_to_recents_and_other_pickers_see_it(qtbot: QtBot, recents: RecentValues) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    job = NamespacePicker(recents, window, object_name="jobNamespace")
    other = NamespacePicker(RecentValues(recents.path, writer=recents._writer), window, object_name="outputNamespace")
    layout = QVBoxLayout(window)
    layout.addWidget(job)
    layout.addWidget(other)
    window.show()
    window.activateWindow()
    job.lineEdit().setFocus()
    qtbot.waitUntil(job.lineEdit().hasFocus)
    qtbot.keyClicks(job.lineEdit(), PG)
    job.remember()
    assert recents.values() == [PG]
    other.lineEdit().setFocus()
    qtbot.waitUntil(other.lineEdit().hasFocus)
    qtbot.keyClicks(other.lineEdit(), "prod")
    assert completions(other) == [PG]


def test_remember_ignores_blank_text(qtbot: QtBot, recents: RecentValues) -> None:
    picker = make_picker(qtbot, recents)
    qtbot.keyClicks(picker.lineEdit(), "   ")
    picker.remember()
    assert recents.values() == []


def test_the_pin_button_pins_and_unpins_the_current_text(qtbot: QtBot, recents: RecentValues) -> None:
    picker = make_picker(qtbot, recents)
    pin = picker.findChild(QToolButton, "jobNamespacePin")
    assert pin is not None
    assert not pin.isEnabled()  # nothing to pin yet
    qtbot.keyClicks(picker.lineEdit(), PG)
    qtbot.mouseClick(pin, Qt.MouseButton.LeftButton)
    assert recents.pinned() == [PG] and pin.isChecked()
    picker.setNamespace("something-else")
    assert not pin.isChecked()
    picker.setNamespace(PG)
    assert pin.isChecked()
    qtbot.mouseClick(pin, Qt.MouseButton.LeftButton)
    assert recents.pinned() == [] and recents.values() == [PG]


def test_without_a_store_the_picker_still_works(qtbot: QtBot) -> None:
    picker = make_picker(qtbot, None, "")
    assert picker.lineEdit().accessibleName() == "Namespace"
    assert not picker.findChild(QToolButton, "namespacePin").isVisible()
    assert not picker.findChild(QToolButton, "namespaceRecent").isVisible()
    seen: list[str] = []
    picker.namespaceEdited.connect(seen.append)
    qtbot.keyClicks(picker.lineEdit(), "ab")
    picker.remember()
    assert seen == ["a", "ab"]


def test_build_fills_the_picker_from_a_jdbc_uri(qtbot: QtBot, recents: RecentValues) -> None:
    picker = make_picker(qtbot, recents)
    dialog = picker.open_builder()
    assert dialog.isVisible() and dialog.parent() is picker
    qtbot.keyClicks(
        dialog.findChild(QLineEdit, "jdbcUri"), "jdbc:postgresql://prod-db.example.com:5432/sales_db"
    )
    with qtbot.waitSignal(picker.namespaceEdited) as reported:
        qtbot.mouseClick(ok_of(dialog), Qt.MouseButton.LeftButton)
    assert reported.args == [PG]
    assert picker.namespace() == PG
    assert recents.values() == [PG]


def test_build_opens_on_the_current_text_and_cancel_changes_nothing(
    qtbot: QtBot, recents: RecentValues
) -> None:
    picker = make_picker(qtbot, recents)
    picker.setNamespace("mysql://orders-db.example.com:3306")
    seen: list[str] = []
    picker.namespaceEdited.connect(seen.append)
    dialog = picker.open_builder()
    host = dialog.findChild(QLineEdit, "field_host")
    assert host is not None and host.text() == "orders-db.example.com"
    host.selectAll()
    qtbot.keyClicks(host, "replica.example.com")
    dialog.reject()
    assert picker.namespace() == "mysql://orders-db.example.com:3306"
    assert seen == []


def test_the_build_button_opens_the_dialog_and_ok_edits_the_namespace(
    qtbot: QtBot, recents: RecentValues
) -> None:
    picker = make_picker(qtbot, recents)
    picker.setNamespace("mysql://orders-db.example.com:3306")
    build = picker.findChild(QPushButton, "jobNamespaceBuild")
    assert build is not None
    qtbot.mouseClick(build, Qt.MouseButton.LeftButton)
    dialogs = [d for d in picker.findChildren(BuildNamespaceDialog) if d.isVisible()]
    assert len(dialogs) == 1
    port = dialogs[0].findChild(QLineEdit, "field_port")
    port.selectAll()
    qtbot.keyClicks(port, "3307")
    with qtbot.waitSignal(picker.namespaceEdited) as reported:
        qtbot.keyClick(port, Qt.Key.Key_Return)  # OK is the default button
    assert reported.args == ["mysql://orders-db.example.com:3307"]
    assert picker.namespace() == "mysql://orders-db.example.com:3307"
