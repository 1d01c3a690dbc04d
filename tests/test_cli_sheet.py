"""`lineage-composer sheet` as a user runs it: a sheet in, the expected NDJSON out, exit codes, --send."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from composer import PRODUCER
from composer.core.sheet import ColumnMapping
from composer.services.paths import config_dir
from composer.services.sandbox import SandboxServer
from composer.services.sheet.presets import PresetStore
from tests.cli_driver import FAKE_TOKEN, add_tenant_profile, cli
from tests.services.sheet_files import PG, SF, grouped_workbook

pytestmark = pytest.mark.usefixtures("file_keyring")

SYSTEMS = ("--system", f"prod-postgres={PG}", "--system", f"snow={SF}")
SHEET = """Job,Job Namespace,Description,SQL,Source System,Source Table,Source Column,Target System,Target Table,Target Column,Event Time
load_sales,etl-prod,Daily sales,"INSERT INTO dw.public.sales SELECT id, amount FROM sales.public.orders",prod-postgres,sales.public.orders,id,snow,dw.public.sales,order_id,2024-02-20T10:30:00Z
load_sales,etl-prod,Daily sales,"INSERT INTO dw.public.sales SELECT id, amount FROM sales.public.orders",prod-postgres,sales.public.orders,amount,snow,dw.public.sales,amount,2024-02-20T10:31:00+01:00
load_users,etl-prod,,,prod-postgres,crm.public.users,,snow,dw.public.users,,2024-02-21 08:00
"""
FACETS = "https://openlineage.io/spec/facets"


def _facet(name: str, version: str) -> dict[str, str]:
    return {"_producer": PRODUCER, "_schemaURL": f"{FACETS}/{version}/{name}.json#/$defs/{name}"}


def _expected() -> list[dict[str, Any]]:
    """The two events the sheet states, written out by hand (runIds aside: they are new each run)."""
    base = {
        "producer": PRODUCER,
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }
    orders = {"namespace": PG, "name": "sales.public.orders"}
    return [
        {
            "eventType": "COMPLETE",
            "eventTime": "2024-02-20T10:30:00.000Z",  # the latest: 10:31+01:00 is 09:31Z
            "run": {"runId": "?"},
            "job": {
                "namespace": "etl-prod",
                "name": "load_sales",
                "facets": {
                    "documentation": {
                        **_facet("DocumentationJobFacet", "1-1-0"),
                        "description": "Daily sales",
                    },
                    "sql": {
                        **_facet("SQLJobFacet", "1-1-0"),
                        "query": "INSERT INTO dw.public.sales SELECT id, amount FROM sales.public.orders",
                    },
                },
            },
            "inputs": [orders],
            "outputs": [
                {
                    "namespace": SF,
                    "name": "dw.public.sales",
                    "facets": {
                        "columnLineage": {
                            **_facet("ColumnLineageDatasetFacet", "1-2-0"),
                            "fields": {
                                "order_id": {"inputFields": [{**orders, "field": "id"}]},
                                "amount": {"inputFields": [{**orders, "field": "amount"}]},
                            },
                        }
                    },
                }
            ],
            **base,
        },
        {
            "eventType": "COMPLETE",
            "eventTime": "2024-02-21T08:00:00.000Z",
            "run": {"runId": "?"},
            "job": {"namespace": "etl-prod", "name": "load_users"},
            "inputs": [{"namespace": PG, "name": "crm.public.users"}],
            "outputs": [{"namespace": SF, "name": "dw.public.users"}],
            **base,
        },
    ]


def _events(text: str) -> list[dict[str, Any]]:
    events = [json.loads(line) for line in text.splitlines()]
    for event in events:
        run_id = uuid.UUID(event["run"]["runId"])
        assert run_id.version == 7
        event["run"]["runId"] = "?"
    return events


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "mapping.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def test_csv_to_ndjson_on_standard_output_is_the_expected_events(sheet: Path) -> None:
    ran = cli("sheet", str(sheet), *SYSTEMS)
    assert ran.code == 0, ran.err
    assert _events(ran.out) == _expected()
    assert "mapping.csv: 3 row(s) read, 2 event(s), 0 row(s) could not be read" in ran.err
    assert "event 1 “load_sales” (rows 2, 3): valid" in ran.err


def test_output_file_group_per_target_and_a_preset(sheet: Path, tmp_path: Path) -> None:
    PresetStore.in_dir(config_dir()).save(
        "Quarterly",
        ColumnMapping(
            {"job_name": "Job", "source_system": "Source System", "source_table": "Source Table",
             "target_system": "Target System", "target_table": "Target Table"},
            {"prod-postgres": PG, "snow": SF},
            "from-preset",
        ),
    )  # fmt: skip
    out = tmp_path / "out.ndjson"
    ran = cli("sheet", str(sheet), "--map", "Quarterly", "--group", "target", "-o", str(out))
    assert ran.code == 0 and ran.out == "", ran.err
    events = _events(out.read_text(encoding="utf-8"))
    assert [(e["job"]["namespace"], e["job"]["name"], e["outputs"][0]["name"]) for e in events] == [
        ("from-preset", "load_sales", "dw.public.sales"),
        ("from-preset", "load_users", "dw.public.users"),
    ]
    assert all("facets" not in e["job"] and "facets" not in e["outputs"][0] for e in events)  # not mapped


def test_a_workbook_with_an_unreadable_row_exits_1_and_lists_it(tmp_path: Path) -> None:
    ran = cli("sheet", str(grouped_workbook(tmp_path / "m.xlsx")), "--sheet", "Mapping", *SYSTEMS)
    assert ran.code == 1
    assert "unreadable row 8, column “Updated” (value “2024”): not a date and time" in ran.err
    assert (
        "m.xlsx [Mapping]: 3 row(s) read (1 blank skipped), 1 event(s), 1 row(s) could not be read" in ran.err
    )
    (event,) = _events(ran.out)
    assert [i["name"] for i in event["inputs"]] == ["sales.public.orders", "sales.public.items"]


def test_systems_without_a_namespace_are_named(sheet: Path) -> None:
    ran = cli("sheet", str(sheet), "--system", f"snow={SF}")
    assert ran.code == 1 and ran.out == ""
    assert "note: system value(s) without a namespace: prod-postgres; give each with --system" in ran.err


def test_errors_in_events_exit_1_and_strict_counts_warnings(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "Job,Source Namespace,Source Table,Target Namespace,Target Table\nj,weird,a.b,weird,c.d\n",
        encoding="utf-8",
    )
    assert cli("sheet", str(path)).code == 0  # an unknown namespace is a warning
    assert cli("sheet", str(path), "--strict").code == 1
    ran = cli("sheet", str(path), "--target", "openmetadata")
    assert ran.code == 0, ran.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sheet", "Nope"), "has no sheet “Nope”"),
        (("--map", "missing"), "no mapping preset named “missing”"),
        (("--target", "nowhere"), "unknown --target 'nowhere'"),
        (("--profile", "x"), "--profile, --token-env and --force go with --send"),
    ],
)
def test_usage_and_input_errors_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    ran = cli("sheet", str(grouped_workbook(tmp_path / "m.xlsx")), *args)
    assert ran.code == 2 and message in ran.err and ran.out == ""


def test_unreadable_files_and_incomplete_mappings_exit_2(tmp_path: Path) -> None:
    assert "cannot read" in cli("sheet", str(tmp_path / "gone.csv")).err
    (tmp_path / "ru.csv").write_bytes("Job,Table\nзагрузка,a.b\n".encode("koi8-r"))
    ran = cli("sheet", str(tmp_path / "ru.csv"))
    assert ran.code == 2 and "does not read as Windows-1252 / Latin-1 either" in ran.err
    (tmp_path / "few.csv").write_text("Job,Owner\nj,me\n", encoding="utf-8")
    ran = cli("sheet", str(tmp_path / "few.csv"))
    assert ran.code == 2 and "lacks a target table column" in ran.err and "“Job”, “Owner”" in ran.err


def test_a_latin1_csv_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(SHEET.replace("Daily sales", "Ventes journalières").encode("latin-1"))
    ran = cli("sheet", str(path), *SYSTEMS)
    assert ran.code == 0 and "note: latin.csv is not UTF-8" in ran.err
    assert _events(ran.out)[0]["job"]["facets"]["documentation"]["description"] == "Ventes journalières"


@pytest.fixture
def staging(tenant: SandboxServer) -> Iterator[SandboxServer]:
    add_tenant_profile(tenant)
    yield tenant


def test_send_goes_through_the_send_engine_to_the_sandbox(sheet: Path, staging: SandboxServer) -> None:
    ran = cli("sheet", str(sheet), *SYSTEMS, "--send", "--profile", "Staging")
    assert ran.code == 0, ran.text
    assert "sent 2 event(s)" in ran.out and "2 ok, 0 failed, 0 refused" in ran.out
    stored = sorted((json.loads(s.raw) for s in staging.store.events(10)), key=lambda e: e["job"]["name"])
    for event in stored:
        event["run"]["runId"] = "?"
    assert stored == _expected()
    assert FAKE_TOKEN not in ran.text


def test_send_sends_what_could_be_read_and_exits_1_for_the_rest(
    tmp_path: Path, staging: SandboxServer
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Job,Source Namespace,Source Table,Target Namespace,Target Table\nj,ns://a,a.b,ns://b,\n"
                    "k,ns://a,a.b,ns://b,c.d\n", encoding="utf-8")  # fmt: skip
    ran = cli("sheet", str(path), "--send", "--profile", "Staging")
    assert ran.code == 1 and "unreadable row 2" in ran.err and staging.store.count_events() == 1


def test_send_refuses_an_event_with_errors(tmp_path: Path, staging: SandboxServer) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "Job,Source Namespace,Source Table,Target Namespace,Target Table\nj,,,ns://b,c.d\n", encoding="utf-8"
    )
    ran = cli("sheet", str(path), "--send", "--profile", "Staging")  # no source: Alation needs an input
    assert ran.code == 1 and "event 1: refused: 1 error(s) under the alation rules" in ran.out
    assert staging.store.count_events() == 0


TENANT_SHEET = """Job,Source System,Source Table,Target System,Target Table
load_good,pg,sales_db.public.transactions,snow,analytics.public.daily_sales
load_typo,pg-typo,sales_db.public.transactions,snow,analytics.public.daily_sales
"""  # the built-in templates' tables, which the Local sandbox catalogs from the start
TENANT_SYSTEMS = ("--system", "pg=postgres://prod-db.example.com:5432", "--system",
                  "pg-typo=postgres://prod-db.example.con:5432", "--system",
                  "snow=snowflake://account.region.snowflakecomputing.com")  # fmt: skip


def test_tenant_adds_the_preflight_to_the_report_and_the_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "mapping.csv"
    path.write_text(TENANT_SHEET, encoding="utf-8")
    plain = cli("sheet", str(path), *TENANT_SYSTEMS, "--strict", "-o", str(tmp_path / "e.ndjson"))
    assert plain.code == 0, plain.text  # the rules alone cannot know about the tenant
    assert "will land as TMP" not in plain.err and "tenant:" not in plain.err
    ran = cli("sheet", str(path), *TENANT_SYSTEMS, "--tenant", "-o", str(tmp_path / "e.ndjson"))
    assert ran.code == 0, ran.text  # a warning: the events are still valid
    assert "tenant: 13 data sources" in ran.err
    assert "event 1 “load_good” (rows 2): valid (0 errors, 0 warnings, 0 notes)" in ran.err
    assert "event 2 “load_typo” (rows 3): valid (0 errors, 1 warning, 0 notes)" in ran.err
    assert "will land as TMP: no data source has host:port prod-db.example.con:5432" in ran.err
    strict = cli("sheet", str(path), *TENANT_SYSTEMS, "--tenant", "--strict", "--profile", "Local sandbox")
    assert strict.code == 1 and len(strict.out.splitlines()) == 2  # the events still written


def test_tenant_that_cannot_be_reached_exits_2_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "mapping.csv"
    path.write_text(TENANT_SHEET, encoding="utf-8")
    with socket.socket() as probe:  # a loopback port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert cli("profile", "add", "Gone", "--url", f"http://127.0.0.1:{port}").code == 0
    assert cli("profile", "set-token", "Gone", stdin=FAKE_TOKEN + "\n").code == 0
    assert cli("catalog-access", "Gone", "--use-ingest-token").code == 0
    ran = cli("sheet", str(path), *TENANT_SYSTEMS, "--tenant", "--profile", "Gone")
    assert ran.code == 2 and ran.out == ""
    assert "the tenant check could not run: cannot reach http://127.0.0.1" in ran.err
    assert FAKE_TOKEN not in ran.text
    assert cli("sheet", str(path), *TENANT_SYSTEMS, "--profile", "Gone").code == 2  # --profile alone
