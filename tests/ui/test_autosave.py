"""Drafts of unsaved work survive a crash or a kill, restore byte for byte, and vanish when saved."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files import autosave as autosave_module
from composer.ui.files.autosave import Autosave, RestoreInfo, restore_box
from composer.ui.files.controller import FileController
from composer.ui.tasks import TaskRunner
from tests.ui.fakes import open_now, save_now

ROOT = Path(__file__).resolve().parents[2]
ODD = '{"eventType":"START",   "job": {"namespace": "ns", "name": "nightly"},\n\t"x": 1.50}\n\n'


def _session(
    home: Path, tasks: TaskRunner, text: str = ODD, interval_ms: int = 20
) -> tuple[DocumentModel, Autosave]:
    model = DocumentModel(EventDocument.from_json(text))
    autosave = Autosave(model, home, interval_ms, tasks=tasks)
    autosave.start()
    return model, autosave


def _draft(autosave: Autosave) -> dict[str, object]:
    data: dict[str, object] = json.loads(autosave.draft_file.read_text(encoding="utf-8"))
    return data


def _wait_for_draft(qtbot: QtBot, autosave: Autosave, model: DocumentModel) -> None:
    qtbot.waitUntil(lambda: autosave.draft_file.exists() and _draft(autosave)["text"] == model.to_json())
    qtbot.waitUntil(lambda: not autosave.busy)


def _crash_in_process(qtbot: QtBot, home: Path, tasks: TaskRunner) -> str:
    """Edit, let the draft be written, then drop everything without a clean close."""
    model, autosave = _session(home, tasks)
    model.set("/job/name", "edited before the crash")
    _wait_for_draft(qtbot, autosave, model)
    text = model.to_json()
    del model, autosave
    gc.collect()  # the session's lock goes with it, as it would with the process
    return text


def test_no_draft_until_something_changes(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    model, autosave = _session(app_home, tasks)
    assert not autosave.busy
    assert not autosave.draft_file.exists()
    model.set("/job/name", "edited")
    _wait_for_draft(qtbot, autosave, model)
    draft = _draft(autosave)
    assert set(draft) == {"format", "path", "savedAt", "text"}  # nothing else (never a secret)
    assert draft["path"] is None
    assert datetime.fromisoformat(str(draft["savedAt"]).replace("Z", "+00:00")) <= datetime.now(UTC)
    assert autosave.draft_file.parent == app_home / "autosave"
    assert oct(autosave.draft_file.stat().st_mode & 0o777) == "0o600"


def test_restore_after_a_simulated_crash(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    text = _crash_in_process(qtbot, app_home, tasks)
    model = DocumentModel()
    autosave = Autosave(model, app_home, tasks=tasks)
    restored: list[str] = []
    autosave.restored.connect(restored.append)
    info = autosave.pending_restore()
    assert info is not None and info.text == text and info.path is None
    autosave.restore(info)
    assert model.to_json() == text
    assert not model.undo_stack.isClean()  # marked modified: it is not saved anywhere
    assert restored == [""]
    assert not info.draft_file.exists() and autosave.draft_file.exists()  # adopted, not copied
    assert autosave.pending_restore() is None


def test_restore_after_the_process_was_killed(
    tasks: TaskRunner, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    """A real crash: another process edits, waits for its draft and dies without cleaning up."""
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from PySide6.QtCore import QCoreApplication, QTimer
        from composer.core.document import EventDocument
        from composer.ui.files.autosave import Autosave
        from composer.ui.editor.document_model import DocumentModel
        from composer.ui.tasks import TaskRunner
        app = QCoreApplication([])
        model = DocumentModel(EventDocument.from_json({ODD!r}))
        autosave = Autosave(model, Path(sys.argv[1]), 10, tasks=TaskRunner(max_threads=1))
        autosave.path = Path(sys.argv[2])
        autosave.start()
        model.set("/job/name", "killed")
        def check():
            if autosave.draft_file.exists() and not autosave.busy:
                os._exit(9)
        timer = QTimer(); timer.timeout.connect(check); timer.start(5)
        app.exec()
        """
    )
    original = tmp_path / "work.json"
    result = subprocess.run(
        [sys.executable, "-c", script, str(app_home), str(original)], cwd=ROOT, timeout=120, check=False
    )
    assert result.returncode == 9
    model = DocumentModel()
    autosave = Autosave(model, app_home, tasks=tasks)
    info = autosave.pending_restore()
    assert info is not None and info.path == original
    autosave.restore(info)
    assert model.get("/job/name") == "killed"
    assert autosave.path == original


