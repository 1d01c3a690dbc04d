"""The Profiles dialog: add, edit, remove, set a token (keyring or session only), check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.editor.document_model import DocumentModel
from composer.ui.send import SendUi, install_send_ui
from composer.ui.send.backend import SendBackend
from composer.ui.send.profiles_dialog import ProfilesDialog
from composer.ui.tasks import TaskRunner
from tests.services.fake_keyring import MemoryKeyring
from tests.services.scripted_server import ScriptedServer
from tests.ui.test_send_fakes import FakeSendPrompter

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def ui(qtbot: QtBot, app_home: Path) -> Iterator[SendUi]:
    window = QMainWindow()
    qtbot.addWidget(window)
    model = DocumentModel(instantiate("alation-minimal"), parent=window)
    made = install_send_ui(window, model, SendBackend.in_dirs(app_home, app_home), TaskRunner(window))
    made.prompter = FakeSendPrompter(token="dialog-token-42")
    qtbot.waitUntil(lambda: not made.controller.loading)
    yield made
    made.shutdown()


def open_dialog(qtbot: QtBot, ui: SendUi) -> ProfilesDialog:
    ui.profiles_action.trigger()
    dialog = ui.profiles_dialog
    assert dialog is not None and dialog in ui.prompter.dialogs  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.token_status.text() != "…")
    return dialog


def add(qtbot: QtBot, dialog: ProfilesDialog, name: str, base_url: str) -> None:
    dialog.add_button.click()
    dialog.form.name.setText(name)
    dialog.form.base_url.setText(base_url)
    with qtbot.waitSignal(dialog.bookChanged):
        dialog.save_button.click()


def test_the_builtin_profile_is_read_only_and_says_where_its_token_comes_from(
    qtbot: QtBot, ui: SendUi
) -> None:
    dialog = open_dialog(qtbot, ui)
    assert dialog.list.item(0).text() == "Local sandbox"
    assert not dialog.form.base_url.isEnabled() and not dialog.remove_button.isEnabled()
    assert not dialog.token_button.isEnabled() and "random token" in dialog.token_status.text()
    assert "START event" in dialog.check_notice.text()


def test_add_edit_and_remove_reach_the_selector(qtbot: QtBot, ui: SendUi, app_home: Path) -> None:
    dialog = open_dialog(qtbot, ui)
    add(qtbot, dialog, "prod", "https://acme.alationcloud.com")
    assert ui.profile_combo.findText("prod") == 1
    assert "prod" in (app_home / "profiles.json").read_text(encoding="utf-8")
    dialog.form.name.setText("production")
    dialog.form.timeout.setValue(12)
    with qtbot.waitSignal(dialog.bookChanged):
        dialog.save_button.click()
    assert [ui.profile_combo.itemText(i) for i in range(ui.profile_combo.count())] == [
        "Local sandbox",
        "production",
    ]
    assert ui.controller.profiles[1].timeout == 12
    with qtbot.waitSignal(dialog.bookChanged):
        dialog.remove_button.click()
    assert ui.profile_combo.count() == 1


def test_a_bad_setting_is_explained_and_nothing_is_written(qtbot: QtBot, ui: SendUi, app_home: Path) -> None:
    dialog = open_dialog(qtbot, ui)
    dialog.add_button.click()
    dialog.form.name.setText("remote")
    dialog.form.base_url.setText("http://lineage.example.com")
    dialog.save_button.click()
    assert "refusing plain http://" in dialog.form_message.text()
    assert not (app_home / "profiles.json").exists()
    dialog.form.allow_http.setChecked(True)
    with qtbot.waitSignal(dialog.bookChanged):
        dialog.save_button.click()


def test_a_token_goes_to_the_keyring_and_is_never_shown(
    qtbot: QtBot,
    ui: SendUi,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog = open_dialog(qtbot, ui)
    add(qtbot, dialog, "prod", "https://acme.alationcloud.com")
    qtbot.waitUntil(lambda: "No token is set" in dialog.token_status.text())
    with qtbot.waitSignal(dialog.tokenChanged):
        dialog.token_button.click()
    assert memory_keyring.entries[("lineage-composer", "prod")] == "dialog-token-42"
    assert "A token is set" in dialog.token_status.text()
    assert all(
        "dialog-token-42" not in label.text() for label in dialog.findChildren(type(dialog.token_status))
    )


def test_without_a_keyring_the_dialog_says_so_and_offers_a_session_token(qtbot: QtBot, ui: SendUi) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = open_dialog(qtbot, ui)
    add(qtbot, dialog, "prod", "https://acme.alationcloud.com")
    qtbot.waitUntil(lambda: "No OS keyring is available" in dialog.token_status.text())
    with qtbot.waitSignal(dialog.tokenChanged):
        dialog.token_button.click()
    offers = ui.prompter.session_offers  # type: ignore[attr-defined]
    assert offers and "No OS keyring is available" in offers[0]
    assert "this session only" in dialog.token_status.text()
    assert ui.controller.backend.session.get("prod") == "dialog-token-42"


def test_check_connection_from_the_dialog(qtbot: QtBot, ui: SendUi) -> None:
    with ScriptedServer() as server:
        dialog = open_dialog(qtbot, ui)
        add(qtbot, dialog, "local", server.url(""))
        with qtbot.waitSignal(dialog.tokenChanged):
            dialog.token_button.click()
        with qtbot.waitSignal(dialog.checked, timeout=10_000):
            dialog.check_button.click()
        assert b'"eventType": "START"' in server.received[0].body
        assert b"lineage-composer-connection-check" in server.received[0].body
    assert dialog.check_result.text().startswith("✔ 200")
    assert "200" in ui.result_view.toPlainText()
