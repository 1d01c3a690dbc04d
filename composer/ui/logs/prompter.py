"""The Log browser's questions (tests replace the object), and what a drop on it holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QFileDialog, QWidget

from composer.ui.prompter import error_box

LOG_FILTER = "Event logs (*.ndjson *.jsonl *.json);;All files (*)"


def dropped_log(mime: QMimeData) -> Path | None:
    """The first local file or folder of a drop (any name: logs come as .log and .txt too)."""
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            return Path(url.toLocalFile())
    return None


class LogPrompter:
    """The browser's questions, in one object tests replace."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def choose_log_file(self, directory: str = "") -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self.parent, "Open Log", directory, LOG_FILTER)
        return Path(chosen) if chosen else None

    def choose_log_folder(self, directory: str = "") -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self.parent, "Open a Folder of Event Files", directory)
        return Path(chosen) if chosen else None

    def show_error(self, title: str, text: str) -> None:
        error_box(self.parent, title, text).exec()
