"""The facet catalog: the official facts (keys, containers, versions, URLs) and our own resources."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from composer.core import facets
from composer.core.facets import (
    Container,
    FacetField,
    all_facets,
    facet_sites,
    facets_for,
    guess_kind,
    lookup,
    new_facet,
)
from composer.core.jsontext import parse
from composer.resources import load_json_resource, resource_path
from tests import official_oracle as oracle
from tests.spec_data import SCHEMAS_DIR, example_events, needs_spec

OUR_SCHEMAS = sorted(resource_path("schemas").rglob("*.json"))
CONTAINERS: tuple[Container, ...] = ("run", "job", "dataset", "inputFacets", "outputFacets")


def official(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((SCHEMAS_DIR / "facets" / f"{name}.json").read_text(encoding="utf-8"))
    return found


def walk(node: Any) -> list[Any]:
    found = [node]
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        found += walk(child)
    return found


def spec_urls() -> set[str]:
    """Every `schemaURL` / `_schemaURL` the example events carry."""
    urls: set[str] = set()
    for path in example_events():
        if path.name != "MANIFEST.json":
            text = path.read_text(encoding="utf-8")
            urls |= set(re.findall(r'"_?schemaURL"\s*:\s*"([^"]*)"', text))
    return urls


# --- the official facts -----------------------------------------------------------------------------


@needs_spec
def test_the_catalog_names_every_standard_facet_in_every_container_it_belongs_to() -> None:
    ours = {(spec.key, spec.container): spec.name for spec in all_facets()}
    assert ours == oracle.standard_facets()
    assert {spec.name for spec in all_facets()} == {p.stem for p in (SCHEMAS_DIR / "facets").glob("*.json")}
    assert len(all_facets()) == 40


@needs_spec
@pytest.mark.parametrize("spec", all_facets(), ids=lambda s: f"{s.container}.{s.key}")
def test_versions_and_urls_are_the_official_ones(spec: facets.FacetSpec) -> None:
    schema = official(spec.name)
    assert schema["$id"] == f"https://openlineage.io/spec/facets/{spec.version}/{spec.name}.json"
    assert spec.definition in schema["$defs"]
    assert spec.schema_url == f"{schema['$id']}#/$defs/{spec.definition}"
    published = sorted(p.parent.name for p in (SCHEMAS_DIR / "published" / "facets").glob(f"*/{spec.name}.json"))
    assert list(spec.known_versions) == sorted(published, key=lambda v: tuple(map(int, v.split("-"))))
    assert spec.version == spec.known_versions[-1]


@needs_spec
def test_schema_urls_are_spelled_the_way_producers_spell_them() -> None:
    """Wherever an example carries a standard facet's current version, the URL is ours to the letter."""
    current = {(spec.name, spec.version): spec.schema_url for spec in all_facets()}
    checked = 0
    for url in spec_urls():
        parsed = facets.parse_schema_url(url)
        if parsed in current and "#" in url:
            assert url in {spec.schema_url for spec in all_facets()}, url
            checked += 1
    assert checked >= 10


@needs_spec
def test_known_versions_are_exactly_the_published_files() -> None:
    published = SCHEMAS_DIR / "published"
    assert facets.core_versions() == tuple(p.parent.name for p in sorted(published.glob("*-*-*/OpenLineage.json")))
    for url in spec_urls() | {"https://openlineage.io/spec/2-8-9/OpenLineage.json"}:
        parsed = facets.parse_schema_url(url)
        if parsed is None:
            continue
        name, version = parsed
        core = url.split("#")[0].endswith("/OpenLineage.json")
        file = published / version / "OpenLineage.json" if core else published / "facets" / version / f"{name}.json"
        assert facets.is_known_version(url) == file.is_file(), url


# --- the catalog API ----------------------------------------------------------------------------------


def test_lookup_tells_containers_apart() -> None:
    assert lookup("tags", "run").name == "TagsRunFacet"
    assert lookup("tags", "job").name == "TagsJobFacet"
    assert lookup("dataQualityMetrics", "inputFacets").name == "DataQualityMetricsInputDatasetFacet"
    assert lookup("dataQualityMetrics", "dataset").name == "DataQualityMetricsDatasetFacet"
    assert lookup("dataQualityAssertions", "dataset") is None  # it is an input facet
    assert lookup("spark_properties", "run") is None
    assert sum(len(facets_for(container)) for container in CONTAINERS) == len(all_facets())


