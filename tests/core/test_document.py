import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from composer import PRODUCER
from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.core.pointer import PointerError
from tests.spec_data import example_events, needs_spec

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@needs_spec
@pytest.mark.parametrize("path", example_events(), ids=lambda p: p.name)
def test_every_example_round_trips_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = EventDocument.from_json(text)
    assert document.to_json() == text
    assert not document.modified


@needs_spec
@pytest.mark.parametrize("path", example_events(), ids=lambda p: p.name)
def test_an_edit_keeps_everything_else(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = EventDocument.from_json(text)
    if not isinstance(document.value, dict):
        pytest.skip("not an object")
    document.set("/x-composer-test", 1)
    document.remove("/x-composer-test")
    out = document.to_json()
    assert document.modified
    assert json.loads(out) == json.loads(text)
    # numbers keep their spelling even after re-serialisation
    for literal in re.findall(r"(?<![\w.\"])-?\d+\.\d+(?:[eE][+-]?\d+)?(?![\w\"])", text)[:50]:
        assert literal in out


def test_new_event_has_fresh_ids_time_producer_and_schema() -> None:
    document = EventDocument.new(now=datetime(2024, 2, 20, 10, 30, tzinfo=UTC))
    event = document.value
    assert UUID7.match(event["run"]["runId"])
    assert event["eventTime"] == "2024-02-20T10:30:00.000Z"
    assert event["producer"] == PRODUCER
    assert event["schemaURL"] == "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
    assert EventDocument.new().run_id != EventDocument.new().run_id
    assert EventDocument.new().event_time.endswith("Z")


def test_typed_access_and_pointer_edits() -> None:
    document = EventDocument.from_json(
        '{"eventType":"COMPLETE","run":{"runId":"r"},"job":{"namespace":"ns","name":"j"},'
        '"inputs":[{"namespace":"postgres://h:5432","name":"db.s.t"}],"outputs":[],"zz":{"keep":1.50}}'
    )
    assert (document.event_type, document.run_id, document.job_namespace, document.job_name) == (
        "COMPLETE",
        "r",
        "ns",
        "j",
    )
    assert document.kind == "RunEvent"
    revision = document.revision
    document.set("/job/facets/sql/query", "SELECT 1")
    assert document.revision == revision + 1
    assert document.facets("/job/facets") == {"sql": {"query": "SELECT 1"}}
    document.insert("/outputs/-", {"namespace": "postgres://h:5432", "name": "db.s.u"})
    document.insert("/inputs/0", {"namespace": "n", "name": "first"})
    assert [d.name for d in document.datasets("inputs")] == ["first", "db.s.t"]
    document.move("/inputs/0", 1)
    assert [d.name for d in document.datasets("inputs")] == ["db.s.t", "first"]
    assert document.datasets("outputs")[0].path == "/outputs/0"
    out = document.to_json()
    assert '"keep":1.50' in out
    assert list(json.loads(out)) == ["eventType", "run", "job", "inputs", "outputs", "zz"]
    with pytest.raises(PointerError):
        document.remove("/inputs/9")


def test_copy_is_independent_and_replace_all_takes_text() -> None:
    original = EventDocument.from_json('{"a": [1]}')
    twin = original.copy()
    twin.insert("/a/-", 2)
    assert original.value == {"a": [1]}
    original.replace_all(twin)
    assert original.value == {"a": [1, 2]}


def test_malformed_json_raises_with_position() -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        EventDocument.from_json('{"eventType": "COMPLETE",\n  "run": {"runId": }\n}')
    assert caught.value.line == 2


def test_non_object_json_loads_and_reports_kind() -> None:
    document = EventDocument.from_json("[1, 2]")
    assert document.kind == "RunEvent"
    assert document.datasets("inputs") == []
    assert document.event_type == ""
