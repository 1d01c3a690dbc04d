"""The tenant pre-flight as pure functions: data sources from JDBC URIs, namespace matching by
host:port, the table lookups an event needs, and the "tenant" rule set's findings and fixes."""

from __future__ import annotations

from typing import Any

import pytest

from composer.core.pointer import set_value
from composer.core.tenant import (
    TableLookup,
    TenantSnapshot,
    address,
    closest_source,
    data_source,
    matching_sources,
    queries_for,
    table_query,
)
from composer.core.tenant.models import CatalogTable
from composer.core.tenant.snapshot import LookupState
from composer.core.validation import RULE_SETS, validate
from composer.core.validation.tenant import TenantProblem

SALES = data_source(1, "Sales DB", "jdbc:postgresql://prod-db.example.com:5432/sales_db", "v1")
WAREHOUSE = data_source(
    2, "Warehouse", "jdbc:snowflake://acme-xy12345.us-east-1.snowflakecomputing.com/?db=A", "v2"
)
BROKEN = data_source(3, "Odd one", "odbc:whatever", "v2")
NATIVE = data_source(4, "Native only", "", "v1", host="Legacy-DB.example.com", port=1521)
SOURCES = (SALES, WAREHOUSE, BROKEN, NATIVE)


def event(*datasets: tuple[str, str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {"eventType": "COMPLETE", "inputs": [], "outputs": []}
    for side, namespace, name in datasets:
        found[side].append({"namespace": namespace, "name": name})
    return found


def test_a_jdbc_uri_becomes_the_namespace_alation_matches() -> None:
    assert SALES.namespace == "postgres://prod-db.example.com:5432"
    assert SALES.address == "prod-db.example.com:5432"
    assert WAREHOUSE.namespace == "snowflake://acme-xy12345.us-east-1.snowflakecomputing.com"
    assert SALES.label == "Sales DB (data source 1)"


def test_an_unreadable_uri_is_kept_with_no_namespace_and_a_reason() -> None:
    assert BROKEN.namespace is None and BROKEN.address is None
    assert "odbc:" in BROKEN.note
    # a native source's host and port still match, even without a readable URI
    assert NATIVE.namespace is None and NATIVE.address == "legacy-db.example.com:1521"


def test_matching_is_by_host_and_port_with_the_host_in_any_case() -> None:
    assert address("postgres://PROD-db.example.com:5432/extra") == "prod-db.example.com:5432"
    assert matching_sources("postgres://PROD-DB.example.com:5432", SOURCES) == [SALES]
    assert matching_sources("mysql://prod-db.example.com:5432", SOURCES) == [
        SALES
    ]  # Alation ignores the scheme
    assert matching_sources("postgres://prod-db.example.com:5433", SOURCES) == []
    assert matching_sources("oracle://legacy-db.example.com:1521", SOURCES) == [NATIVE]
    assert matching_sources("bigquery", SOURCES) == []


def test_the_closest_source_is_the_likely_typo() -> None:
    closest = closest_source("postgres://prod-db.example.com:5433", SOURCES)
    assert closest is not None and closest.source is SALES
    assert closest.namespace == "postgres://prod-db.example.com:5432"
    assert closest_source("postgres://x:1", (BROKEN,)) is None


def test_table_queries_try_the_database_qualified_schema_first() -> None:
    query = table_query(SALES, "sales_db.public.orders")
    assert query is not None and (query.ds_id, query.name) == (1, "orders")
    assert query.schemas == ("sales_db.public", "public")
    two = table_query(SALES, "public.orders")
    assert two is not None and two.schemas == ("public",)
    assert table_query(SALES, "orders") is None
    ev = event(
        ("inputs", SALES.namespace or "", "sales_db.public.orders"),
        ("inputs", SALES.namespace or "", "sales_db.public.orders"),
        ("outputs", "postgres://nowhere:5432", "a.b.c"),
    )
    assert queries_for(ev, SOURCES) == [query]


def test_without_a_snapshot_the_rule_set_finds_nothing() -> None:
    assert "tenant" in RULE_SETS
    assert validate(event(("inputs", "postgres://nowhere:5432", "a.b.c")), ["tenant"]) == []


def test_an_unmatched_namespace_will_land_as_tmp_and_carries_its_fix() -> None:
    ev = event(("inputs", "postgres://prod-db.example.com:5433", "sales_db.public.orders"))
    [problem] = validate(ev, ["tenant"], tenant=TenantSnapshot(SOURCES))
    assert isinstance(problem, TenantProblem)
    assert problem.severity == "warning" and problem.rule_set == "tenant"
    assert problem.path == "/inputs/0/namespace"
    assert (
        "this dataset will land as TMP: no data source has host:port prod-db.example.com:5433"
        in problem.message
    )
    assert "closest: Sales DB (data source 1) postgres://prod-db.example.com:5432" in problem.message
    assert problem.replacement is not None
    assert problem.to_dict()["fixValue"] == "postgres://prod-db.example.com:5432"
    # applying the fix clears the finding (the table lookup is not known yet: nothing to say)
    set_value(ev, problem.replacement.path, problem.replacement.value)
    assert validate(ev, ["tenant"], tenant=TenantSnapshot(SOURCES)) == []


def test_a_missing_table_names_the_source_and_the_schemas_searched() -> None:
    ev = event(("outputs", "postgres://prod-db.example.com:5432", "sales_db.public.orderz"))
    [query] = queries_for(ev, SOURCES)
    snapshot = TenantSnapshot(SOURCES, {query: TableLookup("missing")})
    [problem] = validate(ev, ["tenant"], tenant=snapshot)
    assert problem.severity == "warning" and problem.path == "/outputs/0/name"
    assert (
        "no table 'orderz' in schema 'sales_db.public' or 'public' of Sales DB (data source 1)"
        in problem.message
    )
    found = CatalogTable(7, "orderz", "1.sales_db.public.orderz", "/table/7/", 1, "sales_db.public")
    assert (
        validate(ev, ["tenant"], tenant=TenantSnapshot(SOURCES, {query: TableLookup("found", found)})) == []
    )


@pytest.mark.parametrize(
    ("state", "code"), [("forbidden", "tenant.table-forbidden"), ("failed", "tenant.table-unchecked")]
)
def test_a_table_that_could_not_be_checked_is_a_note(state: LookupState, code: str) -> None:
    ev = event(("outputs", "postgres://prod-db.example.com:5432", "sales_db.public.orders"))
    [query] = queries_for(ev, SOURCES)
    [problem] = validate(
        ev, ["tenant"], tenant=TenantSnapshot(SOURCES, {query: TableLookup(state, None, "boom")})
    )
    assert (problem.severity, problem.code) == ("info", code)


def test_a_namespace_on_two_sources_is_noted() -> None:
    twin = data_source(9, "Sales replica", "jdbc:postgresql://prod-db.example.com:5432/other", "v2")
    problems = validate(
        event(("inputs", "postgres://prod-db.example.com:5432", "x")),
        ["tenant"],
        tenant=TenantSnapshot((SALES, twin)),
    )
    assert [p.code for p in problems] == ["tenant.namespace-ambiguous"]
    assert "Sales replica (data source 9)" in problems[0].message


def test_no_visible_source_at_all_says_so() -> None:
    [problem] = validate(
        event(("inputs", "postgres://a:1", "x.y")),
        ["tenant"],
        tenant=TenantSnapshot((BROKEN,), tenant="Acme"),
    )
    assert "Acme lists no data source you can see" in problem.message
    assert isinstance(problem, TenantProblem) and problem.replacement is None
