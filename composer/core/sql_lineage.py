"""Propose input and output tables and column lineage from a job's SQL, with `openlineage-sql`.

`openlineage-sql` (the OpenLineage project's Rust SQL parser) is optional: it publishes no Windows
wheels, so it is imported lazily and guarded, and `sql_unavailable()` says in words why the feature
is off instead of the app failing to start. Everything here is a pure function of the SQL text.

The text is split into statements here and each statement is parsed on its own: the library
reports an output column's sources but not which output table the column belongs to, and one
statement (with its one output table) is the unit that answers that. The library gives no
transformation kind (direct, aggregation, filter), so the proposal carries none rather than a
guess.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from composer.core.sql_statements import Statement, split_statements

# What the installed openlineage-sql understands; any other name silently falls back to its
# generic dialect, so the UI offers only these.
DIALECTS: tuple[str, ...] = (
    "generic",
    "ansi",
    "bigquery",
    "databricks",
    "hive",
    "mssql",
    "mysql",
    "postgres",
    "redshift",
    "snowflake",
    "sqlite",
)
# How the SQL facet's `dialect` values (and a few common spellings) map onto those names.
_DIALECT_ALIASES = {
    "postgresql": "postgres",
    "sparksql": "databricks",
    "spark": "databricks",
    "sqlserver": "mssql",
    "tsql": "mssql",
    "mariadb": "mysql",
}
_MODULE = "openlineage_sql"


@dataclass(frozen=True)
class SqlUnavailable:
    """Why Fill from SQL cannot run here, in words for a tooltip or a CLI error."""

    reason: str


class SqlParseError(ValueError):
    """The SQL (or part of it) does not parse; `problems` holds one line per failing statement."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, order=True)
class TableRef:
    """A table as the SQL names it; `database` and `schema` are None when the SQL leaves them out."""

    database: str | None
    schema: str | None
    table: str

    @property
    def qualified(self) -> str:
        return ".".join(part for part in (self.database, self.schema, self.table) if part)


@dataclass(frozen=True)
class SourceColumn:
    table: TableRef
    column: str


@dataclass(frozen=True)
class ColumnMapping:
    """One column of an output table and the input columns its values come from."""

    output: TableRef
    column: str
    sources: tuple[SourceColumn, ...]


@dataclass(frozen=True)
class SqlProposal:
    """What the SQL reads and writes; `notes` say what the parser could not attribute."""

    dialect: str
    inputs: tuple[TableRef, ...]
    outputs: tuple[TableRef, ...]
    columns: tuple[ColumnMapping, ...]
    notes: tuple[str, ...] = ()

    @property
    def tables(self) -> tuple[TableRef, ...]:
        """Every table once, inputs first, in the order the SQL names them."""
        return tuple(dict.fromkeys((*self.inputs, *self.outputs)))

    def mappings_for(self, output: TableRef) -> tuple[ColumnMapping, ...]:
        return tuple(mapping for mapping in self.columns if mapping.output == output)


def sql_unavailable() -> SqlUnavailable | None:
    """None when openlineage-sql can be used, else the reason (checked afresh on every call)."""
    try:
        __import__(_MODULE)
    except ImportError as error:
        if sys.platform.startswith("win"):
            return SqlUnavailable(
                "Fill from SQL needs openlineage-sql, which publishes no Windows packages; "
                "use the app on Linux or macOS for this, or add the datasets by hand."
            )
        return SqlUnavailable(
            "Fill from SQL needs openlineage-sql, which is not installed "
            f"(pip install 'lineage-composer[sql]'). Import failed: {error}"
        )
    return None


def dialect_for(name: str) -> str:
    """The parser dialect for an SQL facet's `dialect` value ("generic" when it knows none)."""
    key = name.strip().lower()
    key = _DIALECT_ALIASES.get(key, key)
    return key if key in DIALECTS else "generic"


def propose(sql: str, dialect: str = "generic", default_schema: str = "") -> SqlProposal:
    """The tables and column lineage of `sql`, parsed as `dialect`.

    `default_schema` qualifies tables the SQL names without a schema. Raises `SqlParseError` when
    there is no statement or any statement does not parse (naming each one), and `RuntimeError`
    when openlineage-sql is missing (check `sql_unavailable()` first).
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}; choose from {', '.join(DIALECTS)}")
    statements = split_statements(sql)
    if not statements:
        raise SqlParseError(["There is no SQL statement to read."])
    library = _library()
    builder = _Builder(dialect)
    failures: list[str] = []
    for number, statement in enumerate(statements, start=1):
        meta = library.parse([statement.text], dialect=dialect, default_schema=default_schema.strip() or None)
        if meta.errors:
            failures.extend(_failure(number, statement, error.message) for error in meta.errors)
            continue
        builder.add(number, meta)
    if failures:
        raise SqlParseError(failures)
    return builder.build()


def _library() -> Any:
    missing = sql_unavailable()
    if missing is not None:
        raise RuntimeError(missing.reason)
    return __import__(_MODULE)


def _failure(number: int, statement: Statement, message: str) -> str:
    first_line = statement.text.strip().splitlines()[0] if statement.text.strip() else ""
    excerpt = first_line if len(first_line) <= 60 else first_line[:57] + "..."
    return f"Statement {number} (line {statement.line}, {excerpt!r}): {message}"


def _table(meta: Any) -> TableRef:
    return TableRef(meta.database or None, meta.schema or None, str(meta.name))


@dataclass
class _Builder:
    """Collects tables and column mappings statement by statement, each table once, in order."""

    dialect: str
    inputs: dict[TableRef, None] = field(default_factory=dict)
    outputs: dict[TableRef, None] = field(default_factory=dict)
    columns: dict[tuple[TableRef, str], dict[SourceColumn, None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, number: int, meta: Any) -> None:
        reads = [_table(table) for table in meta.in_tables]
        writes = [_table(table) for table in meta.out_tables]
        self.inputs.update(dict.fromkeys(reads))
        self.outputs.update(dict.fromkeys(writes))
        if not meta.column_lineage or not writes:
            return
        if len(writes) > 1:
            self.notes.append(f"Statement {number} writes several tables; its column lineage is left out.")
            return
        for lineage in meta.column_lineage:
            self._add_column(number, writes[0], reads, lineage)

    def _add_column(self, number: int, output: TableRef, reads: list[TableRef], lineage: Any) -> None:
        column = str(lineage.descendant.name)
        if column.startswith("_") and column[1:].isdigit():
            self.notes.append(
                f"Statement {number}: an output column is an expression without a name; "
                "give it one with AS to get its column lineage."
            )
            return
        sources = self.columns.setdefault((output, column), {})
        for source in lineage.lineage:
            origin = _table(source.origin) if source.origin is not None else None
            if origin is None and len(reads) == 1:
                origin = reads[0]
            if origin is None:
                self.notes.append(
                    f"Statement {number}: column {source.name!r} is not qualified with its table; "
                    f"qualify it to get its lineage into {column!r}."
                )
                continue
            sources[SourceColumn(origin, str(source.name))] = None

    def build(self) -> SqlProposal:
        both = [table.qualified for table in self.outputs if table in self.inputs]
        if both:
            self.notes.append(f"Both written and read (an intermediate table?): {', '.join(both)}.")
        columns = tuple(
            ColumnMapping(output, column, tuple(sources))
            for (output, column), sources in self.columns.items()
            if sources
        )
        return SqlProposal(
            self.dialect,
            tuple(self.inputs),
            tuple(self.outputs),
            columns,
            tuple(dict.fromkeys(self.notes)),
        )
