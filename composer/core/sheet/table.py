"""A sheet's cells as a header and numbered data rows, whatever the spreadsheet did to them.

Stewards' sheets are made for people: a title row above the header, a group header merged over
"System | Database | Schema | Table" for the source and again for the target, blank rows between
blocks. So the header is the first non-blank row, extended by the rows below it while a merged
range from the header band reaches into them (a group header merged across columns always has
its sub-headers in the next row); a column's name is its header cells top to bottom, joined
("Source" over "Table" is "Source Table"). Every data row keeps its number in the file, so a
problem can say "row 17" and mean the row the steward sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# (first row, first column, last row, last column), 1-based and inclusive, as spreadsheets count.
MergedRange = tuple[int, int, int, int]


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number in the file (1-based, the header's rows counted) and its cells."""

    number: int
    cells: tuple[str, ...]

    def cell(self, column: int) -> str:
        return self.cells[column] if column < len(self.cells) else ""


@dataclass(frozen=True)
class SheetTable:
    """The header (unique, non-empty names) and the non-blank data rows under it."""

    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    header_rows: tuple[int, ...] = ()
    blank_rows: int = 0  # blank rows below the header, skipped (said in the summary, not dropped silently)

    def column(self, header: str) -> int | None:
        try:
            return self.headers.index(header)
        except ValueError:
            return None


def tabulate(raw_rows: Iterable[tuple[int, Sequence[str]]], merges: Sequence[MergedRange] = ()) -> SheetTable:
    """The table in `raw_rows` ((row number, cell texts) in file order, blank rows may be left out).

    Merged ranges are filled with their top-left value first, so a merged header names every
    column under it and a merged data cell (one job over three rows) counts for each row.
    """
    rows = _filled([(number, [cell.strip() for cell in cells]) for number, cells in raw_rows], merges)
    filled = [i for i, (_number, cells) in enumerate(rows) if any(cells)]
    if not filled:
        return SheetTable((), ())
    start = filled[0]
    if len(filled) > 1 and _is_title(rows[start][1]) and not _is_title(rows[filled[1]][1]):
        start = filled[1]  # "Lineage mapping, Q3" above the header is a title, not a header
    band = _header_band(rows, start, merges)
    data: list[SheetRow] = []
    blank = 0
    for number, cells in rows[band[-1] + 1 :]:
        if any(cells):
            data.append(SheetRow(number, tuple(cells)))
        else:
            blank += 1
    width = max(_last_filled(cells) for cells in [*(rows[i][1] for i in band), *(row.cells for row in data)])
    headers = _header_names([rows[i][1] for i in band], width)
    data = [SheetRow(row.number, row.cells[:width]) for row in data]
    return SheetTable(headers, tuple(data), tuple(rows[i][0] for i in band), blank)


def _is_title(cells: Sequence[str]) -> bool:
    return len({cell for cell in cells if cell}) == 1


def _last_filled(cells: Sequence[str]) -> int:
    return next((i + 1 for i in range(len(cells) - 1, -1, -1) if cells[i]), 0)


def _filled(rows: list[tuple[int, list[str]]], merges: Sequence[MergedRange]) -> list[tuple[int, list[str]]]:
    if not merges:
        return rows
    by_number = {number: index for index, (number, _cells) in enumerate(rows)}
    for first_row, first_col, last_row, last_col in merges:
        top = by_number.get(first_row)
        if top is None:
            continue
        cells = rows[top][1]
        value = cells[first_col - 1] if first_col - 1 < len(cells) else ""
        for row_number in range(first_row, last_row + 1):
            index = by_number.get(row_number)
            if index is None:
                continue
            target = rows[index][1]
            if len(target) < last_col:
                target.extend([""] * (last_col - len(target)))
            for column in range(first_col - 1, last_col):
                target[column] = value
    return rows


def _header_band(rows: list[tuple[int, list[str]]], start: int, merges: Sequence[MergedRange]) -> list[int]:
    """The indexes of the header's rows: the first non-blank row and any a merge pulls in."""
    band = [start]
    while True:
        last = rows[band[-1]][0]
        pulled = any(
            first_row <= last and (last_row > last or (first_row == last and last_col > first_col))
            for first_row, first_col, last_row, last_col in merges
            if first_row >= rows[start][0]
        )
        following = band[-1] + 1
        if not pulled or following >= len(rows):
            return band
        band.append(following)


def _header_names(band: list[list[str]], width: int) -> tuple[str, ...]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for column in range(width):
        parts: list[str] = []
        for cells in band:
            text = cells[column] if column < len(cells) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        name = " ".join(parts) or f"Column {_letters(column + 1)}"
        count = seen.get(name.casefold(), 0) + 1
        seen[name.casefold()] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return tuple(names)


def _letters(number: int) -> str:
    """1 -> A, 27 -> AA: how a spreadsheet names a column without a header."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
