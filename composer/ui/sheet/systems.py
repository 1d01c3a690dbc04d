"""Each distinct value of the system columns, with the window's namespace picker beside it.

A mapping sheet names systems the way people do ("prod-postgres"); Alation matches datasets by
namespace, so each value is given its namespace once, with the same picker the forms use
(pinned and recent namespaces, Build… from a JDBC URI), and that choice serves every row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from composer.services.recents import RecentValues
from composer.ui.namespaces.picker import NamespacePicker


class SystemsPanel(QWidget):
    changed = Signal()

    def __init__(self, recents: RecentValues | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recents = recents
        self.pickers: dict[str, NamespacePicker] = {}
        self.note = QLabel("No system column is mapped: namespaces come from namespace columns.")
        self.note.setObjectName("sheetSystemsNote")
        self.note.setWordWrap(True)
        self._inner = QWidget()
        self._form = QFormLayout(self._inner)
        scroll = QScrollArea()
        scroll.setObjectName("sheetSystems")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.note)
        column.addWidget(scroll, 1)

    def set_values(self, values: Sequence[str], known: Mapping[str, str]) -> None:
        """One picker per value, keeping what was typed for values still present."""
        typed = {value: picker.namespace() for value, picker in self.pickers.items()}
        while self._form.rowCount():
            self._form.removeRow(0)
        self.pickers = {}
        for number, value in enumerate(values):
            picker = NamespacePicker(self._recents, object_name=f"sheetSystem{number}")
            picker.setNamespace(typed.get(value) or known.get(value) or (value if "://" in value else ""))
            picker.namespaceEdited.connect(lambda _text: self.changed.emit())
            picker.lineEdit().editingFinished.connect(picker.remember)
            self.pickers[value] = picker
            label = QLabel(value)
            label.setObjectName(f"sheetSystemValue{number}")
            self._form.addRow(label, picker)
        self.note.setText(
            f"{len(values)} system(s) in the sheet: give each the namespace Alation has for that data source."
            if values
            else "No system column is mapped, or it is empty: namespaces come from namespace columns."
        )

    def namespaces(self) -> dict[str, str]:
        return {
            value: picker.namespace().strip()
            for value, picker in self.pickers.items()
            if picker.namespace().strip()
        }
