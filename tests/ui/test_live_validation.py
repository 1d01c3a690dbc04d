"""Large events: problems correct, checked once typing pauses; closing leaves no check behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.ui.checks.live import AFTER_LOAD_MS, LARGE_EVENT_CHARS
from composer.ui.main_window import MainWindow
from tests.benchmarks.bench_validation import large_event

pytestmark = pytest.mark.window(shown=False)

# Long enough for a check that was still due (after an edit, or a load) to have run and published.
_NOTHING_LATER_MS = 2 * AFTER_LOAD_MS


def _large_with_a_missing_run_id() -> EventDocument:
    value = large_event()
    del value["run"]["runId"]
    document = EventDocument.from_json(json.dumps(value, indent=2))
    assert document.source_text is not None and len(document.source_text) > LARGE_EVENT_CHARS
    return document


def _error_paths(qtbot: QtBot, window: MainWindow) -> set[str]:
    qtbot.waitUntil(window.live.idle, timeout=60_000)
    return {problem.path for problem in window.live.problems if problem.severity == "error"}


def test_a_large_event_gets_its_problems(qtbot: QtBot, window: MainWindow) -> None:
    window.model.load(_large_with_a_missing_run_id())
    assert _error_paths(qtbot, window) == {"/run/runId"}


def test_typing_into_a_large_event_shows_each_key_and_problems_for_the_last(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show()
    window.model.load(_large_with_a_missing_run_id())
    assert _error_paths(qtbot, window) == {"/run/runId"}
    name = window.findChild(QLineEdit, "jobName")
    assert name is not None
    name.setFocus()
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_Backspace)  # a job without a name is an error ...
    assert _error_paths(qtbot, window) == {"/run/runId", "/job/name"}
    for letter in "etl":  # ... until the first key; each key is in the preview when its turn ends
        with qtbot.waitSignal(window.live.textChanged):
            qtbot.keyClicks(name, letter)
        assert window.preview.editor.toPlainText().count(f'"name": "{name.text()}"') == 1
    assert _error_paths(qtbot, window) == {"/run/runId"}
    assert window.model.get("/job/name") == "etl"


def test_closing_while_a_check_waits_for_the_pause_drops_it(qtbot: QtBot, window: MainWindow) -> None:
    window.model.load(_large_with_a_missing_run_id())
    qtbot.waitUntil(window.live.idle, timeout=60_000)
    with qtbot.waitSignal(window.live.textChanged):
        window.model.set("/job/name", "renamed")  # shown at once; its check waits for a pause
    assert not window.live.idle()
    window.close()
    with qtbot.assertNotEmitted(window.live.problemsChanged, wait=_NOTHING_LATER_MS):
        pass


def test_closing_while_a_large_file_opens_leaves_no_check_running(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Closing waits for the open in flight (File › Open reads on a worker), which loads the event
    and schedules its check: the window is closed by the time that would run, so none may."""
    path = tmp_path / "large.json"
    path.write_text(json.dumps(large_event(), indent=2), encoding="utf-8")
    window.show()
    assert window.files.open_path(path)
    with qtbot.assertNotEmitted(window.live.problemsChanged, wait=_NOTHING_LATER_MS):
        window.close()
        assert window.model.document.source_text == path.read_text(encoding="utf-8")  # it did open


def test_edits_after_the_window_closed_schedule_no_check(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.live.idle)
    before = window.live.problems
    window.close()
    with qtbot.assertNotEmitted(window.live.problemsChanged, wait=_NOTHING_LATER_MS):
        window.model.load(_large_with_a_missing_run_id())  # e.g. an open delivered after the close
    assert not window.live.idle(), "it is not checked"
    assert window.live.problems == before
