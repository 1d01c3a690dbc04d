"""Summaries, filters and diffs for the log browser: pure functions over event texts."""

from __future__ import annotations

import json

from composer.core.eventlog import read_events
from composer.core.log_index import (
    Change,
    LogFilter,
    diff_values,
    filter_records,
    record_from_entry,
    run_positions,
    side_by_side,
)


def _event(event_type: str, run: str, job: str, output: str) -> str:
    return json.dumps(
        {
            "eventType": event_type,
            "eventTime": "2026-01-01T00:00:00Z",
            "run": {"runId": run},
            "job": {"namespace": "etl", "name": job},
            "inputs": [{"namespace": "postgres://db:5432", "name": "sales.public.orders"}],
            "outputs": [{"namespace": "snowflake://acct", "name": output}],
        }
    )


LOG = "\n".join(
    [
        _event("START", "r1", "daily_sales", "dw.sales"),
        _event("START", "r2", "hourly_stock", "dw.stock"),
        "{broken",
        _event("COMPLETE", "r1", "daily_sales", "dw.sales"),
        _event("COMPLETE", "r2", "hourly_stock", "dw.stock"),
    ]
)


def records() -> list:  # type: ignore[type-arg]
    return [record_from_entry(entry) for entry in read_events(LOG)]


def test_records_summarise_each_event_and_keep_its_exact_text() -> None:
    found = records()
    assert [r.event_type for r in found] == ["START", "START", "", "COMPLETE", "COMPLETE"]
    assert found[0].job == "etl daily_sales" and found[0].run_id == "r1"
    assert found[0].datasets == ("postgres://db:5432 sales.public.orders", "snowflake://acct dw.sales")
    assert found[0].text == LOG.splitlines()[0]
    assert found[2].error.startswith("not valid JSON") and "line 3" in found[2].error
    assert found[2].where == "#3 (line 3)"


def test_filters_combine_and_ignore_case() -> None:
    found = records()
    assert filter_records(found, LogFilter()) == [0, 1, 2, 3, 4]
    assert filter_records(found, LogFilter(job="DAILY")) == [0, 3]
    assert filter_records(found, LogFilter(event_type="complete")) == [3, 4]
    assert filter_records(found, LogFilter(event_type="COMP")) == []  # a type matches whole
    assert filter_records(found, LogFilter(dataset="dw.stock", event_type="START")) == [1]
    assert filter_records(found, LogFilter(run="r2")) == [1, 4]
    assert run_positions(found, "r1") == [0, 3]


def test_structural_diff_names_each_difference_by_pointer() -> None:
    old = {"a": 1, "b": {"c": [1, 2, 3], "d/e": "x"}, "gone": True, "flag": 1}
    new = {"a": 2, "b": {"c": [1, 5], "d/e": "x"}, "flag": True, "new": None}
    assert diff_values(old, new) == [
        Change("/a", "changed", 1, 2),
        Change("/b/c/1", "changed", 2, 5),
        Change("/b/c/2", "removed", old=3),
        Change("/gone", "removed", old=True),
        Change("/flag", "changed", 1, True),  # 1 and true differ in JSON
        Change("/new", "added", new=None),
    ]
    assert diff_values(old, old) == []
    assert Change("/a", "changed", 1, 2).describe() == "~ /a: 1 → 2"


def test_side_by_side_pairs_lines_and_marks_the_changed_ones() -> None:
    left, right = LOG.splitlines()[0], LOG.splitlines()[3]
    rows = side_by_side(left, right)
    changed = [row for row in rows if row.kind != "same"]
    assert [(row.left.strip(), row.right.strip()) for row in changed] == [
        ('"eventType": "START",', '"eventType": "COMPLETE",')
    ]
    assert all(row.left == row.right for row in rows if row.kind == "same")
    added = side_by_side('{"a": 1}', '{"a": 1, "b": 2}')
    assert [row.kind for row in added].count("added") >= 1


def test_diff_pointers_escape_slash_and_tilde_in_keys() -> None:
    old = {"facets": {"a/b": 1, "x~y": {"k": 1}, "gone~/": 0}}
    new = {"facets": {"a/b": 2, "x~y": {"k": 2}, "new/": 0}}
    assert [change.pointer for change in diff_values(old, new)] == [
        "/facets/a~1b",
        "/facets/x~0y/k",
        "/facets/gone~0~1",
        "/facets/new~1",
    ]
