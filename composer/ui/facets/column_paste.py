"""Column lists pasted into a schema facet, read from whatever a steward copies them out of.

Stewards copy columns from a spreadsheet or a catalog export (CSV/TSV, with or without a header)
or from the table's DDL; typing twenty rows by hand is where mistakes creep in. Parsing lives
here, free of Qt, so every dialect it understands is pinned down by plain unit tests.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["PastedColumn", "parse_columns", "parse_ddl", "parse_delimited", "to_schema_fields"]


@dataclass(frozen=True)
class PastedColumn:
    name: str
    type: str = ""
    description: str = ""


_CREATE_TABLE = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL|TEMP|TEMPORARY|TRANSIENT|VOLATILE|EXTERNAL|"
    r"UNLOGGED|MULTISET|SET)\s+)*TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?",
    re.IGNORECASE,
)
# Table-level clauses inside the parentheses that are not columns.
_CONSTRAINT_START = re.compile(
    r"^(?:CONSTRAINT|PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE|CHECK|INDEX|KEY|FULLTEXT|SPATIAL|LIKE|EXCLUDE|PERIOD\s+FOR)\b",
    re.IGNORECASE,
)
# Where a column's type ends and its constraints begin.
_TYPE_END = re.compile(
    r"\s+(?:NOT\s+NULL|NULL|DEFAULT|PRIMARY\s+KEY|REFERENCES|UNIQUE|CHECK|CONSTRAINT|COLLATE|COMMENT|"
    r"GENERATED|AUTO_INCREMENT|AUTOINCREMENT|IDENTITY|ENCODE|MASKING\s+POLICY|OPTIONS|AS\s*\(|WITH\s+TAG)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"\bCOMMENT\s*=?\s*'((?:[^']|'')*)'", re.IGNORECASE)
_OPTIONS_DESCRIPTION = re.compile(r"\bdescription\s*=\s*(['\"])((?:(?!\1).)*)\1", re.IGNORECASE | re.DOTALL)
_QUOTED_NAME = re.compile(r'^(?:"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\])')
_SQL_LINE_COMMENT = re.compile(r"--[^\n]*")
_SQL_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)

_NAME_HEADERS = {
    "name",
    "column",
    "column_name",
    "column name",
    "columnname",
    "field",
    "field_name",
    "field name",
}
_TYPE_HEADERS = {"type", "data_type", "data type", "datatype", "column_type", "column type", "sql type"}
_DESCRIPTION_HEADERS = {"description", "comment", "comments", "remarks", "doc", "documentation", "notes"}


def parse_columns(text: str) -> list[PastedColumn]:
    """Columns from DDL when the text holds a CREATE TABLE, else from delimited lines."""
    if _CREATE_TABLE.search(text):
        return parse_ddl(text)
    return parse_delimited(text)


def to_schema_fields(columns: list[PastedColumn]) -> list[dict[str, Any]]:
    """Schema-facet fields; empty parts are left out rather than written as ""."""
    fields: list[dict[str, Any]] = []
    for column in columns:
        field: dict[str, Any] = {"name": column.name}
        if column.type:
            field["type"] = column.type
        if column.description:
            field["description"] = column.description
        fields.append(field)
    return fields


# --- DDL -------------------------------------------------------------------------------------


def parse_ddl(text: str) -> list[PastedColumn]:
    """Columns of the first CREATE TABLE in `text`; constraints and table options are skipped."""
    match = _CREATE_TABLE.search(text)
    if match is None:
        return []
    opening = _column_list_start(text, match.end())
    if opening < 0:
        return []
    body = _balanced_body(text, opening)
    columns = []
    for item in _split_top_level(body):
        column = _ddl_column(item)
        if column is not None:
            columns.append(column)
    return columns


def _column_list_start(text: str, position: int) -> int:
    """Index of the "(" that opens the column list, skipping a quoted table name."""
    quote = ""
    for index in range(position, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in '"`[':
            quote = "]" if char == "[" else char
        elif char == "(":
            return index
        elif char == ";":
            return -1
    return -1


def _balanced_body(text: str, opening: int) -> str:
    """The text between `opening` "(" and its matching ")" (or the end, for a truncated paste)."""
    depth = 0
    quote = ""
    for index in range(opening, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[opening + 1 : index]
    return text[opening + 1 :]


def _split_top_level(body: str) -> list[str]:
    """Split on commas outside parentheses, angle brackets and quotes (NUMERIC(10, 2), STRUCT<a, b>)."""
    body = _SQL_BLOCK_COMMENT.sub(" ", body)
    items: list[str] = []
    depth = 0
    quote = ""
    current: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if quote:
            if char == quote:
                quote = ""
        elif char == "-" and body.startswith("--", index):
            end = body.find("\n", index)
            index = len(body) if end < 0 else end
            continue
        elif char in "'\"`":
            quote = char
        elif char in "(<[":
            depth += 1
        elif char in ")>]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            items.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _ddl_column(item: str) -> PastedColumn | None:
    if _CONSTRAINT_START.match(item):
        return None
    name, rest = _take_name(item)
    if not name:
        return None
    comment = _COMMENT.search(rest)
    description = comment.group(1).replace("''", "'") if comment else ""
    if not description:
        option = _OPTIONS_DESCRIPTION.search(rest)
        description = option.group(2) if option else ""
    column_type = _TYPE_END.sub("", " " + rest).strip()
    column_type = re.sub(r"\s+", " ", _SQL_LINE_COMMENT.sub("", column_type)).strip()
    return PastedColumn(name, column_type, description)


def _take_name(item: str) -> tuple[str, str]:
    quoted = _QUOTED_NAME.match(item)
    if quoted:
        name = next(group for group in quoted.groups() if group is not None)
        return name.replace('""', '"'), item[quoted.end() :].strip()
    parts = item.split(None, 1)
    return parts[0], parts[1] if len(parts) > 1 else ""


# --- delimited -------------------------------------------------------------------------------


def parse_delimited(text: str) -> list[PastedColumn]:
    """Columns from CSV, TSV, semicolon- or pipe-separated lines: `name,type[,description]`.

    A header row is recognised by its words (name/column/field next to type/comment...) and then
    decides which cell is which; without one, cells are taken in the order name, type, description.
    Lines with no separator at all are read as `name [type [description...]]` split on spaces,
    which is how column lists look when copied from a documentation page.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    delimiter = _delimiter(lines[0])
    if delimiter is None:
        rows = [line.split(None, 2) for line in lines]
    else:
        rows = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    order = (0, 1, 2)
    if rows and _is_header(rows[0]):
        order = _header_order(rows[0])
        rows = rows[1:]
    columns = []
    for row in rows:
        name, column_type, description = (_cell(row, index) for index in order)
        if name:
            columns.append(PastedColumn(name, column_type, description))
    return columns


def _delimiter(line: str) -> str | None:
    for candidate in ("\t", ",", ";", "|"):
        if candidate in line:
            return candidate
    return None


def _header_key(cell: str) -> str:
    return cell.strip().strip("\"'").lower()


def _is_header(row: list[str]) -> bool:
    """A header names its name column, and its type or description column too (or has one cell).

    Requiring the second word keeps a real column called `name` (as in `name,VARCHAR`) a column.
    """
    keys = {_header_key(cell) for cell in row}
    if not keys & _NAME_HEADERS:
        return False
    return len(row) == 1 or bool(keys & (_TYPE_HEADERS | _DESCRIPTION_HEADERS))


def _header_order(header: list[str]) -> tuple[int, int, int]:
    keys = [_header_key(cell) for cell in header]

    def find(names: set[str]) -> int:
        return next((index for index, key in enumerate(keys) if key in names), -1)

    return find(_NAME_HEADERS), find(_TYPE_HEADERS), find(_DESCRIPTION_HEADERS)


def _cell(row: list[str], index: int) -> str:
    if index < 0 or index >= len(row):
        return ""
    return row[index].strip().strip('"').strip()
