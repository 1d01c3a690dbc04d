"""The OpenLineage rule set: spec 2-0-2 event structure plus each standard facet's own schema.

The verdict is the official one (top-level oneOf of RunEvent, DatasetEvent, JobEvent; formats
asserted; standard facets checked by key and place); the words are ours.
"""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.facets import facet_sites
from composer.core.pointer import PointerError, resolve
from composer.core.problems import Problem
from composer.core.schemas import SchemaError, load_schema_set
from composer.core.validation.context import Context, label
from composer.core.validation.wording import explain

RULE_SET = "openlineage"


def openlineage_rules(context: Context) -> Iterator[Problem]:
    schemas = load_schema_set()
    check = schemas.check_event(context.event)
    for error in check.errors:
        yield _problem(context, error, (), check.kind)
    for site in facet_sites(context.event, check.kind):
        for error in schemas.facet_errors(site.key, site.container, site.facet) or ():
            yield _problem(context, error, site.path, check.kind)


def _closest(error: SchemaError) -> SchemaError:
    """For a facet value that fits none of several shapes, the error of the shape it came closest to."""
    branches = error.details.get("branches")
    if error.kind in ("oneOf", "anyOf") and "matched" not in error.details and branches:
        best = min((branch for branch in branches if branch), key=len, default=None)
        if best:
            return _closest(best[0])
    return error


def _problem(context: Context, error: SchemaError, base: tuple[str | int, ...], kind: str) -> Problem:
    error = _closest(error)
    path_parts = (*base, *error.path)
    try:
        value = resolve(context.event, path_parts)
    except PointerError:
        value = None
    wording = explain(error, path_parts, kind, value)
    return Problem(
        "error",
        wording.path,
        f"{label(wording.path)}: {wording.text}",
        wording.hint,
        RULE_SET,
        wording.code,
    )
