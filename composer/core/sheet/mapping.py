"""Which sheet column plays which part of the lineage, and a first guess from the header names.

A mapping names, for each role (job name, source table, target column ...), the header of the
column that holds it, or nothing. Tables come either as one dotted name or as database, schema
and table columns; datasets' namespaces either as namespace text or as a "system" column whose
values (`prod-postgres`) each stand for one namespace, which the steward chooses once per value
(`system_namespaces`). A mapping is plain data, so a named preset is its `to_dict` in a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Role = Literal[
    "job_name",
    "job_namespace",
    "source_namespace",
    "source_system",
    "source_table",
    "source_database",
    "source_schema",
    "source_table_name",
    "source_column",
    "target_namespace",
    "target_system",
    "target_table",
    "target_database",
    "target_schema",
    "target_table_name",
    "target_column",
    "description",
    "sql",
    "event_time",
]

# Role -> what the dialog calls it; the order is the dialog's.
ROLES: dict[Role, str] = {
    "job_name": "Job name",
    "job_namespace": "Job namespace",
    "source_system": "Source system",
    "source_namespace": "Source namespace",
    "source_table": "Source table (dotted name)",
    "source_database": "Source database",
    "source_schema": "Source schema",
    "source_table_name": "Source table (name only)",
    "source_column": "Source column",
    "target_system": "Target system",
    "target_namespace": "Target namespace",
    "target_table": "Target table (dotted name)",
    "target_database": "Target database",
    "target_schema": "Target schema",
    "target_table_name": "Target table (name only)",
    "target_column": "Target column",
    "description": "Description",
    "sql": "SQL",
    "event_time": "Event time",
}
DEFAULT_JOB_NAMESPACE = "manual-lineage"

_SIDES = {
    "source": ("source", "src", "from", "input", "upstream"),
    "target": ("target", "tgt", "to", "dest", "destination", "output", "downstream"),
}
# Role suffix -> header words that name it (after the side word, if any).
_PART_WORDS: dict[str, tuple[str, ...]] = {
    "namespace": ("namespace", "ns", "datasource", "data source", "connection", "uri", "jdbc"),
    "system": ("system", "platform", "source system", "app", "application"),
    "table": ("table", "dataset", "object", "full name", "qualified name", "fqn", "table name full"),
    "database": ("database", "db", "catalog", "project"),
    "schema": ("schema", "dataset schema"),
    "table_name": ("table name", "table only", "name", "object name"),
    "column": ("column", "field", "attribute", "col"),
}
_JOB_WORDS: dict[Role, tuple[str, ...]] = {
    "job_name": ("job", "job name", "process", "process name", "pipeline", "etl", "task", "dataflow", "flow"),
    "job_namespace": ("job namespace", "process namespace", "pipeline namespace", "job system", "scheduler"),
    "description": (
        "description",
        "comment",
        "comments",
        "notes",
        "note",
        "documentation",
        "purpose",
        "transformation",
    ),
    "sql": ("sql", "query", "logic", "transformation sql", "statement", "code"),
    "event_time": ("event time", "eventtime", "time", "timestamp", "run time", "date", "updated", "last run"),
}


@dataclass(frozen=True)
class ColumnMapping:
    """Role -> header; the systems' namespaces; the job namespace when no column holds one."""

    columns: Mapping[Role, str] = field(default_factory=dict)
    system_namespaces: Mapping[str, str] = field(default_factory=dict)
    job_namespace: str = DEFAULT_JOB_NAMESPACE

    def header(self, role: Role) -> str | None:
        return self.columns.get(role) or None

    def with_column(self, role: Role, header: str | None) -> ColumnMapping:
        columns = {key: value for key, value in self.columns.items() if key != role}
        if header:
            columns[role] = header
        return replace(self, columns=columns)

    def with_system(self, value: str, namespace: str) -> ColumnMapping:
        systems = dict(self.system_namespaces)
        if namespace.strip():
            systems[value] = namespace.strip()
        else:
            systems.pop(value, None)
        return replace(self, system_namespaces=systems)

    def missing(self, grouping: str = "job") -> list[str]:
        """What the mapping still needs before any row can become lineage, in plain words."""
        needs = []
        if grouping == "job" and not self.header("job_name"):
            needs.append("a job name column (or group by target table)")
        for side in ("target", "source"):
            if not any(self.header(role) for role in _table_roles(side)):
                needs.append(f"a {side} table column (dotted name, or database/schema/table)")
            if not (self.header(side_role(side, "namespace")) or self.header(side_role(side, "system"))):
                needs.append(f"a {side} namespace or system column")
        return needs

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": dict(self.columns),
            "systemNamespaces": dict(self.system_namespaces),
            "jobNamespace": self.job_namespace,
        }

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> ColumnMapping:
        """Read a preset; unknown roles and values that are not text are left out."""
        columns = value.get("columns", {})
        systems = value.get("systemNamespaces", {})
        job_namespace = value.get("jobNamespace", DEFAULT_JOB_NAMESPACE)
        return cls(
            {role: header for role, header in _items(columns) if role in ROLES},
            dict(_items(systems)),
            job_namespace
            if isinstance(job_namespace, str) and job_namespace.strip()
            else DEFAULT_JOB_NAMESPACE,
        )


