"""Turn a SQL proposal plus the user's namespace choices into datasets and column lineage.

A table in SQL is `schema.table` or `db.schema.table`; a dataset name in an event must have the
shape its platform has in Alation (`database.schema.table` for PostgreSQL, `database.table` for
MySQL), which the namespace decides. So names are worked out per chosen namespace, with the
default database filling what the SQL leaves out.

Applying never duplicates and never drops: a dataset already in the event (same namespace and
name) is kept as it is and only gains column lineage, merged into any it already has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from composer import PRODUCER
from composer.core.document import EventDocument, Side
from composer.core.facets import new_facet
from composer.core.namespaces import parse_namespace
from composer.core.pointer import PointerError
from composer.core.sql_lineage import SqlProposal, TableRef


class FillError(ValueError):
    """The event has a shape the fill cannot write into; the message says where and what to do."""


@dataclass(frozen=True)
class TableChoice:
    """Where one table lives: the namespace the user picked and the dataset name to write."""

    namespace: str
    name: str


@dataclass(frozen=True)
class FillResult:
    document: EventDocument
    added: tuple[str, ...]  # "inputs: ns name" lines, for a summary
    kept: tuple[str, ...]  # datasets that were already there
    column_fields: int  # output columns that got (or gained) lineage


def dataset_name(table: TableRef, namespace: str, default_database: str = "") -> str:
    """The name `table` should have as a dataset under `namespace` (its platform's shape)."""
    database = table.database or default_database.strip() or None
    found = parse_namespace(namespace) if namespace else None
    rule = found.platform.name_rule if found else None
    if rule is not None and rule.kind == "parts" and len(rule.parts) == 2:
        parts = [table.schema or database, table.table]
    elif rule is not None and rule.kind == "parts" and len(rule.parts) == 1:
        parts = [table.table]
    else:
        parts = [database, table.schema, table.table]
    return ".".join(_quoted(part) for part in parts if part)


def suggest_namespace(document: EventDocument, table: TableRef) -> str:
    """The namespace of a dataset already in the event that looks like `table`, else ""."""
    wanted = table.qualified.lower()
    for ref in document.iter_datasets():
        name = ref.name.lower()
        if ref.namespace and (name == wanted or name.endswith("." + wanted)):
            return ref.namespace
    return ""


def apply_proposal(
    document: EventDocument,
    proposal: SqlProposal,
    choices: Mapping[TableRef, TableChoice],
    *,
    query: str | None = None,
    producer: str = PRODUCER,
) -> FillResult:
    """A copy of `document` with the chosen tables as datasets and their column lineage.

    Tables missing from `choices` are left out (and so are lineage entries that come from them).
    `query`, when given, becomes the job's SQL facet query (the facet is created if absent, with
    the proposal's dialect).
    """
    target = document.copy()
    if not isinstance(target.value, dict):
        raise FillError("The event is not a JSON object; Fill from SQL needs one event.")
    if target.kind == "DatasetEvent":
        raise FillError("A DatasetEvent has no inputs or outputs; Fill from SQL needs a run or job event.")
    added: list[str] = []
    kept: list[str] = []
    where: dict[tuple[Side, TableRef], str] = {}
    sides: tuple[tuple[Side, tuple[TableRef, ...]], ...] = (
        ("inputs", proposal.inputs),
        ("outputs", proposal.outputs),
    )
    for side, tables in sides:
        for table in tables:
            choice = choices.get(table)
            if choice is None:
                continue
            pointer, new = _ensure_dataset(target, side, choice)
            where[(side, table)] = pointer
            (added if new else kept).append(f"{side}: {choice.namespace} {choice.name}")
    column_fields = 0
    for table in proposal.outputs:
        output = where.get(("outputs", table))
        if output is not None:
            fields = _lineage_fields(proposal, table, choices)
            column_fields += _add_column_lineage(target, output, fields, producer)
    if query is not None:
        try:
            _set_query(target, query, proposal.dialect, producer)
        except PointerError as error:
            raise FillError(f"The job's facets cannot take the SQL ({error}); fix them in the JSON view first.") from None
    return FillResult(target, tuple(added), tuple(kept), column_fields)


def _quoted(part: str) -> str:
    return f'"{part}"' if "." in part else part


def _ensure_dataset(document: EventDocument, side: Side, choice: TableChoice) -> tuple[str, bool]:
    """The pointer of the dataset (existing or appended) and whether it was appended."""
    listed = document.get(f"/{side}", None)
    if listed is None:
        document.set(f"/{side}", [])
    elif not isinstance(listed, list):
        raise FillError(f"{side} is not a list in this event; fix it in the JSON view first.")
    for ref in document.datasets(side):
        if (ref.namespace, ref.name) == (choice.namespace, choice.name):
            return ref.path, False
    document.insert(f"/{side}/-", {"namespace": choice.namespace, "name": choice.name})
    return f"/{side}/{len(document.get(f'/{side}')) - 1}", True


def _lineage_fields(
    proposal: SqlProposal, output: TableRef, choices: Mapping[TableRef, TableChoice]
) -> dict[str, list[dict[str, str]]]:
    """The facet's `fields` for one output: only sources from tables the user kept."""
    fields: dict[str, list[dict[str, str]]] = {}
    for mapping in proposal.mappings_for(output):
        entries = [
            {"namespace": chosen.namespace, "name": chosen.name, "field": source.column}
            for source in mapping.sources
            if (chosen := choices.get(source.table)) is not None
        ]
        if entries:
            fields[mapping.column] = entries
    return fields


def _add_column_lineage(
    document: EventDocument, pointer: str, fields: dict[str, list[dict[str, str]]], producer: str
) -> int:
    if not fields:
        return 0
    dataset = document.get(pointer)
    facets = dataset.get("facets") if isinstance(dataset, dict) else None
    if facets is not None and not isinstance(facets, dict):
        raise FillError(f"{pointer}/facets is not an object; fix it in the JSON view first.")
    facet_pointer = f"{pointer}/facets/columnLineage"
    existing = document.get(facet_pointer, None)
    if existing is None:
        facet: dict[str, Any] = new_facet("columnLineage", "dataset", producer)
        facet["fields"] = {column: {"inputFields": entries} for column, entries in fields.items()}
        document.set(facet_pointer, facet)
        return len(fields)
    if not isinstance(existing, dict) or not isinstance(existing.get("fields", {}), dict):
        raise FillError(f"{facet_pointer} is not a column lineage object; fix it in the JSON view first.")
    merged = _merged_fields(existing.get("fields", {}), fields)
    document.set(f"{facet_pointer}/fields", merged)
    return len(fields)


def _merged_fields(current: dict[str, Any], new: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """`current` with the new input fields added: nothing already there is changed or removed."""
    merged = dict(current)
    for column, entries in new.items():
        entry = merged.get(column)
        if not isinstance(entry, dict) or not isinstance(entry.get("inputFields"), list):
            if column not in merged:
                merged[column] = {"inputFields": entries}
            continue
        known = {_identity(item) for item in entry["inputFields"]}
        extra = [item for item in entries if _identity(item) not in known]
        if extra:
            merged[column] = {**entry, "inputFields": [*entry["inputFields"], *extra]}
    return merged


def _identity(item: Any) -> tuple[Any, Any, Any]:
    if not isinstance(item, dict):
        return (None, None, repr(item))
    return (item.get("namespace"), item.get("name"), item.get("field"))


def _set_query(document: EventDocument, query: str, dialect: str, producer: str) -> None:
    pointer = "/job/facets/sql"
    existing = document.get(pointer, None)
    if existing is None:
        if not isinstance(document.get("/job", None), dict):
            raise FillError("The event has no job object to hold the SQL; fix it in the JSON view first.")
        facet: dict[str, Any] = new_facet("sql", "job", producer)
        facet["query"] = query
        if dialect != "generic":
            facet["dialect"] = dialect
        document.set(pointer, facet)
    elif not isinstance(existing, dict):
        raise FillError(f"{pointer} is not an object; fix it in the JSON view first.")
    elif existing.get("query") != query:
        document.set(f"{pointer}/query", query)
