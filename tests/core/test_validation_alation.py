"""The `alation` rule set against every rule on Alation's Direct API page."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from composer.core.validation import validate
from tests.spec_data import alation_examples, needs_alation_page

GOOD: dict[str, Any] = {
    "eventType": "COMPLETE",
    "eventTime": "2024-02-20T10:30:00.000Z",
    "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"},
    "job": {"namespace": "my-etl-system", "name": "daily-sales-aggregation"},
    "inputs": [{"namespace": "postgres://prod-db.example.com:5432", "name": "sales_db.public.transactions"}],
    "outputs": [{"namespace": "postgres://prod-db.example.com:5432", "name": "analytics.public.daily_sales"}],
    "producer": "https://github.com/myorg/custom-etl/v1.0.0",
    "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
}


def _alation(event: Any) -> dict[str, tuple[str, str]]:
    return {p.path: (p.severity, p.code) for p in validate(event, ["alation"])}


def _without(pointer: str) -> dict[str, Any]:
    event = copy.deepcopy(GOOD)
    parts = pointer.strip("/").split("/")
    node: Any = event
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    del node[parts[-1]]
    return event


def test_a_good_event_has_no_problems() -> None:
    assert validate(GOOD, ["alation"]) == []


@pytest.mark.parametrize(
    "pointer",
    [
        "/eventTime",
        "/run/runId",
        "/job/namespace",
        "/job/name",
        "/inputs/0/namespace",
        "/outputs/0/name",
        "/eventType",
    ],
)
def test_each_required_field_is_an_error(pointer: str) -> None:
    found = _alation(_without(pointer))
    assert found[pointer][0] == "error"


@pytest.mark.parametrize("side", ["inputs", "outputs"])
def test_at_least_one_input_and_output(side: str) -> None:
    for event in (_without(f"/{side}"), {**GOOD, side: []}):
        problems = validate(event, ["alation"])
        [problem] = [p for p in problems if p.path == f"/{side}"]
        assert problem.severity == "error"
        assert problem.message.startswith(f"{side}: Alation needs at least one {side[:-1]} dataset")
        assert problem.hint


@pytest.mark.parametrize("event_type", ["START", "RUNNING", "FAIL", "ABORT", "OTHER"])
def test_other_event_types_are_accepted_but_create_no_lineage(event_type: str) -> None:
    [problem] = validate({**GOOD, "eventType": event_type}, ["alation"])
    assert problem.severity == "warning" and "only from COMPLETE" in problem.message


def test_unknown_event_type_and_bad_time_are_errors() -> None:
    assert _alation({**GOOD, "eventType": "DONE"})["/eventType"][0] == "error"
    assert _alation({**GOOD, "eventTime": "yesterday"})["/eventTime"] == ("error", "format.date-time")
    assert "/eventTime" not in _alation({**GOOD, "eventTime": "2024-02-20T10:30:00.123456789+02:00"})


def test_wrong_shapes_are_errors_not_crashes() -> None:
    assert _alation([1, 2])[""][0] == "error"
    assert _alation({**GOOD, "inputs": {"a": 1}})["/inputs"][0] == "error"
    assert _alation({**GOOD, "outputs": ["x"]})["/outputs/0"][0] == "error"
    assert _alation({**GOOD, "run": "r"})["/run"][0] == "error"
    assert _alation({**GOOD, "job": {"namespace": " ", "name": 3}})["/job/name"][0] == "error"


@needs_alation_page
def test_alation_page_examples() -> None:
    """The page's own examples pass, with warnings where it is looser than the spec."""
    examples = {name: json.loads(text) for name, text in alation_examples().items()}
    minimal = _alation(examples["minimal"])
    assert minimal == {
        "/producer": ("warning", "required.producer"),
        "/schemaURL": ("warning", "required.schemaURL"),
    }
    complete = _alation(examples["complete"])
    assert complete == {"/schemaURL": ("warning", "required.schemaURL")}
    test_event = _alation(examples["test"])
    assert test_event["/run/runId"] == ("warning", "format.uuid")
    assert all(severity == "warning" for severity, _ in test_event.values())


@needs_alation_page
def test_same_examples_are_errors_under_openlineage() -> None:
    examples = {name: json.loads(text) for name, text in alation_examples().items()}
    minimal = {p.path: p.severity for p in validate(examples["minimal"], ["openlineage"])}
    assert minimal["/producer"] == "error" and minimal["/schemaURL"] == "error"
    test_event = {p.path: p.severity for p in validate(examples["test"], ["openlineage"])}
    assert test_event["/run/runId"] == "error"


def test_one_finding_from_several_rule_sets_is_reported_once_at_its_worst() -> None:
    event = {**GOOD, "run": {"runId": "test-run-001"}}
    found = [p for p in validate(event, ["alation", "lint", "openlineage"]) if p.path == "/run/runId"]
    assert len(found) == 1 and found[0].severity == "error"


def test_unknown_rule_set_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown rule set"):
        validate(GOOD, ["alation", "nope"])
