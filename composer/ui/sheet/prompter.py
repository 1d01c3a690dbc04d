"""Every question the sheet tools ask (files, a preset's name), in one object tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from composer.services.sheet.suffixes import SHEET_SUFFIXES
from composer.ui.prompter import error_box

SHEET_FILTER = f"Mapping sheets ({' '.join('*' + s for s in SHEET_SUFFIXES)});;All files (*)"


def dropped_sheet(mime: QMimeData) -> Path | None:
    """The first mapping sheet (.csv, .tsv, .xlsx …) of a drop, or None."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(SHEET_SUFFIXES):
            return Path(url.toLocalFile())
    return None


class SheetPrompter:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def choose_sheet_file(self, directory: str = "") -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(self.parent, "New from Sheet", directory, SHEET_FILTER)
        return Path(name) if name else None

    def choose_ndjson_path(self, suggested: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self.parent, "Save Events as NDJSON", suggested, "NDJSON (*.ndjson *.jsonl);;All files (*)"
        )
        return Path(name) if name else None

    def preset_name(self, current: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.parent, "Save Mapping Preset", "Name of the preset:", QLineEdit.EchoMode.Normal, current
        )
        return text.strip() if ok and text.strip() else None

    def confirm_close(self, events: int) -> bool:
        """Closing the review would drop events that were neither sent nor saved."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.parent,
            "Close the review?",
            f"The {events} event(s) made from the sheet were neither sent nor saved. Close anyway? "
            "(Make Events in the mapping dialog makes them again.)",
            buttons.Close | buttons.Cancel,
            buttons.Cancel,
        )
        return answer == buttons.Close

    def show_error(self, title: str, text: str) -> None:
        error_box(self.parent, title, text).exec()
