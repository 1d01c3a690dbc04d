"""Open and Save leave the GUI thread free: slow reads, saves racing with edits, closing mid-save.

The slow disk is real: a named pipe whose writer thread holds back the second half of a 4 MB
event until the test has seen the GUI thread's timer fire while the read waits for it.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.autosave import Autosave
from composer.ui.files.controller import FileController, SaveChoice
from composer.ui.tasks import TaskRunner
from tests.benchmarks.bench_validation import large_event
from tests.ui.fakes import FakePrompter, open_now, save_now
from tests.ui.windows import WindowOpener

EVENT = '{"eventType": "START", "job": {"namespace": "ns", "name": "orders"}, "run": {"runId": "r-1"}}'
BIG_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def big_text() -> str:
    return json.dumps(large_event(), indent=2) + "\n"


@pytest.fixture
def files(qtbot: QtBot, app_home: Path, tasks: TaskRunner) -> Iterator[FileController]:
    window = QMainWindow()
    qtbot.addWidget(window)
    model = DocumentModel(EventDocument.from_json(EVENT))
    controller = FileController(window, model, app_home, tasks=tasks)
    controller.prompter = FakePrompter()
    controller.install(window.menuBar().addMenu("&File"), window.addToolBar("Main"))
    yield controller
    assert controller.wait_idle()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_slow_read_of_a_large_event_keeps_the_gui_thread_free(
    files: FileController, qtbot: QtBot, tmp_path: Path, big_text: str
) -> None:
    assert len(big_text.encode("utf-8")) > 3_900_000  # about 4 MB
    pipe = tmp_path / "slow-share.json"
    os.mkfifo(pipe)
    data = big_text.encode("utf-8")
    rest = threading.Event()

    def slow_disk() -> None:
        with open(pipe, "wb") as stream:  # waits until the worker opens the pipe to read
            stream.write(data[: len(data) // 2])
            stream.flush()
            rest.wait(30)
            stream.write(data[len(data) // 2 :])

    writer = threading.Thread(target=slow_disk)
    writer.start()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        assert files.open_path(pipe)
        assert files.busy
        assert not files.open_action.isEnabled() and not files.save_action.isEnabled()
        assert not files.save_as_action.isEnabled() and not files.new_menu.menuAction().isEnabled()
        # A second read or a write would race with this one: refused until it finished.
        assert not files.open_path(_write(tmp_path / "other.json", EVENT))
        assert not files.save() and not files.new_document()
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=10_000)  # the event loop runs meanwhile
        assert files.busy and files._model.to_json() == EVENT
        assert files.current_path is None
        with qtbot.waitSignal(files.opened, timeout=BIG_TIMEOUT_MS) as opened:
            rest.set()
    finally:
        rest.set()
        timer.stop()
        writer.join(30)
    assert opened.args == [pipe]
    assert files._model.to_json() == big_text
    assert files.current_path == pipe and not files.modified
    assert files.open_action.isEnabled() and files.save_action.isEnabled()


def test_an_edit_made_during_a_save_stays_unsaved(files: FileController, qtbot: QtBot, tmp_path: Path) -> None:
    path = _write(tmp_path / "work.json", EVENT)
    assert open_now(files, path)
    model = files._model
    model.set("/job/name", "saved", merge_key="name")
    with qtbot.waitSignal(files.saved, timeout=BIG_TIMEOUT_MS):
        assert files.save()  # the text is snapshotted now; the write runs on the worker
        # A keystroke in the same field merges into the same undo step: the stack's index stays.
        model.set("/job/name", "typed during the save", merge_key="name")
    assert json.loads(path.read_text(encoding="utf-8"))["job"]["name"] == "saved"
    assert files.modified and files.title.startswith("work.json*")
    assert model.get("/job/name") == "typed during the save"
    assert save_now(files)
    assert not files.modified
    assert json.loads(path.read_text(encoding="utf-8"))["job"]["name"] == "typed during the save"


def test_the_draft_is_kept_when_an_edit_raced_the_save(
    files: FileController, qtbot: QtBot, tmp_path: Path, app_home: Path, tasks: TaskRunner
) -> None:
    model = files._model
    autosave = Autosave(model, app_home, 10, tasks=tasks)
    files.attach_autosave(autosave)
    autosave.start()
    path = _write(tmp_path / "work.json", EVENT)
    assert open_now(files, path)
    model.set("/job/name", "first")
    with qtbot.waitSignal(files.saved, timeout=BIG_TIMEOUT_MS):
        assert files.save()
        model.set("/job/name", "second")
    qtbot.waitUntil(lambda: autosave.draft_file.exists() and "second" in autosave.draft_file.read_text("utf-8"))
    autosave.discard()


def test_a_failed_open_is_signalled_with_its_message(files: FileController, qtbot: QtBot, tmp_path: Path) -> None:
    with qtbot.waitSignal(files.failed, timeout=BIG_TIMEOUT_MS) as failed:
        assert files.open_path(tmp_path / "missing.json")
    assert "does not exist" in failed.args[0]
    assert files.open_action.isEnabled()


def test_closing_during_a_save_waits_for_it_and_the_file_is_complete(
    open_window: WindowOpener, tmp_path: Path, big_text: str
) -> None:
    path = _write(tmp_path / "large.json", big_text)
    window = open_window(path, shown=False)
    prompter = FakePrompter()
    window.files.prompter = prompter
    assert window.files.current_path == path and window.model.to_json() == big_text  # loaded
    window.model.set("/job/name", "saved while closing")
    assert window.files.save()
    assert window.files.busy
    assert window.close()  # waited for the write: nothing left to ask about
    assert prompter.asked_to_save == []
    assert json.loads(path.read_text(encoding="utf-8"))["job"]["name"] == "saved while closing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["large.json"]  # no temp file left


def test_closing_after_an_edit_that_raced_the_save_asks_and_saves_it(
    open_window: WindowOpener, tmp_path: Path
) -> None:
    path = _write(tmp_path / "work.json", EVENT)
    window = open_window(path, shown=False)
    prompter = FakePrompter(save_answers=[SaveChoice.SAVE])
    window.files.prompter = prompter
    window.model.set("/job/name", "first")
    assert window.files.save()
    window.model.set("/job/name", "second")  # not in the save in flight
    assert window.close()
    assert prompter.asked_to_save == ["work.json"]
    assert json.loads(path.read_text(encoding="utf-8"))["job"]["name"] == "second"