def _items(value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, Mapping):
        yield from ((k, v) for k, v in value.items() if isinstance(k, str) and isinstance(v, str) and v)


def side_role(side: str, part: str) -> Role:
    """('source', 'table') -> 'source_table'."""
    return f"{side}_{part}"  # type: ignore[return-value]


def _table_roles(side: str) -> tuple[Role, ...]:
    return (side_role(side, "table"), side_role(side, "table_name"))


def _words(header: str) -> str:
    """'Source_Table-Name' -> 'source table name': how headers are compared."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", header)
    return " ".join(re.split(r"[^0-9a-zA-Z]+", spaced.lower())).strip()


def guess_mapping(headers: Iterable[str], base: ColumnMapping | None = None) -> ColumnMapping:
    """The roles the header names suggest: an exact phrase beats a looser one; each header once."""
    candidates: list[tuple[int, int, Role, str]] = []  # (score, header order, role, header)
    for order, header in enumerate(headers):
        words = _words(header)
        for role, phrases in _role_phrases():
            score = _score(words, phrases)
            if score:
                candidates.append((score, -order, role, header))
    chosen: dict[Role, str] = {}
    used: set[str] = set()
    for _score_value, _order, role, header in sorted(candidates, reverse=True):
        if role not in chosen and header not in used:
            chosen[role] = header
            used.add(header)
    if chosen.get("source_table") and chosen.get("source_table_name"):
        chosen.pop("source_table_name")  # a dotted name and a bare name: the dotted one wins
    if chosen.get("target_table") and chosen.get("target_table_name"):
        chosen.pop("target_table_name")
    mapping = base or ColumnMapping()
    return replace(mapping, columns=chosen)


def _role_phrases() -> Iterable[tuple[Role, tuple[str, ...]]]:
    yield from _JOB_WORDS.items()
    for side, side_words in _SIDES.items():
        for part, part_words in _PART_WORDS.items():
            phrases = tuple(f"{s} {p}" for s in side_words for p in part_words)
            yield side_role(side, part), (*phrases, *side_words) if part == "table" else phrases


def _score(words: str, phrases: tuple[str, ...]) -> int:
    """3: the header is the phrase; 2: it starts or ends with it; 1: it contains it."""
    best = 0
    for phrase in phrases:
        if words == phrase:
            return 3
        if words.startswith(phrase + " ") or words.endswith(" " + phrase):
            best = max(best, 2)
        elif f" {phrase} " in f" {words} ":
            best = max(best, 1)
    return best