def test_facets_shared_by_two_containers_say_which_definition_they_use() -> None:
    lineage_job, lineage_dataset = lookup("lineage", "job"), lookup("lineage", "dataset")
    assert lineage_job and lineage_dataset
    assert (lineage_job.definition, lineage_dataset.definition) == ("LineageJobFacet", "LineageDatasetFacet")
    assert [f.name for f in lineage_job.fields] == ["entries"]
    assert [f.name for f in lineage_dataset.fields] == ["inputs", "fields"]
    subset = lookup("subset", "outputFacets")
    assert subset and subset.schema_url.endswith("#/$defs/OutputSubsetOutputDatasetFacet")
    assert [(f.name, f.type, f.required) for f in subset.fields] == [("outputCondition", "object", True)]


def test_fields_are_read_from_our_schemas() -> None:
    job_type = lookup("jobType", "job")
    assert job_type is not None
    required = {field.name for field in job_type.fields if field.required}
    assert required == {"processingType", "integration"}
    lifecycle = lookup("lifecycleStateChange", "dataset")
    assert lifecycle and lifecycle.fields[0].enum == ("ALTER", "CREATE", "DROP", "OVERWRITE", "RENAME", "TRUNCATE")
    data_source = lookup("dataSource", "dataset")
    assert data_source and FacetField("uri", "string", data_source.fields[1].description, False, "uri") in data_source.fields
    for spec in all_facets():
        assert spec.fields, spec.key
        assert all(field.description and not field.name.startswith("_") for field in spec.fields), spec.key


def test_new_facet_fills_the_base_fields_in_order() -> None:
    made = new_facet("schema", "dataset", "https://example.com/me")
    assert list(made.items()) == [
        ("_producer", "https://example.com/me"),
        ("_schemaURL", "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"),
    ]
    custom = new_facet("myCompany_costs", "run", "https://example.com/me")
    assert custom["_schemaURL"] == "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet"


@pytest.mark.parametrize(
    ("url", "parsed", "known"),
    [
        ("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", ("SchemaDatasetFacet", "1-2-0"), True),
        ("https://openlineage.io/spec/facets/1-0-0/LineageFacet.json#/$defs/LineageJobFacet", ("LineageFacet", "1-0-0"), True),
        ("https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json", ("JobTypeJobFacet", "2-0-4"), True),
        ("https://openlineage.io/spec/facets/1-1-0/BaseSubsetDatasetFacet.json#/$defs/InputSubsetDatasetFacet", ("BaseSubsetDatasetFacet", "1-1-0"), False),
        ("https://openlineage.io/spec/facets/1-0-0/GcpLineageJobFacet.json#/$defs/GcpLineageJobFacet", ("GcpLineageJobFacet", "1-0-0"), True),
        ("https://openlineage.io/spec/facets/1-0-0/NoSuchFacet.json", ("NoSuchFacet", "1-0-0"), False),
        ("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", ("RunEvent", "2-0-2"), True),
        ("https://openlineage.io/spec/1-0-1/OpenLineage.json#/definitions/SchemaDatasetFacet", ("SchemaDatasetFacet", "1-0-1"), True),
        ("https://openlineage.io/spec/2-8-9/OpenLineage.json", ("OpenLineage", "2-8-9"), False),
        ("https://openlineage.io/spec/whatever", None, False),
        ("http://test.schema.url", None, None),
        ("file:/__w/1/s/client/java/../../spec/OpenLineage.json#/$defs/RunEvent", None, None),
        ("https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/spec/OpenLineage.json#/definitions/SchemaDatasetFacet", None, None),
    ],
)  # fmt: skip
def test_schema_urls_are_parsed_and_their_versions_checked(url: str, parsed: Any, known: bool | None) -> None:
    assert facets.parse_schema_url(url) == parsed
    assert facets.is_known_version(url) is known


