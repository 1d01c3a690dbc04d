"""Formats in the standard facet schemas are annotations: never an error, a `lint` warning.

The reference validator as the OpenLineage project runs it (`Draft202012Validator(schema)`, no
format checker) accepts `dataSource.uri = "file"`, which the Spark integration sends; so do we.
The core schema's own formats (eventTime, runId, producer, schemaURL, facets' `_producer` and
`_schemaURL`) stay asserted, as README "What gets checked" says. Every format place of every
facet schema is probed here, our verdict and our warnings both compared with the reference's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from composer.core.document import EventDocument
from composer.core.validation import validate
from composer.resources import resource_path
from tests import official_oracle as oracle
from tests.core.test_schemas import FORMAT_SAMPLES, PRODUCER, UUID, minimal_event
from tests.spec_data import example_events, needs_spec

BASE = {"_producer": PRODUCER, "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/X.json"}
JOB = {"namespace": "airflow://prod", "name": "dag.task"}
README = Path(__file__).resolve().parents[2] / "README.md"


def _lineage_job(value: str) -> dict[str, Any]:
    source = {**JOB, "type": "JOB", "runId": value}
    return {**BASE, "entries": [{"namespace": "s3://b", "name": "t", "type": "DATASET", "inputs": [source]},
                                {**JOB, "type": "JOB", "runId": value}]}  # fmt: skip


# (container, key, facet holding the value at every format place, the places as pointers)
PLACES: list[tuple[str, str, Callable[[str], dict[str, Any]], set[str]]] = [
    ("dataset", "dataSource", lambda v: {**BASE, "name": "file", "uri": v}, {"/uri"}),
    ("job", "sourceCodeLocation", lambda v: {**BASE, "type": "git", "url": v}, {"/url"}),
    ("run", "nominalTime", lambda v: {**BASE, "nominalStartTime": v, "nominalEndTime": v},
     {"/nominalStartTime", "/nominalEndTime"}),
    ("run", "parent", lambda v: {**BASE, "run": {"runId": v}, "job": JOB, "root": {"run": {"runId": v}, "job": JOB}},
     {"/run/runId", "/root/run/runId"}),
    ("dataset", "dataQualityMetrics", lambda v: {**BASE, "columnMetrics": {}, "lastUpdated": v}, {"/lastUpdated"}),
    ("inputFacets", "dataQualityMetrics", lambda v: {**BASE, "columnMetrics": {}, "lastUpdated": v}, {"/lastUpdated"}),
    ("run", "jobDependencies", lambda v: {**BASE, "upstream": [{"job": JOB, "run": {"runId": v}}]},
     {"/upstream/0/run/runId"}),
    ("job", "lineage", _lineage_job, {"/entries/0/inputs/0/runId", "/entries/1/runId"}),
    ("dataset", "lineage", lambda v: {**BASE, "inputs": [{**JOB, "type": "JOB", "runId": v}]}, {"/inputs/0/runId"}),
]  # fmt: skip


def placed(container: str, key: str, facet: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A valid run event holding the facet, and the facet's pointer."""
    event = minimal_event()
    owner, field = {
        "run": (event["run"], "/run/facets"),
        "job": (event["job"], "/job/facets"),
        "dataset": (event["inputs"][0], "/inputs/0/facets"),
        "inputFacets": (event["inputs"][0], "/inputs/0/inputFacets"),
    }[container]
    owner["inputFacets" if container == "inputFacets" else "facets"][key] = facet
    return event, f"{field}/{key}"


def schema_formats(node: Any) -> int:
    if isinstance(node, dict):
        return (1 if isinstance(node.get("format"), str) else 0) + sum(schema_formats(v) for v in node.values())
    return sum(schema_formats(v) for v in node) if isinstance(node, list) else 0


def test_the_places_cover_every_format_in_every_facet_schema() -> None:
    counted = {
        path.stem: n
        for path in sorted(resource_path("schemas", "facets").glob("*.json"))
        if (n := schema_formats(json.loads(path.read_text("utf-8"))))
    }
    assert counted == {
        "DataQualityMetricsDatasetFacet": 1, "DataQualityMetricsInputDatasetFacet": 1, "DatasourceDatasetFacet": 1,
        "JobDependenciesRunFacet": 1, "LineageFacet": 2, "NominalTimeRunFacet": 2, "ParentRunFacet": 1,
        "SourceCodeLocationJobFacet": 1,
    }  # fmt: skip
    # ParentRunFacet's one format (RunRef.runId) serves run and root; LineageFacet's two serve three places
    assert sum(len(places) for *_, places in PLACES) == 12


def test_readme_says_which_formats_are_errors_and_which_warnings() -> None:
    section = README.read_text("utf-8").split("## What gets checked", 1)[1].split("\n## ", 1)[0]
    for _container, key, _make, places in PLACES:
        for place in places:
            field = place.rsplit("/", 1)[-1]
            assert re.search(rf"{key}\b[^|\n]*\b{field}\b", section), f"README does not name {key} {field}"
    for core in ("eventTime", "runId", "producer", "schemaURL", "_producer", "_schemaURL"):
        assert core in section


