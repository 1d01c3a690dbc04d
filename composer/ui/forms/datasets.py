"""Inputs and outputs: add, remove, duplicate and reorder datasets; each with namespace, name, facets."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Literal

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.core.facets import Container
from composer.core.problems import Problem
from composer.services.recents import RecentValues
from composer.ui.editor.bindings import LineBinding, affects, field_label
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets import FacetsPanel
from composer.ui.forms.dataset_rows import DatasetRows
from composer.ui.forms.section import FormSection

Side = Literal["inputs", "outputs"]


class DatasetCard(FormSection):
    """One dataset: its namespace (picker), name (with the platform's shape) and facets."""

    def __init__(
        self,
        model: DocumentModel,
        side: Side,
        index: int,
        recents: RecentValues | None,
        parent: QWidget | None = None,
    ) -> None:
        # The picker (and the platform catalog behind it) loads with the first card: a new event
        # has no datasets, so the window paints without it.
        from composer.ui.namespaces.picker import NamespacePicker  # noqa: PLC0415

        singular = "Input" if side == "inputs" else "Output"
        super().__init__(f"{singular} {index + 1}", parent)
        self._model = model
        self.pointer = f"/{side}/{index}"
        layout = QVBoxLayout(self)
        self._layout = layout
        self.picker = NamespacePicker(recents, object_name=f"{side}Namespace{index}")
        self.picker.lineEdit().setAccessibleName(f"{singular} {index + 1} namespace")
        self.picker.namespaceEdited.connect(self._namespace_edited)
        self.picker.built.connect(self._carry_database)
        self.picker.lineEdit().editingFinished.connect(self.picker.remember)
        self.name = QLineEdit()
        self.name.setObjectName(f"{side}Name{index}")
        self.name.setAccessibleName(f"{singular} {index + 1} name")
        self.name.setToolTip("The dataset's full name in its data source, e.g. database.schema.table")
        LineBinding(model, self.name, f"{self.pointer}/name")
        self.shape = QLabel()
        self.shape.setWordWrap(True)
        fields = QFormLayout()
        fields.addRow("Namespace", self.picker)
        fields.addRow("Name", self.name)
        fields.addRow("", self.shape)
        layout.addLayout(fields)
        self.facets = FacetsPanel(model, f"{self.pointer}/facets", "dataset")
        extra: Container = "inputFacets" if side == "inputs" else "outputFacets"
        self.side_facets = FacetsPanel(model, f"{self.pointer}/{extra}", extra)
        fields.addRow("Facets", self.facets)
        fields.addRow("Input facets" if side == "inputs" else "Output facets", self.side_facets)
        self.own(f"{self.pointer}/namespace", self.picker.lineEdit())
        self.own(f"{self.pointer}/name", self.name)
        self.own(self.pointer, self.name)
        model.changed.connect(self._on_changed)
        self._on_changed("")

    def add_footer(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)

    def _namespace_edited(self, text: str) -> None:
        line = self.picker.lineEdit()
        self._model.set(
            f"{self.pointer}/namespace",
            text,
            merge_key=line.objectName(),
            text=f"Edit {field_label(line, self.pointer + '/namespace')}",
        )

    def _carry_database(self, _namespace: str, database: str) -> None:
        """Build… read a database from the JDBC URI: it starts an empty name, ready for the rest."""
        if database and not self.name.text():
            self._model.set(
                f"{self.pointer}/name",
                f"{database}.",
                merge_key=self.name.objectName(),
                text=f"Edit {field_label(self.name, self.pointer + '/name')}",
            )
            self.name.setFocus()
            self.name.end(False)

    def _on_changed(self, changed: str) -> None:
        from composer.core import namespaces  # noqa: PLC0415 (loaded with the picker, see __init__)

        if not affects(changed, self.pointer):
            return
        value = self._model.get(f"{self.pointer}/namespace", "")
        namespace = value if isinstance(value, str) else ""
        if self.picker.namespace() != namespace:
            self.picker.setNamespace(namespace)
        shape = namespaces.expected_name_shape(namespace) if namespace else None
        self.name.setPlaceholderText(shape or "database.schema.table")
        name = self._model.get(f"{self.pointer}/name", "")
        match = namespaces.parse_namespace(namespace) if namespace else None
        message = (
            namespaces.check_name(match.platform.id, name)
            if match and isinstance(name, str) and name
            else None
        )
        self.shape.setText(
            message or (f"{match.platform.label}: names look like {shape}" if match and shape else "")
        )

    def focus_path(self, pointer: str) -> bool:
        for panel in (self.facets, self.side_facets):
            if panel.focus_path(pointer):
                return True
        return super().focus_path(pointer)

    def show_problems(self, problems: Mapping[str, Problem]) -> None:
        super().show_problems(problems)
        marks = {path: p.severity for path, p in problems.items()}
        self.facets.set_problem_paths(marks)
        self.side_facets.set_problem_paths(marks)


class DatasetList(QWidget):
    """All datasets of one side: a compact list (one row each) and the editor card of the selected one.

    Only the selected dataset gets a full `DatasetCard` (namespace picker, facet panels, schema
    table): a card costs tens of milliseconds, so an event with 500 datasets would take seconds
    to open and every edit would wake thousands of widgets. The list reads the event on demand.
    """

    # The editor card is open (or there is none): after a load, the next list may build its own.
    cardOpened = Signal()

    def __init__(
        self,
        model: DocumentModel,
        side: Side,
        recents: RecentValues | None,
        parent: QWidget | None = None,
        *,
        after: DatasetList | None = None,
    ) -> None:
        """`after`: when a new event is loaded, build this list's card only once that list's is
        built, on a later turn of the event loop (each card takes tens of ms: one per turn)."""
        super().__init__(parent)
        self.setObjectName(side)
        self.setAccessibleName(side.capitalize())
        self._model = model
        self._side = side
        self._recents = recents
        self._card: DatasetCard | None = None
        self._problems: Mapping[str, Problem] = {}
        self.rows = DatasetRows(model, side, self)
        self.table = QTableView()
        self.table.setObjectName(f"{side}List")
        self.table.setAccessibleName(f"{side.capitalize()}: one row per dataset, select one to edit it")
        self.table.setModel(self.rows)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 48)
        header.resizeSection(1, 230)
        header.resizeSection(3, 56)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _old: self.select(current.row())
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.table)
        self._card_box = QVBoxLayout()
        self._layout.addLayout(self._card_box)
        add = self.add_button = QPushButton(f"Add {'input' if side == 'inputs' else 'output'}")
        add.setObjectName(f"add{side.capitalize()[:-1]}")
        add.clicked.connect(self.add_dataset)
        self._layout.addWidget(add)
        self._count = -1
        self._open_later = QTimer(self)
        self._open_later.setSingleShot(True)
        self._open_later.setInterval(0)
        self._open_later.timeout.connect(self._open_first)
        self._waiting_for_previous = False
        if after is not None:
            after.cardOpened.connect(self._previous_opened)
        self._after = after
        model.changed.connect(self._on_changed)
        self._rebuild(0)

    @property
    def cards(self) -> list[DatasetCard]:
        """The open editor cards: the selected dataset's (none when the side is empty)."""
        return [self._card] if self._card is not None else []

    @property
    def settled(self) -> bool:
        """No editor card is still waiting to open after a load (cards open on later turns)."""
        return not self._waiting_for_previous and not self._open_later.isActive()

    @property
    def current(self) -> int:
        """Index of the dataset being edited (-1: none)."""
        return -1 if self._card is None else int(self._card.pointer.rsplit("/", 1)[1])

    def _items(self) -> list[object]:
        found = self._model.get(f"/{self._side}", [])
        return found if isinstance(found, list) else []

    def _on_changed(self, changed: str) -> None:
        prefix = f"/{self._side}/"
        if changed == "":
            self._load()
        elif changed == f"/{self._side}" or len(self._items()) != self._count:
            self._rebuild(0 if changed == "" else self.current)
        elif changed.startswith(prefix):
            head = changed[len(prefix) :].split("/", 1)[0]
            if head.isdigit():
                self.rows.row_changed(int(head))

    def _rebuild(self, selected: int) -> None:
        """The list changed shape: refresh the rows and open a fresh card (indices moved)."""
        self.rows.reset()
        self._count = self.rows.rowCount()
        self._fit_table()
        self._open(min(max(selected, 0), self._count - 1))

    def _load(self) -> None:
        """A new event: rows at once, the card of its first dataset on a later turn."""
        self._open(-1)
        self.rows.reset()
        self._count = self.rows.rowCount()
        self._fit_table()
        self._waiting_for_previous = self._after is not None
        if not self._waiting_for_previous:
            self._open_later.start()

    def _open_first(self) -> None:
        """After a load: open the first dataset's card on a later turn than the load's (building a
        card is the slowest part of it)."""
        self._open(0 if self._count > 0 else -1)

    def _previous_opened(self) -> None:
        if self._waiting_for_previous:
            self._waiting_for_previous = False
            self._open_later.start()

    def _fit_table(self) -> None:
        """Show up to eight rows; more scroll inside the list."""
        rows = min(max(self._count, 1), 8)
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        self.table.setFixedHeight(height + rows * self.table.verticalHeader().defaultSectionSize())
        self.table.setVisible(self._count > 0)

    def select(self, index: int) -> DatasetCard | None:
        """Open dataset `index` in the editor card (and select its row); returns the card."""
        if 0 <= index < self._count and index != self.current:
            self._open(index)
        return self._card

    def _open(self, index: int) -> None:
        if self._card is not None:
            self._card_box.removeWidget(self._card)
            self._card.hide()
            self._card.deleteLater()
            self._card = None
        self._open_later.stop()
        if index < 0:
            self.cardOpened.emit()
            return
        card = DatasetCard(self._model, self._side, index, self._recents)
        card.add_footer(self._card_buttons(index))
        card.show_problems(self._problems)
        self._card_box.addWidget(card)
        card.show()  # now, not on the layout's next turn: a problem click focuses a field in it
        self._card = card
        if self.table.currentIndex().row() != index:
            self.table.setCurrentIndex(self.rows.index(index, 0))
        self.table.scrollTo(self.rows.index(index, 0))
        self.cardOpened.emit()

    def _card_buttons(self, index: int) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        count = len(self._items())
        for label, tip, action, possible in (
            ("↑", "Move up", lambda: self.move_dataset(index, index - 1), index > 0),
            ("↓", "Move down", lambda: self.move_dataset(index, index + 1), index < count - 1),
            ("Duplicate", "Duplicate this dataset", lambda: self.duplicate(index), True),
            ("Remove", "Remove this dataset", lambda: self.remove(index), True),
        ):
            button = QPushButton(label)
            button.setObjectName(f"{self._side}{tip.replace(' ', '')}{index}")
            button.setEnabled(possible)  # ↑ on the first, ↓ on the last (or only) one do nothing
            button.setToolTip(tip)
            button.setAccessibleName(f"{tip} ({self._side} {index + 1})")
            button.clicked.connect(action)
            row.addWidget(button)
        return bar

    def add_dataset(self) -> None:
        self._model.insert(f"/{self._side}/-", {"namespace": "", "name": ""}, text=f"Add {self._side[:-1]}")
        card = self.select(len(self._items()) - 1)
        if card is not None:  # the new card in view, its namespace ready for typing
            card.picker.lineEdit().setFocus()
            QTimer.singleShot(0, lambda: _reveal(card))

    def duplicate(self, index: int) -> None:
        item = copy.deepcopy(self._items()[index])
        self._model.insert(f"/{self._side}/{index + 1}", item, text=f"Duplicate {self._side[:-1]}")
        self.select(index + 1)

    def remove(self, index: int) -> None:
        self._model.remove(f"/{self._side}/{index}", text=f"Remove {self._side[:-1]}")

    def move_dataset(self, index: int, target: int) -> None:
        if 0 <= target < len(self._items()):
            self._model.move(f"/{self._side}/{index}", target, text=f"Move {self._side[:-1]}")
            self.select(target)

    def focus_path(self, pointer: str) -> bool:
        prefix = f"/{self._side}/"
        if pointer == f"/{self._side}":
            self.table.setFocus()
            return True
        if not pointer.startswith(prefix):
            return False
        index_text = pointer[len(prefix) :].split("/", 1)[0]
        if index_text.isdigit() and int(index_text) < self._count:
            card = self.select(int(index_text))
            return card is not None and card.focus_path(pointer)
        return False

    def show_problems(self, problems: Mapping[str, Problem]) -> None:
        self._problems = problems
        self.rows.set_problems(problems)
        if self._card is not None:
            self._card.show_problems(problems)


def _reveal(card: DatasetCard) -> None:
    """Scroll the forms so all of `card` shows (its top first), once its layout has sizes."""
    if not shiboken6.isValid(card):
        return
    area = card.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(card, 0, 0)
        area.ensureWidgetVisible(card.picker, 0, 40)
