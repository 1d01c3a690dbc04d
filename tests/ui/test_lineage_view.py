"""The lineage picture drawn from the live document: boxes, live redraws, column arrows,
TMP marks after a sandbox send, and PNG/SVG exports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.templates import instantiate
from composer.ui.editor.document_model import DocumentModel
from composer.ui.lineage.scene import KEY, ROLE, key_text
from composer.ui.lineage.view import DEBOUNCE_MS, LineageView

INPUT = ("postgres://prod-db.example.com:5432", "sales_db.public.transactions")
OUTPUT = ("snowflake://account.region.snowflakecomputing.com", "analytics.public.daily_sales")


@dataclass
class FakeLineagePrompter:
    path: Path | None = None
    suggested: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def choose_export_path(self, suggested: str) -> Path | None:
        self.suggested.append(suggested)
        return self.path

    def show_error(self, title: str, text: str, details: str = "") -> None:
        self.errors.append((title, text))


def column_lineage() -> dict[str, Any]:
    def source(name: str, column: str) -> dict[str, Any]:
        return {
            "namespace": INPUT[0],
            "name": name,
            "field": column,
            "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"}],
        }

    return {
        "_producer": "https://example.com/test",
        "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
        "fields": {
            "total_amount": {"inputFields": [source(INPUT[1], "amount")]},
            "transaction_count": {"inputFields": [source(INPUT[1], "transaction_id")]},
            "region": {"inputFields": [source("sales_db.public.stores", "region")]},  # not an input
        },
    }


@pytest.fixture
def model() -> DocumentModel:
    return DocumentModel(instantiate("alation-complete"))


@pytest.fixture
def view(qtbot: QtBot, model: DocumentModel) -> LineageView:
    widget = LineageView(model)
    qtbot.addWidget(widget)
    widget.resize(1000, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def items(view: LineageView, role: str) -> list[QGraphicsItem]:
    return [item for item in view.scene.items() if item.data(ROLE) == role]


def box(view: LineageView, key: tuple[str, str]) -> QGraphicsRectItem:
    found = [item for item in items(view, "dataset") if item.data(KEY) == key_text(key)]
    assert len(found) == 1, f"{key} drawn {len(found)} times"
    assert isinstance(found[0], QGraphicsRectItem)
    return found[0]


def texts(view: LineageView, role: str) -> list[str]:
    return [item.text() for item in items(view, role) if isinstance(item, QGraphicsSimpleTextItem)]


def badges(view: LineageView) -> list[QGraphicsItem]:
    return items(view, "badge")


def test_one_box_per_dataset_and_one_for_the_job(view: LineageView) -> None:
    assert view.objectName() == "lineage"
    assert len(items(view, "dataset")) == 2
    assert len(items(view, "job")) == 1
    assert len(items(view, "arrow")) == 2
    box(view, INPUT)
    box(view, OUTPUT)
    texts = {item.text() for item in view.scene.items() if isinstance(item, QGraphicsSimpleTextItem)}
    assert {"my-etl-system", "daily-sales-aggregation", INPUT[0], INPUT[1], OUTPUT[1]} <= texts
    assert view.summary.text() == "1 input → job → 1 output"


def test_an_edit_redraws_the_picture(qtbot: QtBot, view: LineageView, model: DocumentModel) -> None:
    with qtbot.waitSignal(view.redrawn):
        model.insert("/inputs/-", {"namespace": "mysql://db:3306", "name": "shop.orders"})
    assert len(items(view, "dataset")) == 3
    box(view, ("mysql://db:3306", "shop.orders"))
    with qtbot.waitSignal(view.redrawn):
        model.set("/job/name", "renamed-job")
    assert view.picture.job == ("my-etl-system", "renamed-job")
    with qtbot.waitSignal(view.redrawn):
        model.undo_stack.undo()
        model.undo_stack.undo()  # a burst of edits is drawn once
    assert len(items(view, "dataset")) == 2


def test_a_hidden_picture_waits_until_it_is_shown(
    qtbot: QtBot, view: LineageView, model: DocumentModel
) -> None:
    view.hide()
    with qtbot.assertNotEmitted(view.redrawn, wait=3 * DEBOUNCE_MS):  # absence needs the debounce to pass
        model.set("/outputs/0/name", "analytics.public.other")
    with qtbot.waitSignal(view.redrawn):
        view.show()
    box(view, (OUTPUT[0], "analytics.public.other"))


def test_column_arrows_come_from_a_column_lineage_facet(
    qtbot: QtBot, view: LineageView, model: DocumentModel
) -> None:
    assert items(view, "column-arrow") == []
    with qtbot.waitSignal(view.redrawn):
        model.set("/outputs/0/facets/columnLineage", column_lineage())
    assert len(items(view, "column-arrow")) == 2
    tips = sorted(item.toolTip() for item in items(view, "column-arrow"))
    assert tips == [
        "analytics.public.daily_sales.total_amount ← sales_db.public.transactions.amount (aggregation)",
        "analytics.public.daily_sales.transaction_count ← sales_db.public.transactions.transaction_id (aggregation)",
    ]
    fields = set(texts(view, "field"))
    assert {"amount", "transaction_id", "total_amount", "transaction_count", "region"} <= fields
    notes = texts(view, "note")
    assert "analytics.public.daily_sales.region ← sales_db.public.stores.region (aggregation)" in notes
    assert view.summary.text() == "1 input → job → 1 output; 3 column mappings"


def test_unresolved_datasets_get_a_tmp_badge_and_a_dashed_red_border(
    qtbot: QtBot, view: LineageView, model: DocumentModel
) -> None:
    view.set_unresolved({OUTPUT, ("postgres://elsewhere:5432", "not.in.this.event")})
    assert view.unresolved == {OUTPUT}
    assert len(badges(view)) == 1
    assert badges(view)[0].parentItem() is box(view, OUTPUT)
    assert box(view, OUTPUT).pen().style() == Qt.PenStyle.DashLine
    assert box(view, OUTPUT).pen().color().name() == "#c0392b"
    assert box(view, INPUT).pen().style() == Qt.PenStyle.SolidLine
    assert "TMP" in box(view, OUTPUT).toolTip()

    with qtbot.waitSignal(view.redrawn):
        model.set("/inputs/0/facets/schema/fields/0/type", "BIGINT")  # another dataset: mark stays
    assert view.unresolved == {OUTPUT} and len(badges(view)) == 1
    with qtbot.waitSignal(view.redrawn):
        model.set("/outputs/0/namespace", "snowflake://other")  # this dataset: the verdict is stale
    assert view.unresolved == frozenset() and badges(view) == []


def test_set_unresolved_with_nothing_clears_every_mark(view: LineageView) -> None:
    view.set_unresolved({INPUT, OUTPUT})
    assert len(badges(view)) == 2
    view.set_unresolved(set())
    assert badges(view) == []
    assert box(view, INPUT).pen().style() == Qt.PenStyle.SolidLine


def test_replacing_the_event_drops_marks_of_datasets_it_no_longer_has(
    qtbot: QtBot, view: LineageView, model: DocumentModel
) -> None:
    view.set_unresolved({INPUT, OUTPUT})
    replacement = instantiate("alation-complete")
    replacement.set("/outputs/0/name", "analytics.public.elsewhere")
    with qtbot.waitSignal(view.redrawn):
        model.replace(replacement)
    assert view.unresolved == {INPUT}


def test_a_huge_event_draws_a_capped_picture_with_more_boxes(
    qtbot: QtBot, view: LineageView, model: DocumentModel
) -> None:
    value = json.loads(model.to_json())
    value["inputs"] = [{"namespace": INPUT[0], "name": f"s.t{i}"} for i in range(600)]
    with qtbot.waitSignal(view.redrawn):
        model.replace(EventDocument.from_json(json.dumps(value)))
    assert len(items(view, "dataset")) == 13
    more = [
        child.text()
        for item in items(view, "more")
        for child in item.childItems()
        if isinstance(child, QGraphicsSimpleTextItem)
    ]
    assert more == ["+588 more inputs"]
    assert view.summary.text() == "600 inputs → job → 1 output"


def test_png_export_writes_a_png(view: LineageView, tmp_path: Path) -> None:
    target = tmp_path / "picture.png"
    view.export_png(target)
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(data[16:20], "big")
    assert width == round(view.picture.width * 2)


def test_svg_export_writes_an_svg_with_the_labels_as_text(view: LineageView, tmp_path: Path) -> None:
    target = tmp_path / "picture.svg"
    view.export_svg(target)
    root = ElementTree.parse(target).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = ElementTree.tostring(root, encoding="unicode")
    assert "daily-sales-aggregation" in text and "sales_db.public.transactions" in text


def test_export_button_asks_for_the_path_and_picks_the_format_by_suffix(
    view: LineageView, tmp_path: Path
) -> None:
    prompter = FakeLineagePrompter(tmp_path / "out.svg")
    view.prompter = prompter  # type: ignore[assignment]
    view.export_button.click()
    assert prompter.suggested == ["daily-sales-aggregation-lineage.png"]
    assert ElementTree.parse(tmp_path / "out.svg").getroot().tag.endswith("svg")
    prompter.path = tmp_path / "no-suffix"
    assert view.export_interactively()
    assert (tmp_path / "no-suffix.png").read_bytes().startswith(b"\x89PNG")
    prompter.path = None
    assert not view.export_interactively()
    assert prompter.errors == []


def test_a_failed_export_is_explained_and_nothing_else_happens(view: LineageView, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    prompter = FakeLineagePrompter(blocker / "inside.png")  # a file cannot hold a folder
    view.prompter = prompter  # type: ignore[assignment]
    assert not view.export_interactively()
    assert [title for title, _text in prompter.errors] == ["Cannot export the picture"]
    assert "inside.png" in prompter.errors[0][1]
