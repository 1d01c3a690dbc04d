"""The gallery's realistic templates: valid for Alation and the spec, lossless, real namespaces."""

from __future__ import annotations

import pytest

from composer.core import namespaces
from composer.core.document import EventDocument
from composer.core.templates import instantiate, template, templates
from composer.core.validation import validate
from composer.resources import resource_path

GALLERY = ("postgres-to-snowflake", "s3-to-redshift", "bigquery", "kafka")
PLATFORMS = {
    "postgres-to-snowflake": {"postgresql", "snowflake"},
    "s3-to-redshift": {"s3", "redshift"},
    "bigquery": {"bigquery"},
    "kafka": {"kafka", "postgresql"},
}


def text_of(template_id: str) -> str:
    entry = template(template_id)
    assert entry.file is not None
    return resource_path("templates", entry.file).read_text(encoding="utf-8")


def test_the_index_keeps_the_old_ids_and_adds_the_gallery() -> None:
    ids = [t.id for t in templates()]
    assert ids[:4] == ["empty", "alation-minimal", "alation-complete", "alation-test"]
    assert set(GALLERY) <= set(ids)


@pytest.mark.parametrize("template_id", GALLERY)
def test_no_errors_for_alation_or_the_spec(template_id: str) -> None:
    event = instantiate(template_id).value
    for rules in (("alation",), ("openlineage",)):
        assert [p for p in validate(event, rules) if p.severity == "error"] == [], rules
    assert [p for p in validate(event, ("alation", "openlineage", "lint")) if p.severity != "info"] == []


@pytest.mark.parametrize("template_id", GALLERY)
def test_round_trip_byte_exact(template_id: str) -> None:
    text = text_of(template_id)
    assert EventDocument.from_json(text).to_json() == text
    edited = EventDocument.from_json(text)
    edited.set("/eventType", "COMPLETE")  # an edit: written back in the file's own layout
    assert edited.modified and edited.to_json() == text


@pytest.mark.parametrize("template_id", GALLERY)
def test_namespaces_parse_with_the_catalog_and_names_fit(template_id: str) -> None:
    event = instantiate(template_id).value
    seen = set()
    for side in ("inputs", "outputs"):
        for dataset in event[side]:
            match = namespaces.parse_namespace(dataset["namespace"])
            assert match is not None, dataset["namespace"]
            seen.add(match.platform.id)
            assert namespaces.build_namespace(match.platform.id, match.values) == dataset["namespace"]
            assert namespaces.check_name(match.platform.id, dataset["name"]) is None, dataset["name"]
    assert seen == PLATFORMS[template_id]


@pytest.mark.parametrize("template_id", GALLERY)
def test_realistic_facets(template_id: str) -> None:
    event = instantiate(template_id).value
    assert "jobType" in event["job"]["facets"]
    assert all("schema" in d["facets"] for d in event["inputs"] + event["outputs"])
    if template_id != "kafka":
        assert "sql" in event["job"]["facets"]
    assert any("columnLineage" in d["facets"] for d in event["outputs"])
