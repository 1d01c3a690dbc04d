"""The whole window, driven like a person would: real widgets, offscreen, no sleeps."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from composer.ui.facets.schema_fields import SchemaFieldsBinding
from composer.ui.main_window import MainWindow
from tests.benchmarks.bench_validation import large_event
from tests.spec_data import alation_examples, example_events, needs_alation_page, needs_spec
from tests.ui.fakes import save_now
from tests.ui.test_facet_alation_example import add_facet, field, type_cells, type_into
from tests.ui.windows import WindowOpener

pytestmark = pytest.mark.window(size=(1300, 900))

STABLE_NAMES = [
    "MainWindow",
    "eventType",
    "eventTime",
    "producer",
    "jobNamespace",
    "jobName",
    "runId",
    "inputs",
    "outputs",
    "jsonPreview",
    "problems",
]


def preview(window: MainWindow) -> str:
    return window.preview.editor.toPlainText()


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the preview shows the document's current text."""
    qtbot.waitUntil(lambda: preview(window) == window.model.to_json())


def line(window: MainWindow, name: str) -> QLineEdit:
    found = window.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def test_stable_object_names(window: MainWindow) -> None:
    assert window.objectName() == "MainWindow"
    for name in STABLE_NAMES[1:]:
        assert window.findChild(QWidget, name) is not None, name
    assert isinstance(window.findChild(QPlainTextEdit, "jsonPreview"), QPlainTextEdit)
    assert isinstance(window.findChild(QTreeWidget, "problems"), QTreeWidget)


def test_every_input_has_an_accessible_name(window: MainWindow) -> None:
    window.inputs.add_dataset()
    unnamed = []
    for widget in window.findChildren(QLineEdit):
        owner = widget.parent() if isinstance(widget.parent(), QComboBox) else widget
        if widget.isVisibleTo(window) and not owner.accessibleName():
            unnamed.append(f"{owner.metaObject().className()} {owner.objectName()!r} in {owner.parent()}")
    assert not unnamed


