"""Every question and dialog the file controller shows, in one object tests replace."""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from composer.core.eventlog import EventEntry
from composer.ui.files.event_picker import pick_event

APP_NAME = "Lineage Composer"
OPEN_FILTER = "OpenLineage events (*.json *.ndjson *.jsonl);;All files (*)"


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class FilePrompts(Protocol):
    """What the file controller asks; `Prompter` shows dialogs, a test's fake answers at once."""

    def ask_save_changes(self, name: str) -> SaveChoice: ...
    def show_error(self, title: str, text: str, details: str = "") -> None: ...
    def choose_open_path(self, directory: str = "") -> Path | None: ...
    def choose_save_path(self, directory: str = "", suggested: str = "event.json") -> Path | None: ...
    def pick_event(self, entries: Sequence[EventEntry], label: str) -> EventEntry | None: ...


class Prompter:
    """Every question and dialog the controller shows, in one object tests replace.

    The real one shows modal Qt dialogs; a test's answers at once, so no test runs a modal loop.
    """

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask_save_changes(self, name: str) -> SaveChoice:
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            f"Do you want to save the changes to “{name}”?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            self.parent,
        )
        box.setInformativeText("If you don't save, your changes will be lost.")
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
        answer = box.exec()
        if answer == buttons.Save:
            return SaveChoice.SAVE
        return SaveChoice.DISCARD if answer == buttons.Discard else SaveChoice.CANCEL

    def show_error(self, title: str, text: str, details: str = "") -> None:
        error_box(self.parent, title, text, details).exec()

    def choose_open_path(self, directory: str = "") -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self.parent, "Open Event", directory, OPEN_FILTER)
        return Path(chosen) if chosen else None

    def choose_save_path(self, directory: str = "", suggested: str = "event.json") -> Path | None:
        dialog = QFileDialog(self.parent, "Save Event As", str(Path(directory or Path.home()) / suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["OpenLineage event (*.json)", "All files (*)"])
        dialog.setDefaultSuffix("json")
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def pick_event(self, entries: Sequence[EventEntry], label: str) -> EventEntry | None:
        return pick_event(entries, label, self.parent)


def error_box(parent: QWidget | None, title: str, text: str, details: str = "") -> QMessageBox:
    """A warning with plain text; `details` (a JSON excerpt) shows in monospace under it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(f"<pre>{html.escape(details)}</pre>")
    return box
