"""The review of the events a sheet made, before anything is sent.

A table of the events with their problem counts under the chosen rules (the window's Check
for list, the same rule sets; re-checked on a worker when changed) and, where the window's
profile has catalog access, the tenant pre-flight's in a column of their own (asked on another
worker, with its own progress and Stop; a tenant that cannot be asked is said, and the other
counts stand). The rows that could not be read with their row, column, value and reason, and
three ways on: open an event in the editor (its changes are kept here), Send All through the
window's Replay (the engine `send` uses: progress, pause, cancel, one result per event), or
Save as NDJSON (written on a worker).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EventDocument
from composer.core.eventlog import EventEntry
from composer.core.problems import Problem
from composer.core.run_pair import one_line
from composer.core.targets import TARGET_RULE_SETS
from composer.core.validation import validate_document
from composer.ui.checks.targets import label_for, targets
from composer.ui.editor.document_model import DocumentModel
from composer.ui.sheet.editor_link import EditorLink
from composer.ui.sheet.models import BadRowsModel, EventsModel
from composer.ui.sheet.prompter import SheetPrompter
from composer.ui.sheet.review_tenant import ReviewTenant
from composer.ui.sheet.tenant_link import TenantOf, no_tenant
from composer.ui.sheet.work import TENANT, SheetOutcome, SheetWork
from composer.ui.table_models import rows_view
from composer.ui.tasks import TaskRunner
from composer.ui.widget_parts import named, show_message, wrapped_label


class SheetReview(QDialog):
    checked = Signal()  # the problem counts are up to date
    saved = Signal(Path)
    replayOpened = Signal(object)  # the Replay dialog Send All opened

    def __init__(
        self,
        outcome: SheetOutcome,
        model: DocumentModel,
        work: SheetWork,
        *,
        runner: TaskRunner,
        replay: Callable[[list[EventEntry]], object] | None,
        tenant_of: TenantOf = no_tenant,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sheetReview")
        self.setWindowTitle(f"Review events from {outcome.label}")
        self.prompter = SheetPrompter(self)
        self.outcome = outcome
        self._work = work
        self._runner = runner
        self._replay = replay
        self.link = EditorLink(model, self._kept, self)
        self.handed_on = False  # sent or saved: closing loses nothing
        self.events_model = EventsModel(self)
        self.events_model.set_events(outcome.result.events, outcome.problems)
        self.bad_rows_model = BadRowsModel(self)
        self.bad_rows_model.set_problems(outcome.result.problems)
        self.tenant_part = ReviewTenant(self.events_model, work, tenant_of, self.link.keep, self)
        self.tenantChecked = self.tenant_part.checked  # a tenant run (or one event's re-check) ended
        self._build()
        work.progress.connect(self._progress)
        self._summarise()
        self.tenant_part.check()

    def _build(self) -> None:
        self.summary = wrapped_label("sheetReviewSummary")
        self.target = named(QComboBox(), "sheetReviewTarget", "Rules the events are checked with")
        self.target.addItems(list(targets()))
        self.target.setCurrentText(label_for(self.outcome.target))
        self.target.activated.connect(lambda _i: self.recheck())
        self.events = rows_view(self.events_model, "sheetEvents", "Events made from the sheet")
        header = self.events.horizontalHeader()  # fixed widths: fitting 2,000 rows' text would stall
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((44, 200, 56, 64, 96, 56, 72, 56, 130, 110)):
            header.resizeSection(column, width)
        self.events.doubleClicked.connect(lambda index: self.open_in_editor(index.row()))
        self.events.selectionModel().selectionChanged.connect(lambda *_a: self._follow_selection())
        self.bad_rows = rows_view(self.bad_rows_model, "sheetBadRows", "Rows that could not be read")
        self.bad_rows.horizontalHeader().setStretchLastSection(True)
        self.bad_title = QLabel()
        self.progress_bar = named(QProgressBar(), "sheetReviewProgress", "Checking progress")
        self.progress_bar.hide()
        self.open_button = self._button(
            "Open in Editor", "sheetOpenEvent", lambda: self.open_in_editor(self._selected())
        )
        self.open_button.setEnabled(False)
        self.send_button = self._button("Send All…", "sheetSendAll", self.send_all)
        self.send_button.setEnabled(self._replay is not None)
        if self._replay is None:
            self.send_button.setToolTip("Sending is ready once the window has finished starting.")
        self.save_button = self._button("Save as NDJSON…", "sheetSaveNdjson", self.save_ndjson)
        self.status = wrapped_label("sheetReviewStatus")
        part = self.tenant_part
        self.tenant_status, self.tenant_button, self.tenant_progress = part.status, part.button, part.progress
        self._layout()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Check for"))
        top.addWidget(self.target)
        events_box = QWidget()
        events_column = QVBoxLayout(events_box)
        events_column.setContentsMargins(0, 0, 0, 0)
        events_column.addWidget(
            QLabel("<b>Events</b> (double-click to open one in the editor; changes are kept)")
        )
        events_column.addWidget(self.events, 1)
        bad_box = QWidget()
        bad_column = QVBoxLayout(bad_box)
        bad_column.setContentsMargins(0, 0, 0, 0)
        bad_column.addWidget(self.bad_title)
        bad_column.addWidget(self.bad_rows, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(events_box)
        split.addWidget(bad_box)
        split.setSizes([420, 160])
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.send_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(split, 1)
        column.addLayout(self.tenant_part.row())
        column.addWidget(self.status)
        column.addLayout(buttons)
        self.resize(1000, 640)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = named(QPushButton(text), name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    @property
    def target_key(self) -> str:
        return targets().get(self.target.currentText(), "alation")

    def _summarise(self) -> None:
        result = self.outcome.result
        problems = self.events_model.problems
        with_errors = sum(1 for found in problems if any(p.severity == "error" for p in found))
        blank = f" ({result.blank_rows} blank skipped)" if result.blank_rows else ""
        text = (
            f"{self.outcome.label}: {result.rows_read} row(s) read{blank}, {len(result.events)} event(s); "
            f"under the {self.target.currentText()} rules {len(result.events) - with_errors} pass and "
            f"{with_errors} have errors."
        )
        show_message(self.summary, text, error=False)
        unreadable = result.unreadable_rows
        self.bad_title.setText(
            f"<b>{unreadable} row(s) could not be read</b> and are in no event:"
            if unreadable
            else "<b>Every row was read.</b>"
        )
        self.bad_rows.setVisible(bool(unreadable))

    # --- checking -------------------------------------------------------------------------

    def recheck(self) -> None:
        self.link.keep()
        events = self.events_model.events
        self.progress_bar.show()
        self.progress_bar.setRange(0, 0)

        def done(found: list[list[Problem]]) -> None:
            self.progress_bar.hide()
            self.events_model.set_events(events, found)
            self._summarise()
            self.checked.emit()

        def failed(error: Exception) -> None:
            self.progress_bar.hide()
            show_message(self.status, f"The check failed: {error}", error=True)

        self._work.check(events, TARGET_RULE_SETS[self.target_key], done, failed)

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == TENANT:
            return  # the tenant part's own bar
        if self.progress_bar.isVisible() and total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
            self.progress_bar.setFormat(f"{phase}: %v of %m")

    def _kept(self, row: int) -> None:
        """The editor changed the event: its counts follow (one small event, checked here)."""
        event = self.events_model.events[row]
        self.events_model.set_problems(
            row, validate_document(event.document, TARGET_RULE_SETS[self.target_key])
        )
        self._summarise()
        show_message(self.status, f"Event {row + 1} keeps the editor's changes.", error=False)
        self.checked.emit()
        self.tenant_part.recheck(row)

    # --- the way on -----------------------------------------------------------------------

    def _selected(self) -> int:
        rows = self.events.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _follow_selection(self) -> None:
        self.open_button.setEnabled(self._selected() >= 0)

    def open_in_editor(self, row: int) -> bool:
        if not 0 <= row < len(self.events_model.events):
            return False
        self.link.open(row, self.events_model.events[row])
        show_message(
            self.status, f"Event {row + 1} is in the editor; its changes are kept here.", error=False
        )
        return True

    def documents(self) -> list[EventDocument]:
        """The events as they are now, the editor's changes included."""
        self.link.keep()
        return [event.document for event in self.events_model.events]

    def send_all(self) -> object | None:
        if self._replay is None or not self.events_model.events:
            return None
        entries = [
            EventEntry(index, None, document.copy()) for index, document in enumerate(self.documents())
        ]
        dialog = self._replay(entries)
        self.handed_on = True
        self.replayOpened.emit(dialog)
        return dialog

    def save_ndjson(self) -> bool:
        stem = Path(self.outcome.label.split(" [")[0]).stem
        path = self.prompter.choose_ndjson_path(f"{stem}.ndjson")
        if path is None:
            return False
        text = "".join(one_line(document) + "\n" for document in self.documents())
        show_message(self.status, f"Saving {path.name}…", error=False)

        def saved(_none: None) -> None:
            self.handed_on = True
            show_message(
                self.status, f"Saved {len(self.events_model.events)} event(s) to {path}.", error=False
            )
            self.saved.emit(path)

        def failed(error: Exception) -> None:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            show_message(self.status, f"Cannot save {path}: {reason}. The events are still here.", error=True)

        self._runner.run(lambda: _write(path, text), saved, failed)
        return True

    def may_close(self) -> bool:
        """Nothing to lose (sent, saved or empty), or the person said close anyway."""
        events = len(self.events_model.events)
        if self.handed_on or not events or self.prompter.confirm_close(events):
            self.link.keep()
            return True
        return False

    def reject(self) -> None:
        if self.may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.may_close():
            event.accept()
        else:
            event.ignore()


def _write(path: Path, text: str) -> None:
    from composer.services.atomic_file import write_atomically  # noqa: PLC0415

    write_atomically(path, text)
