"""File ▸ Export as code… in the real window: the action, the dialog, profiles, Copy and Save….

Dialogs are answered by `FakeExportPrompter`; every wait is on a condition, never a sleep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMenu, QPlainTextEdit, QPushButton, QToolBar
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.snippets import LANGUAGES
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.ui.export.dialog import ExportDialog
from composer.ui.main_window import MainWindow
from tests.core.test_snippets import nasty_event
from tests.ui.windows import WindowOpener

pytestmark = pytest.mark.usefixtures("memory_keyring")
SECRET = "lc-ui-secret-token-5b4a39"
TENANT = "https://acme.alationcloud.com"
MARKERS = {
    "curl": "curl --silent",
    "python": "import httpx",
    "openlineage": "HttpTransport",
    "java": "HttpClient",
}


@dataclass
class FakeExportPrompter:
    """Shows the dialog without a modal loop and answers the save question from a script."""

    save_path: Path | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)

    def choose_export_path(self, suggested: str) -> Path | None:
        self.suggested.append(suggested)
        return self.save_path

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def run_dialog(self, dialog: QDialog) -> None:
        dialog.show()


@pytest.fixture
def window(open_window: WindowOpener) -> MainWindow:
    made = open_window(size=(1400, 900), loaded=True)
    made.export_ui.prompter = FakeExportPrompter()
    return made


def fake(window: MainWindow) -> FakeExportPrompter:
    found = window.export_ui.prompter
    assert isinstance(found, FakeExportPrompter)
    return found


def open_dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    window.findChild(QAction, "exportCodeAction").trigger()
    dialog = window.export_ui.dialog
    assert dialog is not None and dialog.objectName() == "exportDialog"
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.snippet))
    return dialog


def add_profile(qtbot: QtBot, window: MainWindow, name: str = "prod") -> None:
    controller = window.send_ui.controller
    ProfileStore(controller.backend.profiles.path).add(Profile(name=name, base_url=TENANT))
    controller.backend.set_token(name, SECRET)
    controller.reload_profiles()
    combo = window.findChild(QComboBox, "profile")
    qtbot.waitUntil(lambda: combo.findText(name) >= 0)
    combo.setCurrentText(name)


def test_the_action_is_in_the_file_menu_and_the_main_toolbar(window: MainWindow) -> None:
    action = window.findChild(QAction, "exportCodeAction")
    assert action is not None and action.text() == "Export as &code…"
    file_menu = next(
        menu for a in window.menuBar().actions() if isinstance(menu := a.menu(), QMenu) and a.text() == "&File"
    )
    names = [a.text() for a in file_menu.actions()]
    assert action in file_menu.actions() and names.index("Export as &code…") < names.index("&Quit")
    assert action in window.findChild(QToolBar, "mainToolbar").actions()


def test_the_local_sandbox_snippet_targets_the_running_sandbox(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    sandbox = window.send_ui.controller.backend.sandbox
    assert sandbox.started  # started for its real URL, off the GUI thread
    url = dialog.findChild(QLineEdit, "exportUrl").text()
    assert url == sandbox.endpoint_url
    assert dialog.findChild(QComboBox, "exportLanguage").count() == len(LANGUAGES)
    snippet = dialog.findChild(QPlainTextEdit, "exportSnippet")
    assert snippet.isReadOnly() and url in snippet.toPlainText()
    assert sandbox.token() not in snippet.toPlainText()
    assert dialog.findChild(QPushButton, "exportCopyToken").isVisible()
    assert "local sandbox" in dialog.findChild(type(dialog.note), "exportNote").text()

    dialog.findChild(QPushButton, "exportCopyToken").click()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == sandbox.token())


def test_a_profile_gives_its_url_and_no_snippet_holds_its_token(qtbot: QtBot, window: MainWindow) -> None:
    add_profile(qtbot, window)
    window.model.replace(EventDocument.from_json(nasty_event()))
    dialog = open_dialog(qtbot, window)
    assert dialog.findChild(QLineEdit, "exportUrl").text() == TENANT + "/open_lineage_event/"
    assert not dialog.findChild(QPushButton, "exportCopyToken").isVisible()
    language = dialog.findChild(QComboBox, "exportLanguage")
    seen = set()
    for index, name in enumerate(LANGUAGES):
        language.setCurrentIndex(index)
        qtbot.waitUntil(lambda name=name: MARKERS[name] in dialog.snippet)  # type: ignore[misc]
        text = dialog.findChild(QPlainTextEdit, "exportSnippet").toPlainText()
        assert SECRET not in text and "ALATION_API_TOKEN" in text
        seen.add(text)
    assert len(seen) == len(LANGUAGES)


def test_the_dialog_follows_the_profile_chosen_in_the_toolbar(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    add_profile(qtbot, window)
    url = dialog.findChild(QLineEdit, "exportUrl")
    qtbot.waitUntil(lambda: url.text() == TENANT + "/open_lineage_event/")
    qtbot.waitUntil(lambda: TENANT in dialog.snippet)


def test_a_bad_variable_name_is_explained_and_disables_copy_and_save(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.findChild(QLineEdit, "exportTokenEnv").setText("MY-TOKEN")
    assert "environment variable" in dialog.status.text()
    assert not dialog.findChild(QPushButton, "exportCopy").isEnabled()
    assert not dialog.findChild(QPushButton, "exportSave").isEnabled()
    dialog.findChild(QLineEdit, "exportTokenEnv").setText("MY_TOKEN")
    qtbot.waitUntil(lambda: "${MY_TOKEN:?" in dialog.snippet)
    assert dialog.findChild(QPushButton, "exportCopy").isEnabled()


def test_copy_and_save_give_the_snippet_exactly(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.model.replace(EventDocument.from_json(nasty_event(crlf=True)))
    dialog = open_dialog(qtbot, window)
    dialog.set_language("python")
    qtbot.waitUntil(lambda: "import httpx" in dialog.snippet)
    dialog.findChild(QPushButton, "exportCopy").click()
    assert QGuiApplication.clipboard().text() == dialog.snippet

    target = tmp_path / "out" / "send.py"
    fake(window).save_path = target
    dialog.findChild(QPushButton, "exportSave").click()
    qtbot.waitUntil(lambda: target.exists() and "Saved" in dialog.status.text())
    assert target.read_bytes() == dialog.snippet.encode("utf-8")
    assert fake(window).suggested == ["send_event.py"]

    fake(window).save_path = tmp_path  # a folder: the write fails, and says why
    dialog.findChild(QPushButton, "exportSave").click()
    qtbot.waitUntil(lambda: bool(fake(window).errors))
    assert fake(window).errors[0][0] == "Save snippet"


def test_reopening_shows_the_current_event_and_keeps_the_choices(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.set_language("java")
    dialog.findChild(QLineEdit, "exportTokenEnv").setText("MY_TOKEN")
    qtbot.waitUntil(lambda: 'System.getenv("MY_TOKEN")' in dialog.snippet)
    dialog.close()
    window.model.replace(EventDocument.from_json(nasty_event(compact=True)))
    again = open_dialog(qtbot, window)
    assert again is dialog and dialog.chosen_language == "java"
    qtbot.waitUntil(lambda: "x_quoted" in dialog.snippet)
    assert 'System.getenv("MY_TOKEN")' in dialog.snippet


def test_the_note_says_which_profile_settings_the_snippet_leaves_out(
    qtbot: QtBot, window: MainWindow
) -> None:
    controller = window.send_ui.controller
    ProfileStore(controller.backend.profiles.path).add(
        Profile(name="corp", base_url=TENANT, verify_tls=False)
    )
    controller.reload_profiles()
    combo = window.findChild(QComboBox, "profile")
    qtbot.waitUntil(lambda: combo.findText("corp") >= 0)
    combo.setCurrentText("corp")
    dialog = open_dialog(qtbot, window)
    assert "TLS verification is off" in dialog.note.text() and dialog.note.isVisible()
