"""File › New › Template Gallery…: every template with its description and a live JSON preview.

The gallery only chooses; creating goes through `FileController.new_document`, so unsaved work
is offered for saving first and the new event gets a fresh runId and the current time, exactly
as File › New › <template> does. The dialog runs through `run_dialog`, which tests replace so no
modal loop ever blocks them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from composer.core.templates import Template, instantiate, templates
from composer.ui.files.controller import FileController
from composer.ui.preview.json_highlighter import JsonView

_FRESH_NOTE = "Create makes this event with a new runId and the current time."


class TemplateGallery(QDialog):
    def __init__(self, entries: tuple[Template, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateGallery")
        self.setWindowTitle("New Event from a Template")
        self.resize(980, 620)
        self.entries = entries
        self.list = QListWidget()
        self.list.setObjectName("galleryList")
        self.list.setAccessibleName("Templates")
        for entry in entries:
            item = QListWidgetItem(entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(entry.description)
            self.list.addItem(item)
        self.description = QLabel()
        self.description.setObjectName("galleryDescription")
        self.description.setWordWrap(True)
        self.preview = JsonView("galleryPreview", "Template JSON preview")
        note = QLabel(_FRESH_NOTE)
        note.setObjectName("galleryNote")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.description)
        column.addWidget(self.preview, 1)
        column.addWidget(note)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([320, 660])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = QPushButton("Create")
        self.create_button.setObjectName("galleryCreate")
        self.create_button.setDefault(True)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.setCurrentRow(0)

    def select(self, template_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.list.setCurrentRow(row)
                return
        raise KeyError(template_id)

    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found if isinstance(found, str) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        self.description.setText(f"<b>{entry.title}</b><br>{entry.description}")
        try:
            text = instantiate(entry.id, fresh_run=False).to_json()
        except (OSError, KeyError, ValueError) as error:
            text = f"The template could not be read: {error}"
        self.preview.setPlainText(text)
        self.create_button.setEnabled(not text.startswith("The template could not be read"))


class GalleryOpener(QObject):
    """The File › New › Template Gallery… action and what it does."""

    def __init__(self, files: FileController, new_menu: QMenu, window: QWidget) -> None:
        super().__init__(files)
        self.files = files
        self.window = window
        self.run_dialog: Callable[[QDialog], object] = lambda dialog: dialog.exec()
        self.action = QAction("Template &Gallery…", self)
        self.action.setObjectName("templateGalleryAction")
        self.action.setToolTip("Browse every template with a live preview, then create one")
        self.action.setStatusTip(self.action.toolTip())
        self.action.triggered.connect(self.open)
        new_menu.addSeparator()
        new_menu.addAction(self.action)
        self.dialog: TemplateGallery | None = None

    def open(self) -> bool:
        """Show the gallery; on Create, make the chosen event (asking to save changes first)."""
        dialog = TemplateGallery(templates(), self.window)
        self.dialog = dialog
        self.run_dialog(dialog)
        chosen = dialog.chosen_id()
        if dialog.result() != QDialog.DialogCode.Accepted or chosen is None:
            return False
        return self.files.new_document(chosen)


def install_gallery(files: FileController, window: QWidget) -> GalleryOpener:
    """Add the gallery to File › New (after `files.install` made that menu)."""
    return GalleryOpener(files, files.new_menu, window)
