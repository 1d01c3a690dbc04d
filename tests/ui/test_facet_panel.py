"""The facets panel: the Add facet menu, removal, refresh rules, moving, focus and problem markers."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from composer import PRODUCER
from composer.core.document import EventDocument
from composer.core.facets import Container, FacetSpec, all_facets, base_facet_url, facets_for, new_facet
from composer.ui.editor.document_model import DocumentModel
from composer.ui.editor.markers import SEVERITY_COLORS
from composer.ui.facets import FacetsPanel
from composer.ui.facets.add_menu import CustomFacetDialog
from composer.ui.facets.json_field import JsonBinding

EVENT = {
    "eventType": "COMPLETE",
    "eventTime": "2024-02-20T10:30:00.000Z",
    "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"},
    "job": {"namespace": "etl", "name": "daily"},
    "inputs": [{"namespace": "postgres://db:5432", "name": "sales.public.transactions"}],
    "outputs": [{"namespace": "snowflake://acct", "name": "analytics.public.daily_sales"}],
    "producer": "https://example.com/p",
    "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
}
# Where each container's facets live in EVENT.
PLACES: dict[Container, str] = {
    "run": "/run/facets",
    "job": "/job/facets",
    "dataset": "/outputs/0/facets",
    "inputFacets": "/inputs/0/inputFacets",
    "outputFacets": "/outputs/0/outputFacets",
}


def make_model(event: dict[str, object] | None = None) -> DocumentModel:
    return DocumentModel(EventDocument.from_json(json.dumps(event or EVENT, indent=2)))


def make_panel(qtbot: QtBot, model: DocumentModel, pointer: str, container: Container) -> FacetsPanel:
    panel = FacetsPanel(model, pointer, container)
    qtbot.addWidget(panel)
    return panel


@pytest.mark.parametrize("spec", all_facets(), ids=lambda spec: f"{spec.container}-{spec.key}")
def test_menu_adds_each_standard_facet_and_undo_removes_it(qtbot: QtBot, spec: FacetSpec) -> None:
    model = make_model()
    pointer = PLACES[spec.container]
    panel = make_panel(qtbot, model, pointer, spec.container)
    action = panel.add_button.actions_by_key[spec.key]
    assert action.isEnabled()

    action.trigger()

    assert model.get(f"{pointer}/{spec.key}") == new_facet(spec.key, spec.container, PRODUCER)
    assert model.undo_stack.count() == 1
    assert list(panel.editors) == [spec.key]
    assert panel.editors[spec.key].kind == "form"
    assert not action.isEnabled()
    model.undo_stack.undo()
    assert not model.exists(pointer)  # the facets object it created went too
    assert panel.editors == {}
    assert action.isEnabled()
    model.undo_stack.redo()
    assert list(panel.editors) == [spec.key]


@pytest.mark.parametrize("container", list(PLACES))
def test_menu_offers_what_the_spec_allows_there_with_descriptions(qtbot: QtBot, container: Container) -> None:
    panel = make_panel(qtbot, make_model(), PLACES[container], container)
    actions = panel.add_button.actions_by_key
    assert list(actions) == [spec.key for spec in facets_for(container)]
    for spec in facets_for(container):
        assert spec.title in actions[spec.key].text()
        assert actions[spec.key].toolTip() == spec.description
    assert panel.add_button.custom_action.text() == "Custom facet…"


def test_custom_facet_asks_for_a_key_and_gets_raw_json(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/job/facets", "job")
    panel.add_facet("sql")
    panel.add_button.custom_action.trigger()
    dialog = panel.findChild(CustomFacetDialog)
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.key_edit, "sql")
    assert not ok.isEnabled() and "already" in dialog.note.text()
    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, "acme_deployment")
    assert ok.isEnabled()
    ok.click()

    assert model.get("/job/facets/acme_deployment") == {
        "_producer": PRODUCER,
        "_schemaURL": base_facet_url("job"),
    }
    editor = panel.editors["acme_deployment"]
    assert editor.kind == "json"
    assert isinstance(editor.bindings[0], JsonBinding)
    assert json.loads(editor.bindings[0].edit.toPlainText()) == model.get("/job/facets/acme_deployment")


def test_remove_button_is_undoable(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/job/facets", "job")
    panel.add_facet("documentation")
    panel.add_facet("sql")
    panel.editors["documentation"].remove_button.click()
    assert list(model.get("/job/facets")) == ["sql"]
    assert list(panel.editors) == ["sql"]
    model.undo_stack.undo()
    assert list(model.get("/job/facets")) == ["documentation", "sql"]
    assert list(panel.editors) == ["documentation", "sql"]


def test_editors_are_kept_unless_a_facet_comes_or_goes(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/job/facets", "job")
    panel.add_facet("documentation")
    documentation = panel.editors["documentation"]
    model.set("/job/facets/documentation/description", "Loads sales")
    model.undo_stack.undo()
    model.undo_stack.redo()
    assert panel.editors["documentation"] is documentation
    panel.add_facet("sql")
    assert panel.editors["documentation"] is documentation
    model.remove("/job/facets/sql")
    assert panel.editors["documentation"] is documentation


def test_changes_elsewhere_do_not_touch_the_panel(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/run/facets", "run")
    panel.add_facet("nominalTime")
    editor = panel.editors["nominalTime"]
    calls: list[str] = []
    monkeypatch.setattr(panel, "refresh", lambda: calls.append("panel"))
    monkeypatch.setattr(editor, "refresh", lambda changed=None: calls.append(f"editor {changed}"))
    model.set("/job/name", "other")
    model.set("/run/facetsX", {})
    assert calls == []
    model.set("/run/facets/nominalTime/nominalStartTime", "2024-01-01T00:00:00Z")
    assert calls == ["editor ('nominalStartTime',)"]  # only that editor, told what changed
    model.set("/run", {"runId": "x"})  # above the panel: refreshed on the next event-loop turn
    qtbot.waitUntil(lambda: calls[1:] == ["panel"])


def test_a_replaced_event_rebuilds_the_panel(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/job/facets", "job")
    other = dict(EVENT, job={"namespace": "n", "name": "j", "facets": {"sql": {"query": "SELECT 1"}}})
    model.replace(EventDocument.from_json(json.dumps(other)))
    qtbot.waitUntil(lambda: list(panel.editors) == ["sql"])
    query = panel.editors["sql"].bindings[0].focus_widget
    assert isinstance(query, QPlainTextEdit) and query.toPlainText() == "SELECT 1"
    model.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.editors == {})
    assert panel.empty_label.isVisibleTo(panel)


def test_set_pointer_follows_a_moved_dataset_without_rebuilding(qtbot: QtBot) -> None:
    event: dict[str, object] = dict(
        EVENT, inputs=[{"namespace": "a", "name": "first"}, {"namespace": "b", "name": "second"}]
    )
    model = make_model(event)
    panel = make_panel(qtbot, model, "/inputs/1/facets", "dataset")
    panel.add_facet("documentation")
    model.set("/inputs/1/facets/acme", {"a": 1})
    editor = panel.editors["documentation"]
    draft = panel.editors["acme"].bindings[0].focus_widget
    assert isinstance(draft, QPlainTextEdit)
    draft.setPlainText('{"a": 1,')  # a half-typed edit: invalid JSON, not applied
    model.move("/inputs/1", 0)  # the owner hears this too, and rebinds the panel in the same turn
    panel.set_pointer("/inputs/0/facets")
    QApplication.processEvents()  # a refresh left over from the move must not rebuild anything
    assert panel.editors["documentation"] is editor
    assert draft.toPlainText() == '{"a": 1,'
    edit = editor.bindings[0].focus_widget
    assert isinstance(edit, QPlainTextEdit)
    qtbot.keyClicks(edit, "Moved")
    assert model.get("/inputs/0/facets/documentation/description") == "Moved"
    assert model.get("/inputs/0/name") == "second"


def test_facets_that_are_not_an_object_are_reported(qtbot: QtBot) -> None:
    model = make_model(dict(EVENT, job={"namespace": "n", "name": "j", "facets": [1]}))
    panel = make_panel(qtbot, model, "/job/facets", "job")
    assert "not a JSON object" in panel.status.text()
    assert not panel.add_button.isEnabled()
    assert panel.editors == {}


def test_a_standard_key_holding_a_non_object_gets_raw_json(qtbot: QtBot) -> None:
    model = make_model(dict(EVENT, job={"namespace": "n", "name": "j", "facets": {"sql": "SELECT 1"}}))
    panel = make_panel(qtbot, model, "/job/facets", "job")
    def sql_kind() -> str:  # read afresh: the editor may be rebuilt
        return panel.editors["sql"].kind

    assert sql_kind() == "json"
    model.set("/job/facets/sql", {"query": "SELECT 1"})
    assert sql_kind() == "form"


# --- focus ---------------------------------------------------------------------------------


def shown(qtbot: QtBot, panel: QWidget) -> None:
    panel.resize(700, 900)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)


def test_focus_path_focuses_the_owning_widget(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/job/facets", "job")
    panel.add_facet("documentation")
    panel.add_facet("sql")
    shown(qtbot, panel)

    assert panel.focus_path("/job/facets/sql/query")
    query = panel.editors["sql"].bindings[0].focus_widget
    qtbot.waitUntil(lambda: QApplication.focusWidget() is query)

    assert panel.focus_path("/job/facets/documentation/_producer")
    documentation = panel.editors["documentation"]
    assert documentation.advanced.isVisible()
    producer = documentation.base_bindings[0].focus_widget
    assert isinstance(producer, QLineEdit)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is producer)

    assert panel.focus_path("/job/facets/sql")  # the facet itself: its first field
    qtbot.waitUntil(lambda: QApplication.focusWidget() is query)
    assert panel.focus_path("/job/facets/ownership")  # not there: the Add facet button
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.add_button)
    assert not panel.focus_path("/job/name")
    assert not panel.focus_path("/job/facetsX/sql")


def test_focus_path_selects_a_table_cell(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/outputs/0/facets", "dataset")
    panel.add_facet("schema")
    model.set("/outputs/0/facets/schema/fields", [{"name": "a"}, {"name": "b", "type": "INT"}])
    shown(qtbot, panel)
    assert panel.focus_path("/outputs/0/facets/schema/fields/1/type")
    table = panel.editors["schema"].bindings[0].focus_widget
    assert isinstance(table, QTableWidget)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    assert (table.currentRow(), table.currentColumn()) == (1, 1)


# --- problem markers -----------------------------------------------------------------------


def test_problem_paths_mark_fields_cells_and_cards(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/outputs/0/facets", "dataset")
    panel.add_facet("schema")
    panel.add_facet("dataSource")
    model.set("/outputs/0/facets/schema/fields", [{"name": "a"}, {"type": "INT"}])
    source = panel.editors["dataSource"]
    uri = source.bindings[1].focus_widget
    table = panel.editors["schema"].bindings[0].focus_widget
    assert isinstance(table, QTableWidget)

    panel.set_problem_paths(
        {
            "/outputs/0/facets/dataSource/uri": "warning",
            "/outputs/0/facets/schema/fields/1/name": "error",
            "/outputs/0/facets/schema": "error",
            "/job/name": "error",
        }
    )

    assert uri.property("problem") == "warning"
    assert "warning" in uri.toolTip() and "address" in uri.toolTip()
    assert panel.editors["schema"].property("problem") == "error"
    cell = table.item(1, 0)
    assert cell is not None and cell.background().color().name() == "#ffd7d7"
    assert not source.property("problem")  # never marked: no property, no restyle
    panel.set_problem_paths({})
    assert uri.property("problem") == ""
    assert panel.editors["schema"].property("problem") == ""
    assert cell.background().style().name == "NoBrush"


def _shows_color(widget: QWidget, color: str) -> bool:
    """Does the rendered widget have pixels of `color` (its marker frame)?"""
    image = widget.grab().toImage()
    wanted = QColor(color).rgb()
    return any(
        image.pixel(x, y) == wanted for y in range(image.height()) for x in (0, 1, image.width() - 2, image.width() - 1)
    )


def test_markers_are_drawn_in_their_severity_colour_and_go_again(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/outputs/0/facets", "dataset")
    panel.add_facet("dataSource")
    panel.resize(600, 400)
    panel.show()
    card = panel.editors["dataSource"]
    uri = card.bindings[1].focus_widget
    assert not _shows_color(uri, SEVERITY_COLORS["warning"]) and not _shows_color(card, SEVERITY_COLORS["error"])

    panel.set_problem_paths({"/outputs/0/facets/dataSource/uri": "warning", "/outputs/0/facets/dataSource": "error"})
    assert _shows_color(uri, SEVERITY_COLORS["warning"])
    assert _shows_color(card, SEVERITY_COLORS["error"])
    name = card.bindings[0].focus_widget
    assert not _shows_color(name, SEVERITY_COLORS["error"])  # the card's frame is not its fields'

    panel.set_problem_paths({})
    assert not _shows_color(uri, SEVERITY_COLORS["warning"]) and not _shows_color(card, SEVERITY_COLORS["error"])


def test_marks_reach_facets_added_later(qtbot: QtBot) -> None:
    model = make_model()
    panel = make_panel(qtbot, model, "/job/facets", "job")
    panel.set_problem_paths({"/job/facets/sql/query": "error"})
    panel.add_facet("sql")
    assert panel.editors["sql"].bindings[0].focus_widget.property("problem") == "error"
