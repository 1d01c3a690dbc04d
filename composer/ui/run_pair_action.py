"""Edit › Make START event for this run…: the run's START beside the window's COMPLETE event.

For receivers that want both events of a run (Marquez shows a run's state and duration from
them). A dialog shows the START (`composer.core.run_pair`) with its start time editable, then
either saves the pair as NDJSON — START then COMPLETE, ready for `lineage-composer send` — or
sends both to the current profile, in order: the COMPLETE goes only once the START got a 2xx,
so a receiver never sees the run finish before it began. Both sends go through the send UI's
backend (keyring, history, off the GUI thread); the result view, history and walk-through show
them like any send. The document itself is not changed.
"""

from __future__ import annotations

import threading
from enum import Enum
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EventDocument
from composer.core.problems import Problem
from composer.core.run_pair import PairError, RunPair, default_start_time, make_pair
from composer.core.validation import TARGET_RULE_SETS, validate
from composer.services.profiles import Profile
from composer.ui.document_model import DocumentModel
from composer.ui.json_highlighter import JsonView
from composer.ui.send.backend import Delivery
from composer.ui.send.install import SendUi


class PairChoice(Enum):
    SAVE = "save"
    SEND = "send"


class PairDialog(QDialog):
    """The START to be made, its start time, and what to do with the pair."""

    def __init__(self, complete: EventDocument, profile_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pairDialog")
        self.setWindowTitle("START Event for This Run")
        self.resize(760, 560)
        self.complete = complete
        self.choice: PairChoice | None = None
        self.pair: RunPair | None = None
        self.start_time = QLineEdit(default_start_time(complete))
        self.start_time.setObjectName("pairStartTime")
        self.start_time.setAccessibleName("START event time")
        self.start_time.setToolTip("When the run started: earlier than the COMPLETE's eventTime, with a zone")
        self.message = QLabel()
        self.message.setObjectName("pairMessage")
        self.message.setWordWrap(True)
        self.preview = JsonView("pairPreview", "START event preview")
        self.save_button = QPushButton("Save Pair as NDJSON…")
        self.save_button.setObjectName("pairSave")
        self.send_button = QPushButton(f"Send Both to “{profile_name}”")
        self.send_button.setObjectName("pairSend")
        self.send_button.setToolTip("START first; the COMPLETE only once the START was accepted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self._choose(PairChoice.SAVE))
        self.send_button.clicked.connect(lambda: self._choose(PairChoice.SEND))
        intro = QLabel(
            "The START shares this COMPLETE event's runId, job, inputs and outputs; facets that only "
            "exist once a run has finished (output statistics, quality metrics) are left out."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("START eventTime", self.start_time)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.start_time.textChanged.connect(self._rebuild)
        self._rebuild()

    def _rebuild(self) -> None:
        try:
            self.pair = make_pair(self.complete, self.start_time.text().strip())
        except PairError as error:
            self.pair = None
            self.message.setText(f"<b style='color:#cf222e'>{error}</b>")
        else:
            self.message.setText(f"Run {self.pair.start.run_id}: START, then this COMPLETE.")
            self.preview.setPlainText(self.pair.start.to_json())
        for button in (self.save_button, self.send_button):
            button.setEnabled(self.pair is not None)

    def _choose(self, choice: PairChoice) -> None:
        if self.pair is not None:
            self.choice = choice
            self.accept()


class PairPrompts(Protocol):
    def run_dialog(self, dialog: QDialog) -> None: ...
    def choose_save_path(self, suggested: str) -> Path | None: ...
    def show_error(self, title: str, text: str) -> None: ...


class QtPairPrompts:
    """The real questions: modal dialogs. Tests put a scripted stand-in in their place."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def run_dialog(self, dialog: QDialog) -> None:
        dialog.exec()

    def choose_save_path(self, suggested: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent, "Save START and COMPLETE", suggested, "NDJSON (*.ndjson *.jsonl);;All files (*)"
        )
        return Path(chosen) if chosen else None

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)


class RunPairAction(QObject):
    saved = Signal(str)  # the NDJSON file written
    sent = Signal(object)  # tuple[Delivery, ...]: the START, and the COMPLETE when it went

    def __init__(self, window: QMainWindow, model: DocumentModel, send_ui: SendUi, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.send_ui = send_ui
        self.prompts: PairPrompts = QtPairPrompts(window)
        self.dialog: PairDialog | None = None
        self._cancel: threading.Event | None = None
        send_ui.cancel_button.clicked.connect(self.cancel)
        self.action = QAction("Make &START Event for This Run…", self)
        self.action.setObjectName("makeStartPairAction")
        self.action.setStatusTip("Save or send this run's START event together with this COMPLETE event")
        self.action.triggered.connect(self.start)
        menu.addSeparator()
        menu.addAction(self.action)

    def start(self) -> None:
        complete = EventDocument.from_json(self.model.to_json())  # a snapshot: edits cannot race
        profile = self.send_ui.controller.current
        try:
            make_pair(complete)  # not a COMPLETE, no runId, no readable time: say so at once
            dialog = PairDialog(complete, profile.name, self.window)
        except PairError as error:
            self.prompts.show_error("Cannot make a START event", f"{error}.")
            return
        self.dialog = dialog
        self.prompts.run_dialog(dialog)
        if dialog.result() != QDialog.DialogCode.Accepted or dialog.pair is None:
            return
        if dialog.choice is PairChoice.SAVE:
            self._save(dialog.pair)
        elif dialog.choice is PairChoice.SEND:
            self._send(dialog.pair, profile)

    # --- save ------------------------------------------------------------------------------

    def _save(self, pair: RunPair) -> None:
        path = self.prompts.choose_save_path(f"run-{pair.start.run_id}.ndjson")
        if path is None:
            return
        text = pair.ndjson()
        self.send_ui.controller.runner.run(
            lambda: path.write_text(text, encoding="utf-8"),
            lambda _written: self._saved(path),
            lambda error: self.prompts.show_error("Cannot save the pair", f"{path}: {error}"),
        )

    def _saved(self, path: Path) -> None:
        self.window.statusBar().showMessage(f"Saved START and COMPLETE to {path}", 8000)
        self.saved.emit(str(path))

    # --- send ------------------------------------------------------------------------------

    def _send(self, pair: RunPair, profile: Profile) -> None:
        ui = self.send_ui
        if ui.controller.busy or not self.action.isEnabled():
            self.prompts.show_error("Cannot send now", "A send is in progress; wait for it or cancel it.")
            return
        texts = (pair.start.to_json(), pair.complete.to_json())
        rules = TARGET_RULE_SETS[profile.validation_target]

        def check() -> list[Problem]:
            return [
                p
                for document in (pair.start, pair.complete)
                for p in validate(document.value, rules, duplicate_keys=document.duplicate_keys)
                if p.severity == "error"
            ]

        def checked(errors: list[Problem]) -> None:
            if errors and not ui.prompter.confirm_send_anyway(profile.name, errors):
                ui.result_view.show_refused(profile.name, errors)
                return
            self._deliver(profile, texts)

        ui.controller.runner.run(check, checked, self._failed)

    def _deliver(self, profile: Profile, texts: tuple[str, str]) -> None:
        ui = self.send_ui
        backend = ui.controller.backend
        self._hold(True)
        where = "the local sandbox" if profile.is_local_sandbox else profile.endpoint_url()
        ui.result_view.show_progress(f"Sending START, then COMPLETE, to {where} (profile “{profile.name}”)…")
        cancel = threading.Event()
        self._cancel = cancel

        def both() -> tuple[Delivery, ...]:
            first = backend.send(profile, texts[0], cancel)
            if not first.result.ok:
                return (first,)
            return (first, backend.send(profile, texts[1], cancel))

        ui.controller.runner.run(both, self._delivered, self._failed)

    def _delivered(self, deliveries: tuple[Delivery, ...]) -> None:
        self._hold(False)
        ui = self.send_ui
        for delivery in deliveries:
            if delivery.history_id is not None:
                ui.sent.emit(delivery.history_id)
        last = deliveries[-1]
        ui.result_view.show_delivery(last)
        start = deliveries[0].result
        if len(deliveries) == 1:
            note = f"START not accepted ({start.outcome()}): the COMPLETE was not sent."
        else:
            note = f"START {start.outcome()}, COMPLETE {last.result.outcome()}."
            ui.controller.last_delivery = last
            ui.controller.verify(last)
        self.window.statusBar().showMessage(note, 15000)
        self.sent.emit(deliveries)

    def cancel(self) -> None:
        """Cancel (the send UI's button): stop retrying; a cancelled START keeps the COMPLETE back."""
        if self._cancel is not None:
            self._cancel.set()

    def _failed(self, error: Exception) -> None:
        self._hold(False)
        self.send_ui.result_view.show_failure(str(error))

    def _hold(self, busy: bool) -> None:
        """While the pair is on its way, nothing else may send (the order must hold)."""
        for widget in (self.send_ui.send_button, self.send_ui.profile_combo):
            widget.setEnabled(not busy)
        self.send_ui.cancel_button.setEnabled(busy)
        self.send_ui.send_action.setEnabled(not busy)
        self.action.setEnabled(not busy)
        if not busy:
            self._cancel = None


def install_run_pair(window: QMainWindow, model: DocumentModel, send_ui: SendUi) -> RunPairAction:
    """Add the action to the window's Edit menu (made by the window before the send UI)."""
    edit = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Edit"), None)
    menu = edit if isinstance(edit, QMenu) else window.menuBar().addMenu("&Edit")
    return RunPairAction(window, model, send_ui, menu)
