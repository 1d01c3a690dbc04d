"""The "tenant" rule set: will this event's lineage land on the tenant's cataloged tables?

Alation accepts an event whose namespace matches no data source, and shows its datasets as
temporary (TMP) objects: a 200 with no lineage into the catalog. With a snapshot of the tenant's
data sources and table lookups (`composer.core.tenant.snapshot`), these rules say so before the
send. Without a snapshot (no catalog access) the rule set finds nothing: it cannot know.

A namespace that matches nothing carries a `Replacement` (the closest source's namespace), so the
window can offer a one-click fix and scripts can read `fixPath`/`fixValue`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from composer.core.problems import Problem, Severity
from composer.core.tenant.matching import address, closest_source, matching_sources, table_query
from composer.core.tenant.snapshot import DatasetRef, TenantSnapshot, datasets_of
from composer.core.validation.context import Context, label

RULE_SET = "tenant"


@dataclass(frozen=True)
class Replacement:
    """A fix the window can apply: put `value` at `path` (a JSON pointer)."""

    path: str
    value: str
    label: str


@dataclass(frozen=True)
class TenantProblem(Problem):
    """A tenant finding, with the value that fixes it where there is one."""

    replacement: Replacement | None = None

    def to_dict(self) -> dict[str, str]:
        found = {key: value for key, value in super().to_dict().items() if key != "replacement"}
        if self.replacement is not None:
            found["fixPath"] = self.replacement.path
            found["fixValue"] = self.replacement.value
        return found


def tenant_rules(context: Context) -> Iterator[Problem]:
    snapshot = context.tenant
    if snapshot is None:
        return
    for dataset in datasets_of(context.event):
        yield from _dataset(dataset, snapshot)


def _dataset(dataset: DatasetRef, snapshot: TenantSnapshot) -> Iterator[Problem]:
    path = dataset.path + "/namespace"
    found = matching_sources(dataset.namespace, snapshot.sources)
    if not found:
        yield _unmatched(dataset, snapshot)
        return
    source = found[0]
    if len(found) > 1:
        others = ", ".join(other.label for other in found[1:])
        yield _problem(
            "info",
            path,
            f"matches {source.label} and also {others}; Alation links it to one of them",
            "Check in Alation which data source the lineage appears on.",
            "tenant.namespace-ambiguous",
        )
    query = table_query(source, dataset.name)
    if query is None:
        return
    lookup = snapshot.lookup(query)
    name_path = dataset.path + "/name"
    schemas = " or ".join(repr(schema) for schema in query.schemas)
    if lookup is None:
        return
    if lookup.state == "missing":
        yield _problem(
            "warning",
            name_path,
            f"no table {query.name!r} in schema {schemas} of {source.label}; "
            "its lineage will show a temporary (TMP) object instead of the table",
            "Check the name's spelling and case, or run metadata extraction on the data source "
            "so the table is cataloged.",
            "tenant.table-missing",
        )
    elif lookup.state == "forbidden":
        yield _problem(
            "info",
            name_path,
            f"{source.label} is private to you (403), so the table could not be checked",
            "Ask a data source admin for viewer access to check its tables.",
            "tenant.table-forbidden",
        )
    elif lookup.state == "failed":
        yield _problem(
            "info",
            name_path,
            f"the table could not be checked on {source.label}: {lookup.detail}",
            "Check catalog access in the profile, then check again.",
            "tenant.table-unchecked",
        )


def _unmatched(dataset: DatasetRef, snapshot: TenantSnapshot) -> Problem:
    path = dataset.path + "/namespace"
    where = address(dataset.namespace)
    what = f"host:port {where}" if where else f"the namespace {dataset.namespace!r}"
    closest = closest_source(dataset.namespace, snapshot.sources)
    if closest is None:
        return _problem(
            "warning",
            path,
            f"this dataset will land as TMP: {snapshot.tenant} lists no data source you can see",
            "Catalog the data source in Alation (or ask for access to it), then refresh the list.",
            "tenant.namespace-unmatched",
        )
    text = (
        f"this dataset will land as TMP: no data source has {what}; "
        f"closest: {closest.source.label} {closest.namespace}"
    )
    replacement = Replacement(path, closest.namespace, f"Use {closest.namespace} ({closest.source.title})")
    return TenantProblem(
        "warning",
        path,
        f"{label(path)}: {text}",
        f"Replace the namespace with {closest.namespace} if that is the system the data lives in.",
        RULE_SET,
        "tenant.namespace-unmatched",
        replacement,
    )


def _problem(severity: Severity, path: str, text: str, hint: str, code: str) -> Problem:
    return TenantProblem(severity, path, f"{label(path)}: {text}", hint, RULE_SET, code)