def findings(event: Any) -> list[tuple[str, str, str]]:
    return [(p.severity, p.path, p.code) for p in validate(event, ["openlineage", "lint"])]


@needs_spec
@pytest.mark.parametrize(("container", "key", "make", "places"), PLACES, ids=lambda v: v if isinstance(v, str) else "")
def test_facet_formats_are_warnings_exactly_where_the_reference_annotation_is_missed(
    container: str, key: str, make: Callable[[str], dict[str, Any]], places: set[str]
) -> None:
    warned_some = 0
    for sample in [UUID, "2024-05-01T09:30:00Z", "https://example.com/x", *FORMAT_SAMPLES]:
        event, where = placed(container, key, make(sample))
        assert oracle.official_verdict(event), sample
        found = findings(event)
        assert not [f for f in found if f[0] == "error"], (sample, found)
        warned = {path.removeprefix(where) for severity, path, code in found if code.startswith("lint.facet-format.")}
        assert warned <= places
        assert warned == oracle.official_format_misses(key, container, make(sample)), sample
        warned_some += bool(warned)
    assert warned_some >= 10  # the samples really probe both sides


def test_a_spark_data_source_uri_file_is_valid_with_a_warning_and_a_hint() -> None:
    event, where = placed("dataset", "dataSource", {**BASE, "name": "file", "uri": "file"})
    problems = validate(event, ["openlineage", "lint"])
    [warning] = [p for p in problems if p.path == f"{where}/uri"]
    assert warning.severity == "warning" and warning.rule_set == "lint"
    assert warning.message.endswith(
        "'file' is not an absolute URI; receivers accept it, but tools that resolve it will not"
    )
    assert "s3://" in warning.hint
    assert not [p for p in problems if p.severity == "error"]


def test_a_facet_with_schema_errors_gets_the_error_and_no_format_guesses() -> None:
    facet = {**BASE, "name": 5, "uri": "file"}  # a number where the schema wants text
    event, where = placed("dataset", "dataSource", facet)
    found = [(s, p) for s, p, code in findings(event) if p.startswith(where) and "schema-version" not in code]
    assert found == [("error", f"{where}/name")]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda e: e.__setitem__("eventTime", "2024-05-01T09:30:00"), "/eventTime"),
        (lambda e: e["run"].__setitem__("runId", "run-1"), "/run/runId"),
        (lambda e: e.__setitem__("producer", "my script"), "/producer"),
        (lambda e: e.__setitem__("schemaURL", "OpenLineage.json"), "/schemaURL"),
        (lambda e: e["job"]["facets"].__setitem__("sql", {**BASE, "query": "x", "_producer": "me"}),
         "/job/facets/sql/_producer"),
        (lambda e: e["job"]["facets"].__setitem__("sql", {**BASE, "query": "x", "_schemaURL": "X.json"}),
         "/job/facets/sql/_schemaURL"),
    ],
)
def test_the_cores_own_formats_stay_errors(change: Callable[[dict[str, Any]], None], path: str) -> None:
    event = minimal_event()
    change(event)
    errors = [p for p in validate(event, ["openlineage", "lint"]) if p.severity == "error"]
    assert [p.path for p in errors] == [path]
    assert errors[0].code.startswith("format.")


@needs_spec
@pytest.mark.parametrize("path", example_events(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_where_the_reference_is_looser_only_the_cores_formats_differ(path: Path) -> None:
    """Against the reference exactly as the project runs it (nothing asserted), our only extra
    errors are the core's formats, which the app asserts on purpose."""
    text = path.read_text(encoding="utf-8")
    event = EventDocument.from_json(text).value
    errors = [p for p in validate(event, ["openlineage"]) if p.severity == "error"]
    if oracle.reference_verdict(json.loads(text)):
        assert all(p.code.startswith("format.") for p in errors), errors
        assert all(p.path.rsplit("/", 1)[-1] in {"eventTime", "runId", "producer", "schemaURL", "_producer",
                                                  "_schemaURL"} for p in errors), errors  # fmt: skip
    else:
        assert errors


@pytest.mark.parametrize("number", ["1.5", "1e400", "-1E400"])
def test_format_misses_survive_numbers_the_engine_cannot_read_directly(number: str) -> None:
    """Our parser keeps number spellings in a float subclass, and 1e400 is infinite: jsonschema_rs
    cannot read either as it is, and the misses must still be found."""
    facet = {**BASE, "columnMetrics": {"c": {"sum": 0}}, "lastUpdated": "yesterday"}
    event, where = placed("dataset", "dataQualityMetrics", facet)
    text = json.dumps(event).replace('"sum": 0', f'"sum": {number}')
    parsed = EventDocument.from_json(text).value
    assert ("warning", f"{where}/lastUpdated", "lint.facet-format.date-time") in findings(parsed)
    parsed["inputs"][0]["facets"]["dataQualityMetrics"]["lastUpdated"] = "2024-05-01T09:30:00Z"
    assert not [code for _, _, code in findings(parsed) if code.startswith("lint.facet-format")]
