"""Lineage from a mapping sheet: the rows a steward keeps (source -> target, job, columns) as events.

Pure data work, no files: `table` turns the cells a reader hands over (CSV or a workbook's
sheet, with its merged ranges) into a header and numbered rows; `mapping` says which column
plays which part and guesses that from header names; `rows` reads one row under a mapping,
or says why it cannot; `events` groups the readable rows into COMPLETE events, one per job or
one per target table; `checks` (imported on its own: it loads the rule sets) validates them. Reading the files is I/O and lives in `composer.services.sheet.reader`.
"""

from __future__ import annotations

from composer.core.sheet.events import (
    GROUPINGS,
    CancelledError,
    EventOptions,
    Grouping,
    SheetEvent,
    SheetResult,
    build_events,
)
from composer.core.sheet.mapping import ROLES, ColumnMapping, Role, guess_mapping
from composer.core.sheet.rows import MappedRow, RowProblem, RowReader, parse_time, read_row, system_values
from composer.core.sheet.table import SheetRow, SheetTable, tabulate

__all__ = [
    "GROUPINGS",
    "ROLES",
    "CancelledError",
    "ColumnMapping",
    "EventOptions",
    "Grouping",
    "MappedRow",
    "Role",
    "RowProblem",
    "RowReader",
    "SheetEvent",
    "SheetResult",
    "SheetRow",
    "SheetTable",
    "build_events",
    "guess_mapping",
    "parse_time",
    "read_row",
    "system_values",
    "tabulate",
]
