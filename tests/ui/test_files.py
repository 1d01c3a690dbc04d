"""New, Open, Save, recent files, paste and drop: exact bytes, and nothing unsaved ever lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QToolBar
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.eventlog import EventEntry, read_events
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.controller import FileController, SaveChoice, error_box
from composer.ui.files.event_picker import EventPickerDialog, summarize
from composer.ui.tasks import TaskRunner
from tests.spec_data import EXAMPLES_DIR, needs_spec
from tests.ui.fakes import FakePrompter, open_now, save_now

EVENT = '{\n    "eventType": "START",\n    "job": {"namespace": "ns", "name": "orders"},\n    "run": {"runId": "r-1"}\n}'
OTHER = '{"eventType":"COMPLETE","job":{"namespace":"ns","name":"other"},"run":{"runId":"r-2"}}'
ODD_FILES = (
    "compat-tests__CLL-2.json",  # 4-space indent, no final newline
    "compat-tests__dbt-test_output-csv_to_postgres_local-event_002__at-444e0ac.json",  # one compact line
    "datahub__acryl-spark-lineage-ol_events-debezium_event.json",  # ends with a blank line
    "marquez__open_lineage-event_unicode.json",  # non-ASCII text
)


@dataclass
class Setup:
    window: QMainWindow
    model: DocumentModel
    files: FileController
    prompter: FakePrompter
    titles: list[str]


@pytest.fixture
def setup(qtbot: QtBot, app_home: Path, tasks: TaskRunner) -> Iterator[Setup]:
    window = QMainWindow()
    qtbot.addWidget(window)
    model = DocumentModel(EventDocument.from_json(OTHER))
    files = FileController(window, model, app_home, tasks=tasks)
    prompter = FakePrompter()
    files.prompter = prompter
    titles: list[str] = []
    files.titleChanged.connect(titles.append)
    files.install(window.menuBar().addMenu("&File"), window.addToolBar("Main"))
    yield Setup(window, model, files, prompter, titles)


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# --- exact bytes ------------------------------------------------------------------------------


@needs_spec
@pytest.mark.parametrize("name", ODD_FILES)
def test_open_then_save_writes_the_file_back_byte_for_byte(setup: Setup, tmp_path: Path, name: str) -> None:
    original = (EXAMPLES_DIR / "real" / name).read_bytes()
    path = _write(tmp_path / name, original)
    assert open_now(setup.files, path)
    assert setup.model.to_json().encode("utf-8") == original
    assert setup.files.current_path == path
    assert setup.titles[-1] == f"{name} — Lineage Composer"
    path.write_bytes(b"overwritten")
    assert save_now(setup.files)
    assert path.read_bytes() == original
    setup.prompter.save_path = tmp_path / "copy.json"
    assert save_now(setup.files, save_as=True)
    assert (tmp_path / "copy.json").read_bytes() == original
    assert setup.files.current_path == tmp_path / "copy.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "copy.json"])  # no temp files left


def test_bom_and_crlf_survive_and_nothing_is_added(setup: Setup, tmp_path: Path) -> None:
    original = (
        b'\xef\xbb\xbf{\r\n  "eventType": "START",\r\n  "job": {"namespace": "n", "name": "j"}\r\n}\r\n'
    )
    path = _write(tmp_path / "windows.json", original)
    assert open_now(setup.files, path)
    assert save_now(setup.files)
    assert path.read_bytes() == original
    assert setup.files.new_document()
    setup.prompter.save_path = tmp_path / "new.json"
    assert save_now(setup.files)
    written = (tmp_path / "new.json").read_bytes()
    assert written == setup.model.to_json().encode("utf-8")
    assert not written.startswith(b"\xef\xbb\xbf")
    assert oct((tmp_path / "new.json").stat().st_mode & 0o077) != "0o0"  # not the temp file's 0600


def test_save_follows_a_symlink_and_marks_the_document_clean(setup: Setup, tmp_path: Path) -> None:
    target = _write(tmp_path / "real.json", EVENT)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert open_now(setup.files, link)
    setup.model.set("/job/name", "renamed")
    assert setup.titles[-1] == "link.json* — Lineage Composer"
    assert save_now(setup.files)
    assert link.is_symlink()
    assert json.loads(target.read_text())["job"]["name"] == "renamed"
    assert setup.titles[-1] == "link.json — Lineage Composer"


def test_a_failed_save_says_why_and_keeps_everything(setup: Setup, tmp_path: Path) -> None:
    path = _write(tmp_path / "event.json", EVENT)
    assert open_now(setup.files, path)
    setup.model.set("/job/name", "edited")
    blocked = _write(tmp_path / "a-file", "x") / "event.json"  # its "folder" is a file
    setup.prompter.save_path = blocked
    assert not save_now(setup.files, save_as=True)
    title, text, _details = setup.prompter.errors[-1]
    assert title == "Cannot save the event"
    assert "“event.json” could not be saved" in text and "still open and unchanged" in text
    assert setup.files.current_path == path
    assert setup.files.modified
    assert setup.model.get("/job/name") == "edited"


def test_text_utf8_cannot_store_is_explained(setup: Setup, tmp_path: Path) -> None:
    setup.model.load(EventDocument.from_json('{"a": "é", "b": "\\ud800"}'))
    setup.model.set("/c", 1)  # re-serialised in the file's non-ASCII style: a raw lone surrogate
    setup.prompter.save_path = tmp_path / "bad.json"
    assert not save_now(setup.files)
    assert "lone surrogate (U+D800)" in setup.prompter.errors[-1][1]
    assert not (tmp_path / "bad.json").exists() and setup.files.modified


# --- events out of several --------------------------------------------------------------------


def test_ndjson_opens_the_picked_event_as_untitled(setup: Setup, tmp_path: Path) -> None:
    lines = [OTHER, '{"eventType": "START", oops}', EVENT.replace("\n", " ")]
    path = _write(tmp_path / "events.ndjson", "\n".join(lines) + "\n")
    setup.prompter.pick = 2
    assert open_now(setup.files, path)
    entries, label = setup.prompter.picked_from[-1]
    assert label == "“events.ndjson”"
    assert [(e.index, e.line, e.error is not None) for e in entries] == [
        (0, 1, False),
        (1, 2, True),
        (2, 3, False),
    ]
    assert setup.model.to_json() == lines[2]  # the line's exact text
    assert setup.files.current_path is None  # saving must not overwrite the whole log
    assert setup.titles[-1] == "events.ndjson, event 3 — Lineage Composer"
    assert setup.files.recent.values() == [str(path)]
    setup.prompter.save_path = None
    assert not save_now(setup.files)
    assert setup.prompter.suggested == ["events-event-3.json"]


def test_json_array_opens_the_picked_event(setup: Setup, tmp_path: Path) -> None:
    path = _write(tmp_path / "batch.json", f"[{OTHER}, {EVENT}]")
    setup.prompter.pick = 1
    opened: list[str] = []
    setup.files.documentOpened.connect(opened.append)
    assert open_now(setup.files, path)
    assert setup.model.get("/job/name") == "orders"
    assert opened == [""]


def test_cancelling_the_picker_keeps_the_document(setup: Setup, tmp_path: Path) -> None:
    path = _write(tmp_path / "batch.json", f"[{EVENT}, {EVENT}]")
    assert not open_now(setup.files, path)
    assert setup.model.to_json() == OTHER
    assert setup.files.recent.values() == []


# --- bad input --------------------------------------------------------------------------------


def test_a_malformed_file_shows_line_and_column_and_keeps_the_document(setup: Setup, tmp_path: Path) -> None:
    setup.model.set("/job/name", "unsaved work")
    before = setup.model.to_json()
    path = _write(tmp_path / "broken.json", '{\n  "eventType": "START",\n  "job": {"name" "x"}\n}')
    assert not open_now(setup.files, path)
    title, text, details = setup.prompter.errors[-1]
    assert title == "Cannot open the file"
    assert "“broken.json” is not valid JSON: Expecting ':' delimiter at line 3, column 18." in text
    assert "current event is unchanged" in text
    assert details == '  "job": {"name" "x"}\n                 ^'
    assert setup.model.to_json() == before
    assert setup.files.modified and setup.prompter.asked_to_save == []
    assert setup.files.recent.values() == []


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing.json", "does not exist"),
        (lambda d: d, "it is a folder, not a file"),
        (
            lambda d: _write(d / "latin1.json", b'{"name": "caf\xe9"}'),
            "is not UTF-8 text: byte 0xe9 on line 1",
        ),
        (lambda d: _write(d / "ps.json", "\ufeff{}".encode("utf-16")), "is saved as UTF-16 text"),
        (lambda d: _write(d / "empty.json", "  \n"), "is empty"),
        (lambda d: _write(d / "string.json", '"hello"'), "it is a JSON string, not an object"),
        (lambda d: _write(d / "numbers.json", "[1, 2]"), "None of the 2 events"),
        (lambda d: _write(d / "nothing.json", "[]"), "holds an empty JSON array"),
    ],
)
def test_unusable_files_get_a_plain_message(
    setup: Setup, tmp_path: Path, make: object, expected: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    assert not open_now(setup.files, path)
    assert expected in setup.prompter.errors[-1][1]
    assert "Traceback" not in setup.prompter.errors[-1][1]
    assert setup.model.to_json() == OTHER


def test_error_box_shows_the_excerpt_in_monospace(qtbot: QtBot) -> None:
    box = error_box(None, "Cannot open the file", "“a.json” is not valid JSON.", '{"a" 1}\n     ^')
    qtbot.addWidget(box)
    assert box.text() == "“a.json” is not valid JSON."
    assert box.informativeText() == "<pre>{&quot;a&quot; 1}\n     ^</pre>"


# --- unsaved changes --------------------------------------------------------------------------


def test_discard_replaces_and_cancel_keeps(setup: Setup) -> None:
    setup.model.set("/job/name", "edited")
    setup.prompter.save_answers = [SaveChoice.CANCEL, SaveChoice.DISCARD]
    assert not setup.files.new_document()
    assert setup.model.get("/job/name") == "edited"
    assert setup.files.new_document()
    assert setup.prompter.asked_to_save == ["Untitled", "Untitled"]
    assert setup.model.get("/job/name") == "" and not setup.files.modified
    assert setup.titles[-1] == "Untitled — Lineage Composer"


def test_save_answer_saves_first(setup: Setup, tmp_path: Path) -> None:
    path = _write(tmp_path / "work.json", EVENT)
    assert open_now(setup.files, path)
    setup.model.set("/job/name", "edited")
    setup.prompter.save_answers = [SaveChoice.SAVE]
    other = _write(tmp_path / "other.json", OTHER)
    assert open_now(setup.files, other)
    assert setup.prompter.asked_to_save == ["work.json"]
    assert json.loads(path.read_text())["job"]["name"] == "edited"
    assert setup.model.to_json() == OTHER


def test_save_answer_on_an_untitled_event_whose_save_as_is_cancelled_keeps_it(setup: Setup) -> None:
    setup.model.set("/job/name", "edited")
    setup.prompter.save_answers = [SaveChoice.SAVE]
    setup.prompter.save_path = None
    assert not setup.files.maybe_save()
    assert setup.model.get("/job/name") == "edited" and setup.files.modified


def test_no_prompt_when_nothing_changed(setup: Setup) -> None:
    assert setup.files.maybe_save()
    assert setup.prompter.asked_to_save == []


# --- menus, recent files, templates -----------------------------------------------------------


def test_menu_actions_and_shortcuts(setup: Setup) -> None:
    files = setup.files
    assert files.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert files.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert files.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert not files.save_as_action.shortcut().isEmpty()
    assert files.new_menu.actions()[0].text() == "Empty COMPLETE event"
    toolbar = setup.window.findChild(QToolBar)
    assert toolbar is not None
    assert [a.text() for a in toolbar.actions()] == ["New", "&Open…", "&Save"]
    assert toolbar.actions()[0].menu() is files.new_menu


def test_new_from_a_template(setup: Setup) -> None:
    opened: list[str] = []
    setup.files.documentOpened.connect(opened.append)
    complete = next(a for a in setup.files.new_menu.actions() if "complete event" in a.text())
    complete.trigger()
    assert setup.model.document.facets("/job/facets")
    assert opened == [""] and setup.files.current_path is None


def _recent_texts(files: FileController) -> list[str]:
    assert files.recent_menu is not None
    return [a.text() for a in files.recent_menu.actions() if not a.isSeparator()]


def test_recent_files_newest_first_and_clear(setup: Setup, tmp_path: Path, app_home: Path) -> None:
    first, second = _write(tmp_path / "a&b.json", EVENT), _write(tmp_path / "two.json", OTHER)
    assert open_now(setup.files, first) and open_now(setup.files, second)
    assert setup.files.recent.values() == [str(second), str(first)]
    assert _recent_texts(setup.files)[:2] == [f"&1 two.json  —  {tmp_path}", f"&2 a&&b.json  —  {tmp_path}"]
    setup.files.recent.flush()  # the list is written in the background
    assert json.loads((app_home / "recent-files.json").read_text())["recent"] == [str(second), str(first)]
    setup.files.recent_menu.actions()[1].trigger()
    assert setup.files.wait_idle()
    assert setup.files.current_path == first
    clear = setup.files.recent_menu.actions()[-1]
    assert clear.text() == "&Clear Recent Files"
    clear.trigger()
    assert setup.files.recent.values() == []
    assert _recent_texts(setup.files) == ["No Recent Files", "&Clear Recent Files"]


def test_a_vanished_recent_file_is_explained_and_dropped(setup: Setup, tmp_path: Path) -> None:
    path = _write(tmp_path / "gone.json", EVENT)
    assert open_now(setup.files, path)
    assert setup.files.new_document()
    path.unlink()
    assert not open_now(setup.files, path, recent=True)
    assert "no longer exists" in setup.prompter.errors[-1][1]
    assert setup.files.recent.values() == []


# --- paste and drop ---------------------------------------------------------------------------


def test_paste_then_undo(setup: Setup) -> None:
    QGuiApplication.clipboard().setText(EVENT)
    assert setup.files.paste_from_clipboard()
    assert setup.model.to_json() == EVENT
    assert setup.files.modified
    assert setup.model.undo_stack.undoText() == "Paste event"
    setup.model.undo_stack.undo()
    assert setup.model.to_json() == OTHER
    assert not setup.files.modified


def test_paste_of_bad_text_or_several_events(setup: Setup) -> None:
    QGuiApplication.clipboard().setText('{"eventType": }')
    assert not setup.files.paste_from_clipboard()
    assert "The clipboard text is not valid JSON" in setup.prompter.errors[-1][1]
    assert "line 1, column 15" in setup.prompter.errors[-1][1]
    QGuiApplication.clipboard().setText(f"{OTHER}\n{OTHER.replace('other', 'third')}\n")
    setup.prompter.pick = 1
    assert setup.files.paste_from_clipboard()
    assert setup.model.get("/job/name") == "third"
    assert setup.prompter.picked_from[-1][1] == "The clipboard text"


def _drop(widget: QMainWindow, mime: QMimeData) -> bool:
    position = QPointF(10, 10)
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:
        enter = QDragEnterEvent(position, actions, mime, buttons, modifiers)  # type: ignore[call-overload, unused-ignore]
    except TypeError:
        enter = QDragEnterEvent(position.toPoint(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(position, actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def test_dropping_a_file_opens_it(setup: Setup, qtbot: QtBot, tmp_path: Path) -> None:
    setup.files.install_drop_target(setup.window)
    path = _write(tmp_path / "dropped.jsonl", EVENT)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    setup.model.set("/job/name", "unsaved")
    setup.prompter.save_answers = [SaveChoice.CANCEL, SaveChoice.DISCARD]
    assert _drop(setup.window, mime)
    qtbot.waitUntil(lambda: len(setup.prompter.asked_to_save) == 1)  # asked first, and said Cancel
    assert setup.model.get("/job/name") == "unsaved"
    assert _drop(setup.window, mime)
    qtbot.waitUntil(lambda: setup.files.current_path == path)
    assert setup.model.to_json() == EVENT


def test_dropping_text_replaces_undoably_and_other_files_are_refused(
    setup: Setup, qtbot: QtBot, tmp_path: Path
) -> None:
    setup.files.install_drop_target(setup.window)
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(_write(tmp_path / "notes.txt", EVENT)))])
    other.setText(EVENT)  # file managers add the URL as text too: the URL decides
    assert not _drop(setup.window, other)
    text = QMimeData()
    text.setText(EVENT)
    assert _drop(setup.window, text)
    qtbot.waitUntil(lambda: setup.model.to_json() == EVENT)
    assert setup.model.undo_stack.undoText() == "Drop event"


# --- the event picker -------------------------------------------------------------------------


def _log_entries() -> list[EventEntry]:
    lines = [OTHER, '{"eventType": "START", "job": {"name" "x"}}']
    lines += [
        json.dumps(
            {
                "eventType": kind,
                "eventTime": f"2024-05-0{n}T10:00:00.000Z",
                "job": {
                    "namespace": "snowflake://acme.snowflakecomputing.com",
                    "name": f"nightly.load_orders_{n}",
                },
                "run": {"runId": f"0190f5a4-7f1b-7c3e-9f6d-00000000000{n}"},
            }
        )
        for n, kind in enumerate(("START", "RUNNING", "COMPLETE", "FAIL"), start=1)
    ]
    return read_events("\n".join(lines))


def test_picker_lists_events_and_errors_and_renders(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = EventPickerDialog(_log_entries(), "“customer-log.ndjson”")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert (
        dialog.heading.text()
        == "“customer-log.ndjson” holds 6 events (1 of them cannot be opened). Choose the one to open."
    )
    first = dialog.chosen()
    assert first is not None and first.index == 0
    model = dialog.model
    assert [model.data(model.index(1, c)) for c in range(3)] == ["2", "2", "unreadable"]
    assert "Expecting ':' delimiter (line 2, column 39)" in model.data(model.index(1, 3))
    dialog.select_index(1)  # the unreadable line cannot be chosen
    assert dialog.chosen() is None
    dialog.filter.setText("complete")
    assert dialog.proxy.rowCount() == 2  # OTHER and the third generated event
    dialog.select_index(4)
    chosen = dialog.chosen()
    assert chosen is not None and chosen.document is not None and chosen.document.event_type == "COMPLETE"
    dialog.filter.clear()
    dialog.grab().save(str(tmp_path / "picker.png"))
    assert (tmp_path / "picker.png").stat().st_size > 0


def test_summaries_name_what_is_not_an_event() -> None:
    entries = read_events('[1, "x", null, {"job": {"namespace": "n", "name": "j"}}]')
    assert [summarize(e).cells[3] for e in entries] == [
        "Not an event: a JSON number, not an object",
        "Not an event: a JSON string, not an object",
        "Not an event: a JSON null, not an object",
        "j  (n)",
    ]
    assert summarize(entries[3]).cells[2] == "(JobEvent)"
