"""Replay from the window to a real sandbox: order per run, pause, cancel, rate, failures, history.

The events go to a profile whose token is in the (test) keyring, through the window's send
backend — the path a person's replay takes — and the sandbox's own store says what arrived.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from composer.core.send_plan import DEFAULT_CONCURRENCY
from composer.services.sandbox import SandboxServer
from composer.ui.main_window import MainWindow
from composer.ui.replay import ReplayDialog
from composer.ui.replay.results_model import NOT_SENT, REFUSED
from tests.services.sandbox_client import event
from tests.stand_in import TENANT_TOKEN as TOKEN
from tests.ui.test_log_browser import log_lines, open_log

pytestmark = pytest.mark.usefixtures("memory_keyring")


def write_log(folder: Path, lines: list[str]) -> Path:
    """An NDJSON log of `lines` in `folder`, as a producer's file transport writes one."""
    path = folder / "log.ndjson"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def replay_log(qtbot: QtBot, window: MainWindow, path: Path, profile: str) -> ReplayDialog:
    browser = open_log(qtbot, window, path)
    browser.select_rows(list(range(browser.table_model.rowCount())))
    assert browser.replay_button.isEnabled() and browser.replay_selected()
    dialog = window.logs.replay_dialog
    assert dialog is not None and dialog.objectName() == "replayDialog" and dialog.isVisible()
    with qtbot.waitSignal(dialog.checked):
        dialog.profile.setCurrentText(profile)
    return dialog


def arrived(tenant: SandboxServer) -> list[tuple[str, str]]:
    return [(s.run_id or "", s.event_type or "") for s in reversed(tenant.store.events(1000))]


def assert_each_run_in_order(sent: list[tuple[str, str]], starts: list[str]) -> None:
    """Every run whose START line is in `starts` arrived as START, then COMPLETE."""
    for run_line in starts:
        run_id = json.loads(run_line)["run"]["runId"]
        assert [t for r, t in sent if r == run_id] == ["START", "COMPLETE"]  # in order within each run


def rows(dialog: ReplayDialog) -> list[tuple[str, ...]]:
    return [row.cells() for row in dialog.results_model.rows]


def test_replay_with_send_anyway_pause_and_resume(
    qtbot: QtBot,
    window: MainWindow,
    tenant: SandboxServer,
    staging: str,
    tmp_path: Path,
) -> None:
    lines = log_lines(runs=3)
    broken = json.dumps(event(outputs=[]))  # Alation refuses it: 400 when sent anyway
    path = write_log(tmp_path, [*lines[:3], broken, "{not json", *lines[3:]])
    dialog = replay_log(qtbot, window, path, staging)
    assert "1 unreadable event(s) of the selection cannot be sent" in dialog.check_label.text()
    assert "1 of 7 event(s) have errors under the alation rules" in dialog.check_label.text()
    assert [r[4] for r in rows(dialog)].count(REFUSED) == 1
    dialog.send_anyway.setChecked(True)
    dialog.concurrency.setValue(2)
    dialog.start_button.click()
    dialog.pause_button.click()  # right away: at most the sends already on their way finish
    assert dialog.resume_button.isEnabled() and not dialog.pause_button.isEnabled()
    assert "Paused" in dialog.summary_label.text()
    with pytest.raises(WaitTimeout):  # give a send on its way time to land, then count
        qtbot.waitUntil(lambda: tenant.store.count_events() > 2, timeout=500)
    held = tenant.store.count_events()
    assert held <= 2  # one per worker at most
    with pytest.raises(WaitTimeout):
        qtbot.waitUntil(lambda: tenant.store.count_events() > held, timeout=500)
    with qtbot.waitSignal(dialog.finishedReplay, timeout=20_000):
        dialog.resume_button.click()
    sent = arrived(tenant)
    assert_each_run_in_order(sent, lines[:3])
    assert len(sent) == 6  # the 400 event is not stored
    statuses = {r[0]: r[4] for r in rows(dialog)}
    assert statuses["4"] == "400" and {s for n, s in statuses.items() if n != "4"} == {"200"}
    assert "invalid event" in next(r[5] for r in rows(dialog) if r[0] == "4").lower()
    assert dialog.summary_label.text().startswith("Sent 7 event(s)")
    assert "6 ok, 1 failed, 0 refused" in dialog.summary_label.text()
    assert dialog.progress.value() == dialog.progress.maximum() == 7
    history = window.send_ui.controller.backend.history
    assert history.count() == 7 and TOKEN not in json.dumps([r.to_json() for r in history.recent()])


