"""The namespace field: type-ahead over pinned and recent namespaces, plus the Build… dialog.

A namespace must match what Alation has for the data source character for character, so the
cheapest correct namespace is one that was right before: the picker offers those first (pinned,
then recent) and leaves building new ones to `BuildNamespaceDialog`.

It is a plain `QLineEdit` with a `QCompleter` rather than an editable `QComboBox`, because a combo
box rewrites its text whenever its item list changes, which would lose the cursor, the selection
and the field's own undo history each time the recents are reloaded.
"""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QConcatenateTablesProxyModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QFont, QFontMetrics, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QListView, QPushButton, QToolButton, QWidget

from composer.services.recents import RecentValues
from composer.ui.namespaces.dialog import BuildNamespaceDialog
from composer.ui.tenant.source_choices import NAMESPACE_ROLE, SEARCH_ROLE, SourceChoices, choices_for


class NamespacePicker(QWidget):
    """A namespace field for one place in the event (job, an input, an output).

    `namespaceEdited` fires only for what the user did (typing, a pick from the list, a Build…
    result), never for `setNamespace`, so a caller that mirrors the document into the field can't
    loop back into the document.
    """

    namespaceEdited = Signal(str)
    built = Signal(str, str)  # Build…'s namespace and the database its URI named ("" if none)

    def __init__(
        self, recents: RecentValues | None = None, parent: QWidget | None = None, *, object_name: str = ""
    ) -> None:
        super().__init__(parent)
        self._recents = recents
        self._quiet = False
        self._reported = ""
        base = object_name or "namespace"
        spoken = _spoken(object_name) if object_name else "Namespace"

        self._edit = QLineEdit(self)
        self._edit.setObjectName(object_name)
        self._edit.setAccessibleName(spoken)
        self._edit.setPlaceholderText("e.g. postgres://prod-db.example.com:5432")
        self._edit.setToolTip(
            "Where the data lives, written as Alation has the data source: it matches the namespace by\n"
            "the host:port of the data source's JDBC URI or an Additional Datasource Connection.\n"
            "Type to search pinned and recent namespaces (Down arrow lists them all); Build… makes a new one."
        )
        self._edit.setClearButtonEnabled(True)
        self._edit.setMinimumWidth(self._edit.fontMetrics().averageCharWidth() * 24)
        self._model = QStandardItemModel(0, 1, self)  # one column even when empty (see _choices)
        self._shown_pinned: set[str] = set()
        # The tenant's data sources (when the window has them) above pinned and recent values.
        self._sources: SourceChoices | None = None
        self._choices = QConcatenateTablesProxyModel(self)
        self._choices.addSourceModel(self._model)
        self._completer = _NamespaceCompleter(self._choices, self._edit)
        self._completer.setCompletionRole(SEARCH_ROLE)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(12)
        self._edit.setCompleter(self._completer)
        self._edit.textChanged.connect(self._on_text_changed)
        self._edit.installEventFilter(self)

        self._list_button = self._tool_button(f"{base}Recent", f"{spoken}: pinned and recent")
        self._list_button.setArrowType(Qt.ArrowType.DownArrow)
        self._list_button.setToolTip("Show pinned and recent namespaces (Down arrow in the field).")
        self._list_button.clicked.connect(self.show_completions)
        self._pin_button = self._tool_button(f"{base}Pin", f"Pin {spoken.lower()}")
        self._pin_button.setText("Pin")
        self._pin_button.setCheckable(True)
        self._pin_button.clicked.connect(self._on_pin_clicked)
        self._build_button = QPushButton("Build…", self)
        self._build_button.setObjectName(f"{base}Build")
        self._build_button.setAccessibleName(f"Build {spoken.lower()}")
        self._build_button.setToolTip(
            "Build the namespace from a platform's fields or from the data source's JDBC URI."
        )
        self._build_button.clicked.connect(self.open_builder)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._edit, 1)
        for button in (self._list_button, self._pin_button, self._build_button):
            layout.addWidget(button)
        self._list_button.setVisible(recents is not None)
        self._pin_button.setVisible(recents is not None)
        self.setFocusProxy(self._edit)
        self._reload()
        self._update_pin()

    # --- public API -----------------------------------------------------------------------

    def namespace(self) -> str:
        return self._edit.text()

    def setNamespace(self, text: str) -> None:  # noqa: N802 (Qt naming, as agreed for this API)
        """Show `text` without reporting it as an edit; unchanged text keeps cursor and undo."""
        self._reported = text
        if text == self._edit.text():
            return
        self._quiet = True
        try:
            self._edit.setText(text)
            if not self._edit.hasFocus():
                self._edit.setCursorPosition(0)  # a long namespace then shows its scheme and host
        finally:
            self._quiet = False

    def lineEdit(self) -> QLineEdit:  # noqa: N802 (like QComboBox.lineEdit)
        return self._edit

    def remember(self) -> None:
        """Put the current text at the top of the recents (callers do this on editingFinished)."""
        if self._recents is not None and self._edit.text().strip():
            self._recents.add(self._edit.text())
            self._reload()

    def show_completions(self) -> None:
        """Open the list of every pinned and recent namespace, whatever is typed."""
        self._reload()
        self._edit.setFocus()
        self._completer.setCompletionPrefix("")
        self._completer.complete()

    def open_builder(self) -> BuildNamespaceDialog:
        """Open the Build… dialog on the current text, window-modal but without blocking.

        On OK the result replaces the text, is reported as an edit and is remembered. Returned so
        tests (and automation) can drive the real dialog.
        """
        dialog = BuildNamespaceDialog(self._edit.text(), self)
        dialog.accepted.connect(lambda: self._take_built(dialog.namespace(), dialog.database_hint() or ""))
        dialog.finished.connect(dialog.deleteLater)
        dialog.offer_sources(self._find_sources())  # the tenant's data sources, when there are some
        dialog.open()
        return dialog

    # --- reacting -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._edit:
            if event.type() == QEvent.Type.FocusIn:
                self._reload()  # another field may have remembered something meanwhile
            elif isinstance(event, QContextMenuEvent) and self._find_sources() is not None:
                self._context_menu(event)
                return True
            elif (
                isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down
                and self._recents is not None
                and not self._completion_list_shown()
            ):
                self.show_completions()
                return True
        return super().eventFilter(watched, event)

    def _on_text_changed(self, text: str) -> None:
        self._update_pin()
        if not self._quiet and text != self._reported:
            self._reported = text
            self.namespaceEdited.emit(text)

    def _on_pin_clicked(self, checked: bool) -> None:
        text = self._edit.text()
        if self._recents is None or not text.strip():
            self._update_pin()
            return
        if checked:
            self._recents.pin(text)
        else:
            self._recents.unpin(text)
        self._reload()
        self._update_pin()

    def _take_built(self, namespace: str, database: str = "") -> None:
        self._edit.setFocus()
        if namespace:
            self._edit.setText(namespace)
            self._edit.setCursorPosition(0)  # show the scheme and host, not "…computing.com"
            self.remember()
            self.built.emit(namespace, database)

    # --- helpers --------------------------------------------------------------------------

    def _find_sources(self) -> SourceChoices | None:
        """The window's data sources, attached above the recents the first time they are found."""
        if self._sources is None:
            self._sources = choices_for(self)
            if self._sources is not None:
                self._choices.removeSourceModel(self._model)  # (the concatenation has no insert)
                self._choices.addSourceModel(self._sources)
                self._choices.addSourceModel(self._model)
        return self._sources

    def _context_menu(self, event: QContextMenuEvent) -> None:
        menu = self._edit.createStandardContextMenu()
        sources = self._sources
        if menu is None or sources is None:
            return
        menu.addSeparator()
        refresh = menu.addAction("Refresh data sources")
        refresh.setToolTip(sources.status)
        refresh.triggered.connect(sources.refreshRequested)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def _reload(self) -> None:
        """Refill the list from the store; the field's text is not touched."""
        self._find_sources()
        if self._recents is None:
            self._fit_popup([])
            return
        pinned = set(self._recents.pinned())
        values = self._recents.values()
        shown = [self._model.item(row).text() for row in range(self._model.rowCount())]
        if shown == values and self._shown_pinned == pinned:
            self._fit_popup(values)  # (the data sources may have come or gone)
            return  # resetting the model would close an open list and lose its highlighted row
        self._shown_pinned = pinned
        self._model.clear()
        self._model.setColumnCount(1)
        bold = QFont(self._edit.font())
        bold.setBold(True)
        for value in values:
            item = QStandardItem(value)
            item.setData(value, SEARCH_ROLE)
            item.setData(value, NAMESPACE_ROLE)
            item.setEditable(False)
            if value in pinned:
                item.setFont(bold)
                item.setToolTip("Pinned")
            self._model.appendRow(item)
        self._fit_popup(values)

    def _fit_popup(self, values: list[str]) -> None:
        """Wide enough for whole namespaces (and a data source's title), not just the field."""
        popup = self._completer.popup()
        longest = [self._sources.longest] if self._sources is not None and self._sources.longest else []
        if popup is not None and (values or longest):
            bold = QFont(self._edit.font())
            bold.setBold(True)
            widest = max(QFontMetrics(bold).horizontalAdvance(value) for value in [*values, *longest])
            popup.setMinimumWidth(min(widest + 40, 900))

    def _update_pin(self) -> None:
        text = self._edit.text()
        pinned = text in self._shown_pinned  # the list as last loaded: no disk access per keystroke
        self._pin_button.setChecked(pinned)
        self._pin_button.setEnabled(bool(text.strip()))
        self._pin_button.setToolTip(
            "Pinned: stays at the top of the list. Click to unpin."
            if pinned
            else "Pin this namespace so it stays at the top of the list."
        )

    def _completion_list_shown(self) -> bool:
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _tool_button(self, object_name: str, accessible: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(object_name)
        button.setAccessibleName(accessible)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button


class _NamespaceCompleter(QCompleter):
    """Matches a row by its search text (a data source's namespace, title and id) but puts only
    its namespace in the field; a row with none (a data source without one) leaves it alone."""

    def __init__(self, model: QConcatenateTablesProxyModel, edit: QLineEdit) -> None:
        super().__init__(model, edit)
        self._edit = edit
        popup = QListView()
        popup.setUniformItemSizes(True)  # no size hint asked of each of thousands of rows
        self.setPopup(popup)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 (Qt's name)
        namespace = index.data(NAMESPACE_ROLE)
        return namespace if isinstance(namespace, str) and namespace else self._edit.text()


def _spoken(object_name: str) -> str:
    """'jobNamespace' -> 'Job namespace': a screen-reader name from the automation name."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", object_name).replace("_", " ").split()
    return " ".join(words).capitalize()
