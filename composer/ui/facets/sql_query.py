"""The SQL job facet's query box: highlighted, with "Fill inputs/outputs from SQL…" under it.

The button is disabled, with the reason as its tooltip, where openlineage-sql cannot be imported
(it has no Windows packages). The dialog module is imported only on click, because it builds on
widgets that themselves import this package.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from composer.ui.facets.context import FacetContext, Path
from composer.ui.facets.fields import LongTextBinding
from composer.ui.facets.sql_highlighter import SqlHighlighter


class SqlBinding(LongTextBinding):
    """The query in a monospace box with SQL colouring, roomy enough for a real statement."""

    def __init__(
        self, ctx: FacetContext, path: Path, label: str, description: str, required: bool = False
    ) -> None:
        super().__init__(ctx, path, label, description, required, lines=5, monospace=True)
        self.highlighter = SqlHighlighter(self.edit.document(), self.edit)
        self.fill_button = QPushButton("Fill inputs/outputs from SQL…")
        self.fill_button.setObjectName("fillFromSqlButton")
        self.fill_button.setAccessibleName("Fill inputs and outputs from SQL")
        self.fill_button.clicked.connect(self.open_fill)
        self.refresh_availability()
        self.container = QWidget()
        column = QVBoxLayout(self.container)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.edit)
        row = QHBoxLayout()
        row.addWidget(self.fill_button)
        row.addStretch(1)
        column.addLayout(row)

    @property
    def widget(self) -> QWidget:
        return self.container

    @property
    def focus_widget(self) -> QWidget:
        return self.edit

    def refresh_availability(self) -> None:
        from composer.ui.sql_fill import availability_tip  # noqa: PLC0415 (see the module docstring)

        enabled, tip = availability_tip()
        self.fill_button.setEnabled(enabled)
        self.fill_button.setToolTip(tip)

    def open_fill(self) -> QWidget:
        from composer.ui.sql_fill import open_sql_fill  # noqa: PLC0415 (see the module docstring)

        return open_sql_fill(self.container, self.ctx.model, self.edit.toPlainText())
