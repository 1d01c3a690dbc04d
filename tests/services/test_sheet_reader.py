"""Reading mapping sheets: real .xlsx files (merged headers, several sheets), CSV's many dialects."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from openpyxl import Workbook

from composer.services.sheet.reader import ReadSheet, SheetReadError, read_sheet, sheet_names
from tests.services.sheet_files import HEADER, ROWS, csv_text, grouped_workbook


def _cells(read: ReadSheet) -> list[list[str]]:
    return [list(row.cells) for row in read.table.rows]


def test_workbook_with_merged_group_headers_title_and_blank_rows(tmp_path: Path) -> None:
    path = grouped_workbook(tmp_path / "mapping.xlsx")
    assert sheet_names(path) == ("Read me", "Mapping")
    read = read_sheet(path, sheet="Mapping")
    assert read.sheet == "Mapping" and read.sheet_names == ("Read me", "Mapping")
    assert read.table.headers == (
        "Job",
        "Source System",
        "Source Table",
        "Target System",
        "Target Table",
        "Updated",
    )
    assert read.table.header_rows == (3, 4) and read.table.blank_rows == 1
    assert [row.number for row in read.table.rows] == [5, 7, 8]
    assert _cells(read)[0] == [
        "load_sales",
        "prod-postgres",
        "sales.public.orders",
        "snow",
        "dw.public.sales",
        "2024-02-20T10:30:00",
    ]
    assert _cells(read)[2][5] == "2024"  # a whole number stays one


def test_first_sheet_by_default_and_an_unknown_sheet_is_refused(tmp_path: Path) -> None:
    path = grouped_workbook(tmp_path / "mapping.xlsx")
    assert read_sheet(path).table.headers == ("This workbook documents manual lineage.",)
    with pytest.raises(SheetReadError, match="has no sheet “Nope”; its sheets are “Read me”, “Mapping”"):
        read_sheet(path, sheet="Nope")


def test_a_large_workbook_is_streamed_with_progress(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for number in range(1200):
        sheet.append([f"job_{number}", *ROWS[0][1:]])
    book.save(tmp_path / "big.xlsx")
    seen: list[tuple[int, int]] = []
    read = read_sheet(tmp_path / "big.xlsx", progress=lambda done, total: seen.append((done, total)))
    assert len(read.table.rows) == 1200 and read.table.rows[-1].cells[0] == "job_1199"
    assert seen[0] == (200, 1201) and seen[-1] == (1200, 1201)


def test_a_damaged_workbook_and_an_old_xls_are_refused_with_the_way_out(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetReadError, match=r"not a readable \.xlsx workbook .* save it again as \.xlsx"):
        read_sheet(tmp_path / "bad.xlsx")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SheetReadError, match=r"old Excel \(\.xls\) workbook: save it as \.xlsx or CSV UTF-8"):
        read_sheet(tmp_path / "old.xls")


def test_csv_with_odd_quoting(tmp_path: Path) -> None:
    text = (
        "Job,Description,Source Table\n"
        '"load ""sales""","two\nlines, and a comma",a.b.c\n'
        'plain,  spaced  ,"x.y.z"\n'
        '"",,\n'
        'last,"ends ""quoted""",q.r.s'
    )
    (tmp_path / "odd.csv").write_text(text, encoding="utf-8")
    read = read_sheet(tmp_path / "odd.csv")
    assert read.delimiter == ","
    assert _cells(read) == [
        ['load "sales"', "two\nlines, and a comma", "a.b.c"],
        ["plain", "spaced", "x.y.z"],
        ["last", 'ends "quoted"', "q.r.s"],
    ]
    assert [row.number for row in read.table.rows] == [2, 3, 5] and read.table.blank_rows == 1


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "bom.csv").write_bytes(codecs.BOM_UTF8 + csv_text().encode("utf-8"))
    read = read_sheet(tmp_path / "bom.csv")
    assert read.table.headers == tuple(HEADER)  # no "\ufeffJob"
    assert read.encoding == "utf-8-sig" and read.notes == ()
    assert _cells(read)[2][1] == "Kunden (München)"


def test_semicolon_separated_as_excel_writes_it_in_europe(tmp_path: Path) -> None:
    (tmp_path / "semi.csv").write_text(csv_text(";"), encoding="utf-8")
    read = read_sheet(tmp_path / "semi.csv")
    assert read.delimiter == ";" and read.table.headers == tuple(HEADER)
    assert _cells(read)[0][1] == "Daily sales, by store"
    explicit = read_sheet(tmp_path / "semi.csv", delimiter=",")  # told otherwise: no such header
    assert explicit.delimiter == "," and "Job" not in explicit.table.headers


def test_tsv_by_its_suffix(tmp_path: Path) -> None:
    (tmp_path / "map.tsv").write_text(csv_text("\t"), encoding="utf-8")
    assert read_sheet(tmp_path / "map.tsv").table.headers == tuple(HEADER)


def test_a_latin1_file_is_detected_and_said_never_mojibake(tmp_path: Path) -> None:
    (tmp_path / "latin.csv").write_bytes(csv_text(";").encode("latin-1"))
    read = read_sheet(tmp_path / "latin.csv")
    assert read.encoding == "cp1252"
    assert _cells(read)[2][1] == "Kunden (München)"  # not "MÃ¼nchen", not "M�nchen"
    (note,) = read.notes
    assert "latin.csv is not UTF-8 (byte 0xFC at line 4" in note and "read as Windows-1252 (Latin-1)" in note
    strict = pytest.raises(
        SheetReadError, match=r"latin.csv is not UTF-8: byte 0xFC at line 4, byte \d+ cannot be read"
    )
    with strict:
        read_sheet(tmp_path / "latin.csv", encoding="utf-8")


def test_text_that_fits_no_western_encoding_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cyrillic.csv").write_bytes("Job,Table\nзагрузка,a.b\n".encode("koi8-r"))
    with pytest.raises(
        SheetReadError, match=r"is not UTF-8 .* does not read as Windows-1252 / Latin-1 either"
    ):
        read_sheet(tmp_path / "cyrillic.csv")
    assert read_sheet(tmp_path / "cyrillic.csv", encoding="latin-1").encoding == "latin-1"  # when told


def test_utf16_with_its_mark_and_nul_bytes_without(tmp_path: Path) -> None:
    (tmp_path / "u16.csv").write_bytes(csv_text("\t").encode("utf-16"))
    assert read_sheet(tmp_path / "u16.csv").table.headers == tuple(HEADER)
    (tmp_path / "u16le.csv").write_bytes(csv_text().encode("utf-16-le"))
    with pytest.raises(SheetReadError, match="holds NUL bytes"):
        read_sheet(tmp_path / "u16le.csv")


def test_a_missing_file_and_a_workbook_named_csv(tmp_path: Path) -> None:
    with pytest.raises(SheetReadError, match=r"cannot read .*gone\.csv: No such file"):
        read_sheet(tmp_path / "gone.csv")
    grouped_workbook(tmp_path / "book.xlsx").rename(tmp_path / "book.csv")
    with pytest.raises(SheetReadError, match="is a zip archive, not CSV text"):
        read_sheet(tmp_path / "book.csv")