def test_an_unedited_text_restores_byte_for_byte(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    model, autosave = _session(app_home, tasks, text='{"eventType": "COMPLETE"}')
    model.replace(EventDocument.from_json(ODD), text="Paste event")  # unsaved, yet the exact text
    _wait_for_draft(qtbot, autosave, model)
    del model, autosave
    gc.collect()
    model = DocumentModel()
    autosave = Autosave(model, app_home, tasks=tasks)
    info = autosave.pending_restore()
    assert info is not None
    autosave.restore(info)
    assert model.to_json() == ODD


def test_a_lone_surrogate_survives_the_draft(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    model, autosave = _session(app_home, tasks, text='{"a": "é", "b": "\\ud800"}')
    model.set("/c", 1)
    text = model.to_json()
    assert "\ud800" in text  # not encodable as UTF-8 as it stands
    _wait_for_draft(qtbot, autosave, model)
    del model, autosave
    gc.collect()
    model = DocumentModel()
    autosave = Autosave(model, app_home, tasks=tasks)
    info = autosave.pending_restore()
    assert info is not None
    autosave.restore(info)
    assert model.to_json() == text


def test_a_live_session_draft_is_not_offered(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    model, first = _session(app_home, tasks)
    model.set("/job/name", "still running")
    _wait_for_draft(qtbot, first, model)
    _other_model, second = _session(app_home, tasks)
    assert second.pending_restore() is None


def test_a_clean_close_or_a_save_removes_the_draft(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    model, autosave = _session(app_home, tasks)
    model.set("/job/name", "edited")
    _wait_for_draft(qtbot, autosave, model)
    model.undo_stack.setClean()  # what a save does
    draft_file = autosave.draft_file
    qtbot.waitUntil(lambda: not draft_file.exists())
    model.set("/job/name", "edited again")
    _wait_for_draft(qtbot, autosave, model)
    autosave.discard()
    assert not autosave.draft_file.exists()
    del model, autosave
    gc.collect()
    assert Autosave(DocumentModel(), app_home, tasks=tasks).pending_restore() is None


def test_never_two_writes_at_once(
    tasks: TaskRunner, qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    running: list[int] = []
    payloads: list[str] = []
    real_write = autosave_module.write_text_atomically

    def slow_write(path: Path, text: str, *, private: bool = False) -> None:
        running.append(1)
        assert len(running) == 1, "two draft writes overlapped"
        release.wait(30)
        real_write(path, text, private=private)
        payloads.append(json.loads(text)["text"])
        running.pop()

    monkeypatch.setattr(autosave_module, "write_text_atomically", slow_write)
    model, autosave = _session(app_home, tasks, interval_ms=5)
    model.set("/job/name", "one")
    qtbot.waitUntil(lambda: len(running) == 1)
    model.set("/job/name", "two")
    model.set("/job/name", "three")
    qtbot.waitUntil(lambda: not autosave._timer.isActive())  # ticked while the first write runs
    assert len(running) == 1 and payloads == []
    release.set()
    qtbot.waitUntil(lambda: len(payloads) == 2)
    assert json.loads(payloads[-1])["job"]["name"] == "three"
    qtbot.waitUntil(lambda: not autosave.busy)


def test_a_failed_write_is_reported_once(
    tasks: TaskRunner, qtbot: QtBot, app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_write(path: Path, text: str, *, private: bool = False) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(autosave_module, "write_text_atomically", failing_write)
    model, autosave = _session(app_home, tasks, interval_ms=5)
    messages: list[str] = []
    autosave.failed.connect(messages.append)
    with qtbot.waitSignal(autosave.failed):
        model.set("/job/name", "edited")
    assert messages == [
        "The autosave draft could not be written: No space left on device. Save your work soon."
    ]
    monkeypatch.setattr(autosave_module, "write_text_atomically", autosave_module.write_text_atomically)
    autosave.discard()


def test_forget_deletes_a_declined_draft(tasks: TaskRunner, qtbot: QtBot, app_home: Path) -> None:
    _crash_in_process(qtbot, app_home, tasks)
    autosave = Autosave(DocumentModel(), app_home, tasks=tasks)
    info = autosave.pending_restore()
    assert info is not None
    autosave.forget(info)
    assert not info.draft_file.exists()
    assert autosave.pending_restore() is None


def test_an_unreadable_draft_is_kept_but_not_offered(tasks: TaskRunner, app_home: Path) -> None:
    folder = app_home / "autosave"
    folder.mkdir()
    (folder / "draft-broken.json").write_text('{"format": 1, "text": "not json', encoding="utf-8")
    assert Autosave(DocumentModel(), app_home, tasks=tasks).pending_restore() is None
    assert (folder / "draft-broken.json").exists()


def test_the_file_controller_follows_the_draft(
    tasks: TaskRunner, qtbot: QtBot, app_home: Path, tmp_path: Path
) -> None:
    window = QMainWindow()
    path = tmp_path / "work.json"
    path.write_text(ODD, encoding="utf-8")
    model = DocumentModel()
    files = FileController(window, model, app_home, tasks=tasks)
    autosave = Autosave(model, app_home, 10, tasks=tasks)
    files.attach_autosave(autosave)
    autosave.start()
    assert open_now(files, path)
    assert autosave.path == path
    model.set("/job/name", "edited")
    _wait_for_draft(qtbot, autosave, model)
    assert _draft(autosave)["path"] == str(path)
    assert save_now(files)
    assert not autosave.draft_file.exists()

    model.set("/job/name", "edited after saving")
    _wait_for_draft(qtbot, autosave, model)
    del window, files, model, autosave  # the window goes away without a clean close
    gc.collect()
    window2 = QMainWindow()
    qtbot.addWidget(window2)
    model2 = DocumentModel()
    files2 = FileController(window2, model2, app_home, tasks=tasks)
    autosave2 = Autosave(model2, app_home, tasks=tasks)
    files2.attach_autosave(autosave2)
    info = autosave2.pending_restore()
    assert info is not None
    titles: list[str] = []
    files2.titleChanged.connect(titles.append)
    autosave2.restore(info)
    assert files2.current_path == path
    assert titles[-1] == "work.json* — Lineage Composer"
    assert model2.get("/job/name") == "edited after saving"


def test_the_restore_question_names_the_file_and_time(qtbot: QtBot, tmp_path: Path) -> None:
    info = RestoreInfo(
        tmp_path / "d.json", "{}", tmp_path / "orders.json", datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    )
    box = restore_box(None, info)
    qtbot.addWidget(box)
    assert "did not close normally" in box.text()
    assert str(tmp_path / "orders.json") in box.informativeText()
    when = info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert when in box.informativeText()
    escape = box.escapeButton()
    assert escape is not None and box.buttonRole(escape) == QMessageBox.ButtonRole.AcceptRole
    assert [box.buttonRole(b) for b in box.buttons()].count(QMessageBox.ButtonRole.DestructiveRole) == 1


def test_the_window_autosave_is_adopted_and_a_declined_draft_forgotten(
    tasks: TaskRunner, qtbot: QtBot, app_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_in_process(qtbot, app_home, tasks)
    window = QMainWindow()
    qtbot.addWidget(window)
    model = DocumentModel()
    files = FileController(window, model, app_home, window, tasks=tasks)
    autosave = Autosave(model, app_home, parent=window, tasks=tasks)
    files.install(window.menuBar().addMenu("&File"), window.addToolBar("Main"))
    info = autosave.pending_restore()
    assert info is not None
    monkeypatch.setattr(autosave_module, "ask_restore", lambda parent, info: False)
    assert not autosave.ask_restore(window, info)
    assert not info.draft_file.exists()

    files.current_path = tmp_path / "kept.json"
    assert autosave.path == tmp_path / "kept.json"  # adopted by install()


@pytest.mark.parametrize("restore", [True, False])
def test_a_crash_draft_is_offered_also_when_a_file_is_given(
    qtbot: QtBot,
    app_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    restore: bool,
    *,
    tasks: TaskRunner,
) -> None:
    from composer.app import build_main_window  # noqa: PLC0415

    text = _crash_in_process(qtbot, app_home, tasks)
    given = tmp_path / "given.json"
    given.write_text('{"eventType": "COMPLETE", "job": {"namespace": "n", "name": "from the file"}}\n')
    offered: list[RestoreInfo] = []

    def answer(parent: object, info: RestoreInfo) -> bool:
        offered.append(info)
        return restore

    monkeypatch.setattr(autosave_module, "ask_restore", answer)
    window = build_main_window(given)
    qtbot.addWidget(window)
    assert [info.text for info in offered] == [text]
    shown = window.model.to_json()
    assert shown == (text if restore else given.read_text())
    window.model.undo_stack.setClean()  # closing a modified window would ask to save
    window.autosave.discard()
