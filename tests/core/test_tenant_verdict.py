"""Did the lineage appear? The verdict on one output from a lineage answer, pure."""

from __future__ import annotations

from composer.core.tenant import (
    TableLookup,
    TenantSnapshot,
    data_source,
    datasets_of,
    judge_output,
    queries_for,
)
from composer.core.tenant.models import CatalogTable, LineageEdge, LineageObject, TableLineage
from composer.core.tenant.snapshot import DatasetRef, LookupState

PG = data_source(1, "Sales", "jdbc:postgresql://pg.example.com:5432/sales", "v1")
WH = data_source(2, "Warehouse", "jdbc:postgresql://wh.example.com:5432/wh", "v1")
OUT_TABLE = CatalogTable(20, "daily", "2.wh.public.daily", "/table/20/", 2, "wh.public")
IN_TABLE = CatalogTable(10, "orders", "1.sales.public.orders", "/table/10/", 1, "sales.public")
FLOW = LineageObject("dataflow", "api/openlineage/etl/daily")


def _event(input_namespace: str = "postgres://pg.example.com:5432") -> dict[str, object]:
    return {
        "eventType": "COMPLETE",
        "inputs": [{"namespace": input_namespace, "name": "sales.public.orders"}],
        "outputs": [{"namespace": "postgres://wh.example.com:5432", "name": "wh.public.daily"}],
    }


def _snapshot(event: dict[str, object], *, input_state: LookupState = "found") -> TenantSnapshot:
    tables = {}
    for query in queries_for(event, (PG, WH)):
        if query.ds_id == 2:
            tables[query] = TableLookup("found", OUT_TABLE)
        else:
            tables[query] = TableLookup(input_state, IN_TABLE if input_state == "found" else None)
    return TenantSnapshot((PG, WH), tables)


def _output(event: dict[str, object]) -> DatasetRef:
    return next(item for item in datasets_of(event) if item.side == "outputs")


def test_expected_input_upstream_with_a_dataflow_is_ok() -> None:
    ev = _event()
    lineage = TableLineage(OUT_TABLE.key, (LineageEdge(LineageObject("table", IN_TABLE.key), FLOW),))
    verdict = judge_output(ev, _output(ev), _snapshot(ev), OUT_TABLE, lineage, at_deadline=False)
    assert verdict.state == "ok" and verdict.final and verdict.table == OUT_TABLE and verdict.advice == ""


def test_an_input_upstream_without_a_dataflow_is_not_yet_ok() -> None:
    ev = _event()
    lineage = TableLineage(OUT_TABLE.key, (LineageEdge(LineageObject("table", IN_TABLE.key), None),))
    assert (
        judge_output(ev, _output(ev), _snapshot(ev), OUT_TABLE, lineage, at_deadline=False).state == "pending"
    )


def test_no_edge_yet_is_pending_and_at_the_deadline_still_ingesting() -> None:
    ev = _event()
    empty = TableLineage(OUT_TABLE.key)
    assert (
        judge_output(ev, _output(ev), _snapshot(ev), OUT_TABLE, empty, at_deadline=False).state == "pending"
    )
    late = judge_output(ev, _output(ev), _snapshot(ev), OUT_TABLE, empty, at_deadline=True)
    assert (late.state, late.cause) == ("missing", "still-ingesting")
    assert "still ingesting" in late.message and "verify again later" in late.advice


def test_a_temporary_input_is_tmp_with_the_namespace_to_blame() -> None:
    ev = _event("postgres://typo.example.com:5432")
    tmp = LineageObject("table", "typo.example.com:5432/sales.public.orders", is_temp=True)
    verdict = judge_output(
        ev,
        _output(ev),
        _snapshot(ev),
        OUT_TABLE,
        TableLineage(OUT_TABLE.key, (LineageEdge(tmp, FLOW),)),
        at_deadline=False,
    )
    assert (verdict.state, verdict.cause) == ("tmp", "namespace-not-matched")
    assert verdict.culprit == "postgres://typo.example.com:5432 / sales.public.orders"


def test_a_temporary_input_on_a_matched_source_blames_the_uncataloged_table() -> None:
    ev = _event()
    tmp = LineageObject("table", "pg.example.com:5432/sales.public.orders", is_temp=True)
    snapshot = _snapshot(ev, input_state="missing")
    verdict = judge_output(
        ev,
        _output(ev),
        snapshot,
        OUT_TABLE,
        TableLineage(OUT_TABLE.key, (LineageEdge(tmp, FLOW),)),
        at_deadline=False,
    )
    assert (verdict.state, verdict.cause) == ("tmp", "table-not-cataloged")


def test_an_output_on_no_source_is_tmp_at_once_and_an_uncataloged_one_missing_at_the_deadline() -> None:
    ev = _event()
    ev["outputs"] = [{"namespace": "postgres://nowhere:5432", "name": "a.b.c"}]
    verdict = judge_output(ev, _output(ev), _snapshot(ev), None, None, at_deadline=False)
    assert (verdict.state, verdict.cause) == ("tmp", "namespace-not-matched")
    ev = _event()
    assert judge_output(ev, _output(ev), _snapshot(ev), None, None, at_deadline=False).state == "pending"
    late = judge_output(ev, _output(ev), _snapshot(ev), None, None, at_deadline=True)
    assert (late.state, late.cause) == ("missing", "table-not-cataloged")
