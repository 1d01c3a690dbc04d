"""Inputs and outputs: add, remove, duplicate and reorder datasets; each with namespace, name, facets."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Literal

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from composer.core import namespaces
from composer.core.facets import Container
from composer.core.problems import Problem
from composer.services.recents import RecentValues
from composer.ui.bindings import LineBinding, affects
from composer.ui.document_model import DocumentModel
from composer.ui.facets import FacetsPanel
from composer.ui.forms.section import FormSection
from composer.ui.namespace_picker import NamespacePicker

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
        singular = "Input" if side == "inputs" else "Output"
        super().__init__(f"{singular} {index + 1}", parent)
        self._model = model
        self.pointer = f"/{side}/{index}"
        layout = QVBoxLayout(self)
        self._layout = layout
        self.picker = NamespacePicker(recents, object_name=f"{side}Namespace{index}")
        self.picker.lineEdit().setAccessibleName(f"{singular} {index + 1} namespace")
        self.picker.namespaceEdited.connect(self._namespace_edited)
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
        self._model.set(f"{self.pointer}/namespace", text, merge_key=self.picker.lineEdit().objectName())

    def _on_changed(self, changed: str) -> None:
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
    """All datasets of one side; cards are rebuilt only when datasets are added, removed or moved."""

    def __init__(
        self, model: DocumentModel, side: Side, recents: RecentValues | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(side)
        self.setAccessibleName(side.capitalize())
        self._model = model
        self._side = side
        self._recents = recents
        self.cards: list[DatasetCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._cards_box = QVBoxLayout()
        self._layout.addLayout(self._cards_box)
        add = QPushButton(f"Add {'input' if side == 'inputs' else 'output'}")
        add.setObjectName(f"add{side.capitalize()[:-1]}")
        add.clicked.connect(self.add_dataset)
        self._layout.addWidget(add)
        self._count = -1
        model.changed.connect(self._on_changed)
        self._rebuild()

    def _items(self) -> list[object]:
        found = self._model.get(f"/{self._side}", [])
        return found if isinstance(found, list) else []

    def _on_changed(self, changed: str) -> None:
        if changed in ("", f"/{self._side}") or len(self._items()) != self._count:
            self._rebuild()

    def _rebuild(self) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        items = self._items()
        self._count = len(items)
        for index in range(len(items)):
            card = DatasetCard(self._model, self._side, index, self._recents)
            card.add_footer(self._card_buttons(index))
            self._cards_box.addWidget(card)
            self.cards.append(card)

    def _card_buttons(self, index: int) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for label, tip, action in (
            ("↑", "Move up", lambda: self.move_dataset(index, index - 1)),
            ("↓", "Move down", lambda: self.move_dataset(index, index + 1)),
            ("Duplicate", "Duplicate this dataset", lambda: self.duplicate(index)),
            ("Remove", "Remove this dataset", lambda: self.remove(index)),
        ):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.setAccessibleName(f"{tip} ({self._side} {index + 1})")
            button.clicked.connect(action)
            row.addWidget(button)
        return bar

    def add_dataset(self) -> None:
        self._model.insert(f"/{self._side}/-", {"namespace": "", "name": ""}, text=f"Add {self._side[:-1]}")

    def duplicate(self, index: int) -> None:
        item = copy.deepcopy(self._items()[index])
        self._model.insert(f"/{self._side}/{index + 1}", item, text=f"Duplicate {self._side[:-1]}")

    def remove(self, index: int) -> None:
        self._model.remove(f"/{self._side}/{index}", text=f"Remove {self._side[:-1]}")

    def move_dataset(self, index: int, target: int) -> None:
        if 0 <= target < len(self._items()):
            self._model.move(f"/{self._side}/{index}", target, text=f"Move {self._side[:-1]}")

    def focus_path(self, pointer: str) -> bool:
        prefix = f"/{self._side}/"
        if pointer == f"/{self._side}":
            self.setFocus()
            return True
        if not pointer.startswith(prefix):
            return False
        index_text = pointer[len(prefix) :].split("/", 1)[0]
        if index_text.isdigit() and int(index_text) < len(self.cards):
            return self.cards[int(index_text)].focus_path(pointer)
        return False

    def show_problems(self, problems: Mapping[str, Problem]) -> None:
        for card in self.cards:
            card.show_problems(problems)
