"""What `prepare` reads from each event: its run, type and job, also when they are odd or missing."""

from __future__ import annotations

import json
from typing import Any

from composer.core.eventlog import line_entry
from composer.core.send_plan import Prepared, prepare


def _prepared(event: Any, index: int = 4) -> Prepared:
    return prepare(line_entry(index, index + 1, json.dumps(event)), "openlineage", True)


def test_a_good_event_names_its_run_type_and_job() -> None:
    found = _prepared({"eventType": "COMPLETE", "run": {"runId": "r-1"}, "job": {"namespace": "ns", "name": "j"}})
    assert (found.run_key, found.run_id, found.event_type, found.job) == ("r-1", "r-1", "COMPLETE", "ns j")


def test_missing_or_wrong_typed_values_fall_back_without_failing() -> None:
    bare = _prepared({})
    assert (bare.run_key, bare.run_id, bare.event_type, bare.job) == ("#4", "", "", "")
    odd = _prepared({"eventType": 5, "run": {"runId": 7}, "job": {"name": "only-name"}})
    assert (odd.run_key, odd.run_id, odd.event_type, odd.job) == ("#4", "", "", "only-name")
    listed = _prepared({"eventType": ["START"], "run": [{"runId": "r"}], "job": ["x"]})
    assert (listed.run_key, listed.run_id, listed.event_type, listed.job) == ("#4", "", "", "")
    not_an_object = _prepared([{"run": {"runId": "r"}}])
    assert (not_an_object.run_key, not_an_object.run_id, not_an_object.event_type) == ("#4", "", "")
    assert not_an_object.body == b'[{"run": {"runId": "r"}}]'


def test_malformed_json_is_refused_with_its_reason() -> None:
    found = prepare(line_entry(2, 3, '{"eventType": '), "alation", True)
    assert found.body == b"" and found.run_key == "#2" and found.refusal.startswith("malformed JSON: ")
