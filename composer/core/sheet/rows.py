"""One sheet row read under a mapping: the lineage it states, or why it cannot be used.

Nothing is dropped silently: a row that cannot become lineage yields `RowProblem`s that name
the row number, the column, the value and the reason, and the review lists them. A column
given on one side only (a source column without a target column) means the same column name
on both sides, as mapping sheets for copies usually leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from composer.core.document import utc_now_text
from composer.core.sheet.mapping import ColumnMapping, Role
from composer.core.sheet.mapping import side_role as _role
from composer.core.sheet.table import SheetRow, SheetTable

_DATE_ONLY_LENGTH = 10


@dataclass(frozen=True)
class Dataset:
    namespace: str
    name: str


@dataclass(frozen=True)
class MappedRow:
    """What one row says: a job moves `source` (if any) to `target`, maybe column to column."""

    number: int
    job_namespace: str
    job_name: str
    source: Dataset | None
    target: Dataset
    source_column: str = ""
    target_column: str = ""
    description: str = ""
    sql: str = ""
    event_time: str = ""  # ISO 8601 in UTC, "" when the sheet gives none


@dataclass(frozen=True)
class RowProblem:
    """Why row `row` (its number in the file) could not be used: at `column`, holding `value`."""

    row: int
    column: str
    value: str
    reason: str

    def text(self) -> str:
        where = f"row {self.row}" + (f", column “{self.column}”" if self.column else "")
        shown = f" (value “{self.value}”)" if self.value else " (empty)"
        return f"{where}{shown}: {self.reason}"


class RowReader:
    """Reads rows of one table under one mapping (the column positions are looked up once)."""

    def __init__(self, table: SheetTable, mapping: ColumnMapping, *, need_job: bool = True) -> None:
        self._mapping = mapping
        self._need_job = need_job
        self._index: dict[Role, int] = {}
        for role, header in mapping.columns.items():
            column = table.column(header)
            if column is not None:
                self._index[role] = column

    def _cell(self, row: SheetRow, role: Role) -> str:
        column = self._index.get(role)
        return row.cell(column) if column is not None else ""

    def read(self, row: SheetRow) -> MappedRow | list[RowProblem]:
        problems: list[RowProblem] = []
        job_name = self._cell(row, "job_name")
        if self._need_job and not job_name:
            problems.append(
                self._problem(row, "job_name", "no job name: each row needs the job that moves the data")
            )
        target = self._dataset(row, "target", problems, required=True)
        source = self._dataset(row, "source", problems, required=False)
        source_column, target_column = self._cell(row, "source_column"), self._cell(row, "target_column")
        if source_column and source is None and not problems:
            problems.append(
                self._problem(
                    row, "source_column", "a source column but no source table: name the table it is in"
                )
            )
        event_time = self._event_time(row, problems)
        if problems or target is None:
            return problems
        return MappedRow(
            row.number,
            self._cell(row, "job_namespace") or self._mapping.job_namespace,
            job_name,
            source,
            target,
            source_column or (target_column if source is not None else ""),
            target_column or source_column,
            self._cell(row, "description"),
            self._cell(row, "sql"),
            event_time,
        )

    def _dataset(
        self, row: SheetRow, side: str, problems: list[RowProblem], *, required: bool
    ) -> Dataset | None:
        name = self._table_name(row, side)
        if not name:
            if required:
                problems.append(
                    self._problem(
                        row,
                        _table_role(self._index, side),
                        f"no {side} table: each row needs the table it {'writes' if side == 'target' else 'reads'}",
                    )
                )
            return None
        namespace = self._cell(row, _role(side, "namespace"))
        if namespace:
            return Dataset(namespace, name)
        system = self._cell(row, _role(side, "system"))
        if not system:
            problems.append(
                self._problem(
                    row, _role(side, "namespace"), f"no {side} namespace or system for table {name}"
                )
            )
            return None
        mapped = self._mapping.system_namespaces.get(system) or (system if "://" in system else "")
        if not mapped:
            problems.append(
                self._problem(
                    row,
                    _role(side, "system"),
                    f"the system “{system}” has no namespace yet: choose one for it",
                )
            )
            return None
        return Dataset(mapped, name)

    def _table_name(self, row: SheetRow, side: str) -> str:
        table = self._cell(row, _role(side, "table")) or self._cell(row, _role(side, "table_name"))
        if not table:
            return ""
        prefix = ".".join(
            p for p in (self._cell(row, _role(side, "database")), self._cell(row, _role(side, "schema"))) if p
        )
        if not prefix or table.lower().startswith(prefix.lower() + "."):
            return table  # already the whole dotted name
        return f"{prefix}.{table}"

    def _event_time(self, row: SheetRow, problems: list[RowProblem]) -> str:
        text = self._cell(row, "event_time")
        if not text:
            return ""
        moment = parse_time(text)
        if moment is None:
            problems.append(
                self._problem(
                    row,
                    "event_time",
                    "not a date and time (write it as 2024-02-20T10:30:00Z or 2024-02-20 10:30)",
                )
            )
            return ""
        return utc_now_text(moment)

    def _problem(self, row: SheetRow, role: Role, reason: str) -> RowProblem:
        return RowProblem(row.number, self._mapping.header(role) or "", self._cell(row, role), reason)


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 date or date and time; one without a time zone is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def system_values(table: SheetTable, mapping: ColumnMapping) -> list[str]:
    """The distinct values of the source and target system columns, in the order they appear."""
    columns = [
        table.column(h) for h in (mapping.header("source_system"), mapping.header("target_system")) if h
    ]
    found: dict[str, None] = {}
    for row in table.rows:
        for column in columns:
            if column is not None and (value := row.cell(column)):
                found.setdefault(value, None)
    return list(found)


def read_row(table: SheetTable, mapping: ColumnMapping, row: SheetRow) -> MappedRow | list[RowProblem]:
    """One row on its own (the preview); many rows share a `RowReader`."""
    return RowReader(table, mapping).read(row)


def _table_role(index: dict[Role, int], side: str) -> Role:
    dotted = _role(side, "table")
    return dotted if dotted in index or _role(side, "table_name") not in index else _role(side, "table_name")
