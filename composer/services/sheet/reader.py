"""Reading a mapping sheet from disk: CSV, TSV or an .xlsx workbook, into a `SheetTable`.

Workbooks are read with openpyxl in read-only mode (it streams the sheet's XML, so a 10,000-row
sheet costs little memory). Read-only mode does not report merged ranges, which a steward's
header uses ("Source" merged over its System, Database, Schema and Table columns), so they are
read from the sheet's own `<mergeCell ref="A1:D1"/>` entries, which the XML keeps after the cells.
Text files go through `sheet_text` (encoding and separator). Every failure is a `SheetReadError`
whose message is the one line the window and the command show.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from composer.core.sheet.table import MergedRange, SheetTable, tabulate
from composer.services.sheet.suffixes import WORKBOOK_SUFFIXES
from composer.services.sheet.text import AUTO, SheetTextError, choose_delimiter, csv_rows, decode

Progress = Callable[[int, int], None]  # (rows read, rows in all or 0 when not known)
_PROGRESS_EVERY = 200
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


class SheetReadError(Exception):
    """The sheet cannot be read; the message says what and what to do."""


@dataclass(frozen=True)
class ReadSheet:
    """What was read and how: the table, the workbook's sheets, the encoding and separator used."""

    table: SheetTable
    sheet: str = ""
    sheet_names: tuple[str, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    notes: tuple[str, ...] = ()


def read_sheet(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str = AUTO,
    delimiter: str | None = None,
    progress: Progress | None = None,
) -> ReadSheet:
    """Read `path` (by its suffix); `sheet` names a workbook's sheet (default: the first)."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path, sheet, progress)
    if suffix == ".xls":
        raise SheetReadError(f"{path.name} is an old Excel (.xls) workbook: save it as .xlsx or CSV UTF-8.")
    if sheet:
        raise SheetReadError(f"{path.name} is a text file with one table: it has no sheet “{sheet}”.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetReadError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        decoded = decode(data, path.name, encoding)
    except SheetTextError as error:
        raise SheetReadError(str(error)) from None
    separator = choose_delimiter(decoded.text, suffix, delimiter)
    total = decoded.text.count("\n") + 1
    rows = _reporting(csv_rows(decoded.text, separator), total, progress)
    table = tabulate(rows)
    return ReadSheet(table, "", (), decoded.encoding, separator, (decoded.note,) if decoded.note else ())


def sheet_names(path: Path) -> tuple[str, ...]:
    """A workbook's sheet names, in the workbook's order (a text file: none)."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return ()
    workbook = _open_workbook(path)
    try:
        return tuple(workbook.sheetnames)
    finally:
        workbook.close()


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook  # noqa: PLC0415 (only workbooks pay for importing it)
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise SheetReadError(f"cannot read {path}: {error.strerror or error}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise SheetReadError(
            f"{path.name} is not a readable .xlsx workbook (damaged, password-protected, or another "
            f"format: {error}). Open it in Excel and save it again as .xlsx, or as CSV UTF-8."
        ) from None


def _read_workbook(path: Path, sheet: str | None, progress: Progress | None) -> ReadSheet:
    workbook = _open_workbook(path)
    try:
        names = tuple(workbook.sheetnames)
        if not names:
            raise SheetReadError(f"{path.name} has no sheets.")
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise SheetReadError(
                f"{path.name} has no sheet “{chosen}”; its sheets are {', '.join(f'“{n}”' for n in names)}."
            )
        worksheet = workbook[chosen]
        total = worksheet.max_row or 0
        raw = (
            (number, [_text(value) for value in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
        rows = list(_reporting(raw, total, progress))
        merges = _merged_ranges(path, getattr(worksheet, "_worksheet_path", ""))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetReadError(f"{path.name}: the sheet “{sheet or ''}” cannot be read ({error}).") from None
    finally:
        workbook.close()
    return ReadSheet(tabulate(rows, merges), chosen, names)


def _reporting(
    rows: Iterator[tuple[int, list[str]]], total: int, progress: Progress | None
) -> Iterator[tuple[int, list[str]]]:
    for count, row in enumerate(rows, start=1):
        if progress is not None and count % _PROGRESS_EVERY == 0:
            progress(count, total if total >= count else 0)  # 0: how many is not known
        yield row


def _merged_ranges(path: Path, member: str) -> list[MergedRange]:
    """The sheet's merged ranges, from its XML (streamed, after the cells)."""
    if not member:
        return []
    found: list[MergedRange] = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as xml:
        while chunk := xml.read(1 << 20):
            data = tail + chunk
            found.extend(_range(first, last) for first, last in _MERGE.findall(data))
            cut = data.rfind(b"<")
            tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
    return found


def _range(first: bytes, last: bytes) -> MergedRange:
    (col1, row1), (col2, row2) = (_coordinate(first.decode()), _coordinate(last.decode()))
    return (row1, col1, row2, col2)


def _coordinate(text: str) -> tuple[int, int]:
    match = _CELL.fullmatch(text)
    if match is None:
        raise ValueError(f"not a cell reference: {text}")
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return column, int(match.group(2))


def _text(value: Any) -> str:
    """A cell's value as the text a steward typed: 2024 not 2024.0, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
