"""The tenant's data sources as rows a namespace picker can offer, one shared model per window.

A namespace is right when it matches a cataloged data source's host:port, so the surest choice is
the data source itself: each row shows the namespace first (what goes into the field), then
"<title> (data source <id>)". Sources whose URI yields no namespace are listed too, marked and
greyed, choosing one changes nothing, and its tooltip says why it has no namespace.

One `SourceChoices` model serves every picker of the window. It is a `QStandardItemModel` on
purpose: the completer scans every row on each keystroke, and a model whose `data()` is
answered in C++ keeps a 5,000-source tenant as fast to type against as a short recents list.
Pickers are made in many places (forms, dataset cards built on demand, the SQL fill dialog)
before the send UI knows the profile, so they find the model through the Qt object tree
(`choices_for`) when their list opens, instead of every constructor on the way passing it down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from composer.ui.theme import colour

if TYPE_CHECKING:
    from composer.core.tenant import DataSource

OBJECT_NAME = "tenantSourceChoices"
# The completer matches on SEARCH_ROLE and inserts NAMESPACE_ROLE (see `NamespacePicker`).
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
NAMESPACE_ROLE = Qt.ItemDataRole.UserRole + 2
URI_ROLE = Qt.ItemDataRole.UserRole + 3
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 4
NO_NAMESPACE = "no namespace"


def source_items(sources: Iterable[DataSource], muted: QColor | None = None) -> list[QStandardItem]:
    """The rows for `sources`, namespaced ones first (each group in the given order).

    Plain `QStandardItem`s are not QObjects, so a worker may build them (5,000 take ~30 ms)
    and the GUI thread only appends them. A worker is handed `muted` (the greyed rows' colour,
    read from the palette on the GUI thread); None reads it here.
    """
    greyed = QBrush(muted if muted is not None else colour("muted"))
    with_namespace: list[QStandardItem] = []
    without: list[QStandardItem] = []
    for source in sources:
        label = source.label
        item = QStandardItem()
        item.setEditable(False)
        item.setData(source.uri, URI_ROLE)
        item.setData(source.id, SOURCE_ID_ROLE)
        if source.namespace:
            item.setText(f"{source.namespace}    {label}")
            item.setData(f"{source.namespace} {label}", SEARCH_ROLE)
            item.setData(source.namespace, NAMESPACE_ROLE)
            item.setToolTip(f"{label}\nJDBC URI: {source.uri}\nNamespace: {source.namespace}")
            with_namespace.append(item)
        else:
            item.setText(f"({NO_NAMESPACE})    {label}")
            item.setData(f"{label} {source.uri} {NO_NAMESPACE}", SEARCH_ROLE)
            # Selectable, as the completer filters out any row that is not, but greyed, and
            # choosing it changes nothing (`NamespacePicker`'s pathFromIndex keeps the text).
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setForeground(greyed)
            item.setToolTip(
                f"{label}\nNo namespace can be read from its JDBC URI: {source.uri or '(none)'}\n"
                f"{source.note}\nOpen Build… and fill in the platform's fields by hand."
            )
            without.append(item)
    return with_namespace + without


class SourceChoices(QStandardItemModel):
    """Every data source of the selected profile's tenant, under a header saying where from."""

    refreshRequested = Signal()  # a picker's "Refresh data sources": fetch them again now

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.setColumnCount(1)  # never 0: a concatenation of models shows the fewest columns
        self.status = ""  # the header's words: whose sources, how old, why not fresh
        self.source_count = 0
        self.longest = ""  # the longest row's text, so a popup can be wide enough for it

    def show_sources(self, items: Sequence[QStandardItem], status: str) -> None:
        """Replace the rows with `items` (from `source_items`) under a header reading `status`.

        The header matches only the empty search (the whole list, Down arrow), so typing shows
        only sources and recents that fit."""
        self.status = status
        self.source_count = len(items)
        self.longest = max((item.text() for item in items), key=len, default=status)
        self.clear()
        self.setColumnCount(1)  # never 0: a concatenation of models shows the fewest columns
        if not items and not status:
            return
        header = QStandardItem(status)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        header.setData("", SEARCH_ROLE)
        font = header.font()
        font.setItalic(True)
        header.setFont(font)
        header.setToolTip(status)
        root = self.invisibleRootItem()
        root.appendRow(header)
        if items:
            root.appendRows(list(items))

    def set_status(self, status: str) -> None:
        """New words for the header, the rows kept (a refresh that failed says why)."""
        self.status = status
        header = self.item(0)
        if header is not None:
            header.setText(status)
            header.setToolTip(status)

    def clear_sources(self) -> None:
        self.show_sources([], "")

    def choices(self) -> list[tuple[str, str, str]]:
        """(display text, namespace or "", JDBC URI) of every data-source row: for Build…, tests."""
        found = []
        for row in range(1, self.rowCount()):
            item = self.item(row)
            found.append((item.text(), item.data(NAMESPACE_ROLE) or "", item.data(URI_ROLE) or ""))
        return found


def choices_for(widget: QObject | None) -> SourceChoices | None:
    """The window's shared `SourceChoices`, found by walking up from `widget` (None outside a
    window that has one, e.g. a picker on its own in a test)."""
    node = widget
    while node is not None:
        found = node.findChild(SourceChoices, OBJECT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
        if found is not None:
            return found
        node = node.parent()
    return None
