"""Before anything happens, each pane says what will happen (issue 15, point 7)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow
from composer.ui.send.verification import STEP_KEYS

pytestmark = [pytest.mark.usefixtures("memory_keyring"), pytest.mark.window(exposed=True)]


def test_the_walkthrough_lists_its_four_steps_greyed_before_the_first_send(window: MainWindow) -> None:
    panel = window.send_ui.verification
    titles = [panel.rows[key].title.text() for key in STEP_KEYS]
    assert [title[:2] for title in titles] == ["1.", "2.", "3.", "4."]
    assert "Lineage tab" in titles[2] and "job name" in titles[3]
    assert all(not panel.rows[key].box.isEnabled() for key in STEP_KEYS)
    assert "four steps" in panel.summary.text() and panel.statuses() == {}
    assert "press Send" in window.send_ui.result_view.toPlainText()


def test_the_history_says_how_to_send(qtbot: QtBot, window: MainWindow) -> None:
    history = window.history
    qtbot.waitUntil(lambda: history.status.text() == "No sends yet")
    assert history.pages.currentWidget() is history.empty and history.empty.isVisible()
    assert "press Send (Ctrl+Enter)" in history.empty.text()


def test_the_lineage_picture_says_what_it_will_draw_until_there_are_datasets(window: MainWindow) -> None:
    lineage = window.lineage
    window.findChild(type(window.send_ui.dock), "lineageDock").raise_()
    lineage.refresh()
    assert lineage.pages.currentWidget() is lineage.empty and "inputs → job → outputs" in lineage.empty.text()
    window.model.replace(instantiate("alation-complete"))
    lineage.refresh()
    assert lineage.pages.currentWidget() is not lineage.empty
