"""Table editors: schema columns (typing, reordering, pasting CSV/DDL), owners and column lineage."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.facets import Container
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets import FacetsPanel
from composer.ui.facets.column_lineage import ColumnLineageBinding
from composer.ui.facets.editor import FacetEditor
from composer.ui.facets.rows import RowsBinding
from composer.ui.facets.schema_fields import SchemaFieldsBinding

INPUT_SCHEMA = [{"name": "transaction_id", "type": "INTEGER"}, {"name": "amount", "type": "DECIMAL"}]
EVENT: dict[str, Any] = {
    "eventType": "COMPLETE",
    "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"},
    "job": {"namespace": "etl", "name": "daily"},
    "inputs": [
        {
            "namespace": "postgres://db:5432",
            "name": "sales.transactions",
            "facets": {"schema": {"fields": INPUT_SCHEMA}},
        },
        {"namespace": "postgres://db:5432", "name": "sales.stores"},
    ],
    "outputs": [
        {
            "namespace": "snowflake://acct",
            "name": "analytics.daily_sales",
            "facets": {"schema": {"fields": [{"name": "total_amount", "type": "DECIMAL"}, {"name": "n"}]}},
        }
    ],
}


def setup(qtbot: QtBot, pointer: str, container: Container, key: str) -> tuple[DocumentModel, FacetEditor]:
    model = DocumentModel(EventDocument.from_json(json.dumps(EVENT)))
    panel = FacetsPanel(model, pointer, container)
    qtbot.addWidget(panel)
    panel.add_facet(key)
    model.undo_stack.clear()
    return model, panel.editors[key]


def edit_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Open the cell's editor the way a double click does, type, and commit with Return."""
    item = table.item(row, column)
    assert item is not None
    table.setCurrentItem(item)
    table.editItem(item)
    editor = table.viewport().focusWidget() or QGuiApplication.focusObject()
    editors = [w for w in table.viewport().findChildren(QWidget) if isinstance(w, QLineEdit | QComboBox)]
    editor = editors[-1] if editors else editor
    assert isinstance(editor, QLineEdit | QComboBox)
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    assert line is not None
    line.selectAll()
    if text:
        qtbot.keyClicks(line, text)
    else:
        qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    def shown() -> bool:  # the table may rebuild its rows from the model: read the cell afresh
        current = table.item(row, column)
        return current is not None and current.text() == text

    qtbot.waitUntil(shown)


def schema_binding(editor: FacetEditor) -> SchemaFieldsBinding:
    found = editor.bindings[0]
    assert isinstance(found, SchemaFieldsBinding)
    return found


