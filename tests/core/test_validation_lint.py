"""The `lint` rule set: habits that keep hand-written lineage resolvable."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from composer.core.document import EventDocument
from composer.core.validation import validate
from tests.core.test_validation_alation import GOOD

NOW = datetime(2024, 2, 21, tzinfo=UTC)


def lint(event: dict[str, Any], **kwargs: Any) -> dict[str, tuple[str, str]]:
    return {p.path: (p.severity, p.code) for p in validate(event, ["lint"], now=NOW, **kwargs)}


def changed(**parts: Any) -> dict[str, Any]:
    event = copy.deepcopy(GOOD)
    event.update(parts)
    return event


def test_good_event_is_clean() -> None:
    assert lint(GOOD) == {}


def test_run_id_time_and_producer() -> None:
    assert lint(changed(run={"runId": "test-run-001"}))["/run/runId"] == ("warning", "format.uuid")
    assert lint(changed(eventTime="2024-02-20T10:30:00"))["/eventTime"][0] == "warning"
    assert lint(changed(eventTime="2024-03-01T00:00:00Z"))["/eventTime"] == ("warning", "lint.eventTime.future")
    assert "/eventTime" not in lint(changed(eventTime="2024-02-21T00:04:00Z")), "small clock skew is fine"
    assert lint(changed(producer="my script"))["/producer"] == ("warning", "format.uri")


def test_unknown_namespace_and_wrong_name_shape() -> None:
    event = changed(
        inputs=[
            {"namespace": "my-datasource-namespace", "name": "t"},
            {"namespace": "postgres://prod-db.example.com:5432", "name": "public.transactions"},
        ]
    )
    found = validate(event, ["lint"], now=NOW)
    by_path = {p.path: p for p in found}
    assert by_path["/inputs/0/namespace"].code == "lint.namespace.unknown"
    assert "host:port" in by_path["/inputs/0/namespace"].hint
    shape = by_path["/inputs/1/name"]
    assert shape.code == "lint.name.shape"
    assert "database.schema.table" in shape.message + shape.hint


def test_openlineage_form_that_alation_does_not_match() -> None:
    event = changed(outputs=[{"namespace": "redshift://examplecluster.us-west-2:5439", "name": "dev.public.t"}])
    assert lint(event)["/outputs/0/namespace"] == ("warning", "lint.namespace.not-alation-form")


def test_duplicates_and_self_loops() -> None:
    dataset = GOOD["inputs"][0]
    event = changed(inputs=[dataset, dataset], outputs=[dataset])
    found = lint(event)
    assert found["/inputs/1"] == ("warning", "lint.dataset.duplicate")
    assert found["/outputs/0"] == ("info", "lint.dataset.self-loop")


@pytest.mark.parametrize(
    ("url", "known"),
    [
        ("https://openlineage.io/spec/facets/1-0-1/SQLJobFacet.json#/$defs/SQLJobFacet", True),
        ("https://openlineage.io/spec/facets/7-7-7/SQLJobFacet.json#/$defs/SQLJobFacet", False),
        ("https://example.com/schemas/MyFacet.json", True),
    ],
)
def test_facet_schema_versions(url: str, known: bool) -> None:
    event = changed(job={**GOOD["job"], "facets": {"sql": {"_producer": "https://x", "_schemaURL": url, "query": "q"}}})
    found = lint(event)
    assert ("/job/facets/sql/_schemaURL" not in found) == known


def test_unknown_core_schema_version() -> None:
    url = "https://openlineage.io/spec/2-8-9/OpenLineage.json#/$defs/RunEvent"
    assert lint(changed(schemaURL=url))["/schemaURL"] == ("warning", "lint.schema-version.unknown")


def test_repeated_json_keys_come_from_the_document() -> None:
    document = EventDocument.from_json('{"eventType": "COMPLETE", "run": {"runId": "a", "runId": "b"}}')
    found = lint(document.value, duplicate_keys=document.duplicate_keys)
    assert found["/run"] == ("warning", "lint.duplicate-key")


def test_an_empty_dataset_name_is_one_problem_not_two() -> None:
    """Issue 15: the required-name error alone, not also a name-shape warning on the same field."""
    event = changed(outputs=[{"namespace": "postgres://prod-db.example.com:5432", "name": ""}])
    found = [p for p in validate(event, ["alation", "lint"], now=NOW) if p.path == "/outputs/0/name"]
    assert [(p.severity, p.code) for p in found] == [("error", "required.dataset.name")]
