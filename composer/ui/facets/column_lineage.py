"""Column lineage: which input columns each column of this output is computed from.

Choices come from the event itself (the inputs' namespaces and names, their schema facets, this
dataset's schema facet) and are read when a list opens, because those live in other parts of the
event that change without this editor being told. Where there is no schema, any name can be typed.
Writes `fields: {outField: {inputFields: [{namespace, name, field, transformations?}]}}`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from composer.ui.facets.binding import Binding, focus_and_reveal
from composer.ui.facets.context import FacetContext, Path, show_marker, worst
from composer.ui.facets.lineage_table import LineageRow, LineageTable, dataset_label


class LiveComboBox(QComboBox):
    """An editable combo that re-reads its choices each time its list opens."""

    def __init__(self, choices: Callable[[], list[tuple[str, Any]]], accessible_name: str) -> None:
        super().__init__()
        self._choices = choices
        self.setEditable(True)
        self.setMinimumContentsLength(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setAccessibleName(accessible_name)
        self.reload()

    def reload(self) -> None:
        """Re-read the choices, keeping what is chosen or typed (reopening must not change it)."""
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        for label, data in self._choices():
            self.addItem(label, data)
        if self.isEditable():
            self.setEditText(text)
        else:
            self.setCurrentIndex(max(0, self.findText(text)))
        self.blockSignals(False)

    def showPopup(self) -> None:  # noqa: N802 (Qt's name)
        self.reload()
        super().showPopup()


class ColumnLineageBinding(Binding):
    wide = True

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        transformation_keys: tuple[str, ...],
    ) -> None:
        super().__init__(ctx, path, label, description)
        self._container = QWidget()
        layout = QVBoxLayout(self._container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.table = LineageTable(self, transformation_keys)
        self.describe(self.table)
        layout.addWidget(self.table)

        adder = QGridLayout()
        self.output_combo = LiveComboBox(self.output_choices, f"{ctx.title}: output column")
        self.output_combo.setToolTip("The column of this dataset (from its schema facet, or type a name).")
        self.input_combo = LiveComboBox(self.input_choices, f"{ctx.title}: input dataset")
        self.input_combo.setEditable(False)
        self.input_combo.setToolTip("The input dataset the column comes from (the event's inputs).")
        self.input_field_combo = LiveComboBox(
            lambda: [(name, name) for name in self.input_fields(self.input_combo.currentData())],
            f"{ctx.title}: input column",
        )
        self.input_field_combo.setToolTip(
            "The input column (from that input's schema facet, or type a name)."
        )
        self.input_combo.currentIndexChanged.connect(lambda _: self.input_field_combo.reload())
        self.add_button = QPushButton("Add mapping")
        self.add_button.setAccessibleName(f"{ctx.title}: add mapping")
        self.add_button.clicked.connect(self.add_mapping)
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.setAccessibleName(f"{ctx.title}: remove mapping")
        self.remove_button.clicked.connect(self.remove_selected)
        for index, (text, combo) in enumerate(
            (
                ("Output column", self.output_combo),
                ("Input dataset", self.input_combo),
                ("Input column", self.input_field_combo),
            )
        ):
            caption = QLabel(text)
            caption.setBuddy(combo)
            adder.addWidget(caption, index // 2, (index % 2) * 2)
            adder.addWidget(combo, index // 2, (index % 2) * 2 + 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        adder.addLayout(buttons, 1, 2, 1, 2)
        adder.setColumnStretch(1, 1)
        adder.setColumnStretch(3, 2)
        layout.addLayout(adder)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)

    @property
    def widget(self) -> QWidget:
        return self._container

    @property
    def focus_widget(self) -> QWidget:
        return self.table

    # --- what the event offers -------------------------------------------------------------

    def output_choices(self) -> list[tuple[str, Any]]:
        dataset = self.ctx.dataset_pointer()
        names = _schema_names(self.ctx.model.get(f"{dataset}/facets/schema/fields")) if dataset else []
        return [(name, name) for name in names]

    def input_choices(self) -> list[tuple[str, Any]]:
        inputs = self.ctx.model.get("/inputs")
        choices: list[tuple[str, Any]] = []
        for index, dataset in enumerate(inputs if isinstance(inputs, list) else []):
            if isinstance(dataset, dict):
                ref = (str(dataset.get("namespace", "")), str(dataset.get("name", "")))
                choices.append((dataset_label(*ref), (*ref, index)))
        return choices

    def input_fields(self, ref: Any) -> list[str]:
        """Column names of an input dataset's schema facet; `ref` is (namespace, name[, index])."""
        inputs = self.ctx.model.get("/inputs")
        if not isinstance(ref, tuple) or not isinstance(inputs, list):
            return []
        for dataset in inputs:
            if isinstance(dataset, dict) and (dataset.get("namespace"), dataset.get("name")) == ref[:2]:
                return _schema_names(_dig(dataset, "facets", "schema", "fields"))
        return []

    # --- edits -----------------------------------------------------------------------------

    def add_mapping(self) -> None:
        output = self.output_combo.currentText().strip()
        ref = self.input_combo.currentData()
        field = self.input_field_combo.currentText().strip()
        if not output or not isinstance(ref, tuple) or not field:
            self._say("Choose an output column, an input dataset and an input column first.")
            return
        entry = {"namespace": ref[0], "name": ref[1], "field": field}
        mapped = self.ctx.get((*self.path, output, "inputFields"))
        if isinstance(mapped, list) and any(_same_source(item, entry) for item in mapped):
            self._say(f"{output} already comes from {ref[1]}.{field}.")
            return
        text = f"Map {output} from {ref[1]}.{field}"
        if isinstance(mapped, list):
            self.ctx.append((*self.path, output, "inputFields"), entry, text=text)
        elif isinstance(self.ctx.get((*self.path, output)), dict):
            self.ctx.set((*self.path, output, "inputFields"), [entry], merge=False, text=text)
        else:
            self.ctx.set((*self.path, output), {"inputFields": [entry]}, merge=False, text=text)
        self._say("")
        self.refresh()

    def remove_selected(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        entry = self.ctx.get((*self.path, row.output))
        only_inputs = isinstance(entry, dict) and set(entry) <= {"inputFields"}
        if row.index < 0 or (only_inputs and len(entry.get("inputFields") or []) <= 1):
            self.ctx.remove((*self.path, row.output), text=f"Remove lineage of {row.output}")
        else:
            self.ctx.remove(row.pointer_path(self.path), text=f"Remove a source of {row.output}")
        self.refresh()

    def set_source(self, row: LineageRow, namespace: str, name: str) -> None:
        entry = copy.deepcopy(self.ctx.get(row.pointer_path(self.path)))
        if isinstance(entry, dict):
            entry.update(namespace=namespace, name=name)
            self.ctx.set(
                row.pointer_path(self.path), entry, merge=False, text=f"Change source of {row.output}"
            )

    def set_field(self, row: LineageRow, field: str) -> None:
        self.ctx.set_or_remove((*row.pointer_path(self.path), "field"), field)

    def set_transformation(self, row: LineageRow, key: str, text: str) -> None:
        """Edit the first transformation's `key`; drop the list once nothing is left in it."""
        path = (*row.pointer_path(self.path), "transformations")
        current = self.ctx.get(path)
        items: list[Any] = copy.deepcopy(current) if isinstance(current, list) else []
        if not items or not isinstance(items[0], dict):
            items.insert(0, {})
        if text:
            items[0][key] = text
        else:
            items[0].pop(key, None)
        if items == [{}]:
            self.ctx.remove(path)
        else:
            self.ctx.set(path, items)

    # --- view ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.table.show_rows(self.value())

    def focus(self, rest: Path) -> None:
        self.table.select_path(rest)
        focus_and_reveal(self.table)

    def set_marks(self, marks: dict[Path, str]) -> None:
        whole = self.table.tint(marks)
        show_marker(self.table, worst(whole), self.tooltip)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))


def _dig(node: Any, *keys: str) -> Any:
    """A nested value, or None where a customer's event has something other than an object."""
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _schema_names(fields: Any) -> list[str]:
    if not isinstance(fields, list):
        return []
    return [
        str(field["name"])
        for field in fields
        if isinstance(field, dict) and isinstance(field.get("name"), str)
    ]


def _same_source(item: Any, entry: dict[str, str]) -> bool:
    return isinstance(item, dict) and all(item.get(key) == value for key, value in entry.items())
