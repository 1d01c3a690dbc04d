"""`lineage-composer sql` as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from composer.core.document import EventDocument
from composer.core.sql_lineage import sql_unavailable
from composer.core.validation import validate

needs_sql = pytest.mark.skipif(sql_unavailable() is not None, reason="openlineage-sql is not installed here")

PG = "postgres://prod-db.example.com:5432"
SQL = "INSERT INTO analytics.totals SELECT o.id, o.amount AS total FROM sales.orders o;\n"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "composer", "sql", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


@needs_sql
def test_prints_a_filled_event(tmp_path: Path) -> None:
    path = tmp_path / "load.sql"
    path.write_text(SQL, encoding="utf-8")
    result = run(str(path), "--namespace", PG, "--dialect", "postgres", "--default-database", "shop")
    assert result.returncode == 0, result.stderr
    event = json.loads(result.stdout)
    assert event["inputs"] == [{"namespace": PG, "name": "shop.sales.orders"}]
    assert event["outputs"][0]["name"] == "shop.analytics.totals"
    assert event["outputs"][0]["facets"]["columnLineage"]["fields"]["total"]["inputFields"] == [
        {"namespace": PG, "name": "shop.sales.orders", "field": "amount"}
    ]
    assert event["job"]["facets"]["sql"] == {
        **event["job"]["facets"]["sql"],
        "query": SQL.strip(),
        "dialect": "postgres",
    }


@needs_sql
def test_fills_an_existing_event_and_keeps_its_datasets(tmp_path: Path) -> None:
    start = EventDocument.new()
    start.set("/job/namespace", "etl")
    start.set("/job/name", "totals")
    start.insert("/inputs/-", {"namespace": PG, "name": "shop.sales.orders", "facets": {}})
    into = tmp_path / "event.json"
    into.write_text(start.to_json(), encoding="utf-8")
    mysql = "mysql://crm-db.example.com:3306"
    result = run(
        "-", "--namespace", PG, "--default-database", "shop", "--into", str(into),
        "--table-namespace", f"analytics.totals={mysql}",
        stdin=SQL,
    )
    assert result.returncode == 0, result.stderr
    event = json.loads(result.stdout)
    assert event["inputs"] == [{"namespace": PG, "name": "shop.sales.orders", "facets": {}}]
    assert (event["outputs"][0]["namespace"], event["outputs"][0]["name"]) == (mysql, "analytics.totals")
    assert not [p for p in validate(event, ("openlineage", "alation")) if p.severity == "error"]


@needs_sql
def test_unparsable_sql_exits_1_naming_the_statement() -> None:
    result = run("-", "--namespace", PG, stdin="INSERT INTO a SELECT 1;\nSELEC nope")
    assert result.returncode == 1
    assert "Statement 2 (line 2, 'SELEC nope')" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.sql", "--namespace", PG], "cannot read missing.sql"),
        (["-", "--namespace", PG, "--table-namespace", "oops"], "TABLE=NAMESPACE"),
        (["-", "--namespace", PG, "--table-namespace", f"nope.t={PG}"], "does not use: nope.t"),
        (["-", "--namespace", PG, "--dialect", "klingon"], "invalid choice"),
        (["-"], "--namespace"),
    ],
)
@needs_sql
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args, stdin=SQL)
    assert result.returncode == 2
    assert message in result.stderr


def test_help_lists_the_options() -> None:
    result = run("--help")
    assert result.returncode == 0
    for option in ("--namespace", "--dialect", "--into", "--table-namespace", "--default-schema"):
        assert option in result.stdout


def test_missing_module_exits_2_with_the_reason(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['openlineage_sql'] = None\n"
        "from composer.cli import main\n"
        f"sys.exit(main(['sql', '-', '--namespace', {PG!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], input=SQL, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Fill from SQL needs openlineage-sql" in result.stderr
