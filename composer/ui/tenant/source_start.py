"""Build… from a data source: pick one of the tenant's sources and its JDBC URI fills the dialog.

The URI field is where the dialog is surest (it reads the platform, host and port from it), and a
cataloged data source's URI is exactly what Alation matches, so starting from the source skips
copying the URI out of the source's settings page by hand. The list is the window's shared
`SourceChoices`; sources without a namespace are there but cannot be chosen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QGroupBox, QVBoxLayout

from composer.ui.tenant.source_choices import URI_ROLE, SourceChoices
from composer.ui.widget_parts import named


class SourceStart(QGroupBox):
    """A data-source chooser for Build…: choosing one hands its JDBC URI to `use_uri`."""

    def __init__(self, sources: SourceChoices, use_uri: Callable[[str], None]) -> None:
        super().__init__("Start from one of the tenant's data sources")
        self.setObjectName("sourceStart")
        self._use_uri = use_uri
        tip = "Type to search by title, id or host. The source's JDBC URI fills the field below."
        self.combo = named(QComboBox(), "sourceStartChoice", "Data source", tip)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(15)
        self.combo.setModel(sources)  # the window's model: shared, not copied
        finder = QCompleter(sources, self.combo)
        finder.setFilterMode(Qt.MatchFlag.MatchContains)
        finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.combo.setCompleter(finder)
        self.combo.setCurrentIndex(0)  # the header: whose sources, how old
        self.combo.activated.connect(self._chosen)
        QVBoxLayout(self).addWidget(self.combo)

    def choose(self, row: int) -> None:
        """Pick the source at `row` of the shared model (as a click would)."""
        self.combo.setCurrentIndex(row)
        self._chosen(row)

    def _chosen(self, row: int) -> None:
        uri = self.combo.itemData(row, URI_ROLE)
        if isinstance(uri, str) and uri:
            self._use_uri(uri)