@needs_alation_page
def test_build_the_complete_example_from_an_empty_window(qtbot: QtBot, window: MainWindow) -> None:
    """A steward with no JSON experience builds Alation's complete example through the forms."""
    expected = json.loads(alation_examples()["complete"])
    type_into(qtbot, line(window, "eventTime"), expected["eventTime"])
    type_into(qtbot, line(window, "runId"), expected["run"]["runId"])
    type_into(qtbot, line(window, "producer"), expected["producer"])
    schema_url = line(window, "schemaURL")
    schema_url.selectAll()
    qtbot.keyClick(schema_url, Qt.Key.Key_Delete)
    type_into(qtbot, line(window, "jobNamespace"), expected["job"]["namespace"])
    type_into(qtbot, line(window, "jobName"), expected["job"]["name"])

    run_facets = expected["run"]["facets"]
    nominal = add_facet(qtbot, window.run_form.facets, "nominalTime", run_facets["nominalTime"])
    type_into(qtbot, field(nominal, "nominalStartTime"), run_facets["nominalTime"]["nominalStartTime"])
    type_into(qtbot, field(nominal, "nominalEndTime"), run_facets["nominalTime"]["nominalEndTime"])
    job_facets = expected["job"]["facets"]
    documentation = add_facet(qtbot, window.job_form.facets, "documentation", job_facets["documentation"])
    type_into(qtbot, field(documentation, "description"), job_facets["documentation"]["description"])
    sql = add_facet(qtbot, window.job_form.facets, "sql", job_facets["sql"])
    type_into(qtbot, field(sql, "query"), job_facets["sql"]["query"])

    for side, datasets in (("inputs", window.inputs), ("outputs", window.outputs)):
        wanted = expected[side][0]
        qtbot.mouseClick(window.findChild(QWidget, f"add{side.capitalize()[:-1]}"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(partial(lambda datasets: len(datasets.cards) == 1, datasets))
        card = datasets.cards[0]
        type_into(qtbot, card.picker.lineEdit(), wanted["namespace"])
        type_into(qtbot, card.name, wanted["name"])
        schema = wanted["facets"]["schema"]
        table = add_facet(qtbot, card.facets, "schema", schema).bindings[0]
        assert isinstance(table, SchemaFieldsBinding)
        if side == "inputs":
            for row, column in enumerate(schema["fields"]):
                table.add_button.click()
                type_cells(qtbot, table.table, row, [column["name"], column["type"]])
        else:
            QGuiApplication.clipboard().setText(
                "".join(f"{c['name']}\t{c['type']}\n" for c in schema["fields"])
            )
            table.paste_button.click()

    settle(qtbot, window)
    assert preview(window) == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert not [p for p in window.live.problems if p.severity == "error"]


def test_undo_and_redo_of_typing(qtbot: QtBot, window: MainWindow) -> None:
    before = window.model.to_json()
    qtbot.keyClicks(line(window, "jobName"), "nightly-load")
    settle(qtbot, window)
    assert '"name": "nightly-load"' in preview(window)
    window.model.undo_stack.undo()
    settle(qtbot, window)
    assert preview(window) == before
    assert line(window, "jobName").text() == ""
    window.model.undo_stack.redo()
    assert line(window, "jobName").text() == "nightly-load"


def test_ctrl_z_in_a_field_uses_the_windows_undo_stack(qtbot: QtBot, window: MainWindow) -> None:
    name = line(window, "jobName")
    name.setFocus()
    qtbot.keyClicks(name, "abc")
    qtbot.keyClicks(line(window, "jobNamespace"), "ns")
    assert window.model.undo_stack.count() == 2
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.undo_stack.index() == 1
    assert window.model.get("/job/namespace") == ""
    assert name.text() == "abc"


def test_ctrl_z_follows_the_focus_from_field_to_field(qtbot: QtBot, window: MainWindow) -> None:
    """The router sits on the focused field only (not on every event of the app): it moves with it."""
    name, namespace = line(window, "jobName"), line(window, "jobNamespace")
    for edit, text in ((name, "job"), (namespace, "ns")):
        edit.setFocus()
        qtbot.waitUntil(edit.hasFocus)
        qtbot.keyClicks(edit, text)
    assert window.model.undo_stack.count() == 2
    qtbot.keyClick(namespace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.get("/job/namespace") == ""
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.get("/job/name") == ""
    assert window.model.undo_stack.index() == 0


def test_edit_json_round_trip_and_invalid_json_is_kept(qtbot: QtBot, window: MainWindow) -> None:
    window.preview.edit_button.click()
    assert window.preview.editing
    event = json.loads(window.model.to_json())
    event["job"]["name"] = "from-json"
    event["x-custom"] = {"kept": 1.50}
    text = json.dumps(event, indent=4)
    window.preview.editor.setPlainText(text)
    assert window.preview.apply_edited_text()
    assert line(window, "jobName").text() == "from-json"
    assert window.model.to_json() == text
    broken = text.replace('"from-json"', '"from-json",,')
    window.preview.editor.setPlainText(broken)
    assert not window.preview.apply_edited_text()
    assert "line" in window.preview.status.text() and "column" in window.preview.status.text()
    assert window.model.to_json() == text
    window.preview.edit_button.click()  # leaving would lose the typing: refused
    assert window.preview.editing and window.preview.editor.toPlainText() == broken
    window.model.undo_stack.undo()
    assert line(window, "jobName").text() == ""


def test_clicking_a_problem_focuses_its_field(qtbot: QtBot, window: MainWindow) -> None:
    settle(qtbot, window)
    tree = window.problems.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0)
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    target = next(item for item in items if item is not None and item.text(2) == "/job/name")
    rect = tree.visualItemRect(target)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: line(window, "jobName").hasFocus())
    assert line(window, "jobName").property("problem") == "error"


@needs_spec
def test_open_and_save_an_unchanged_file_byte_for_byte(open_window: WindowOpener, tmp_path: Path) -> None:
    source = next(p for p in example_events() if p.name == "compat-tests__CLL-2.json")
    copy_path = tmp_path / source.name
    copy_path.write_bytes(source.read_bytes())
    opened = open_window(copy_path, shown=False)
    assert opened.model.to_json() == source.read_text("utf-8")
    assert save_now(opened.files)
    assert copy_path.read_bytes() == source.read_bytes()


def test_gui_smoke_command_paints_and_exits() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "composer", "gui", "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "first paint after" in result.stdout and "at unix time" in result.stdout
    # the docks built after the paint, and the quit right after it, leave no error behind
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr[-2000:]


def test_gui_smoke_with_a_large_file_still_being_read_exits_cleanly(tmp_path: Path) -> None:
    """The gui command paints before its FILE is read; quitting right after the paint closes
    the window while the read (and then the event's check) may still be on its way."""
    path = tmp_path / "large.json"
    path.write_text(json.dumps(large_event(), indent=2), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "composer", "gui", str(path), "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "first paint after" in result.stdout
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr[-2000:]


def test_a_window_built_without_waiting_for_its_file_shows_it_once_read(
    qtbot: QtBot, open_window: WindowOpener, tmp_path: Path
) -> None:
    path = tmp_path / "large.json"
    text = json.dumps(large_event(), indent=2)
    path.write_text(text, encoding="utf-8")
    window = open_window(path, shown=False, wait_for_file=False)
    assert window.files.busy and window.model.document.source_text != text  # back before the read
    qtbot.waitUntil(lambda: window.model.document.source_text == text, timeout=30_000)
    assert window.files.current_path == path and not window.files.modified
