"""Facet editors: typing, undo, refresh without cursor jumps, unknown keys, raw JSON, formats."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.facets import Container
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets import FacetsPanel
from composer.ui.facets.binding import Binding
from composer.ui.facets.editor import FacetEditor
from composer.ui.facets.fields import DateTimeBinding
from composer.ui.facets.group import GroupBinding
from composer.ui.facets.json_field import JsonBinding
from composer.ui.facets.sql_highlighter import SqlHighlighter

EVENT = {
    "eventType": "COMPLETE",
    "eventTime": "2024-02-20T10:30:00.000Z",
    "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"},
    "job": {"namespace": "etl", "name": "daily"},
    "inputs": [{"namespace": "postgres://db:5432", "name": "sales.public.transactions"}],
    "outputs": [{"namespace": "snowflake://acct", "name": "analytics.public.daily_sales"}],
}


def setup(
    qtbot: QtBot, pointer: str, container: Container, key: str, facet: Any = None
) -> tuple[DocumentModel, FacetEditor]:
    model = DocumentModel(EventDocument.from_json(json.dumps(EVENT)))
    panel = FacetsPanel(model, pointer, container)
    qtbot.addWidget(panel)
    if facet is None:
        panel.add_facet(key)
    else:
        model.set(f"{pointer}/{key}", facet)
    model.undo_stack.clear()
    return model, panel.editors[key]


def type_text(qtbot: QtBot, target: QWidget, text: str) -> None:
    """keyClicks cannot send a newline; Return can."""
    for index, line in enumerate(text.split("\n")):
        if index:
            qtbot.keyClick(target, Qt.Key.Key_Return)
        qtbot.keyClicks(target, line)


def binding(editor: FacetEditor, *path: str) -> Binding:
    def walk(bindings: list[Binding]) -> list[Binding]:
        found = []
        for item in bindings:
            found.append(item)
            if isinstance(item, GroupBinding):
                found.extend(walk(item.children))
        return found

    return next(b for b in walk(editor.all_bindings) if b.path == path)


def formats(edit: QPlainTextEdit, block: int) -> dict[int, tuple[int, str]]:
    """Start of each highlighted range -> (font weight, colour); read while Qt's list is alive."""
    ranges = edit.document().findBlockByNumber(block).layout().formats()
    return {r.start: (r.format.fontWeight(), r.format.foreground().color().name()) for r in ranges}


def color(char_format: QTextCharFormat) -> str:
    return char_format.foreground().color().name()


def widget(editor: FacetEditor, *path: str) -> QWidget:
    return binding(editor, *path).focus_widget


def test_typing_a_description_is_one_undo_step(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/job/facets", "job", "documentation")
    edit = widget(editor, "description")
    assert isinstance(edit, QPlainTextEdit)
    assert edit.accessibleName() == "Documentation: Description"
    assert edit.toolTip() == edit.accessibleDescription() == "What the job does and why."
    qtbot.keyClicks(edit, "Loads sales")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "every night")
    assert model.get("/job/facets/documentation/description") == "Loads sales\nevery night"
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert not model.exists("/job/facets/documentation/description")
    assert model.exists("/job/facets/documentation")
    assert edit.toPlainText() == ""
    model.undo_stack.redo()
    assert edit.toPlainText() == "Loads sales\nevery night"


