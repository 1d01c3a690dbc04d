"""Dataset editing in the real window (issue 15, point 8): a new card comes into view with its
namespace focused, ↑/↓ only where they can move, Build… leaves the namespace readable from its
start and carries the URI's database into the name."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow

pytestmark = [pytest.mark.usefixtures("memory_keyring"), pytest.mark.window(geometry=(0, 0, 1240, 780), exposed=True)]


def test_add_output_scrolls_to_the_new_card_and_focuses_its_namespace(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.model.replace(instantiate("alation-complete"))  # long forms: the outputs are far down
    qtbot.waitUntil(lambda: window.outputs.settled and window.inputs.settled)
    window.forms_scroll.verticalScrollBar().setValue(0)
    window.activateWindow()  # (offscreen, a popup shown while the cards were built took it)
    qtbot.waitUntil(window.isActiveWindow)
    window.findChild(QPushButton, "addOutput").click()
    card = window.outputs.cards[0]
    assert card.pointer == "/outputs/1"
    assert QApplication.focusWidget() is card.picker.lineEdit()
    def in_view() -> bool:
        viewport = window.forms_scroll.viewport()
        shown = window.outputs.cards[0]  # (the same dataset's card, if rebuilt meanwhile)
        assert shown.pointer == "/outputs/1"
        top = shown.picker.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(top) and window.forms_scroll.verticalScrollBar().value() > 0

    qtbot.waitUntil(in_view)


def test_up_and_down_are_enabled_only_where_a_dataset_can_move(window: MainWindow) -> None:
    window.inputs.add_dataset()
    one = window.inputs.cards[0]
    assert not one.findChild(QPushButton, "inputsMoveup0").isEnabled()
    assert not one.findChild(QPushButton, "inputsMovedown0").isEnabled()
    window.inputs.add_dataset()
    second = window.inputs.cards[0]
    assert second.findChild(QPushButton, "inputsMoveup1").isEnabled()
    assert not second.findChild(QPushButton, "inputsMovedown1").isEnabled()
    first = window.inputs.select(0)
    assert first is not None and first.findChild(QPushButton, "inputsMovedown0").isEnabled()
    assert not first.findChild(QPushButton, "inputsMoveup0").isEnabled()


def test_build_shows_the_namespace_from_its_start_and_carries_the_database(window: MainWindow) -> None:
    window.outputs.add_dataset()
    card = window.outputs.cards[0]
    dialog = card.picker.open_builder()
    dialog._uri.setText("jdbc:snowflake://acme-prod.eu-west-1.snowflakecomputing.com/?db=analytics")
    if not dialog.namespace():  # the platform reads the URI differently: a Postgres one will do
        dialog._uri.setText("jdbc:postgresql://prod-db.example.com:5432/sales_db")
    built, database = dialog.namespace(), dialog.database_hint()
    assert built and database
    dialog.accept()
    line = card.picker.lineEdit()
    assert window.model.get("/outputs/0/namespace") == built
    assert line.cursorPosition() == 0  # the scheme and host show, not the end of a long name
    assert window.model.get("/outputs/0/name") == f"{database}."
    assert QApplication.focusWidget() is card.name and card.name.cursorPosition() == len(database) + 1


def test_a_closed_card_takes_no_other_widget_of_the_window_with_it(qtbot: QtBot, window: MainWindow) -> None:
    """Closing a card must leave the rest of the window usable from Python. (Walking the window's focus chain with nextInFocusChain made PySide tie
    the menu bar's wrapper to a card field: once the card went, File › Open Recent was "already
    deleted" and the next Save As failed.)"""
    window.model.replace(instantiate("alation-complete"))
    qtbot.waitUntil(lambda: window.outputs.settled and window.inputs.settled)
    window.inputs.add_dataset()
    window.inputs.select(0)  # the card of the added input goes
    qtbot.wait(50)  # its deferred deletion runs
    for widget in (window.menuBar(), window.file_menu, window.files.recent_menu, window.inputs.add_button):
        assert shiboken6.isValid(widget), widget
    window.files._fill_recent_menu()  # what a save does when it has written the file
    assert window.files.recent_menu is not None and window.files.recent_menu.actions()
