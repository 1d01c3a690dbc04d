"""The schema facet's column table, with "paste a column list" from CSV/TSV or CREATE TABLE DDL."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication, QKeySequence

from composer.ui.facets.column_paste import parse_columns, to_schema_fields
from composer.ui.facets.context import FacetContext, Path
from composer.ui.facets.rows import Column, RowsBinding
from composer.ui.facets.shapes import Member

COLUMN_TYPES = (
    "STRING", "VARCHAR", "CHAR", "TEXT", "INTEGER", "INT", "BIGINT", "SMALLINT", "DECIMAL", "NUMERIC",
    "FLOAT", "DOUBLE", "BOOLEAN", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_TZ", "BINARY", "ARRAY",
    "STRUCT", "MAP", "JSON", "VARIANT",
)  # fmt: skip
_SHOWN = ("name", "type", "description")


class SchemaFieldsBinding(RowsBinding):
    """Columns: name, type, description. Nested `fields` and `ordinal_position` are kept, not shown."""

    def __init__(
        self, ctx: FacetContext, path: Path, label: str, description: str, item_members: Sequence[Member]
    ) -> None:
        known = {member.name: member.description for member in item_members}
        columns = [
            Column(key, key.capitalize(), known.get(key, ""), COLUMN_TYPES if key == "type" else ())
            for key in _SHOWN
        ]
        super().__init__(ctx, path, label, description, columns, noun="column")
        self.paste_button = self._button("Paste columns", self.paste_from_clipboard)
        self.paste_button.setToolTip(
            "Append columns copied as CSV/TSV (name, type, description; a header row is optional) "
            "or as a CREATE TABLE statement."
        )
        self.buttons.removeWidget(self.paste_button)
        self.buttons.insertWidget(1, self.paste_button)
        self.on_key(QKeySequence.StandardKey.Paste, self.paste_from_clipboard)

    def paste_from_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> int:
        """Append the columns `text` lists, as one undo step; returns how many were added."""
        fields = to_schema_fields(parse_columns(text))
        if not fields:
            self.show_status("No columns found: copy lines like “id,INTEGER” or a CREATE TABLE statement.")
            return 0
        self.append_rows(fields, f"Paste {len(fields)} columns into {self.ctx.title}")
        self.show_status(f"Added {len(fields)} column{'s' if len(fields) != 1 else ''}.")
        return len(fields)
