"""Large events are checked in a child process; without one, on a worker thread: same problems."""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.spawn
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from composer.app import build_main_window
from composer.core.document import EventDocument
from composer.ui.files import SaveChoice
from composer.ui.live import LARGE_EVENT_CHARS
from composer.ui.main_window import MainWindow
from tests.benchmarks.bench_validation import large_event
from tests.ui.fakes import FakePrompter


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    made = build_main_window()
    made.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
    qtbot.addWidget(made)
    return made


def _large_with_a_missing_run_id() -> EventDocument:
    value = large_event()
    del value["run"]["runId"]
    document = EventDocument.from_json(json.dumps(value, indent=2))
    assert document.source_text is not None and len(document.source_text) > LARGE_EVENT_CHARS
    return document


def _problem_paths(qtbot: QtBot, window: MainWindow) -> set[str]:
    qtbot.waitUntil(window.live.idle, timeout=60_000)
    return {problem.path for problem in window.live.problems if problem.severity == "error"}


def test_a_large_event_is_checked_in_a_child_process(qtbot: QtBot, window: MainWindow) -> None:
    window.model.load(_large_with_a_missing_run_id())
    assert _problem_paths(qtbot, window) == {"/run/runId"}
    assert multiprocessing.active_children()  # the child stays for the next check
    window.close()
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)  # and goes with the window


def test_without_a_child_process_a_worker_thread_checks_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", os.fsencode("/nonexistent/python"))
    window.model.load(_large_with_a_missing_run_id())
    assert _problem_paths(qtbot, window) == {"/run/runId"}


def test_closing_during_a_check_drops_it_instead_of_waiting(qtbot: QtBot, window: MainWindow) -> None:
    """Closing the window shuts the live controller down first: the child's check in flight is
    dropped (nobody would read it), so closing has nothing to wait for and no result comes later."""
    published: list[list[object]] = []
    window.live.problemsChanged.connect(published.append)
    window.model.load(_large_with_a_missing_run_id())
    window.live.refresh()  # the 4 MB event goes to the child now (started on first use)
    assert not window.live.wait_idle(0), "the check is in flight"
    window.close()
    assert window.live.wait_idle(0), "after closing nothing is left to wait for"
    QCoreApplication.processEvents()
    assert published == [], "the dropped check's result never arrives"
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)


def test_closing_while_a_large_file_opens_leaves_no_check_running(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Closing waits for the open in flight (File › Open reads on a worker), which loads the event
    and schedules its check: the window is closed by the time that would run, so none may start
    (a check started then ran on a worker and signalled a deleted controller)."""
    path = tmp_path / "large.json"
    path.write_text(json.dumps(large_event(), indent=2), encoding="utf-8")
    published: list[list[object]] = []
    window.live.problemsChanged.connect(published.append)
    window.show()
    assert window.files.open_path(path)
    window.close()
    assert window.model.document.source_text == path.read_text(encoding="utf-8")  # it did open
    qtbot.wait(300)  # the turns in which a scheduled check, or its result, would have come
    assert window.live.wait_idle(0)
    assert published == []


def test_edits_after_the_window_closed_schedule_no_check(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.live.idle)
    before = window.live.problems
    window.close()
    window.model.load(_large_with_a_missing_run_id())  # e.g. an open delivered after the close
    assert not window.live.idle(), "it is not checked..."
    qtbot.wait(100)
    assert window.live.problems == before and window.live.wait_idle(0), "...and nothing runs for it"
