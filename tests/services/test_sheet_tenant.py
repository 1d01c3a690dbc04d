"""A sheet's events through the tenant pre-flight against the real sandbox on loopback, the way
the window's review and `sheet --tenant` run it: one data-source list for the whole sheet, each
table asked about once however many events name it, and a tenant that stops answering ends the
run with its reason instead of an exception."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from composer.core.problems import Problem
from composer.core.sheet import SheetEvent, build_events, guess_mapping, tabulate
from composer.core.sheet.checks import tenant_findings
from composer.core.validation import validate
from composer.services import catalog_paths
from composer.services.catalog import CatalogClient, CatalogCredentials, TenantChecker
from composer.services.sandbox import SandboxConfig, SandboxServer
from tests.services.test_catalog_client import Counting

PROD_DB = "postgres://prod-db.example.com:5432"
SNOWFLAKE = "snowflake://account.region.snowflakecomputing.com"
HEADER = ["Job", "Source Namespace", "Source Table", "Target Namespace", "Target Table"]


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


def events_of(rows: list[list[str]]) -> list[SheetEvent]:
    table = tabulate(enumerate([HEADER, *rows], start=1))
    result = build_events(table, guess_mapping(table.headers))
    assert not result.problems, result.problems
    return result.events


def preflight(checker: TenantChecker) -> Callable[[SheetEvent], list[Problem]]:
    def check(event: SheetEvent) -> list[Problem]:
        return validate(event.document.value, ["tenant"], tenant=checker.snapshot(event.document.value))

    return check


def test_the_list_is_read_once_and_each_table_asked_about_once(sandbox: SandboxServer) -> None:
    shared = [PROD_DB, "sales_db.public.transactions", SNOWFLAKE, "analytics.public.daily_sales"]
    rows = [[f"job_{n}", *shared] for n in range(30)] + [
        ["odd", PROD_DB, "sales_db.public.nope", *shared[2:]]
    ]
    transport = Counting()
    credentials = CatalogCredentials.from_ingest_token(sandbox.token)
    with CatalogClient(sandbox.url, credentials, transport=transport) as client:
        checker = TenantChecker(client, client.list_data_sources().sources)
        findings = tenant_findings(events_of(rows), preflight(checker))
    assert findings.complete and len(findings.found) == 31
    assert all(found == [] for found in findings.found[:30])  # cataloged: nothing to say
    [missing] = findings.found[30] or []
    assert missing.code == "tenant.table-missing" and "'nope'" in missing.message
    lists = [
        path
        for path in transport.paths
        if path in (catalog_paths.DATASOURCES_V1, catalog_paths.DATASOURCES_V2)
    ]
    assert len(set(lists)) == 2 and len(lists) == 2  # one page of each API, once for the sheet
    # transactions and daily_sales once each for 30 events; the missing one as db.schema, then schema
    assert transport.paths.count(catalog_paths.TABLES) == 4


def test_a_tenant_that_stops_answering_ends_the_run_with_its_reason(sandbox: SandboxServer) -> None:
    shared = [PROD_DB, "sales_db.public.a", SNOWFLAKE, "analytics.public.b"]
    events = events_of([["j1", *shared], ["j2", PROD_DB, "sales_db.public.c", *shared[2:]]])
    credentials = CatalogCredentials.from_ingest_token(sandbox.token)
    with CatalogClient(sandbox.url, credentials) as client:
        checker = TenantChecker(client, client.list_data_sources().sources)
        url = sandbox.url
        sandbox.stop()  # gone after the list was read

        findings = tenant_findings(events, preflight(checker))
    assert not findings.complete and findings.found == [None, None]
    assert findings.reason.startswith(f"cannot reach {url}")
