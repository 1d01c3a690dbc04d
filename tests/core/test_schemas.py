"""Our schemas and engine give the official verdict: on every example and on edge values.

The official verdict comes from `tests.official_oracle` (reference schemas + reference validator).
The examples show the common case; the edge values are where jsonschema_rs and the reference
validator read JSON differently (format checks, numbers, lone surrogates). Mutation tests and the
canonical-form proof live in test_schemas_differential.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.facets import all_facets
from composer.core.jsontext import FloatLiteral, parse
from composer.core.schemas import SchemaError, load_schema_set
from tests import official_oracle as oracle
from tests.spec_data import EXAMPLES_DIR, example_events, facet_examples, needs_spec

SCHEMAS = load_schema_set()
EVENTS = [path for path in example_events() if path.name != "MANIFEST.json"]
UUID = "0190f4c8-5b6a-7c3d-8e9f-0a1b2c3d4e5f"
PRODUCER = "https://example.com/lineage-composer-tests"
SETTINGS = settings(derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))


def load(path: Path) -> Any:
    return parse(path.read_text(encoding="utf-8")).value


def minimal_event() -> dict[str, Any]:
    return {
        "eventType": "START",
        "eventTime": "2024-05-01T09:30:00Z",
        "producer": PRODUCER,
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": UUID, "facets": {}},
        "job": {"namespace": "ns", "name": "job", "facets": {}},
        "inputs": [{"namespace": "ns", "name": "in", "facets": {}, "inputFacets": {}}],
        "outputs": [{"namespace": "ns", "name": "out", "facets": {}, "outputFacets": {}}],
    }


def assert_agrees(event: Any, note: str = "") -> bool:
    official = oracle.official_verdict(event)
    check = SCHEMAS.check_event(event)
    mine = check.valid and not SCHEMAS.check_facets(event, check.kind)
    assert mine == official, (
        f"{note}\nofficial={official} {oracle.official_errors(event)[:5]}\n"
        f"ours={mine} {[*check.errors, *SCHEMAS.check_facets(event, check.kind)][:5]}"
    )
    return official


# --- the examples ---------------------------------------------------------------------------------


@needs_spec
def test_the_reference_validator_really_asserts_formats() -> None:
    checker = oracle.format_checker()
    assert not checker.conforms("2021-11-03T10:53:52.427343", "date-time")
    assert oracle.broken_published_files()  # the README's broken 1-0-4 ... 2-0-1 files stay out


@needs_spec
@pytest.mark.parametrize("path", EVENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_event_gets_the_official_verdict(path: Path) -> None:
    event = load(path)
    official = assert_agrees(event, str(path))
    if official:
        assert SCHEMAS.check_event(event).kind == oracle.official_kind(event)
    if path.parent.name == "valid":
        assert official
    if path.parent.name == "invalid":
        assert not official


@needs_spec
@pytest.mark.parametrize("path", facet_examples(), ids=lambda p: p.stem)
def test_every_facet_example_validates_against_our_schema(path: Path) -> None:
    manifest = json.loads((EXAMPLES_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["files"] if e["file"] == f"facets/{path.name}"]
    name = Path(entry["validateAgainst"]).stem
    containers = {spec.container for spec in all_facets() if spec.name == name}
    assert containers, f"{name} is not in our catalog"
    for key, facet in load(path).items():
        for container in containers:
            assert SCHEMAS.facet_errors(key, container, facet) == []
            assert oracle.official_facet_errors(key, container, facet) == []


# --- the engine's API -----------------------------------------------------------------------------


def test_an_event_valid_as_two_kinds_fails_the_top_level_one_of() -> None:
    event = minimal_event()
    del event["run"]
    event["dataset"] = {"namespace": "ns", "name": "d"}
    check = SCHEMAS.check_event(event)
    assert check.matched == ("DatasetEvent", "JobEvent")
    assert not check.valid
    assert check.kind == "DatasetEvent"
    assert [(e.kind, e.path) for e in check.errors] == [("oneOf", ())]


@pytest.mark.parametrize(
    ("keys", "kind"),
    [({"run"}, "RunEvent"), ({"dataset"}, "DatasetEvent"), ({"job"}, "JobEvent"), (set(), "RunEvent")],
)
def test_a_broken_event_is_explained_against_the_kind_it_meant(keys: set[str], kind: str) -> None:
    event: dict[str, dict[str, object]] = {key: {} for key in keys}
    check = SCHEMAS.check_event(event)
    assert (check.kind, check.matched, check.valid) == (kind, (), False)
    assert SchemaError((), "required", {"property": "eventTime"}, '"eventTime" is a required property') in check.errors


def test_errors_carry_paths_and_details() -> None:
    event = minimal_event()
    event["run"]["runId"] = "nope"
    event["eventType"] = "DONE"
    del event["job"]["name"]
    event["inputs"][0]["namespace"] = 7
    found = {(e.path, e.kind): e.details for e in SCHEMAS.check_event(event).errors}
    assert found == {
        (("run", "runId"), "format"): {"format": "uuid"},
        (("eventType",), "enum"): {"options": ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]},
        (("job",), "required"): {"property": "name"},
        (("inputs", 0, "namespace"), "type"): {"expected": ["string"]},
    }


def test_facet_errors_are_relative_to_the_facet_and_none_for_non_standard_facets() -> None:
    facet = {"_producer": PRODUCER, "_schemaURL": "https://x.example/s", "fields": [{"type": "INT"}]}
    [error] = SCHEMAS.facet_errors("schema", "dataset", facet) or []
    assert (error.path, error.kind, error.details) == (("fields", 0), "required", {"property": "name"})
    assert SCHEMAS.facet_errors("schema", "run", facet) is None
    assert SCHEMAS.facet_errors("spark_properties", "run", facet) is None
    event = minimal_event()
    event["outputs"][0]["facets"]["schema"] = facet
    assert [e.path for e in SCHEMAS.check_facets(event)] == [("outputs", 0, "facets", "schema", "fields", 0)]


def test_one_of_errors_keep_each_branch() -> None:
    subset = {"_producer": PRODUCER, "_schemaURL": "https://x.example/s", "inputCondition": {"type": "nope"}}
    [error] = SCHEMAS.facet_errors("subset", "inputFacets", subset) or []
    assert error.kind == "oneOf" and error.details["multipleValid"] is False
    assert len(error.details["branches"]) == 2


def test_facet_schema_is_the_file_we_validate_with_and_a_copy() -> None:
    schema = SCHEMAS.facet_schema("tags", "job")
    assert schema is not None and schema["$id"].endswith("/facets/TagsJobFacet.json")
    schema["title"] = "changed"
    assert SCHEMAS.facet_schema("tags", "job") != schema
    assert SCHEMAS.facet_schema("tags", "inputFacets") is None


@pytest.mark.parametrize("event", [None, [], "event", 5, {"run": []}, {"job": {"facets": []}}])
def test_odd_instances_get_a_verdict(event: Any) -> None:
    check = SCHEMAS.check_event(event)
    assert not check.valid and check.errors
    assert SCHEMAS.check_facets(event) == ()


def test_schema_set_is_built_once() -> None:
    assert load_schema_set() is SCHEMAS


# --- numbers and strings jsonschema_rs cannot read as they are ----------------------------------

NUMBERS = [
    10**40, -(10**40), 10**400, 2**63, 2**64, 0, -1, 1.5, True, "1",
    FloatLiteral("1.0"), FloatLiteral("-0"), FloatLiteral("2.5"), FloatLiteral("1E5"),
    FloatLiteral("1e400"), FloatLiteral("-1e400"), float("inf"), float("-inf"), float("nan"),
]  # fmt: skip


def numeric_facets(value: Any) -> list[tuple[str, str, dict[str, Any]]]:
    base = {"_producer": PRODUCER, "_schemaURL": "https://x.example/s"}
    emission = {"eventTrigger": "PERIODIC", "eventContentMode": "ACCUMULATIVE", "windowDuration": value}
    return [
        ("outputFacets", "outputStatistics", {**base, "rowCount": value, "size": 10}),
        ("facets", "dataQualityMetrics", {**base, "columnMetrics": {"c": {"sum": value, "min": value}}}),
        ("facets", "schema", {**base, "fields": [{"name": "c", "ordinal_position": value}]}),
        ("facets", "custom", {**base, "anything": value}),
        ("jobfacets", "jobType", {**base, "processingType": "BATCH", "integration": "X", "emissionPattern": emission}),
    ]


@needs_spec
@pytest.mark.parametrize("value", NUMBERS, ids=repr)
def test_huge_and_odd_numbers_get_the_official_verdict(value: Any) -> None:
    for place, key, facet in numeric_facets(value):
        event = minimal_event()
        owner = event["job"]["facets"] if place == "jobfacets" else event["outputs"][0][place]
        owner[key] = facet
        assert_agrees(event, f"{key} holding {value!r}")


@needs_spec
def test_lone_surrogates_get_the_official_verdict() -> None:
    event = minimal_event()
    event["job"]["facets"]["sql"] = {"_producer": "https://e.com/\ud800", "_schemaURL": "https://e.com/", "query": "\udfff"}
    assert_agrees(event)
    event["job"]["facets"]["sql"]["_producer"] = PRODUCER
    event["job"]["name"] = "\ud83d"
    assert_agrees(event)


# --- formats: where jsonschema_rs and the reference disagree -------------------------------------

FORMAT_SAMPLES = [
    "2024-05-01T09:30:00Z", "2024-05-01t09:30:00z", "2024-05-01T09:30:00", "2024-05-01 09:30:00Z",
    "2016-12-31T23:59:60Z", "2024-05-01T09:30:00Z\n", "0000-01-01T00:00:00Z", "2023-02-29T00:00:00Z",
    "2024-02-29T00:00:00+05:30", "2024-05-01T09:30:00.123456789-07:00", "2024-05-01T24:00:00Z",
    "2024-05-01T09:30:00+0100", "2024-05-01T09:30Z", "2024-05-01", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
    UUID, UUID.upper(), UUID.replace("-", ""), "{" + UUID + "}", "urn:uuid:" + UUID, UUID[:28] + "-" + UUID[28:],
    " " + UUID[1:], UUID + "\n", UUID[:35] + "_", "not-a-uuid",
    "https://example.com/x", "http://test.schema.url", "file:/__w/1/s/spec/OpenLineage.json#/$defs/RunEvent",
    "file", "s3://bucket/key", "https://example.com/a b", "https://example.com/é", "https://example.com\n",
    "https://example.com\n\n", "urn:isbn:0451450523", "https://example.com/%zz", "git@github.com:org/repo.git",
    "a:", "", "https://[::1]:80/", "http://[fe80::1%25en0]/", "HTTP://EXAMPLE.COM/#a#b",
]  # fmt: skip

FORMAT_PLACES = {
    "eventTime": lambda e, v: e.__setitem__("eventTime", v),
    "runId": lambda e, v: e["run"].__setitem__("runId", v),
    "producer": lambda e, v: e.__setitem__("producer", v),
    "nominalTime": lambda e, v: e["run"]["facets"].__setitem__(
        "nominalTime", {"_producer": PRODUCER, "_schemaURL": v, "nominalStartTime": v}
    ),
    "parent": lambda e, v: e["run"]["facets"].__setitem__(
        "parent", {"_producer": v, "_schemaURL": PRODUCER, "run": {"runId": v}, "job": {"namespace": "n", "name": v}}
    ),
}


@needs_spec
@pytest.mark.parametrize("place", FORMAT_PLACES)
def test_format_edge_cases_get_the_official_verdict(place: str) -> None:
    for sample in FORMAT_SAMPLES:
        event = minimal_event()
        FORMAT_PLACES[place](event, sample)
        assert_agrees(event, f"{place} = {sample!r}")


FORMATISH = st.text(alphabet="0123456789abcdefABCDEFtTzZ:-+./ \n_{}%#@?[]é", max_size=40)


@needs_spec
@SETTINGS
@given(
    place=st.sampled_from(sorted(FORMAT_PLACES)),
    seed=st.sampled_from(FORMAT_SAMPLES),
    cut=st.integers(0, 40),
    noise=FORMATISH,
)
def test_fuzzed_format_strings_get_the_official_verdict(place: str, seed: str, cut: int, noise: str) -> None:
    event = minimal_event()
    FORMAT_PLACES[place](event, seed[:cut] + noise + seed[cut:] if noise else seed[:cut])
    assert_agrees(event)


# --- speed ------------------------------------------------------------------------------------


def big_event(datasets: int = 500, fields: int = 50) -> Any:
    """The size the app promises to check interactively, as our JSON parser hands it over."""
    base = {"_producer": PRODUCER, "_schemaURL": "https://openlineage.io/spec/facets/x.json"}
    columns = [{"name": f"c{j}", "type": "VARCHAR", "description": "d", "ordinal_position": j} for j in range(fields)]

    def dataset(i: int) -> dict[str, Any]:
        return {
            "namespace": "postgres://db:5432",
            "name": f"s.t{i}",
            "facets": {
                "schema": {**base, "fields": columns},
                "dataSource": {**base, "name": "db", "uri": "postgres://db:5432"},
                "dataQualityMetrics": {**base, "columnMetrics": {"c0": {"sum": 1.5, "nullCount": 0}}},
            },
            "outputFacets": {"outputStatistics": {**base, "rowCount": 10, "size": 1500}},
        }

    event = minimal_event()
    event["inputs"] = [dataset(i) for i in range(datasets // 2)]
    event["outputs"] = [dataset(i) for i in range(datasets // 2)]
    return parse(json.dumps(event)).value


def test_a_500_dataset_event_validates_well_under_100_ms() -> None:
    event = big_event()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        assert SCHEMAS.conforms(event)
        best = min(best, time.perf_counter() - start)
    assert best < 0.1, f"{best * 1000:.0f} ms"
