"""File ▸ Export as code…: the current event as a cURL, Python or Java program that sends it.

The dialog shows the snippet for the profile chosen in the Send toolbar, built from the text
Send would send (`DocumentModel.to_json()`, what the preview shows). Snippets are made and saved
on the send UI's `TaskRunner`, so a large event never stalls the window. The token is never
put into a snippet: it reads an environment variable when it runs. The Local sandbox is started
for its real URL; as its token is random for each run, a button copies that token (and only
that one: a profile's API token never reaches the window).

Questions and dialogs go through an `ExportPrompts` object that tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from composer.core.snippets import (
    DEFAULT_TOKEN_ENV,
    LANGUAGE_LABELS,
    LANGUAGES,
    SUGGESTED_FILE_NAMES,
    Language,
    SnippetError,
    SnippetRequest,
    connection_caveat,
    make_snippet,
)
from composer.services.profiles import Profile
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.autosave import write_text_atomically
from composer.ui.send.install import SendUi
from composer.ui.tasks import TaskRunner
from composer.ui.widget_parts import code_view

SANDBOX_NOTE = (
    "This window's local sandbox listens only while Lineage Composer is open, and accepts this "
    "run's random token: “Copy sandbox token” puts it on the clipboard, for the variable named above."
)


class ExportPrompts(Protocol):
    """What the export dialog asks; tests answer without modal dialogs."""

    def choose_export_path(self, suggested: str) -> Path | None: ...
    def show_error(self, title: str, text: str) -> None: ...
    def run_dialog(self, dialog: QDialog) -> None: ...


class ExportPrompter:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def choose_export_path(self, suggested: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent, "Save Snippet", str(Path.home() / suggested), "All files (*)"
        )
        return Path(chosen) if chosen else None

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def run_dialog(self, dialog: QDialog) -> None:
        dialog.exec()


class ExportDialog(QDialog):
    """Language, target and snippet; Copy and Save… act on the snippet shown."""

    def __init__(self, event: str, runner: TaskRunner, prompts: ExportPrompts, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export as code")
        self.event_text = event
        self.runner = runner
        self.prompts = prompts
        self.url = ""
        self.snippet = ""
        self._token_source: Callable[[], str] | None = None
        self._generation = 0
        self._build()
        self.resize(820, 620)

    def _build(self) -> None:
        self.language = QComboBox()
        self.language.setObjectName("exportLanguage")
        self.language.setAccessibleName("Language")
        for name in LANGUAGES:
            self.language.addItem(LANGUAGE_LABELS[name], name)
        self.target = QLineEdit()
        self.target.setObjectName("exportUrl")
        self.target.setAccessibleName("Endpoint URL")
        self.target.setReadOnly(True)
        self.token_env = QLineEdit(DEFAULT_TOKEN_ENV)
        self.token_env.setObjectName("exportTokenEnv")
        self.token_env.setAccessibleName("Token environment variable")
        self.token_env.setToolTip(
            "The snippet reads the API token from this environment variable when it runs"
        )
        form = QFormLayout()
        form.addRow("&Language", self.language)
        form.addRow("Sends to", self.target)
        form.addRow("&Token from $", self.token_env)
        self.note = QLabel()
        self.note.setObjectName("exportNote")
        self.note.setWordWrap(True)
        self.view = code_view(QPlainTextEdit(), "exportSnippet", "Snippet")
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self._button(buttons, "&Copy", "exportCopy", self.copy)
        self.save_button = self._button(buttons, "&Save…", "exportSave", self.save)
        self.token_button = self._button(buttons, "Copy sandbox &token", "exportCopyToken", self.copy_token)
        self.token_button.setVisible(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(lambda _i: self.refresh())
        self.token_env.textChanged.connect(lambda _t: self.refresh())

    def _button(self, box: QDialogButtonBox, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    @property
    def chosen_language(self) -> Language:
        found: Language = self.language.currentData()
        return found

    def set_language(self, language: Language) -> None:
        self.language.setCurrentIndex(LANGUAGES.index(language))

    def set_target(self, url: str, note: str = "", token_source: Callable[[], str] | None = None) -> None:
        """Where the snippet sends to; `token_source` (the Local sandbox's) enables its button."""
        self.url = url
        self.target.setText(url)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self._token_source = token_source
        self.token_button.setVisible(token_source is not None)
        self.refresh()

    def show_waiting(self, message: str) -> None:
        self.url = ""
        self.target.setText("")
        self._show_snippet("", message)

    def refresh(self) -> None:
        """Make the snippet for the current choices, off the GUI thread; older results are dropped."""
        self._generation += 1
        if not self.url:
            return
        generation = self._generation
        try:
            request = SnippetRequest.of(self.event_text, self.url, self.token_env.text().strip())
        except SnippetError as exc:
            self._show_snippet("", str(exc))
            return
        language = self.chosen_language
        self.runner.run(
            lambda: make_snippet(language, request),
            lambda snippet: self._made(generation, snippet, ""),
            lambda error: self._made(generation, "", str(error)),
        )

    def _made(self, generation: int, snippet: str, problem: str) -> None:
        if generation == self._generation:
            self._show_snippet(snippet, problem)

    def _show_snippet(self, snippet: str, problem: str) -> None:
        self.snippet = snippet
        self.view.setPlainText(snippet)
        self.copy_button.setEnabled(bool(snippet))
        self.save_button.setEnabled(bool(snippet))
        self.status.setText(problem)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.snippet)
        self.status.setText("Copied the snippet to the clipboard.")

    def copy_token(self) -> None:
        source = self._token_source
        if source is None:
            return
        self.runner.run(source, self._token_copied, self._failed("Copy sandbox token"))

    def _token_copied(self, token: str) -> None:
        QGuiApplication.clipboard().setText(token)
        self.status.setText(f"Copied the local sandbox's token: set {self.token_env.text().strip()} to it.")

    def save(self) -> None:
        path = self.prompts.choose_export_path(SUGGESTED_FILE_NAMES[self.chosen_language])
        if path is None:
            return
        snippet = self.snippet
        self.runner.run(
            lambda: write_text_atomically(path, snippet),
            lambda _none: self.status.setText(f"Saved to {path}"),
            self._failed("Save snippet"),
        )

    def _failed(self, title: str) -> Callable[[Exception], None]:
        def show(error: Exception) -> None:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.prompts.show_error(title, reason)

        return show