def test_typing_sql_is_one_undo_step_and_highlighted(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/job/facets", "job", "sql")
    edit = widget(editor, "query")
    assert isinstance(edit, QPlainTextEdit)
    assert edit.font().fixedPitch() or "mono" in edit.font().family().lower()
    qtbot.keyClicks(edit, "SELECT 'a' -- note")
    assert model.get("/job/facets/sql/query") == "SELECT 'a' -- note"
    assert model.undo_stack.count() == 1
    first = formats(edit, 0)
    highlighter = edit.document().findChild(SqlHighlighter)
    assert highlighter is not None
    assert first[0][0] == QFont.Weight.Bold  # SELECT
    assert first[7][1] == color(highlighter.string_format)
    assert first[11][1] == color(highlighter.comment_format)
    model.undo_stack.undo()
    assert not model.exists("/job/facets/sql/query") and edit.toPlainText() == ""


def test_sql_highlighter_carries_block_comments_and_strings_across_lines(qtbot: QtBot) -> None:
    _, editor = setup(qtbot, "/job/facets", "job", "sql")
    edit = widget(editor, "query")
    assert isinstance(edit, QPlainTextEdit)
    edit.setPlainText("/* one\ntwo */ SELECT 1.5, 'it''s\nstill' FROM t")
    highlighter = edit.document().findChild(SqlHighlighter)
    assert highlighter is not None
    second = formats(edit, 1)
    assert second[0][1] == color(highlighter.comment_format)
    assert second[7][0] == QFont.Weight.Bold  # SELECT after the comment closed
    assert second[14][1] == color(highlighter.number_format)
    third = formats(edit, 2)
    assert third[0][1] == color(highlighter.string_format)
    assert third[7][0] == QFont.Weight.Bold  # FROM


def test_an_echo_of_the_users_edit_keeps_cursor_and_selection(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/job/facets", "job", "documentation")
    edit = widget(editor, "description")
    assert isinstance(edit, QPlainTextEdit)
    qtbot.keyClicks(edit, "abcdef")
    cursor = edit.textCursor()
    cursor.setPosition(1)
    cursor.setPosition(3, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    model.changed.emit("/job/facets/documentation/description")
    model.changed.emit("/job/facets/documentation")
    assert (edit.textCursor().anchor(), edit.textCursor().position()) == (1, 3)
    line = widget(editor, "_producer")
    assert isinstance(line, QLineEdit)
    line.setCursorPosition(4)
    model.changed.emit("/job/facets/documentation/_producer")
    assert line.cursorPosition() == 4


def test_emptying_a_field_removes_its_key(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/run/facets", "run", "processing_engine")
    edit = widget(editor, "version")
    assert isinstance(edit, QLineEdit)
    qtbot.keyClicks(edit, "3.5")
    assert model.get("/run/facets/processing_engine/version") == "3.5"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert not model.exists("/run/facets/processing_engine/version")
    assert model.exists("/run/facets/processing_engine")


def test_unknown_keys_inside_a_standard_facet_survive_edits(qtbot: QtBot) -> None:
    facet = {
        "_producer": "p",
        "_schemaURL": "u",
        "query": "SELECT 1",
        "vendor": {"keep": [1, 2.50]},
        "dialect": "x",
    }
    model, editor = setup(qtbot, "/job/facets", "job", "sql", facet)
    assert "vendor" in editor.extra_note.text() and editor.extra_note.isVisibleTo(editor)
    edit = widget(editor, "query")
    assert isinstance(edit, QPlainTextEdit)
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(edit, "0")
    dialect = widget(editor, "dialect")
    assert isinstance(dialect, QComboBox)
    line = dialect.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "snowflake")
    assert model.get("/job/facets/sql") == {
        "_producer": "p",
        "_schemaURL": "u",
        "query": "SELECT 10",
        "vendor": {"keep": [1, 2.50]},
        "dialect": "snowflake",
    }


def test_custom_facet_json_shows_errors_and_applies_only_valid_json(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/job/facets", "job", "acme_deployment")
    json_binding = editor.bindings[0]
    assert isinstance(json_binding, JsonBinding)
    edit = json_binding.edit
    before = model.get("/job/facets/acme_deployment")
    assert json.loads(edit.toPlainText()) == before
    assert {"_producer", "_schemaURL"} <= set(before)

    edit.selectAll()
    type_text(qtbot, edit, '{\n  "_producer": "p",\n  "env": prod\n}')
    assert json_binding.error.startswith("Line 3, column 10:")
    assert model.get("/job/facets/acme_deployment") == before
    assert edit.toPlainText().endswith("prod\n}")  # nothing typed is lost
    model.changed.emit("/job/facets/acme_deployment")  # an unrelated refresh keeps the draft
    assert edit.toPlainText().endswith("prod\n}")

    cursor = edit.textCursor()
    cursor.setPosition(edit.toPlainText().rindex("prod"))
    edit.setTextCursor(cursor)
    qtbot.keyClicks(edit, '"')
    edit.moveCursor(QTextCursor.MoveOperation.Right)
    edit.moveCursor(QTextCursor.MoveOperation.Right)
    edit.moveCursor(QTextCursor.MoveOperation.Right)
    edit.moveCursor(QTextCursor.MoveOperation.Right)
    qtbot.keyClicks(edit, '"')
    assert json_binding.error == ""
    assert model.get("/job/facets/acme_deployment") == {"_producer": "p", "env": "prod"}
    model.undo_stack.undo()  # one step for the whole edit, and the box follows
    assert model.get("/job/facets/acme_deployment") == before
    assert json.loads(edit.toPlainText()) == before


def test_nested_json_field_removes_its_key_when_emptied(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/inputs/0/inputFacets", "inputFacets", "dataQualityMetrics")
    box = widget(editor, "columnMetrics")
    assert isinstance(box, QPlainTextEdit)
    qtbot.keyClicks(box, '{"id": {"nullCount": 0}}')
    assert model.get("/inputs/0/inputFacets/dataQualityMetrics/columnMetrics") == {"id": {"nullCount": 0}}
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert not model.exists("/inputs/0/inputFacets/dataQualityMetrics/columnMetrics")


def test_numbers_are_written_as_numbers(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/outputs/0/outputFacets", "outputFacets", "outputStatistics")
    rows = widget(editor, "rowCount")
    assert isinstance(rows, QLineEdit)
    qtbot.keyClicks(rows, "-")
    assert not model.exists("/outputs/0/outputFacets/outputStatistics/rowCount")
    rows.clear()
    qtbot.keyClicks(rows, "12345678901x")  # beyond 32 bits; the letter is refused
    assert model.get("/outputs/0/outputFacets/outputStatistics/rowCount") == 12345678901
    size = widget(editor, "size")
    assert isinstance(size, QLineEdit)
    qtbot.keyClicks(size, "2048")
    assert model.get("/outputs/0/outputFacets/outputStatistics/size") == 2048
    assert model.undo_stack.count() == 2


def test_date_time_field_checks_the_format_and_fills_now(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/run/facets", "run", "nominalTime")
    start = binding(editor, "nominalStartTime")
    assert isinstance(start, DateTimeBinding)
    qtbot.keyClicks(start.edit, "2024-02-20 10:00")
    assert "time zone" in start.status.text() and start.status.isVisibleTo(start.widget)
    assert model.get("/run/facets/nominalTime/nominalStartTime") == "2024-02-20 10:00"  # written anyway
    start.edit.clear()
    qtbot.keyClicks(start.edit, "yesterday")
    assert "RFC 3339" in start.status.text()
    start.now.click()
    value = model.get("/run/facets/nominalTime/nominalStartTime")
    assert value.endswith("Z") and start.edit.text() == value
    assert not start.status.isVisibleTo(start.widget)


def test_enum_field_is_a_closed_combo_that_shows_unknown_values(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/outputs/0/facets", "dataset", "lifecycleStateChange")
    combo = widget(editor, "lifecycleStateChange")
    assert isinstance(combo, QComboBox) and not combo.isEditable()
    combo.activated.emit(combo.findText("RENAME"))
    assert model.get("/outputs/0/facets/lifecycleStateChange/lifecycleStateChange") == "RENAME"
    model.set("/outputs/0/facets/lifecycleStateChange/lifecycleStateChange", "rename")
    assert combo.currentText() == "rename"
    combo.activated.emit(0)
    assert not model.exists("/outputs/0/facets/lifecycleStateChange/lifecycleStateChange")


def test_optional_group_opens_without_writing_and_closes_by_removing(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/outputs/0/facets", "dataset", "lifecycleStateChange")
    group = binding(editor, "previousIdentifier")
    assert isinstance(group, GroupBinding) and group.check is not None
    group.check.click()
    assert group.check.isChecked() and not model.exists(
        "/outputs/0/facets/lifecycleStateChange/previousIdentifier"
    )
    name = widget(editor, "previousIdentifier", "name")
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "old_table")
    assert model.get("/outputs/0/facets/lifecycleStateChange/previousIdentifier") == {"name": "old_table"}
    group.check.click()
    assert not model.exists("/outputs/0/facets/lifecycleStateChange/previousIdentifier")
    model.undo_stack.undo()
    assert group.check.isChecked() and name.text() == "old_table"


def test_parent_run_fields_write_the_nested_objects(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/run/facets", "run", "parent")
    for path, text in (
        (("run", "runId"), "3f5e83fa-3480-44ff-99c5-ff943904e5e8"),
        (("job", "namespace"), "airflow"),
        (("job", "name"), "dag.task"),
    ):
        edit = widget(editor, *path)
        assert isinstance(edit, QLineEdit)
        qtbot.keyClicks(edit, text)
    facet = model.get("/run/facets/parent")
    assert facet["run"] == {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5e8"}
    assert facet["job"] == {"namespace": "airflow", "name": "dag.task"}
    assert "root" not in facet
    root_id = widget(editor, "root", "run", "runId")
    assert isinstance(root_id, QLineEdit)
    assert not root_id.isVisibleTo(editor)


def test_deleted_flag_and_advanced_fields(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/job/facets", "job", "ownership")
    assert not editor.advanced.isVisibleTo(editor)
    editor.advanced_button.click()
    assert editor.advanced.isVisibleTo(editor)
    deleted = widget(editor, "_deleted")
    assert isinstance(deleted, QCheckBox) and deleted.text() == "(not set)"
    deleted.click()
    assert model.get("/job/facets/ownership/_deleted") is True
    schema_url = widget(editor, "_schemaURL")
    assert isinstance(schema_url, QLineEdit)
    schema_url.selectAll()
    qtbot.keyClicks(schema_url, "not a uri")
    status = binding(editor, "_schemaURL")
    assert "URI" in status.status.text()  # type: ignore[attr-defined]


def test_every_input_has_an_accessible_name_and_description(qtbot: QtBot) -> None:
    from composer.core.facets import all_facets  # noqa: PLC0415

    places = {"run": "/run/facets", "job": "/job/facets", "dataset": "/outputs/0/facets"}
    places |= {"inputFacets": "/inputs/0/inputFacets", "outputFacets": "/outputs/0/outputFacets"}
    for spec in all_facets():
        _, editor = setup(qtbot, places[spec.container], spec.container, spec.key)
        for item in editor.findChildren(QWidget):
            if isinstance(item, QLineEdit | QPlainTextEdit | QComboBox | QCheckBox | QPushButton):
                if isinstance(item.parentWidget(), QComboBox):
                    continue  # a combo's own line edit: the combo carries the name
                assert item.accessibleName(), (
                    spec.key,
                    type(item).__name__,
                    item.text() if isinstance(item, QPushButton) else "",
                )
        for field in editor.bindings:
            assert field.focus_widget.accessibleDescription() or not field.description, (spec.key, field.path)


def test_writes_below_a_value_that_is_not_an_object_are_refused(qtbot: QtBot) -> None:
    odd = {
        "_producer": "p",
        "_schemaURL": "u",
        "run": "not an object",
        "job": {"namespace": "n", "name": "j"},
    }
    model, editor = setup(qtbot, "/run/facets", "run", "parent", odd)
    run_id = widget(editor, "run", "runId")
    assert isinstance(run_id, QLineEdit)
    qtbot.keyClicks(run_id, "x")
    assert model.get("/run/facets/parent") == odd
    assert model.undo_stack.count() == 0
    assert "run is not an object" in editor.refused_note.text() and editor.refused_note.isVisibleTo(editor)
    name = widget(editor, "job", "name")
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "2")  # elsewhere in the facet, edits still work
    assert model.get("/run/facets/parent/job/name") == "j2"
    assert not editor.refused_note.isVisibleTo(editor)
