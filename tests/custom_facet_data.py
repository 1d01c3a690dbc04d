"""Schemas and events for the `_schemaURL` tests: a custom run facet the way producers write one."""

from __future__ import annotations

from typing import Any

from composer.core.document import EventDocument

BASE_RUN_FACET = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet"

# A producer's own facet schema: the OpenLineage base facet by absolute URL, plus its own fields.
FACET_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "ScheduleRunFacet": {
            "allOf": [
                {"$ref": BASE_RUN_FACET},
                {
                    "type": "object",
                    "required": ["owner"],
                    "properties": {"owner": {"type": "string"}, "retries": {"type": "integer"}},
                },
            ]
        }
    },
}
FRAGMENT = "#/$defs/ScheduleRunFacet"


def event_with(
    facets: dict[str, dict[str, Any]], dataset_facets: dict[str, dict[str, Any]] | None = None
) -> Any:
    """A run event carrying these custom run facets (and optionally one input with dataset facets)."""
    event = EventDocument.new().value
    event["job"] = {"namespace": "airflow://prod", "name": "nightly"}
    event["run"]["facets"] = facets
    if dataset_facets is not None:
        event["inputs"] = [
            {"namespace": "postgres://db:5432", "name": "sales.orders", "facets": dataset_facets}
        ]
    return event


def custom(url: str, **fields: Any) -> dict[str, Any]:
    return {"_producer": "https://example.com/producer", "_schemaURL": url, **fields}
