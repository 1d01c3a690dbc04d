"""One list per role (job, source, target, texts): which sheet column holds it, or none."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QWidget

from composer.core.sheet import ROLES, ColumnMapping, Role
from composer.core.sheet.mapping import DEFAULT_JOB_NAMESPACE

NONE = "(none)"
_GROUPS: tuple[tuple[str, tuple[Role, ...]], ...] = (
    ("Job", ("job_name", "job_namespace", "description", "sql", "event_time")),
    ("Source (what the job reads)", ("source_system", "source_namespace", "source_table", "source_database",
                                     "source_schema", "source_table_name", "source_column")),
    ("Target (what it writes)", ("target_system", "target_namespace", "target_table", "target_database",
                                 "target_schema", "target_table_name", "target_column")),
)  # fmt: skip
_TIPS: dict[str, str] = {
    "system": "A column of system names (prod-postgres): each value gets its namespace once, on the right.",
    "namespace": "A column that holds the namespace itself (postgres://host:5432).",
    "table": "The whole dotted name (database.schema.table); or use the three columns below.",
    "column": "For column lineage: the column on this side of each row's pair.",
}


class RoleForm(QWidget):
    """The role lists, filled with the sheet's headers; `changed` on any choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[Role, QComboBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.job_namespace = QLineEdit(DEFAULT_JOB_NAMESPACE)
        self.job_namespace.setObjectName("sheetJobNamespace")
        self.job_namespace.setAccessibleName("Job namespace when no column holds one")
        self.job_namespace.textChanged.connect(lambda _text: self.changed.emit())
        for title, roles in _GROUPS:
            box = QGroupBox(title)
            form = QFormLayout(box)
            for role in roles:
                combo = QComboBox()
                combo.setMinimumContentsLength(16)
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setObjectName(f"sheetRole_{role}")
                combo.setAccessibleName(ROLES[role])
                combo.setToolTip(_TIPS.get(role.partition("_")[2], ""))
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                self.combos[role] = combo
                form.addRow(
                    ROLES[role].split(" ", 1)[1].capitalize() if title != "Job" else ROLES[role], combo
                )
                if role == "job_namespace":
                    form.addRow("   or always", self.job_namespace)
            row.addWidget(box)

    def set_headers(self, headers: Sequence[str], mapping: ColumnMapping) -> None:
        for role, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([NONE, *headers])
            header = mapping.header(role)
            combo.setCurrentText(header if header is not None and header in headers else NONE)
            combo.blockSignals(False)
        self.job_namespace.blockSignals(True)
        self.job_namespace.setText(mapping.job_namespace)
        self.job_namespace.blockSignals(False)
        self.changed.emit()

    def mapping(self, systems: dict[str, str]) -> ColumnMapping:
        columns: dict[Role, str] = {}
        for role, combo in self.combos.items():
            if combo.currentIndex() > 0:
                columns[role] = combo.currentText()
        namespace = self.job_namespace.text().strip() or DEFAULT_JOB_NAMESPACE
        return ColumnMapping(columns, systems, namespace)