def test_refused_events_are_skipped_and_cancel_stops_the_rest(
    qtbot: QtBot,
    window: MainWindow,
    tenant: SandboxServer,
    staging: str,
    tmp_path: Path,
) -> None:
    lines = log_lines(runs=4)
    path = write_log(tmp_path, [json.dumps(event(outputs=[])), *lines])
    dialog = replay_log(qtbot, window, path, staging)
    dialog.rate.setValue(2)  # one event every 0.5 s
    with qtbot.waitSignal(dialog.finishedReplay, timeout=20_000):
        dialog.start_button.click()
        qtbot.waitUntil(lambda: dialog.progress.value() >= 2)
        dialog.cancel_button.click()
    summary = dialog.summary
    assert summary is not None and summary.refused == 1 and 2 <= summary.sent < 8
    assert tenant.store.count_events() == summary.sent
    states = [r[4] for r in rows(dialog)]
    assert states[0] == REFUSED and states.count(NOT_SENT) == 8 - summary.sent
    assert "not sent (cancelled)" in dialog.summary_label.text()
    assert summary.seconds >= (summary.sent - 1) / 2 - 0.05  # the rate held


def test_replay_selected_from_the_history_dock(
    qtbot: QtBot,
    window: MainWindow,
    tenant: SandboxServer,
    staging: str,
    tmp_path: Path,
) -> None:
    path = write_log(tmp_path, log_lines(runs=2))
    first = replay_log(qtbot, window, path, staging)
    first.concurrency.setValue(1)  # the file's exact order, to compare the history replay with
    with qtbot.waitSignal(first.finishedReplay, timeout=20_000):
        first.start_button.click()
    qtbot.waitUntil(lambda: window.history.table_model.rowCount() == 4)
    tenant.store.reset()
    window.history.select_rows([0, 1, 2, 3])
    replay_button = window.history.replay_button
    assert replay_button.objectName() == "historyReplay" and replay_button.isEnabled()
    replay_button.click()
    again = window.logs.replay_dialog
    assert again is not None and again is not first
    with qtbot.waitSignal(again.checked):
        again.profile.setCurrentText(staging)
    again.concurrency.setValue(1)
    with qtbot.waitSignal(again.finishedReplay, timeout=20_000):
        again.start_button.click()
    assert [t for _r, t in arrived(tenant)] == ["START", "START", "COMPLETE", "COMPLETE"]  # as first sent


def test_closing_the_window_cancels_a_running_replay(
    qtbot: QtBot,
    window: MainWindow,
    tenant: SandboxServer,
    staging: str,
    tmp_path: Path,
) -> None:
    path = write_log(tmp_path, log_lines(runs=20))
    dialog = replay_log(qtbot, window, path, staging)
    dialog.rate.setValue(2)  # 40 events would take 20 s
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1)
    assert window.close()  # cancels: waiting the replay out would send all 40 (20 s)
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.summary is not None and dialog.summary.not_sent > 0
    assert "not sent (cancelled)" in dialog.summary_label.text()
    assert tenant.store.count_events() == dialog.summary.sent < 40


def test_replay_defaults_to_8_runs_at_once_shown_in_the_dialog_and_keeps_each_run_in_order(
    qtbot: QtBot,
    window: MainWindow,
    tenant: SandboxServer,
    staging: str,
    tmp_path: Path,
) -> None:
    lines = log_lines(runs=12)
    path = write_log(tmp_path, lines)
    dialog = replay_log(qtbot, window, path, staging)
    assert dialog.concurrency.value() == DEFAULT_CONCURRENCY == 8
    assert dialog.concurrency.isVisible() and dialog.concurrency.text() == "8 runs at once"
    note = dialog.findChild(QLabel, "replayConcurrencyNote")
    assert note is not None and note.isVisible() and "each run's events in order" in note.text()
    dialog.grab().save(str(tmp_path / "replay-dialog.png"))
    with qtbot.waitSignal(dialog.finishedReplay, timeout=20_000):
        dialog.start_button.click()
    sent = arrived(tenant)
    assert len(sent) == 24
    assert_each_run_in_order(sent, lines[:12])
    dialog.concurrency.setValue(1)
    assert note.text() == "One event at a time, in the file's exact order."