class ExportUi(QObject):
    """The "Export as code…" action and the dialog it opens, following the Send toolbar's profile."""

    def __init__(self, window: QMainWindow, model: DocumentModel, send_ui: SendUi) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.send_ui = send_ui
        self.prompter: ExportPrompts = ExportPrompter(window)
        self.dialog: ExportDialog | None = None
        self.action = QAction("Export as &code…", window)
        self.action.setObjectName("exportCodeAction")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.action.setToolTip("Show the event as a cURL, Python or Java program that sends it")
        self.action.triggered.connect(self.open)
        send_ui.controller.currentChanged.connect(self._profile_changed)

    def open(self) -> ExportDialog:
        """Show the dialog for the event as it is now; one dialog is kept and reused, so the
        language and variable name chosen last time stay."""
        runner = self.send_ui.controller.runner
        if self.dialog is None:
            self.dialog = ExportDialog(self.model.to_json(), runner, self.prompter, self.window)
        else:
            self.dialog.prompts = self.prompter
            self.dialog.event_text = self.model.to_json()
        self._aim(self.dialog, self.send_ui.controller.current)
        self.prompter.run_dialog(self.dialog)
        return self.dialog

    def _profile_changed(self, _name: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self._aim(self.dialog, self.send_ui.controller.current)

    def _aim(self, dialog: ExportDialog, profile: Profile) -> None:
        if not profile.is_local_sandbox:
            caveat = connection_caveat(
                verify_tls=profile.verify_tls, ca_bundle=profile.ca_bundle, proxy=profile.proxy
            )
            dialog.set_target(profile.endpoint_url(), f"Profile “{profile.name}”. {caveat}".strip())
            return
        sandbox = self.send_ui.controller.backend.sandbox
        dialog.show_waiting("Starting the local sandbox…")

        def started(url: str) -> None:
            if self.send_ui.controller.current == profile:
                dialog.set_target(url, SANDBOX_NOTE, sandbox.token)

        self.send_ui.controller.runner.run(
            lambda: sandbox.endpoint_url, started, lambda error: dialog.show_waiting(str(error))
        )


def install_export_ui(
    window: QMainWindow, model: DocumentModel, send_ui: SendUi, file_menu: QMenu, toolbar: QToolBar
) -> ExportUi:
    """Add "Export as code…" to the window's File menu (above Quit, which follows the menu's last
    separator) and to its main toolbar; the window hands both in."""
    ui = ExportUi(window, model, send_ui)
    separators = [a for a in file_menu.actions() if a.isSeparator()]
    if separators:
        file_menu.insertAction(separators[-1], ui.action)
    else:
        file_menu.addAction(ui.action)
    toolbar.addSeparator()
    toolbar.addAction(ui.action)
    return ui
