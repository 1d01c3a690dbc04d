"""The header and rows of a steward's sheet: titles, merged group headers, blank rows, duplicates."""

from __future__ import annotations

from composer.core.sheet import tabulate


def test_first_non_blank_row_is_the_header_and_blank_rows_are_counted_not_kept() -> None:
    table = tabulate(
        [(1, ["", ""]), (2, ["Job", "Target"]), (3, ["a", "t1"]), (4, ["", ""]), (5, ["b", "t2"])]
    )
    assert table.headers == ("Job", "Target")
    assert [(row.number, row.cells) for row in table.rows] == [(3, ("a", "t1")), (5, ("b", "t2"))]
    assert table.header_rows == (2,) and table.blank_rows == 1


def test_a_title_row_above_the_header_is_skipped() -> None:
    table = tabulate(
        [(1, ["Lineage mapping, Q3", "", ""]), (3, ["Job", "Source", "Target"]), (4, ["j", "s", "t"])]
    )
    assert table.headers == ("Job", "Source", "Target")
    assert table.rows[0].number == 4


def test_merged_group_headers_name_the_columns_under_them() -> None:
    # Row 1: "Job" merged down over rows 1-2, "Source" over B1:C1, "Target" over D1:E1.
    merges = [(1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 1, 5)]
    rows = [
        (1, ["Job", "Source", "", "Target", ""]),
        (2, ["", "System", "Table", "System", "Table"]),
        (3, ["load", "pg", "s.t", "sf", "a.t"]),
    ]
    table = tabulate(rows, merges)
    assert table.headers == ("Job", "Source System", "Source Table", "Target System", "Target Table")
    assert table.header_rows == (1, 2)
    assert table.rows[0].cells == ("load", "pg", "s.t", "sf", "a.t")


def test_a_merged_data_cell_counts_for_every_row_it_covers() -> None:
    table = tabulate([(1, ["Job", "Target"]), (2, ["load", "t1"]), (3, ["", "t2"])], [(2, 1, 3, 1)])
    assert [row.cells for row in table.rows] == [("load", "t1"), ("load", "t2")]


def test_duplicate_and_missing_header_names_become_unique_and_data_past_the_header_is_kept() -> None:
    table = tabulate([(1, ["Table", "table", ""]), (2, ["a", "b", "extra"])])
    assert table.headers == ("Table", "table (2)", "Column C")
    assert table.rows[0].cells == ("a", "b", "extra")


def test_an_empty_sheet_has_no_header() -> None:
    assert tabulate([(1, ["", " "])]).headers == ()
