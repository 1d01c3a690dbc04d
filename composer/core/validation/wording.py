"""Schema errors in a data steward's words, never a raw schema dump."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from composer.core.pointer import format_pointer
from composer.core.schemas import SchemaError

_FACET_CONTAINERS = ("facets", "inputFacets", "outputFacets")
_TYPE_WORDS = {
    "string": "text",
    "object": "an object { … }",
    "array": "a list [ … ]",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_FORMAT_WORDS = {
    "date-time": (
        "must be an ISO 8601 date-time with a time zone",
        "Write it like 2024-02-20T10:30:00.000Z (Z means UTC) or with an offset such as +02:00.",
    ),
    "uuid": (
        "must be a UUID",
        "Use a value like 0190f3a2-7c4e-7b1a-9d2f-3c5e5e5e5e5e (Regenerate makes a new one).",
    ),
    "uri": (
        "must be an absolute URI",
        "Start it with a scheme, e.g. https://github.com/myorg/my-etl or https://openlineage.io/spec/….",
    ),
}
# A facet value that misses the format its schema annotates: valid (an annotation), but a tool
# that reads the value as that format will fail on it. (message after the value, hint)
_MISSED_FORMAT_WORDS = {
    "uri": (
        "is not an absolute URI; receivers accept it, but tools that resolve it will not",
        "The facet's schema annotates it as a URI; if you control the producer, write it with a scheme, "
        "e.g. s3://bucket/path, postgres://host:5432/db or https://github.com/org/repo/blob/main/job.py.",
    ),
    "uuid": (
        "is not a UUID; receivers accept it, but tools that look that run up by its runId will not find it",
        "Use the runId that run's own events carry (a UUID).",
    ),
    "date-time": (
        "is not an RFC 3339 date-time with a time zone; receivers accept it, but tools that read it as a "
        "time may skip it or place it hours off",
        "Write it like 2024-02-20T10:30:00Z (Z means UTC) or with an offset such as +02:00.",
    ),
}
_REQUIRED_HINTS = {
    "runId": "Generate a UUID for this run (Regenerate).",
    "eventTime": "Set the time the event happened, e.g. 2024-02-20T10:30:00.000Z (Now).",
    "producer": "Name the tool that wrote the event with a URI, e.g. https://github.com/myorg/custom-etl/v1.0.0.",
    "schemaURL": "Use https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent.",
    "_producer": "Every facet names its producer: a URI for the tool that wrote it.",
    "_schemaURL": "Every facet names the schema it follows, e.g. "
    "https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json#/$defs/DocumentationJobFacet.",
    "namespace": "Use the namespace of the data source or scheduler, e.g. postgres://host:5432.",
    "name": "Give the full name, e.g. sales_db.public.transactions.",
    "run": "Add a run object with a runId.",
    "job": "Add the job: its namespace and name.",
    "dataset": "A dataset event carries one dataset with namespace and name.",
}


@dataclass(frozen=True)
class Wording:
    path: str
    text: str
    hint: str
    code: str


def explain_format_miss(fmt: str, value: str) -> tuple[str, str]:
    """(message, hint) for a facet value that misses the format its schema annotates (a warning)."""
    text, hint = _MISSED_FORMAT_WORDS.get(
        fmt, (f"is not a valid {fmt}; receivers accept it, but tools that read it as one will not", "")
    )
    return f"{value!r} {text}", hint


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def explain(error: SchemaError, path: tuple[str | int, ...], kind: str, value: Any = None) -> Wording:
    """Words for one schema error; `value` is what the event holds at `path` (for type errors)."""
    where = format_pointer(path)
    details = error.details
    if error.kind == "required":
        prop = str(details.get("property", "?"))
        inside_facet = any(part in _FACET_CONTAINERS for part in path)
        if inside_facet and prop not in ("_producer", "_schemaURL"):
            hint = f"Add {prop}: this facet's schema requires it (the Add facet menu fills a complete facet)."
        else:
            hint = _REQUIRED_HINTS.get(prop, f"Add {prop}.")
        return Wording(
            format_pointer((*path, prop)),
            "missing; the OpenLineage spec requires it",
            hint,
            f"required.{prop}",
        )
    if error.kind == "type":
        expected = details.get("expected", [])
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)
        found = _type_name(value)
        return Wording(where, f"must be {wanted}, not {found}", f"Change it to {wanted}.", "type")
    if error.kind == "format":
        fmt = str(details.get("format", ""))
        text, hint = _FORMAT_WORDS.get(fmt, (f"must be a valid {fmt}", ""))
        return Wording(where, text, hint, f"format.{fmt}")
    if error.kind == "enum":
        options = ", ".join(str(o) for o in details.get("options", []))
        return Wording(where, f"must be one of {options}", "Pick one of the listed values.", "enum")
    if error.kind == "oneOf":
        return Wording(
            where,
            "the event fits more than one event kind (run, dataset and job events exclude each other)",
            "A run event has run and job; a job event has job but no run; a dataset event has dataset "
            "but not both job and run.",
            "oneOf",
        )
    if error.kind == "not":
        return Wording(
            where,
            f"a {kind} must not carry this combination of keys",
            "A job event has no run; a dataset event does not have both job and run.",
            "not",
        )
    if error.kind == "additionalProperties":
        extra = details.get("unexpected", [])
        return Wording(
            where,
            f"unexpected key(s) {', '.join(map(str, extra))}",
            "Remove them or move them into a custom facet.",
            "additionalProperties",
        )
    return Wording(where, f"does not match the spec ({error.message})", "", error.kind)
