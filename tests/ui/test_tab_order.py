"""Keyboard use (issue 15, point 9): Tab walks the window in reading order, every field it
reaches has an accessible name, and Ctrl+Enter sends from whichever field has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from composer.ui.main_window import MainWindow
from tests.ui.windows import WindowOpener

pytestmark = pytest.mark.usefixtures("memory_keyring")

READING_ORDER = [
    "eventType",
    "eventTime",
    "producer",
    "schemaURL",
    "jobNamespace",
    "jobName",
    "runId",
    "regenerateRunId",
    "inputsList",
    "inputsNamespace0",
    "inputsName0",
    "addInput",
    "outputsList",
    "outputsNamespace0",
    "outputsName0",
    "addOutput",
    "editJson",
    "jsonPreview",
    "target",
    "problems",
    "profile",
    "sendButton",
    "historySearch",
]


@pytest.fixture
def window(open_window: WindowOpener) -> MainWindow:
    """Active (Tab moves focus only in the active window), with an input and an output; the new
    event has errors, so Send asks, and the opener's scripted prompter answers."""
    made = open_window(geometry=(0, 0, 1240, 780), active=True)
    made.inputs.add_dataset()
    made.outputs.add_dataset()
    return made


def walk(qtbot: QtBot, window: MainWindow) -> list[QWidget]:
    """Press Tab from the first field until a widget comes round again: one pass."""
    first = window.event_form.event_type
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen: list[QWidget] = []
    for _ in range(200):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused in seen:
            return seen
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never came round: {[w.objectName() for w in seen]}")


def test_tab_walks_every_part_of_the_window_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    names = [widget.objectName() for widget in walk(qtbot, window)]
    positions = [names.index(name) for name in READING_ORDER]  # each reached ...
    assert positions == sorted(positions), names  # ... in reading order


def test_every_field_reached_by_tab_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    fields = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractSpinBox)
    unnamed = [
        widget.objectName() or type(widget).__name__
        for widget in walk(qtbot, window)
        if isinstance(widget, fields) and not widget.accessibleName()
    ]
    assert unnamed == []


@pytest.mark.parametrize("name", ["jobName", "inputsName0", "jsonPreview", "historySearch"])
def test_ctrl_enter_sends_from_any_field(qtbot: QtBot, window: MainWindow, name: str) -> None:
    field = window.findChild(QWidget, name)
    assert field is not None
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    with qtbot.waitSignal(window.send_ui.controller.refused, timeout=10_000):  # Send ran: its check
        qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def region_of(window: MainWindow, widget: QWidget) -> int:
    """Which part of the window `widget` is in, numbered in reading order."""
    assert window.send_ui is not None
    regions = [
        window.forms_scroll,
        window.preview,
        window.problems.parentWidget(),
        window.send_ui.toolbar,
        window.send_ui.dock,
        window.history,
        window.lineage.parentWidget(),
    ]
    for index, region in enumerate(regions):
        if region is not None and (widget is region or region.isAncestorOf(widget)):
            return index
    return len(regions)  # the docks' tab bar and the like: last


def test_tab_goes_forms_preview_problems_send_docks_and_wraps_to_the_first_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    stops = walk(qtbot, window)
    regions = [region_of(window, widget) for widget in stops]
    assert regions == sorted(regions), [(w.objectName(), r) for w, r in zip(stops, regions, strict=True)]
    assert set(regions) >= {0, 1, 2, 3, 4, 5, 6}  # every part is reached
    assert all(widget.window() is window for widget in stops)
    last = stops[-1]
    last.setFocus()
    qtbot.waitUntil(last.hasFocus)
    qtbot.keyClick(last, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.event_form.event_type  # round to the first field
    qtbot.keyClick(window.event_form.event_type, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is last  # and Shift+Tab goes back round


def test_a_card_made_later_still_tabs_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    window.inputs.add_dataset()  # a second input, made long after the window
    qtbot.waitUntil(lambda: window.findChild(QWidget, "inputsNamespace1") is not None)
    names = [widget.objectName() for widget in walk(qtbot, window)]
    order = ["inputsList", "inputsNamespace1", "inputsName1", "addInput", "outputsList", "sendButton"]
    positions = [names.index(name) for name in order]
    assert positions == sorted(positions), names
    assert "inputsNamespace0" not in names  # only the open card's fields are stops


def test_removing_the_focused_card_keeps_the_focus_where_it_was(qtbot: QtBot, window: MainWindow) -> None:
    window.inputs.add_dataset()
    remove = window.findChild(QWidget, "inputsRemovethisdataset1")
    assert remove is not None
    remove.setFocus()
    qtbot.waitUntil(remove.hasFocus)
    qtbot.keyClick(remove, Qt.Key.Key_Space)  # Remove, from the keyboard: the card goes
    qtbot.waitUntil(lambda: window.findChild(QWidget, "inputsRemovethisdataset1") is None)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not window.event_form.event_type  # not back to the top
    assert region_of(window, focused) == 0  # still in the forms, near the list it was in
