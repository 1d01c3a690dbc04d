"""The job (namespace, name, facets) and the run (runId, facets) sections."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QFormLayout, QLabel, QPushButton, QWidget

from composer.core.document import new_run_id
from composer.core.formats import is_uuid
from composer.services.recents import RecentValues
from composer.ui.editor.bindings import LineBinding, affects
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets import FacetsPanel
from composer.ui.forms.section import FormSection, named_line, value_row


class JobForm(FormSection):
    def __init__(
        self, model: DocumentModel, recents: RecentValues | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Job", parent)
        self._recents = recents
        form = QFormLayout(self)
        self.namespace = named_line(
            "jobNamespace",
            "Job namespace",
            "The system that runs the job (scheduler or ETL tool), e.g. my-etl-system",
            "my-etl-system",
        )
        self._choices = QStringListModel(recents.values() if recents else [], self)
        self._completer = QCompleter(self._choices, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.namespace.setCompleter(self._completer)
        self.namespace.editingFinished.connect(self._remember)
        form.addRow("Namespace", self.namespace)
        LineBinding(model, self.namespace, "/job/namespace")
        self.own("/job/namespace", self.namespace)
        self.name = named_line(
            "jobName", "Job name", "The job's unique name within its namespace", "daily-sales-aggregation"
        )
        form.addRow("Name", self.name)
        LineBinding(model, self.name, "/job/name")
        self.own("/job/name", self.name)
        self.facets = FacetsPanel(model, "/job/facets", "job")
        form.addRow("Facets", self.facets)
        self.own("/job", self.name)

    def _remember(self) -> None:
        text = self.namespace.text().strip()
        if self._recents is not None and text:
            self._recents.add(text)
            self._choices.setStringList(self._recents.values())

    def focus_path(self, pointer: str) -> bool:
        if pointer.startswith("/job/facets"):
            return self.facets.focus_path(pointer)
        return super().focus_path(pointer)


class RunForm(FormSection):
    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__("Run", parent)
        self._model = model
        form = QFormLayout(self)
        self.run_id = named_line(
            "runId", "Run ID", "A new UUID for every run of the job", "0190f3a2-7c4e-7b1a-9d2f-3c5e5e5e5e5e"
        )
        regenerate = QPushButton("Regenerate")
        regenerate.setObjectName("regenerateRunId")
        regenerate.setAccessibleName("Regenerate run ID")
        regenerate.setToolTip("Make a new UUIDv7 for this run")
        regenerate.clicked.connect(lambda: model.set("/run/runId", new_run_id(), text="New runId"))
        self.check = QLabel()
        form.addRow("Run ID", value_row(self.run_id, regenerate, self.check))
        LineBinding(model, self.run_id, "/run/runId")
        self.own("/run/runId", self.run_id)
        self.own("/run", self.run_id)
        self.facets = FacetsPanel(model, "/run/facets", "run")
        form.addRow("Facets", self.facets)
        model.changed.connect(self._refresh_check)
        self._refresh_check("")

    def _refresh_check(self, changed: str) -> None:
        if affects(changed, "/run/runId"):
            value = self._model.get("/run/runId", "")
            self.check.setText("UUID ✓" if is_uuid(value) else "not a UUID")

    def focus_path(self, pointer: str) -> bool:
        if pointer.startswith("/run/facets"):
            return self.facets.focus_path(pointer)
        return super().focus_path(pointer)
