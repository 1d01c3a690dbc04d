"""The whole tenant flow in the real window against the real Local sandbox on loopback: pick a
data source in the picker, see the TMP pre-flight, apply its fix (and undo it), send, and watch
steps 2-4 tick themselves while the sandbox ingests with a delay. No token reaches any file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from composer.core.problems import Problem
from composer.services.sandbox import SandboxServer
from composer.ui.main_window import MainWindow
from composer.ui.namespaces.picker import NamespacePicker
from tests.ui.test_send_fakes import FakeSendPrompter

pytestmark = pytest.mark.usefixtures("memory_keyring")
PROD_DB = "postgres://prod-db.example.com:5432"
TYPO = "postgres://prod-db.example.con:5432"
SNOWFLAKE = "snowflake://account.region.snowflakecomputing.com"


def picker_of(qtbot: QtBot, window: MainWindow, name: str) -> NamespacePicker:
    """The dataset card's picker (cards open on a later turn of the event loop after a load)."""
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, name) is not None)
    edit = window.findChild(QLineEdit, name)
    picker = edit.parent() if edit is not None else None
    assert isinstance(picker, NamespacePicker)
    return picker


def unmatched(window: MainWindow) -> Problem | None:
    return next((p for p in window.problems.problems if p.code == "tenant.namespace-unmatched"), None)


def type_into(qtbot: QtBot, picker: NamespacePicker, text: str) -> None:
    edit = picker.lineEdit()
    picker.window().activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_pick_a_source_fix_the_tmp_warning_send_and_the_steps_tick(
    qtbot: QtBot, window: MainWindow, app_home: Path
) -> None:
    model = window.model
    # 1. The output's picker lists the sandbox's data sources; one is picked by its title.
    output = picker_of(qtbot, window, "outputsNamespace0")
    type_into(qtbot, output, "account (snowflake)")
    completer = output.lineEdit().completer()
    assert completer is not None
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    shown = completer.completionModel()
    assert "(data source" in str(shown.index(0, 0).data())
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert model.get("/outputs/0/namespace") == SNOWFLAKE

    # 2. An input whose host:port no data source has: the pre-flight says it will land as TMP.
    type_into(qtbot, picker_of(qtbot, window, "inputsNamespace0"), TYPO)
    qtbot.waitUntil(lambda: unmatched(window) is not None, timeout=20_000)
    problem = unmatched(window)
    assert problem is not None and problem.path == "/inputs/0/namespace" and "will land as TMP" in problem.message

    # 3. Its fix is one click, and one undoable step.
    fix = window.problems.findChild(QPushButton, "problemFix0")
    assert fix is not None and PROD_DB in fix.accessibleName() and PROD_DB in fix.toolTip()
    fix.click()
    assert model.get("/inputs/0/namespace") == PROD_DB
    qtbot.waitUntil(lambda: unmatched(window) is None)
    model.undo_stack.undo()
    assert model.get("/inputs/0/namespace") == TYPO
    model.undo_stack.redo()
    assert model.get("/inputs/0/namespace") == PROD_DB

    # 4. Send with a slow ingest: the steps wait, then tick by themselves.
    server = send_and_watch_the_steps_tick(qtbot, window)

    # 5. No token in any file the app wrote.
    assert_not_on_disk(app_home, server.token, server.refresh_token)


def send_and_watch_the_steps_tick(qtbot: QtBot, window: MainWindow) -> SandboxServer:
    """Send with a slow ingest (1.5 s): steps 2-4 wait, then tick; the history row follows."""
    assert window.send_ui is not None
    server = window.send_ui.controller.backend.sandbox.server()
    server.rest.ingest_delay = 1.5
    verification = window.tenant.verification
    seen: list[str] = []
    with qtbot.waitSignal(verification.finished, timeout=60_000) as finished:
        window.send_ui.send_button.click()
        qtbot.waitUntil(lambda: verification.polling, timeout=20_000)
        panel = window.send_ui.verification

        def waiting() -> bool:
            seen.append(panel.statuses().get("lineage", ""))
            return seen[-1] == "todo"

        qtbot.waitUntil(waiting)
    assert finished.args[1].ok
    assert "todo" in seen  # it waited while the sandbox ingested
    statuses = window.send_ui.verification.statuses()
    assert statuses == dict.fromkeys(("response", "table", "lineage", "metadata"), "pass")
    assert not verification.stop_button.isVisible()
    delivery = finished.args[0]
    history = window.send_ui.controller.backend.history
    qtbot.waitUntil(lambda: history.verification(delivery.history_id) is not None)
    recorded = history.verification(delivery.history_id)
    assert recorded is not None and recorded.ok and "lineage appeared" in recorded.summary
    window.send_ui.verification.open_button.click()
    table_page = server.url + finished.args[1].verdicts[0].table.url  # Alation's url is a path
    fake = window.send_ui.prompter
    assert isinstance(fake, FakeSendPrompter) and fake.opened == [table_page]
    assert "/table/" in table_page  # the output table's own page, not a search

    return server


def assert_not_on_disk(home: Path, *secrets: str) -> None:
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(secret.encode() in data for secret in secrets), path


def test_a_tmp_edge_after_the_send_fails_step_3_with_its_cause(qtbot: QtBot, window: MainWindow) -> None:
    assert window.send_ui is not None
    window.model.set("/inputs/0/namespace", TYPO)
    verification = window.tenant.verification
    with qtbot.waitSignal(verification.finished, timeout=60_000) as finished:
        window.send_ui.send_button.click()
    assert finished.args[1].verdicts[0].state == "tmp"
    lineage = window.send_ui.verification.rows["lineage"].details.text()
    assert window.send_ui.verification.statuses()["lineage"] == "fail"
    assert "Most likely: the namespace matches no data source" in lineage and "TMP" in lineage
    assert window.send_ui.verification.troubleshooting.isVisible()


def test_stop_checking_cancels_the_poll_and_leaves_the_steps_to_tick_by_hand(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.send_ui is not None
    window.send_ui.controller.backend.sandbox.server().rest.ingest_delay = 600
    verification = window.tenant.verification
    with qtbot.waitSignal(verification.finished, timeout=30_000) as finished:
        window.send_ui.send_button.click()
        qtbot.waitUntil(verification.stop_button.isVisible, timeout=20_000)
        verification.stop_button.click()
    assert finished.args[1].cancelled
    assert window.send_ui.verification.statuses()["lineage"] == "todo"
    assert "tick them by hand" in window.send_ui.verification.rows["lineage"].details.text()
    assert not verification.stop_button.isVisible() and window.send_ui.send_button.isEnabled()


def test_refresh_asks_the_tenant_again(qtbot: QtBot, window: MainWindow) -> None:
    action = window.tenant.refresh_action
    assert action.objectName() == "refreshSources" and action.isEnabled()
    with qtbot.waitSignal(window.tenant.sources.loaded, timeout=20_000) as loaded:
        action.trigger()
    assert "fetched just now" in loaded.args[0] and window.tenant.choices.source_count > 0
