"""Rows grouped into COMPLETE events: per job or per target, column lineage, facets, times, problems."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from composer.core.run_ids import uuid7_millis
from composer.core.sheet import (
    ColumnMapping,
    EventOptions,
    build_events,
    guess_mapping,
    system_values,
    tabulate,
)
from composer.core.sheet.checks import check_events
from composer.core.validation import TARGET_RULE_SETS

PG, SF = "postgres://prod-db.example.com:5432", "snowflake://acme.eu-west-1.snowflakecomputing.com"
HEADER = ["Job", "Description", "SQL", "Source System", "Source Table", "Source Column", "Target System",
          "Target Table", "Target Column", "Event Time"]  # fmt: skip
ROWS = [
    ["load_sales", "Daily sales", "INSERT 1", "pg", "sales.public.orders", "id", "sf", "dw.public.sales", "order_id", ""],
    ["load_sales", "Daily sales", "INSERT 1", "pg", "sales.public.orders", "amount", "sf", "dw.public.sales", "amount", "2024-02-20T10:30:00Z"],
    ["load_sales", "", "", "pg", "sales.public.items", "price", "sf", "dw.public.sales", "amount", "2024-02-20 09:00"],
    ["load_users", "", "", "pg", "crm.public.users", "", "sf", "dw.public.users", "", ""],
    ["load_users", "", "", "pg", "crm.public.users", "", "sf", "dw.public.sales", "", ""],
]  # fmt: skip
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def _table(rows: list[list[str]] = ROWS):  # type: ignore[no-untyped-def]
    return tabulate(enumerate([HEADER, *rows], start=1))


def _mapping() -> ColumnMapping:
    return guess_mapping(HEADER).with_system("pg", PG).with_system("sf", SF)


def _ids() -> EventOptions:
    counter = itertools.count(1)
    return EventOptions(now=NOW, run_id=lambda: f"run-{next(counter)}")


def test_one_event_per_job_with_all_its_datasets_column_lineage_and_facets() -> None:
    result = build_events(_table(), _mapping(), _ids())
    assert [(e.key, e.rows) for e in result.events] == [("load_sales", (2, 3, 4)), ("load_users", (5, 6))]
    sales = result.events[0].document.value
    assert sales["eventType"] == "COMPLETE" and sales["run"] == {"runId": "run-1"}
    assert sales["eventTime"] == "2024-02-20T10:30:00.000Z"  # the latest of its rows' times
    assert sales["job"]["namespace"] == "manual-lineage" and sales["job"]["name"] == "load_sales"
    assert sales["job"]["facets"]["documentation"]["description"] == "Daily sales"
    assert sales["job"]["facets"]["sql"]["query"] == "INSERT 1"
    assert sales["job"]["facets"]["sql"]["_schemaURL"].startswith("https://openlineage.io/spec/facets/")
    assert sales["inputs"] == [
        {"namespace": PG, "name": "sales.public.orders"},
        {"namespace": PG, "name": "sales.public.items"},
    ]
    (output,) = sales["outputs"]
    assert (output["namespace"], output["name"]) == (SF, "dw.public.sales")
    assert output["facets"]["columnLineage"]["fields"] == {
        "order_id": {"inputFields": [{"namespace": PG, "name": "sales.public.orders", "field": "id"}]},
        "amount": {
            "inputFields": [
                {"namespace": PG, "name": "sales.public.orders", "field": "amount"},
                {"namespace": PG, "name": "sales.public.items", "field": "price"},
            ]
        },
    }
    users = result.events[1].document.value
    assert users["eventTime"] == "2024-03-01T12:00:00.000Z"  # no time in its rows: "now"
    assert "facets" not in users["job"]
    assert [o["name"] for o in users["outputs"]] == ["dw.public.users", "dw.public.sales"]
    assert result.problems == [] and result.rows_read == 5


def test_one_event_per_target_table() -> None:
    result = build_events(_table(), _mapping(), EventOptions(grouping="target", now=NOW))
    assert [(e.key, e.rows) for e in result.events] == [
        ("dw.public.sales", (2, 3, 4, 6)),
        ("dw.public.users", (5,)),
    ]
    sales = result.events[0].document.value
    assert sales["job"]["name"] == "load_sales"  # its first row's job
    assert [i["name"] for i in sales["inputs"]] == [
        "sales.public.orders",
        "sales.public.items",
        "crm.public.users",
    ]
    run_ids = {e.document.value["run"]["runId"] for e in result.events}
    assert len(run_ids) == 2
    for run_id in run_ids:  # real run ids are UUIDv7, made now
        value = uuid.UUID(run_id)
        assert value.version == 7 and abs(uuid7_millis(value) / 1000 - datetime.now(UTC).timestamp()) < 60


def test_per_target_without_a_job_column_names_the_job_after_the_table() -> None:
    mapping = _mapping().with_column("job_name", None)
    assert (
        build_events(_table(), mapping, EventOptions(grouping="target"))
        .events[1]
        .document.value["job"]["name"]
        == "dw.public.users"
    )


def test_unreadable_rows_are_listed_with_row_column_value_and_reason() -> None:
    rows = [
        ["", "", "", "pg", "a.b.c", "", "sf", "d.e.f", "", ""],
        ["j", "", "", "pg", "a.b.c", "", "sf", "", "", ""],
        ["j", "", "", "mysql-legacy", "a.b.c", "", "sf", "d.e.f", "", ""],
        ["j", "", "", "pg", "a.b.c", "", "sf", "d.e.f", "", "last tuesday"],
        ["j", "", "", "", "", "col", "sf", "d.e.f", "x", ""],
        ["j", "", "", "pg", "a.b.c", "", "sf", "d.e.f", "", ""],
    ]
    result = build_events(_table(rows), _mapping(), EventOptions(now=NOW))
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (2, "Job", ""),
        (3, "Target Table", ""),
        (4, "Source System", "mysql-legacy"),
        (5, "Event Time", "last tuesday"),
        (6, "Source Column", "col"),
    ]
    assert "has no namespace yet" in result.problems[2].reason
    assert result.problems[2].text() == (
        "row 4, column “Source System” (value “mysql-legacy”): the system “mysql-legacy” has no namespace yet: "
        "choose one for it"
    )
    assert [e.rows for e in result.events] == [(7,)] and result.unreadable_rows == 5


def test_database_schema_and_table_columns_make_one_dotted_name() -> None:
    header = [
        "Job",
        "Source Namespace",
        "Source Database",
        "Source Schema",
        "Source Table",
        "Target Namespace",
        "Target Table",
    ]
    rows = [
        ["j", PG, "sales", "public", "orders", SF, "dw.public.t"],
        ["j", PG, "sales", "public", "sales.public.items", SF, "dw.public.t"],
    ]
    table = tabulate(enumerate([header, *rows], start=1))
    event = build_events(table, guess_mapping(header)).events[0].document.value
    assert [i["name"] for i in event["inputs"]] == ["sales.public.orders", "sales.public.items"]


def test_system_values_and_a_namespace_typed_as_system() -> None:
    assert system_values(_table(), _mapping()) == ["pg", "sf"]
    rows = [["j", "", "", PG, "a.b.c", "", SF, "d.e.f", "", ""]]
    result = build_events(_table(rows), guess_mapping(HEADER))
    assert result.problems == [] and result.events[0].document.value["inputs"][0]["namespace"] == PG


def test_the_events_pass_alation_and_the_spec() -> None:
    events = build_events(_table(), _mapping(), EventOptions(now=NOW)).events
    rules = (*TARGET_RULE_SETS["alation"], "openlineage")
    for problems in check_events(events, rules):
        assert [p for p in problems if p.severity == "error"] == []
    seen: list[tuple[int, int]] = []
    check_events(events, rules, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2, 2)
