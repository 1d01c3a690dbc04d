"""An event opened from the history or a log is a new, unsaved document (issue 15, point 2):
Save never writes it over the file that was open, and the send pane does not show the previous
send's result as if it were this event's. The real window and the real sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow
from tests.e2e import test_send_verify
from tests.e2e.test_send_verify import ui
from tests.ui.fakes import open_now, save_now
from tests.ui.test_log_browser import FakeLogPrompter

pytestmark = pytest.mark.usefixtures("memory_keyring")
window = test_send_verify.window  # the real window (fixture), wired to the real sandbox


def sent_once(qtbot: QtBot, window: MainWindow) -> None:
    send_ui = ui(window)
    with qtbot.waitSignal(send_ui.unresolved, timeout=15_000), qtbot.waitSignal(window.history.loaded):
        qtbot.keyClick(window.preview.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert send_ui.verification.statuses()["response"] == "pass"


def test_history_open_is_untitled_and_save_asks_where(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    opened = tmp_path / "mine.json"
    mine = instantiate("alation-complete").to_json()
    opened.write_text(mine, encoding="utf-8")
    assert open_now(window.files, opened)
    assert window.windowTitle().startswith("mine.json")
    sent_once(qtbot, window)
    window.history.select_rows([0])
    assert window.history.open_selected()
    title = window.windowTitle()
    assert title.startswith("from history, ") and "mine.json" not in title and "*" in title
    assert window.files.current_path is None
    # The send pane speaks of no send now: this event has not been sent.
    send_ui = ui(window)
    assert send_ui.result_view.toPlainText().startswith("This event has not been sent yet")
    assert send_ui.verification.statuses() == {} and not send_ui.verification.rows["table"].box.isEnabled()
    # Save asks where (Save As), and the opened file keeps its bytes.
    elsewhere = tmp_path / "from-history.json"
    window.files.prompter.save_path = elsewhere  # type: ignore[attr-defined]
    assert save_now(window.files)
    assert opened.read_text(encoding="utf-8") == mine
    assert json.loads(elsewhere.read_text(encoding="utf-8")) == json.loads(window.model.to_json())
    assert window.windowTitle().startswith("from-history.json")


def test_resend_from_history_is_untitled_too(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    opened = tmp_path / "mine.json"
    opened.write_text(instantiate("alation-complete").to_json(), encoding="utf-8")
    assert open_now(window.files, opened)
    sent_once(qtbot, window)
    window.history.select_rows([0])
    with qtbot.waitSignal(ui(window).unresolved, timeout=15_000):
        assert window.history.resend_selected()
    assert window.windowTitle().startswith("resent from history, ") and window.files.current_path is None
    assert ui(window).verification.statuses()["response"] == "pass"  # the resend's own result


def test_log_open_in_editor_is_untitled(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    opened = tmp_path / "mine.json"
    opened.write_text(window.model.to_json(), encoding="utf-8")
    assert open_now(window.files, opened)
    log = tmp_path / "events.ndjson"
    log.write_text(instantiate("alation-minimal").to_json().replace("\n", "") + "\n", encoding="utf-8")
    browser = window.logs.show_browser()
    browser.prompter = FakeLogPrompter(log)  # type: ignore[assignment]
    with qtbot.waitSignal(browser.filtered, timeout=20_000):
        window.logs.open_log_action.trigger()
    browser.select_rows([0])
    assert browser.open_in_editor()
    assert window.windowTitle().startswith("from log events.ndjson, event #1")
    assert window.files.current_path is None