def test_schema_table_builds_fields_by_typing(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/inputs/1/facets", "dataset", "schema")
    columns = schema_binding(editor)
    columns.add_button.click()
    edit_cell(qtbot, columns.table, 0, 0, "store_id")
    edit_cell(qtbot, columns.table, 0, 1, "INTEGER")
    columns.add_button.click()
    edit_cell(qtbot, columns.table, 1, 0, "city")
    edit_cell(qtbot, columns.table, 1, 2, "Where the store is")
    assert model.get("/inputs/1/facets/schema/fields") == [
        {"name": "store_id", "type": "INTEGER"},
        {"name": "city", "description": "Where the store is"},
    ]
    columns.table.selectRow(1)
    columns.up_button.click()
    assert [f["name"] for f in model.get("/inputs/1/facets/schema/fields")] == ["city", "store_id"]
    assert columns.table.currentRow() == 0
    columns.remove_button.click()
    assert [f["name"] for f in model.get("/inputs/1/facets/schema/fields")] == ["store_id"]
    assert columns.table.rowCount() == 1
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert [columns.table.item(r, 0).text() for r in range(2)] == ["store_id", "city"]


def test_cell_edits_keep_keys_the_table_does_not_show(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/inputs/1/facets", "dataset", "schema")
    nested = {"name": "address", "type": "STRUCT", "fields": [{"name": "zip"}], "ordinal_position": 3}
    model.set("/inputs/1/facets/schema/fields", [nested])
    columns = schema_binding(editor)
    header = columns.table.verticalHeaderItem(0)
    assert header is not None and "fields" in header.toolTip()
    edit_cell(qtbot, columns.table, 0, 1, "RECORD")
    assert model.get("/inputs/1/facets/schema/fields/0") == dict(nested, type="RECORD")
    edit_cell(qtbot, columns.table, 0, 1, "")
    assert "type" not in model.get("/inputs/1/facets/schema/fields/0")


def test_pasting_csv_and_ddl_appends_rows_in_one_undo_step(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/inputs/1/facets", "dataset", "schema")
    columns = schema_binding(editor)
    QGuiApplication.clipboard().setText("name,type,description\nstore_id,INTEGER,The key\ncity,VARCHAR\n")
    columns.paste_button.click()
    assert model.get("/inputs/1/facets/schema/fields") == [
        {"name": "store_id", "type": "INTEGER", "description": "The key"},
        {"name": "city", "type": "VARCHAR"},
    ]
    assert model.undo_stack.count() == 1 and "Added 2 columns" in columns.status.text()

    QGuiApplication.clipboard().setText("CREATE TABLE s (opened DATE NOT NULL, area NUMERIC(6, 1))")
    qtbot.keyClick(columns.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    names = [(f["name"], f.get("type")) for f in model.get("/inputs/1/facets/schema/fields")]
    assert names == [
        ("store_id", "INTEGER"),
        ("city", "VARCHAR"),
        ("opened", "DATE"),
        ("area", "NUMERIC(6, 1)"),
    ]
    assert columns.table.rowCount() == 4
    model.undo_stack.undo()
    assert len(model.get("/inputs/1/facets/schema/fields")) == 2
    assert columns.table.rowCount() == 2

    QGuiApplication.clipboard().setText("   ")
    columns.paste_button.click()
    assert "No columns found" in columns.status.text()


def test_owners_table_adds_rows_from_the_schema(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/job/facets", "job", "ownership")
    owners = editor.bindings[0]
    assert isinstance(owners, RowsBinding)
    assert [c.key for c in owners.columns] == ["name", "type"]
    header = owners.table.horizontalHeaderItem(0)
    assert header is not None and "URN" in header.toolTip()
    owners.add_button.click()
    edit_cell(qtbot, owners.table, 0, 0, "team:finance")
    edit_cell(qtbot, owners.table, 0, 1, "MAINTAINER")
    assert model.get("/job/facets/ownership/owners") == [{"name": "team:finance", "type": "MAINTAINER"}]


def lineage(editor: FacetEditor) -> ColumnLineageBinding:
    found = editor.bindings[0]
    assert isinstance(found, ColumnLineageBinding)
    return found


def test_column_lineage_maps_output_columns_to_input_columns(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/outputs/0/facets", "dataset", "columnLineage")
    mapping = lineage(editor)
    mapping.output_combo.showPopup()
    assert [mapping.output_combo.itemText(i) for i in range(mapping.output_combo.count())] == [
        "total_amount",
        "n",
    ]
    mapping.output_combo.hidePopup()
    mapping.output_combo.setCurrentIndex(0)
    mapping.input_combo.showPopup()
    mapping.input_combo.hidePopup()
    assert mapping.input_combo.count() == 2
    mapping.input_combo.setCurrentIndex(0)
    fields = [mapping.input_field_combo.itemText(i) for i in range(mapping.input_field_combo.count())]
    assert fields == ["transaction_id", "amount"]
    mapping.input_field_combo.setCurrentIndex(1)
    mapping.add_button.click()

    line = mapping.output_combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "n")
    mapping.input_combo.setCurrentIndex(1)  # an input without a schema: the column is typed
    assert mapping.input_field_combo.count() == 0
    field_line = mapping.input_field_combo.lineEdit()
    assert field_line is not None
    field_line.selectAll()
    qtbot.keyClicks(field_line, "store_id")
    mapping.add_button.click()
    mapping.input_combo.setCurrentIndex(0)
    mapping.input_field_combo.setCurrentIndex(0)
    mapping.add_button.click()

    table = mapping.table
    assert table.rowCount() == 3
    edit_cell(qtbot, table, 0, 3, "DIRECT")
    edit_cell(qtbot, table, 0, 4, "AGGREGATION")
    edit_cell(qtbot, table, 2, 3, "INDIRECT")
    source = {"namespace": "postgres://db:5432", "name": "sales.transactions"}
    assert model.get("/outputs/0/facets/columnLineage/fields") == {
        "total_amount": {
            "inputFields": [
                dict(source, field="amount", transformations=[{"type": "DIRECT", "subtype": "AGGREGATION"}])
            ]
        },
        "n": {
            "inputFields": [
                {"namespace": "postgres://db:5432", "name": "sales.stores", "field": "store_id"},
                dict(source, field="transaction_id", transformations=[{"type": "INDIRECT"}]),
            ]
        },
    }

    edit_cell(qtbot, table, 0, 3, "")
    edit_cell(qtbot, table, 0, 4, "")
    assert "transformations" not in model.get(
        "/outputs/0/facets/columnLineage/fields/total_amount/inputFields/0"
    )
    mapping.add_button.click()  # the same mapping again is refused
    assert "already" in mapping.status.text()
    table.selectRow(0)
    mapping.remove_button.click()
    assert list(model.get("/outputs/0/facets/columnLineage/fields")) == ["n"]
    model.undo_stack.undo()
    assert list(model.get("/outputs/0/facets/columnLineage/fields")) == ["total_amount", "n"]
    assert table.rowCount() == 3


def test_column_lineage_source_and_field_cells_edit_in_place(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/outputs/0/facets", "dataset", "columnLineage")
    entry = {"namespace": "postgres://db:5432", "name": "sales.stores", "field": "x", "extra": 1}
    model.set("/outputs/0/facets/columnLineage/fields", {"n": {"inputFields": [entry]}})
    table = lineage(editor).table
    item = table.item(0, 1)
    assert item is not None
    assert item.text() == "sales.stores" and item.toolTip() == "postgres://db:5432 / sales.stores"
    item.setText("sales.transactions  (postgres://db:5432)")  # what the dataset combo commits
    assert item.text() == "sales.transactions"
    edit_cell(qtbot, table, 0, 2, "amount")
    assert model.get("/outputs/0/facets/columnLineage/fields/n/inputFields/0") == dict(
        entry, name="sales.transactions", field="amount"
    )


def test_column_lineage_choices_survive_reopening_and_odd_inputs(qtbot: QtBot) -> None:
    model, editor = setup(qtbot, "/outputs/0/facets", "dataset", "columnLineage")
    mapping = lineage(editor)
    mapping.input_combo.showPopup()
    mapping.input_combo.hidePopup()
    mapping.input_combo.setCurrentIndex(1)
    mapping.input_combo.showPopup()  # re-reads the inputs; the choice stays
    mapping.input_combo.hidePopup()
    assert mapping.input_combo.currentIndex() == 1
    model.set("/inputs/1/facets", ["not", "an", "object"])
    mapping.input_field_combo.showPopup()
    mapping.input_field_combo.hidePopup()
    assert mapping.input_field_combo.count() == 0


def test_a_cell_edit_updates_only_its_row(qtbot: QtBot, monkeypatch: Any) -> None:
    model, editor = setup(qtbot, "/inputs/1/facets", "dataset", "schema")
    model.set("/inputs/1/facets/schema/fields", [{"name": f"c{i}"} for i in range(50)])
    columns = schema_binding(editor)
    shown: list[int] = []
    original = columns._show_row
    def show_row(row: int, entry: Any) -> None:
        shown.append(row)
        original(row, entry)

    monkeypatch.setattr(columns, "_show_row", show_row)
    model.set("/inputs/1/facets/schema/fields/7/type", "INT")
    assert shown == [7]
    assert columns.table.item(7, 1).text() == "INT"
    model.undo_stack.undo()
    assert columns.table.item(7, 1).text() == ""
