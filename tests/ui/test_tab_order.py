"""Keyboard use (issue 15, point 9): Tab walks the window in reading order, every field it
reaches has an accessible name, and Ctrl+Enter sends from whichever field has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from composer.ui.main_window import MainWindow
from tests.ui.test_send_fakes import FakeSendPrompter, memory_keyring  # noqa: F401 (fixture)
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
