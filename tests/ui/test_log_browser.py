"""The Log browser in the real window: open a log, filter it, open an event, diff, show a run."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from composer.ui.logs import LogBrowser
from composer.ui.main_window import MainWindow
from tests.services.sandbox_client import event

pytestmark = pytest.mark.usefixtures("memory_keyring")


@dataclass
class FakeLogPrompter:
    path: Path | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)

    def choose_log_file(self, directory: str = "") -> Path | None:
        return self.path

    def choose_log_folder(self, directory: str = "") -> Path | None:
        return self.path

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))


def log_lines(runs: int = 2) -> list[str]:
    """Interleaved START / COMPLETE events of `runs` jobs, as a real log is, odd spacing kept."""
    run_ids = [str(uuid.uuid4()) for _ in range(runs)]
    lines = []
    for event_type in ("START", "COMPLETE"):
        for number, run_id in enumerate(run_ids):
            value = event(
                eventType=event_type,
                run={"runId": run_id},
                job={"namespace": "etl", "name": f"job_{number}"},
                outputs=[
                    {"namespace": "postgres://prod-db.example.com:5432", "name": f"dw.public.t{number}"}
                ],
            )
            lines.append(json.dumps(value, separators=(",", ":")))
    return lines


def open_log(qtbot: QtBot, window: MainWindow, path: Path) -> LogBrowser:
    browser = window.logs.show_browser()
    browser.prompter = FakeLogPrompter(path)  # type: ignore[assignment]
    action = window.findChild(type(window.logs.open_log_action), "openLogAction")
    assert action is window.logs.open_log_action and action.text() == "Open &Log…"
    with qtbot.waitSignal(browser.loaded, timeout=20_000), qtbot.waitSignal(browser.filtered, timeout=20_000):
        action.trigger()
    return browser


def shown_jobs(browser: LogBrowser) -> list[str]:
    model = browser.table_model
    return [model.record(row).job_name for row in range(model.rowCount())]


def filter_by(qtbot: QtBot, browser: LogBrowser, **fields: str) -> list[str]:
    with qtbot.waitSignal(browser.filtered):
        for name, text in fields.items():
            if name == "type":
                browser.filter_type.setCurrentIndex(browser.filter_type.findData(text))
            else:
                getattr(browser, f"filter_{name}").setText(text)
    return shown_jobs(browser)


def test_open_a_log_filter_it_and_open_an_event_into_the_editor(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    lines = log_lines()
    path = tmp_path / "log.ndjson"
    path.write_text("\n".join([*lines[:2], "{not json", *lines[2:]]) + "\n", encoding="utf-8")
    browser = open_log(qtbot, window, path)
    assert browser.objectName() == "logBrowser" and browser.isVisible()
    assert shown_jobs(browser) == ["job_0", "job_1", "", "job_0", "job_1"]
    assert "5 events (1 unreadable" in browser.source.text()
    bad = browser.table_model.record(2)
    assert bad.error and "line 3" in bad.error
    assert [w.objectName() for w in (browser.filter_job, browser.filter_run, browser.filter_type)] == [
        "logFilterJob",
        "logFilterRun",
        "logFilterType",
    ]
    assert (
        browser.filter_dataset.objectName() == "logFilterDataset" and browser.table.objectName() == "logTable"
    )
    assert filter_by(qtbot, browser, job="JOB_1") == ["job_1", "job_1"]
    assert filter_by(qtbot, browser, type="COMPLETE") == ["job_1"]
    assert browser.status.text() == "1 of 5 shown"
    assert filter_by(qtbot, browser, job="", type="", dataset="dw.public.t0") == ["job_0", "job_0"]
    run_id = json.loads(lines[1])["run"]["runId"]
    assert filter_by(qtbot, browser, dataset="", run=run_id[:8]) == ["job_1", "job_1"]

    before = window.model.to_json()
    browser.select_rows([1])  # job_1's COMPLETE
    assert browser.open_button.isEnabled() and "COMPLETE" in browser.event_text.toPlainText()
    qtbot.mouseClick(browser.open_button, Qt.MouseButton.LeftButton)
    assert window.model.to_json() == lines[3]  # the exact bytes of that line
    window.model.undo_stack.undo()  # one undoable step: nothing of the previous event is lost
    assert window.model.to_json() == before


def test_diff_two_events_and_show_a_run_side_by_side(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    lines = log_lines()
    path = tmp_path / "log.ndjson"
    path.write_text("\n".join(lines), encoding="utf-8")
    browser = open_log(qtbot, window, path)
    browser.select_rows([0, 2])  # job_0: START, then COMPLETE
    assert browser.diff_button.isEnabled() and not browser.open_button.isEnabled()
    assert browser.diff_selected()
    diff = browser.diff_view
    assert diff.objectName() == "logDiff" and browser.details.currentWidget() is diff
    changes = [diff.changes.item(row).text() for row in range(diff.changes.count())]
    assert changes == ['~ /eventType: "START" → "COMPLETE"']
    assert diff.changed_lines == 1
    assert len(diff.left.extraSelections()) == 1 and len(diff.right.extraSelections()) == 1
    assert diff.left.toPlainText().count("\n") == diff.right.toPlainText().count("\n")  # lines line up

    browser.select_rows([3])  # job_1's COMPLETE
    assert browser.show_run()
    columns = browser.run_view.columns
    assert [json.loads(c.toPlainText())["eventType"] for c in columns] == ["START", "COMPLETE"]
    assert {json.loads(c.toPlainText())["job"]["name"] for c in columns} == {"job_1"}


def test_a_folder_of_client_files_and_an_unreadable_log(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    for number, line in enumerate(log_lines()):
        (tmp_path / f"ol-20260101-00000{number}.json").write_text(json.dumps(json.loads(line), indent=2))
    browser = open_log(qtbot, window, tmp_path)
    assert shown_jobs(browser) == ["job_0", "job_1", "job_0", "job_1"]
    assert browser.table_model.record(0).origin == "ol-20260101-000000.json"
    fake = browser.prompter
    assert isinstance(fake, FakeLogPrompter)
    fake.path = tmp_path / "missing.ndjson"
    browser.choose_file()
    qtbot.waitUntil(lambda: bool(fake.errors))
    assert "No such file" in fake.errors[0][1] and "unchanged" in fake.errors[0][1]
    assert shown_jobs(browser) == ["job_0", "job_1", "job_0", "job_1"]


def test_a_long_log_loads_off_the_gui_thread_and_filters(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    lines = log_lines(runs=10)
    path = tmp_path / "big.ndjson"
    path.write_text("\n".join(lines * 2000) + "\n", encoding="utf-8")  # 40,000 events
    browser = window.logs.show_browser()
    counted: list[int] = []
    browser.load_progress.counted.connect(lambda _ticket, count: counted.append(count))
    browser = open_log(qtbot, window, path)
    assert browser.table_model.rowCount() == 40_000
    assert counted[:2] == [5000, 10_000]  # "Loading… N events read" while it reads
    assert len(filter_by(qtbot, browser, job="job_7", type="START")) == 2000


def test_a_log_dropped_on_the_browser_opens(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "dropped.log"  # any name: only the content decides
    path.write_text("\n".join(log_lines()), encoding="utf-8")
    browser = window.logs.show_browser()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    position = QPointF(browser.rect().center())
    enter = QDragEnterEvent(
        position.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(browser, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(browser.filtered, timeout=20_000):
        QApplication.sendEvent(browser, drop)
    assert shown_jobs(browser) == ["job_0", "job_1", "job_0", "job_1"] and browser.path == path
