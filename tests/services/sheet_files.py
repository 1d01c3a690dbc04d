"""Mapping sheets written the way stewards' tools write them, for the reader, CLI and window tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

PG = "postgres://prod-db.example.com:5432"
SF = "snowflake://acme.eu-west-1.snowflakecomputing.com"
HEADER = ["Job", "Description", "Source System", "Source Table", "Source Column", "Target System",
          "Target Table", "Target Column"]  # fmt: skip
ROWS = [
    ["load_sales", "Daily sales, by store", "prod-postgres", "sales.public.orders", "id", "snow", "dw.public.sales", "order_id"],
    ["load_sales", "Daily sales, by store", "prod-postgres", "sales.public.orders", "amount", "snow", "dw.public.sales", "amount"],
    ["load_users", "Kunden (München)", "prod-postgres", "crm.public.users", "", "snow", "dw.public.users", ""],
]  # fmt: skip


def grouped_workbook(path: Path) -> Path:
    """A workbook as a steward lays it out: a notes sheet first, then the mapping with a title,
    a "Source" / "Target" group header merged over its columns, "Job" merged down, blank rows."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["This workbook documents manual lineage."])
    sheet = book.create_sheet("Mapping")
    sheet.append(["Lineage mapping, Q3"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Job", "Source", None, "Target", None, "Updated"])
    sheet.append([None, "System", "Table", "System", "Table", None])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:E3")
    sheet.merge_cells("F3:F4")
    sheet.append(
        [
            "load_sales",
            "prod-postgres",
            "sales.public.orders",
            "snow",
            "dw.public.sales",
            datetime(2024, 2, 20, 10, 30),
        ]
    )
    sheet.append([])
    sheet.append(
        [
            "load_sales",
            "prod-postgres",
            "sales.public.items",
            "snow",
            "dw.public.sales",
            datetime(2024, 2, 20, 11, 0),
        ]
    )
    sheet.append(["load_users", "prod-postgres", "crm.public.users", "snow", "dw.public.users", 2024.0])
    book.save(path)
    return path


def csv_text(separator: str = ",") -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if separator in text or '"' in text else text

    return "\r\n".join(separator.join(cell(value) for value in row) for row in [HEADER, *ROWS]) + "\r\n"
