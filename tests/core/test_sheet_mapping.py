"""Guessing which column plays which part from the header names, and presets' plain-data form."""

from __future__ import annotations

from composer.core.sheet import ColumnMapping, guess_mapping


def test_guess_from_a_typical_mapping_sheet() -> None:
    headers = [
        "Job Name", "Job Namespace", "Source System", "Source Database", "Source Schema", "Source Table",
        "Source Column", "Target System", "Target DB", "Target Schema", "Target Table", "Target Column",
        "Description", "SQL", "Event Time",
    ]  # fmt: skip
    columns = guess_mapping(headers).columns
    assert columns == {
        "job_name": "Job Name",
        "job_namespace": "Job Namespace",
        "source_system": "Source System",
        "source_database": "Source Database",
        "source_schema": "Source Schema",
        "source_table": "Source Table",
        "source_column": "Source Column",
        "target_system": "Target System",
        "target_database": "Target DB",
        "target_schema": "Target Schema",
        "target_table": "Target Table",
        "target_column": "Target Column",
        "description": "Description",
        "sql": "SQL",
        "event_time": "Event Time",
    }


def test_guess_with_other_spellings() -> None:
    columns = guess_mapping(
        ["process", "src_namespace", "SourceDataset", "tgt namespace", "Target", "Notes"]
    ).columns
    assert columns["job_name"] == "process"
    assert columns["source_namespace"] == "src_namespace"
    assert columns["source_table"] == "SourceDataset"
    assert columns["target_namespace"] == "tgt namespace"
    assert columns["target_table"] == "Target"
    assert columns["description"] == "Notes"


def test_each_header_plays_one_role_and_unrelated_headers_none() -> None:
    columns = guess_mapping(["Owner", "Job", "Job"]).columns
    assert columns == {"job_name": "Job"}


def test_missing_says_what_is_needed() -> None:
    mapping = ColumnMapping({"target_table": "T", "target_namespace": "N"})
    assert mapping.missing("job") == [
        "a job name column (or group by target table)",
        "a source table column (dotted name, or database/schema/table)",
        "a source namespace or system column",
    ]
    assert guess_mapping(["Job", "Source", "Source namespace", "Target", "Target namespace"]).missing() == []


def test_a_preset_round_trips_and_bad_entries_are_left_out() -> None:
    mapping = ColumnMapping({"job_name": "Job"}, {"pg": "postgres://db:5432"}, "etl")
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping
    odd = ColumnMapping.from_dict(
        {"columns": {"job_name": 3, "nonsense": "X", "sql": "Q"}, "jobNamespace": ""}
    )
    assert odd.columns == {"sql": "Q"} and odd.job_namespace == "manual-lineage"
    assert mapping.with_system("pg", "").system_namespaces == {}
    assert mapping.with_column("job_name", None).columns == {}
