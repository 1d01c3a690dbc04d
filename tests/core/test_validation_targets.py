"""The per-receiver rule sets (Marquez, DataHub, OpenMetadata) and what each target checks."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from composer.core.document import EventDocument
from composer.core.validation import RULE_SETS, TARGET_RULE_SETS, validate
from tests.core.test_validation_alation import GOOD

NOW = datetime(2024, 2, 21, tzinfo=UTC)
RECEIVERS = {"marquez": "Marquez", "datahub": "DataHub", "openmetadata": "OpenMetadata"}


def found(event: Any, rule_set: str, **kwargs: Any) -> dict[str, tuple[str, str]]:
    return {p.path: (p.severity, p.code) for p in validate(event, [rule_set], now=NOW, **kwargs)}


def codes(event: Any, rule_set: str) -> set[str]:
    return {p.code for p in validate(event, [rule_set], now=NOW)}


def changed(**parts: Any) -> dict[str, Any]:
    event = copy.deepcopy(GOOD)
    event.update(parts)
    return event


def without(*keys: str) -> dict[str, Any]:
    event = copy.deepcopy(GOOD)
    for key in keys:
        del event[key]
    return event


def test_every_profile_target_has_rule_sets_that_exist() -> None:
    assert set(TARGET_RULE_SETS) == {"alation", "openlineage", "marquez", "datahub", "openmetadata"}
    for names in TARGET_RULE_SETS.values():
        assert all(name in RULE_SETS for name in names)


@pytest.mark.parametrize("target", sorted(TARGET_RULE_SETS))
def test_the_good_event_has_no_errors_for_any_target(target: str) -> None:
    assert [p for p in validate(GOOD, TARGET_RULE_SETS[target], now=NOW) if p.severity == "error"] == []


def test_the_receiver_rule_sets_are_quiet_on_a_good_event() -> None:
    assert found(GOOD, "marquez") == {}
    assert found(GOOD, "openmetadata") == {}
    assert codes(GOOD, "datahub") == {"datahub.job.grouping"}  # a note on how DataHub groups the job


@pytest.mark.parametrize("target", ["marquez", "datahub", "openmetadata", "openlineage"])
def test_no_alation_advice_for_another_target(target: str) -> None:
    broken = changed(
        eventType="START",
        eventTime="2024-02-20T10:30:00",
        run={"runId": "test-run-001"},
        inputs=[{"namespace": "my-datasource-namespace", "name": ""}],
        outputs=[{"namespace": "redshift://examplecluster.us-west-2:5439", "name": "dev.public.t"}],
    )
    del broken["producer"]
    problems = validate(broken, TARGET_RULE_SETS[target], now=NOW)
    assert problems
    for problem in problems:
        assert "Alation" not in problem.message + problem.hint, problem
    if target in RECEIVERS:
        own = [p for p in problems if p.rule_set == target]
        assert own and all(RECEIVERS[target] in p.message for p in own if p.severity == "error")


def test_lint_portable_drops_only_alations_namespace_advice() -> None:
    event = changed(
        outputs=[{"namespace": "redshift://examplecluster.us-west-2:5439", "name": "dev.public.t"}]
    )
    assert found(event, "lint")["/outputs/0/namespace"][1] == "lint.namespace.not-alation-form"
    assert "/outputs/0/namespace" not in found(event, "lint-portable")
    unknown = changed(inputs=[{"namespace": "my-datasource-namespace", "name": "t"}])
    assert found(unknown, "lint-portable")["/inputs/0/namespace"] == ("warning", "lint.namespace.unknown")
    assert "Alation" in validate(unknown, ["lint"], now=NOW)[0].hint


# --- Marquez ----------------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"])
def test_marquez_accepts_every_event_type(event_type: str) -> None:
    assert found(changed(eventType=event_type), "marquez") == {}


def test_marquez_required_fields() -> None:
    for key in ("eventTime", "producer"):
        assert found(without(key), "marquez")[f"/{key}"] == ("error", f"required.{key}")
    assert found(changed(run={}), "marquez")["/run/runId"] == ("error", "required.run/runId")
    assert found(changed(job={"namespace": "ns"}), "marquez")["/job/name"][0] == "error"
    nameless = changed(outputs=[{"namespace": "postgres://db:5432"}])
    assert found(nameless, "marquez")["/outputs/0/name"] == ("error", "required.dataset.name")
    assert "/schemaURL" not in found(without("schemaURL"), "marquez"), "Marquez does not need it"


def test_marquez_time_zone_and_type() -> None:
    assert found(changed(eventTime="2024-02-20T10:30:00"), "marquez")["/eventTime"][0] == "error"
    assert found(changed(eventTime="yesterday"), "marquez")["/eventTime"] == ("error", "format.date-time")
    assert found(changed(eventType="DONE"), "marquez")["/eventType"] == ("error", "enum.eventType")
    assert found(without("eventType"), "marquez")["/eventType"] == ("info", "marquez.no-event-type")


def test_marquez_namespace_rules() -> None:
    spaced = changed(job={"namespace": "my etl?", "name": "j"})
    problem = next(p for p in validate(spaced, ["marquez"]) if p.path == "/job/namespace")
    assert (problem.severity, problem.code) == ("warning", "marquez.namespace.rewritten")
    assert "'my_etl_'" in problem.message
    fine = changed(job={"namespace": "s3://bucket-1/a_b.c@d+e:f", "name": "j"})
    assert "/job/namespace" not in found(fine, "marquez")
    long = changed(inputs=[{"namespace": "a" * 1025, "name": "t"}])
    assert found(long, "marquez")["/inputs/0/namespace"] == ("error", "marquez.namespace.length")
    assert "/inputs/0/namespace" not in found(
        changed(inputs=[{"namespace": "a" * 1024, "name": "t"}]), "marquez"
    )


def test_marquez_notes_a_run_without_datasets_but_not_a_dataset_event() -> None:
    assert found(changed(inputs=[], outputs=[]), "marquez")[""] == ("info", "marquez.no-datasets")
    dataset_event = {
        "eventTime": GOOD["eventTime"],
        "producer": GOOD["producer"],
        "dataset": {"namespace": "postgres://db:5432", "name": "a.b.c"},
    }
    assert "/run/runId" not in found(dataset_event, "marquez")


# --- DataHub ----------------------------------------------------------------------------------


def test_datahub_keeps_the_spec_checks_but_relaxes_run_id_and_zone() -> None:
    assert found(without("producer"), "datahub")["/producer"] == ("error", "required.producer")
    legacy = found(changed(run={"runId": "test-run-001"}), "datahub")
    assert legacy["/run/runId"] == ("info", "datahub.runId.derived")
    zoneless = found(changed(eventTime="2024-02-20T10:30:00"), "datahub")
    assert zoneless["/eventTime"] == ("warning", "format.date-time")
    assert found(changed(eventTime="yesterday"), "datahub")["/eventTime"][0] == "error"
    assert found(changed(eventType="START"), "datahub").get("/eventType") is None


def test_datahub_refuses_duplicate_keys() -> None:
    text = (
        '{"eventType": "COMPLETE", "eventType": "COMPLETE", "eventTime": "2024-02-20T10:30:00.000Z",'
        ' "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"},'
        ' "job": {"namespace": "ns", "name": "j"}, "producer": "https://x.example/p",'
        ' "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}'
    )
    document = EventDocument.from_json(text)
    problems = validate(document.value, ["datahub"], duplicate_keys=document.duplicate_keys)
    assert [(p.severity, p.path) for p in problems if p.code == "datahub.duplicate-key"] == [("error", "")]
    assert "datahub.duplicate-key" not in codes(GOOD, "datahub")


def test_datahub_job_grouping_and_custom_facets() -> None:
    dotted = validate(changed(job={"namespace": "prod", "name": "orders_etl.count_orders"}), ["datahub"])
    note = next(p for p in dotted if p.code == "datahub.job.grouping")
    assert "'orders_etl'" in note.message
    facets = {
        "myCompany_owner": {
            "_producer": "https://x.example",
            "_schemaURL": "https://x.example/s.json",
            "a": 1,
        },
        "documentation": {
            "_producer": "https://x.example",
            "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json",
            "description": "d",
        },
    }
    result = found(changed(job={"namespace": "ns", "name": "j", "facets": facets}), "datahub")
    assert result["/job/facets/myCompany_owner"] == ("info", "datahub.facet.opaque")
    assert "/job/facets/documentation" not in result


# --- OpenMetadata -----------------------------------------------------------------------------


def test_openmetadata_complete_only() -> None:
    assert found(changed(eventType="START"), "openmetadata")["/eventType"] == (
        "warning",
        "openmetadata.not-complete",
    )
    assert "/eventType" not in found(without("eventType"), "openmetadata"), "omitted: processed"
    assert found(changed(eventType="DONE"), "openmetadata")["/eventType"] == ("error", "enum.eventType")


def test_openmetadata_inputs_and_outputs_required() -> None:
    assert found(changed(inputs=[]), "openmetadata")["/inputs"] == ("error", "openmetadata.inputs.empty")
    assert found(without("outputs"), "openmetadata")["/outputs"] == ("error", "openmetadata.outputs.empty")
    nameless = changed(inputs=[{"name": "a.b.c"}])
    assert found(nameless, "openmetadata")["/inputs/0/namespace"][0] == "error"


def test_openmetadata_required_envelope() -> None:
    for key in ("eventTime", "producer", "schemaURL"):
        assert found(without(key), "openmetadata")[f"/{key}"][0] == "error"
    assert found(changed(run={"runId": "test-run-001"}), "openmetadata")["/run/runId"] == (
        "error",
        "format.uuid",
    )
    dataset_event = {"eventTime": GOOD["eventTime"], "dataset": {"namespace": "n", "name": "d"}}
    assert found(dataset_event, "openmetadata")["/run"] == ("error", "openmetadata.run-event-only")
    assert found(changed(eventTime="2024-02-20T12:30:00+02:00"), "openmetadata")["/eventTime"] == (
        "info",
        "openmetadata.eventTime.utc",
    )


def test_required_fields_in_a_section_of_the_wrong_shape_count_as_missing() -> None:
    """A run or job that is a list, null or text has no runId or name in it."""
    for shape in ([{"runId": "x"}], None, "r"):
        assert found(changed(run=shape), "marquez")["/run/runId"] == ("error", "required.run/runId")
    for shape in ([{"name": "x", "namespace": "y"}], None, "job"):
        problems = found(changed(job=shape), "openmetadata")
        assert problems["/job/name"] == ("error", "required.job/name")
        assert problems["/job/namespace"] == ("error", "required.job/namespace")
    blank = {(p.path, p.code) for p in validate(changed(job={"namespace": "  ", "name": 7}), ["marquez"])}
    assert ("/job/namespace", "required.job/namespace") in blank
    assert ("/job/name", "required.job/name") not in blank  # there, if not text: another rule's business
