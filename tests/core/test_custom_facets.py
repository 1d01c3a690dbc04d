"""The pure half of the `_schemaURL` check: which facets are custom, and their verdicts."""

from __future__ import annotations

from typing import Any

from composer.core.validation.custom_facets import (
    check_custom_facet,
    custom_facets,
    split_schema_url,
)
from tests.custom_facet_data import FACET_SCHEMA, FRAGMENT, custom, event_with

DOC = "https://schemas.example.com/schedule.json"


def _only_facet(event: Any) -> Any:
    (facet,) = custom_facets(event)
    return facet


def test_only_custom_facets_with_their_own_schema_are_checked() -> None:
    event = event_with(
        {
            "schedule": custom(DOC + FRAGMENT, owner="ops"),
            "plain": custom("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet"),
            "nominalTime": custom("https://example.com/not-checked-here.json", nominalStartTime="x"),
        }
    )
    found = custom_facets(event)
    assert [(f.pointer, f.document_url) for f in found] == [("/run/facets/schedule", DOC)]


def test_fragment_escapes_are_undone() -> None:
    assert split_schema_url(DOC + "#/%24defs/ScheduleRunFacet") == (DOC, "/$defs/ScheduleRunFacet")


def test_a_valid_facet_has_no_problems_and_official_refs_come_from_our_copies() -> None:
    facet = _only_facet(event_with({"schedule": custom(DOC + FRAGMENT, owner="ops", retries=2)}))
    assert check_custom_facet(facet, {DOC: FACET_SCHEMA}).problems == ()


def test_violations_are_located_at_the_facet_path_in_steward_words() -> None:
    facet = _only_facet(event_with({"schedule": {"_schemaURL": DOC + FRAGMENT, "retries": "three"}}))
    problems = check_custom_facet(facet, {DOC: FACET_SCHEMA}).problems
    by_path = {p.path: p for p in problems}
    assert set(by_path) == {
        "/run/facets/schedule/owner",
        "/run/facets/schedule/retries",
        "/run/facets/schedule/_producer",  # from the OpenLineage base facet, resolved locally
    }
    assert all(p.severity == "error" and p.rule_set == "schemaURL" for p in problems)
    assert (
        "run › facet schedule › retries: must be a whole number, not text (by the schema its _schemaURL names)"
        in by_path["/run/facets/schedule/retries"].message
    )
    assert "facet's own schema (its _schemaURL) requires it" in by_path["/run/facets/schedule/owner"].message


def test_a_missing_fragment_is_reported_on_the_schema_url() -> None:
    facet = _only_facet(event_with({"schedule": custom(DOC + "#/$defs/Nope", owner="ops")}))
    (problem,) = check_custom_facet(facet, {DOC: FACET_SCHEMA}).problems
    assert problem.path == "/run/facets/schedule/_schemaURL" and problem.severity == "warning"
    assert "names #/$defs/Nope, which its schema document does not hold" in problem.message


def test_json_that_is_no_schema_is_said_so() -> None:
    facet = _only_facet(event_with({"schedule": custom(DOC, owner="ops")}))
    (listed,) = check_custom_facet(facet, {DOC: [1, 2]}).problems
    assert "not a JSON Schema" in listed.message
    (broken,) = check_custom_facet(facet, {DOC: {"type": 12}}).problems
    assert "is not a usable JSON Schema" in broken.message and broken.code == "schemaURL.notSchema"


def test_a_reference_to_another_document_is_asked_for_then_used() -> None:
    other = "https://schemas.example.com/common.json"
    schema = {"$ref": other + "#/$defs/Owner"}
    facet = _only_facet(event_with({"schedule": custom(DOC, owner=5)}))
    assert check_custom_facet(facet, {DOC: schema}).needs == other
    common = {"$defs": {"Owner": {"properties": {"owner": {"type": "string"}}}}}
    (problem,) = check_custom_facet(facet, {DOC: schema, other: common}).problems
    assert problem.path == "/run/facets/schedule/owner"


def test_draft_07_definitions_work_too() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"F": {"type": "object", "required": ["owner"]}},
    }
    facet = _only_facet(event_with({"schedule": custom(DOC + "#/definitions/F")}))
    (problem,) = check_custom_facet(facet, {DOC: schema}).problems
    assert problem.path == "/run/facets/schedule/owner"


def test_an_unknown_dialect_is_not_fetched_but_named() -> None:
    facet = _only_facet(event_with({"schedule": custom(DOC, owner="ops")}))
    verdict = check_custom_facet(facet, {DOC: {"$schema": "https://example.com/my-meta", "type": "object"}})
    assert verdict.needs is None
    assert "declares $schema https://example.com/my-meta, which is no JSON Schema draft" in verdict.problems[0].message
