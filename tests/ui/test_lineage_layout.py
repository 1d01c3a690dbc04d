"""The lineage picture's geometry, without Qt: columns, arrows, caps and column lineage."""

from __future__ import annotations

from typing import Any

from composer.ui.lineage.layout import (
    MAX_BOXES_PER_SIDE,
    ColumnEdge,
    LineageLayout,
    Rect,
    layout_lineage,
    lineage_facts,
)

PG = "postgres://db:5432"
SF = "snowflake://acct"


def event(inputs: int = 2, outputs: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "job": {"namespace": "etl", "name": "daily"},
        "inputs": [{"namespace": PG, "name": f"s.t{i}"} for i in range(inputs)],
        "outputs": [{"namespace": SF, "name": f"a.o{i}"} for i in range(outputs)],
        **extra,
    }


def column_lineage(fields: dict[str, list[tuple[str, str, str]]], **extra: Any) -> dict[str, Any]:
    return {
        "fields": {
            out: {
                "inputFields": [
                    {
                        "namespace": ns,
                        "name": name,
                        "field": field,
                        "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"}],
                    }
                    for ns, name, field in sources
                ],
                **extra,
            }
            for out, sources in fields.items()
        }
    }


def overlaps(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def assert_inside(layout: LineageLayout) -> None:
    for rect in [b.rect for b in layout.boxes] + [n.rect for n in layout.notes] + [layout.job_rect]:
        assert rect.x >= 0 and rect.right <= layout.width
        assert rect.y >= 0 and rect.bottom <= layout.height


def test_three_columns_with_arrows_into_and_out_of_the_job() -> None:
    layout = layout_lineage(lineage_facts(event(inputs=3, outputs=2)))
    assert [b.key for b in layout.inputs] == [(PG, "s.t0"), (PG, "s.t1"), (PG, "s.t2")]
    assert [b.key for b in layout.outputs] == [(SF, "a.o0"), (SF, "a.o1")]
    assert layout.job == ("etl", "daily")
    assert all(b.rect.right < layout.job_rect.x for b in layout.inputs)
    assert all(layout.job_rect.right < b.rect.x for b in layout.outputs)
    assert len(layout.arrows) == 5
    into = [a for a in layout.arrows if a.end == (layout.job_rect.x, layout.job_rect.center_y)]
    assert {a.start[0] for a in into} == {layout.inputs[0].rect.right}
    boxes = [b.rect for b in layout.boxes] + [layout.job_rect]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert_inside(layout)
    assert layout.notes == ()


def test_an_empty_side_gets_a_placeholder_instead_of_nothing() -> None:
    layout = layout_lineage(lineage_facts(event(inputs=0, outputs=0)))
    assert [(n.side, n.text) for n in layout.notes] == [("inputs", "no inputs"), ("outputs", "no outputs")]
    assert layout.arrows == ()
    assert_inside(layout)


def test_a_huge_event_is_capped_with_a_more_box() -> None:
    layout = layout_lineage(lineage_facts(event(inputs=500, outputs=300)))
    assert len(layout.inputs) == len(layout.outputs) == MAX_BOXES_PER_SIDE
    assert [(n.side, n.count, n.text) for n in layout.notes] == [
        ("inputs", 488, "+488 more inputs"),
        ("outputs", 288, "+288 more outputs"),
    ]
    assert_inside(layout)


def test_odd_shapes_yield_less_not_an_error() -> None:
    facts = lineage_facts({"inputs": [5, {"namespace": 1}], "outputs": "x", "job": []})
    assert [d.key for d in facts.inputs] == [("", ""), ("", "")]
    assert facts.outputs == ()
    assert facts.job == ("", "")
    assert lineage_facts(None).inputs == ()


def test_column_lineage_edges_are_read_from_every_output() -> None:
    value = event()
    value["outputs"][0]["facets"] = {
        "columnLineage": column_lineage(
            {"total": [(PG, "s.t0", "amount"), (PG, "s.t1", "fee")], "day": [(PG, "s.t0", "ts")]}
        )
    }
    facts = lineage_facts(value)
    assert facts.edges == (
        ColumnEdge((SF, "a.o0"), "total", (PG, "s.t0"), "amount", "aggregation"),
        ColumnEdge((SF, "a.o0"), "total", (PG, "s.t1"), "fee", "aggregation"),
        ColumnEdge((SF, "a.o0"), "day", (PG, "s.t0"), "ts", "aggregation"),
    )
    assert facts.edges[0].describe() == "a.o0.total ← s.t0.amount (aggregation)"


def test_the_older_transformation_type_spelling_is_understood() -> None:
    value = event()
    legacy = {
        "fields": {
            "x": {
                "inputFields": [{"namespace": PG, "name": "s.t0", "field": "y"}],
                "transformationType": "IDENTITY",
            }
        }
    }
    value["outputs"][0]["facets"] = {"columnLineage": legacy}
    assert lineage_facts(value).edges[0].transformation == "identity"


def test_column_arrows_run_from_input_field_rows_to_output_field_rows() -> None:
    value = event()
    value["outputs"][0]["facets"] = {
        "columnLineage": column_lineage({"total": [(PG, "s.t0", "amount"), (PG, "s.t1", "fee")]})
    }
    layout = layout_lineage(lineage_facts(value))
    source = layout.inputs[0].field_row("amount")
    target = layout.outputs[0].field_row("total")
    assert source is not None and target is not None
    assert layout.column_arrows[0].start == (source.rect.right, source.rect.center_y)
    assert layout.column_arrows[0].end == (target.rect.x, target.rect.center_y)
    assert len(layout.column_arrows) == 2
    assert layout.undrawn_edges == () and layout.text_lines == ()
    assert all(row.rect.bottom <= box.rect.bottom for box in layout.boxes for row in box.fields)
    assert_inside(layout)


def test_column_lineage_from_a_dataset_not_drawn_is_listed_under_the_boxes() -> None:
    value = event(inputs=1)
    value["outputs"][0]["facets"] = {
        "columnLineage": column_lineage({"total": [(PG, "elsewhere", "amount")]})
    }
    layout = layout_lineage(lineage_facts(value))
    assert layout.column_arrows == ()
    assert [line.text for line in layout.text_lines] == [
        "Column lineage not drawn above:",
        "a.o0.total ← elsewhere.amount (aggregation)",
    ]
    assert all(line.y >= max(b.rect.bottom for b in layout.boxes) for line in layout.text_lines)
    assert_inside(layout)


def test_many_fields_are_capped_per_box_with_room_for_the_more_line() -> None:
    value = event(inputs=1)
    value["outputs"][0]["facets"] = {
        "columnLineage": column_lineage({f"c{i}": [(PG, "s.t0", f"c{i}")] for i in range(20)})
    }
    layout = layout_lineage(lineage_facts(value), max_fields=5)
    box = layout.outputs[0]
    assert [row.name for row in box.fields] == ["c0", "c1", "c2", "c3", "c4"]
    assert box.hidden_fields == 15
    assert box.rect.bottom >= box.fields[-1].rect.bottom + 20  # a row for "+15 more fields"
    assert len(layout.column_arrows) == 5
    assert len(layout.undrawn_edges) == 15
    assert layout.text_lines[-1].text == "+3 more"  # 12 listed, then the count
    assert_inside(layout)
