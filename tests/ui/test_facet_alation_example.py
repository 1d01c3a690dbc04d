"""Alation's "Complete Event Example with Metadata", rebuilt through the facet editors.

Support engineers reproduce events exactly, so the facets made by typing into the forms (with
the example's `_producer` and 1-0-0 `_schemaURL`s set through the Advanced fields) must be the
example's facets, key order included.
"""

from __future__ import annotations

import copy
import json
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.facets import Container
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets import FacetsPanel
from composer.ui.facets.editor import FacetEditor
from composer.ui.facets.schema_fields import SchemaFieldsBinding
from tests.spec_data import alation_examples, needs_alation_page

pytestmark = needs_alation_page


def type_into(qtbot: QtBot, target: QWidget, text: str) -> None:
    assert isinstance(target, QLineEdit | QPlainTextEdit)
    target.selectAll()
    qtbot.keyClicks(target, text)


def add_facet(qtbot: QtBot, panel: FacetsPanel, key: str, expected: dict[str, Any]) -> FacetEditor:
    """Add through the menu, then set the example's producer and schema URL in Advanced."""
    panel.add_button.actions_by_key[key].trigger()
    editor = panel.editors[key]
    editor.advanced_button.click()
    producer, schema_url = (binding.focus_widget for binding in editor.base_bindings[:2])
    type_into(qtbot, producer, expected["_producer"])
    type_into(qtbot, schema_url, expected["_schemaURL"])
    return editor


def field(editor: FacetEditor, name: str) -> QWidget:
    return next(binding.focus_widget for binding in editor.bindings if binding.path == (name,))


def type_cells(qtbot: QtBot, table: QTableWidget, row: int, texts: list[str]) -> None:
    for column, text in enumerate(texts):
        item = table.item(row, column)
        assert item is not None
        table.editItem(item)
        editor = table.viewport().findChildren(QWidget)[-1]
        line = editor.lineEdit() if hasattr(editor, "lineEdit") else editor
        qtbot.keyClicks(line, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(partial(lambda item, text: item.text() == text, item, text))


def test_complete_example_facets_are_reproduced_through_the_editors(qtbot: QtBot) -> None:
    expected = json.loads(alation_examples()["complete"])
    start = copy.deepcopy(expected)
    for owner in (start["run"], start["job"], start["inputs"][0], start["outputs"][0]):
        del owner["facets"]
    model = DocumentModel(EventDocument.from_json(json.dumps(start, indent=2)))

    def panel(pointer: str, container: Container) -> FacetsPanel:
        made = FacetsPanel(model, pointer, container)
        qtbot.addWidget(made)
        return made

    run_facets = expected["run"]["facets"]
    nominal = add_facet(qtbot, panel("/run/facets", "run"), "nominalTime", run_facets["nominalTime"])
    type_into(qtbot, field(nominal, "nominalStartTime"), run_facets["nominalTime"]["nominalStartTime"])
    type_into(qtbot, field(nominal, "nominalEndTime"), run_facets["nominalTime"]["nominalEndTime"])

    job_facets = expected["job"]["facets"]
    job_panel = panel("/job/facets", "job")
    documentation = add_facet(qtbot, job_panel, "documentation", job_facets["documentation"])
    type_into(qtbot, field(documentation, "description"), job_facets["documentation"]["description"])
    sql = add_facet(qtbot, job_panel, "sql", job_facets["sql"])
    type_into(qtbot, field(sql, "query"), job_facets["sql"]["query"])

    # The input's schema typed cell by cell; the output's pasted as a column list.
    input_schema = expected["inputs"][0]["facets"]["schema"]
    columns = add_facet(qtbot, panel("/inputs/0/facets", "dataset"), "schema", input_schema).bindings[0]
    assert isinstance(columns, SchemaFieldsBinding)
    for row, column in enumerate(input_schema["fields"]):
        columns.add_button.click()
        type_cells(qtbot, columns.table, row, [column["name"], column["type"]])
    output_schema = expected["outputs"][0]["facets"]["schema"]
    pasted = add_facet(qtbot, panel("/outputs/0/facets", "dataset"), "schema", output_schema).bindings[0]
    assert isinstance(pasted, SchemaFieldsBinding)
    QGuiApplication.clipboard().setText(
        "".join(f"{c['name']}\t{c['type']}\n" for c in output_schema["fields"])
    )
    pasted.paste_button.click()

    assert json.dumps(model.document.value) == json.dumps(expected)  # values and key order


def test_new_facets_carry_our_producer_until_a_steward_changes_it(qtbot: QtBot) -> None:
    from composer import PRODUCER  # noqa: PLC0415

    model = DocumentModel(EventDocument.from_json(alation_examples()["minimal"]))
    job_panel = FacetsPanel(model, "/job/facets", "job")
    qtbot.addWidget(job_panel)
    job_panel.add_button.actions_by_key["documentation"].trigger()
    type_into(qtbot, field(job_panel.editors["documentation"], "description"), "Aggregates daily sales")
    facet = model.get("/job/facets/documentation")
    assert facet["_producer"] == PRODUCER
    assert facet["_schemaURL"].startswith("https://openlineage.io/spec/facets/")
    assert facet["description"] == "Aggregates daily sales"
