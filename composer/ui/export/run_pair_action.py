"""Edit › Make START event for this run…: the run's START beside the window's COMPLETE event.

For receivers that want both events of a run (Marquez shows a run's state and duration from
them). A dialog shows the START (`composer.core.run_pair`) with its start time editable, then
either saves the pair as NDJSON — START then COMPLETE, ready for `lineage-composer send` — or
sends both to the current profile, in order: the COMPLETE goes only once the START got a 2xx,
so a receiver never sees the run finish before it began. Both go through the send controller
(`SendController.send_pair`): the window is busy meanwhile, Cancel works as for Send, and the
result view, history and walk-through show them like any send. The document itself is not changed.
"""

from __future__ import annotations

import html
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
from composer.core.run_pair import PairError, RunPair, default_start_time, make_pair
from composer.services.profiles import Profile
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.autosave import write_text_atomically
from composer.ui.preview.json_highlighter import JsonView
from composer.ui.send.backend import Delivery
from composer.ui.send.install import SendUi
from composer.ui.theme import set_text_role


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
            self.message.setText(f"<b>{html.escape(str(error))}</b>")
            set_text_role(self.message, "error")
        else:
            self.message.setText(f"Run {self.pair.start.run_id}: START, then this COMPLETE.")
            set_text_role(self.message, None)
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
        self.action = QAction("Make &START Event for This Run…", self)
        self.action.setObjectName("makeStartPairAction")
        self.action.setStatusTip("Save or send this run's START event together with this COMPLETE event")
        self.action.triggered.connect(self.start)
        send_ui.controller.busyChanged.connect(self._follow_busy)
        menu.addSeparator()
        menu.addAction(self.action)

    def _follow_busy(self, busy: bool) -> None:
        self.action.setEnabled(not busy)

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
        self.send_ui.controller.runner.run(  # a worker, as File › Save: the window never waits
            lambda: write_text_atomically(path, text),  # a crash or full disk leaves no half file
            lambda _written: self._saved(path),
            lambda error: self.prompts.show_error("Cannot save the pair", f"{path}: {error}"),
        )

    def _saved(self, path: Path) -> None:
        self.window.statusBar().showMessage(f"Saved START and COMPLETE to {path}", 8000)
        self.saved.emit(str(path))

    # --- send ------------------------------------------------------------------------------

    def _send(self, pair: RunPair, profile: Profile) -> None:
        """Through the send controller, so the window is busy (and Cancel works) as for Send."""
        if not self.send_ui.controller.send_pair(profile, pair.start, pair.complete, self._delivered):
            self.prompts.show_error("Cannot send now", "A send is in progress; wait for it or cancel it.")

    def _delivered(self, deliveries: tuple[Delivery, ...]) -> None:
        start, last = deliveries[0].result, deliveries[-1].result
        if len(deliveries) == 1:
            note = f"START not accepted ({start.outcome()}): the COMPLETE was not sent."
        else:
            note = f"START {start.outcome()}, COMPLETE {last.outcome()}."
        self.window.statusBar().showMessage(note, 15000)
        self.sent.emit(deliveries)


def install_run_pair(
    window: QMainWindow, model: DocumentModel, send_ui: SendUi, edit_menu: QMenu
) -> RunPairAction:
    """Add the action to the window's Edit menu (the window hands it in)."""
    return RunPairAction(window, model, send_ui, edit_menu)
