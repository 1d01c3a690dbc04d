"""The START twin of a COMPLETE event, and the pair as NDJSON."""

from __future__ import annotations

import json

import pytest

from composer.core.document import EventDocument
from composer.core.eventlog import read_events
from composer.core.run_pair import PairError, default_start_time, make_pair, make_start
from composer.core.templates import instantiate
from composer.core.validation import TARGET_RULE_SETS, validate


def complete_with_stats() -> EventDocument:
    return instantiate("postgres-to-snowflake", fresh_run=False)


def test_the_start_shares_the_run_and_drops_completion_only_facets() -> None:
    complete = complete_with_stats()
    start = make_start(complete)
    before, after = complete.value, start.value
    assert after["eventType"] == "START"
    for key in ("run", "job", "inputs", "producer", "schemaURL"):
        assert after[key] == before[key], key
    assert "outputFacets" in before["outputs"][0] and "outputFacets" not in after["outputs"][0]
    assert after["outputs"][0]["facets"] == before["outputs"][0]["facets"]  # schema, column lineage kept
    assert list(after) == list(before), "key order kept"
    assert complete.to_json() == instantiate("postgres-to-snowflake", fresh_run=False).to_json(), "unchanged"


def test_only_the_finished_facets_go_and_an_emptied_container_with_them() -> None:
    complete = EventDocument.from_json(
        json.dumps(
            {
                "eventType": "COMPLETE",
                "eventTime": "2024-02-20T10:30:00+02:00",
                "run": {
                    "runId": "r-1",
                    "facets": {"errorMessage": {"message": "x"}, "nominalTime": {"a": 1}},
                },
                "job": {"namespace": "n", "name": "j"},
                "inputs": [
                    {"namespace": "n", "name": "i", "inputFacets": {"inputStatistics": {}, "custom": {}}}
                ],
                "outputs": [{"namespace": "n", "name": "o", "outputFacets": {"outputStatistics": {}}}],
            }
        )
    )
    start = make_start(complete).value
    assert start["run"]["facets"] == {"nominalTime": {"a": 1}}
    assert start["inputs"][0]["inputFacets"] == {"custom": {}}
    assert "outputFacets" not in start["outputs"][0]
    assert start["eventTime"] == "2024-02-20T10:29:59+02:00", "one second earlier, in the same format"


@pytest.mark.parametrize(
    ("end", "start"),
    [
        ("2024-02-20T10:30:00.000Z", "2024-02-20T10:29:59.000Z"),
        ("2024-02-20T00:00:00Z", "2024-02-19T23:59:59Z"),
        ("2024-02-20T10:30:00.123456789Z", "2024-02-20T10:29:59.123456000Z"),
    ],
)
def test_the_default_start_time_is_a_second_earlier(end: str, start: str) -> None:
    document = EventDocument.from_json(json.dumps({**instantiate("alation-minimal").value, "eventTime": end}))
    assert default_start_time(document) == start
    assert make_start(document).event_time == start


def test_a_given_start_time_must_be_earlier_and_zoned() -> None:
    complete = complete_with_stats()
    assert make_start(complete, "2024-02-20T02:00:03.000Z").event_time == "2024-02-20T02:00:03.000Z"
    with pytest.raises(PairError, match="earlier"):
        make_start(complete, "2024-02-20T03:00:00Z")
    with pytest.raises(PairError, match="zone"):
        make_start(complete, "2024-02-20T02:00:00")
    with pytest.raises(PairError, match="ISO 8601"):
        make_start(complete, "yesterday")


def test_only_a_complete_event_with_a_run_can_be_paired() -> None:
    start = make_start(complete_with_stats())
    with pytest.raises(PairError, match="this one is START"):
        make_start(start)
    no_run = EventDocument.from_json('{"eventType": "COMPLETE", "eventTime": "2024-02-20T10:30:00Z"}')
    with pytest.raises(PairError, match="runId"):
        make_start(no_run)
    with pytest.raises(PairError, match="eventTime"):
        make_start(EventDocument.from_json('{"eventType": "COMPLETE", "run": {"runId": "r"}}'))


def test_the_pair_is_ndjson_start_then_complete_and_both_validate() -> None:
    complete = complete_with_stats()
    text = make_pair(complete).ndjson()
    lines = text.splitlines()
    assert len(lines) == 2 and text.endswith("\n")
    entries = read_events(text)
    assert [e.document.event_type for e in entries if e.document] == ["START", "COMPLETE"]
    assert [e.document.run_id for e in entries if e.document] == [complete.run_id] * 2
    assert json.loads(lines[1]) == complete.value
    for entry in entries:
        assert entry.document is not None
        for rules in (TARGET_RULE_SETS["openlineage"], TARGET_RULE_SETS["marquez"]):
            assert [p for p in validate(entry.document.value, rules) if p.severity == "error"] == []


def test_a_one_line_complete_is_kept_byte_for_byte() -> None:
    line = '{"eventType":"COMPLETE","eventTime":"2024-02-20T10:30:00Z","run":{"runId":"r"},"amount":1.10}'
    assert make_pair(EventDocument.from_json(line + "\n")).ndjson().splitlines()[1] == line
    assert '"amount":1.10' in make_pair(EventDocument.from_json(line)).ndjson().splitlines()[0]