def test_facet_sites_follow_the_event_kind() -> None:
    dataset = {"namespace": "n", "name": "d", "facets": {"schema": {}}, "inputFacets": {"x": 1}, "outputFacets": {"y": 2}}
    event = {"run": {"facets": {"parent": {}}}, "job": {"facets": {"sql": {}}}, "inputs": [dataset], "outputs": [dataset, 5]}
    found = [(site.path, site.container) for site in facet_sites(event, "RunEvent")]
    assert found == [
        (("run", "facets", "parent"), "run"),
        (("job", "facets", "sql"), "job"),
        (("inputs", 0, "facets", "schema"), "dataset"),
        (("inputs", 0, "inputFacets", "x"), "inputFacets"),
        (("outputs", 0, "facets", "schema"), "dataset"),
        (("outputs", 0, "outputFacets", "y"), "outputFacets"),
    ]
    assert next(facet_sites(event, "JobEvent")).container == "job"
    only_dataset = facet_sites({"dataset": dataset, "run": {"facets": {"a": {}}}}, "DatasetEvent")
    assert [site.path for site in only_dataset] == [("dataset", "facets", "schema")]
    assert list(facet_sites([], "RunEvent")) == []


@pytest.mark.parametrize(
    ("event", "kind"),
    [({"run": {}, "dataset": {}}, "RunEvent"), ({"dataset": {}, "job": {}}, "DatasetEvent"), ({"job": {}}, "JobEvent"),
     ({}, "RunEvent"), ([], "RunEvent")],
)  # fmt: skip
def test_guess_kind(event: Any, kind: str) -> None:
    assert guess_kind(event) == kind


# --- our resources are ours -------------------------------------------------------------------------


@pytest.mark.parametrize("path", OUR_SCHEMAS, ids=lambda p: p.stem)
def test_our_schemas_are_valid_and_point_only_at_our_own_ids(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert jsonschema_rs.meta.is_valid(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://schemas.lineage-composer.local/")
    assert schema["title"] and schema["description"]
    refs = [n["$ref"] for n in walk(schema) if isinstance(n, dict) and isinstance(n.get("$ref"), str)]
    assert all(ref.startswith(("#/", "https://schemas.lineage-composer.local/")) for ref in refs), refs


@needs_spec
def test_no_description_is_copied_from_the_official_schemas() -> None:
    """Facts carry over from the spec; its wording does not (our texts are tooltips for stewards)."""

    def texts(node: Any) -> set[str]:
        found = {n["description"] for n in walk(node) if isinstance(n, dict) and isinstance(n.get("description"), str)}
        return {re.sub(r"\W+", " ", text).strip().lower() for text in found}

    theirs = set().union(*(texts(json.loads(p.read_text("utf-8"))) for p in SCHEMAS_DIR.rglob("*.json")))
    mine = set().union(*(texts(json.loads(p.read_text("utf-8"))) for p in OUR_SCHEMAS))
    catalog = {re.sub(r"\W+", " ", spec.description).strip().lower() for spec in all_facets()}
    assert not (mine | catalog) & theirs


def test_catalog_texts_are_one_plain_sentence() -> None:
    for spec in all_facets():
        assert spec.title and spec.description.endswith(".") and spec.description.count(". ") == 0, spec.key
    catalog = load_json_resource("facets.json")
    assert [entry["schemaFile"] for entry in catalog["facets"]] == [spec.schema_file for spec in all_facets()]
    assert all(resource_path(*spec.schema_file.split("/")).is_file() for spec in all_facets())


@needs_spec
def test_custom_facets_in_the_examples_are_left_alone() -> None:
    """Producers put their own facets next to standard ones; the catalog must not claim them."""
    seen = set()
    for path in example_events():
        if path.name != "MANIFEST.json":
            event = parse(path.read_text(encoding="utf-8")).value
            seen |= {(site.key, site.container) for site in facet_sites(event, guess_kind(event))}
    unknown = {where for where in seen if lookup(*where) is None}
    assert ("spark_properties", "run") in unknown and ("dataQualityAssertions", "dataset") in unknown
