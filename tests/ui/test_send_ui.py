"""The send UI installed in a bare window: selector, Send, Cancel, results, walk-through."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.templates import instantiate
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.send.retry import RetryPolicy
from composer.ui.editor.document_model import DocumentModel
from composer.ui.send import SendUi, install_send_ui
from composer.ui.send.backend import SendBackend
from composer.ui.tasks import TaskRunner
from tests.services.scripted_server import ScriptedServer, Step
from tests.ui.test_send_fakes import FakeSendPrompter

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def remembered() -> list[str]:
    return []


@pytest.fixture
def ui(qtbot: QtBot, app_home: Path, remembered: list[str]) -> Iterator[SendUi]:
    window = QMainWindow()
    qtbot.addWidget(window)
    model = DocumentModel(instantiate("alation-minimal"), parent=window)
    made = install_send_ui(
        window,
        model,
        SendBackend.in_dirs(app_home, app_home, RetryPolicy(base_delay=0)),
        TaskRunner(window),
        last_profile="",
        remember_profile=remembered.append,
    )
    made.prompter = FakeSendPrompter()
    window.resize(1000, 700)
    window.show()
    qtbot.waitUntil(lambda: not made.controller.loading)
    yield made
    made.shutdown()


def fake(ui: SendUi) -> FakeSendPrompter:
    assert isinstance(ui.prompter, FakeSendPrompter)
    return ui.prompter


def add_profile(qtbot: QtBot, ui: SendUi, profile: Profile, token: str) -> None:
    store = ProfileStore(ui.controller.backend.profiles.path)
    store.add(profile)
    ui.controller.backend.set_token(profile.name, token)
    ui.controller.reload_profiles()
    qtbot.waitUntil(lambda: ui.profile_combo.findText(profile.name) >= 0)
    ui.profile_combo.setCurrentText(profile.name)


def test_the_selector_lists_the_local_sandbox_first_and_remembers_a_choice(
    qtbot: QtBot, ui: SendUi, remembered: list[str]
) -> None:
    assert ui.profile_combo.objectName() == "profile"
    assert (
        ui.profile_combo.itemText(0) == "Local sandbox" and ui.profile_combo.currentText() == "Local sandbox"
    )
    add_profile(qtbot, ui, Profile(name="prod", base_url="https://acme.alationcloud.com"), "t-123456")
    assert ui.controller.current.name == "prod" and remembered == ["prod"]


def test_ctrl_enter_sends_exactly_the_document_and_the_walkthrough_passes(qtbot: QtBot, ui: SendUi) -> None:
    with qtbot.waitSignal(ui.unresolved, timeout=10_000) as unresolved, qtbot.waitSignal(ui.sent) as sent:
        qtbot.keyClick(ui.window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert unresolved.args == [frozenset()]
    record = ui.controller.backend.history.get(sent.args[0])
    assert record is not None and record.event == ui.controller.model.to_json()
    assert ui.verification.statuses() == dict.fromkeys(("response", "table", "lineage", "metadata"), "pass")
    assert "200" in ui.result_view.toPlainText()


def test_an_unresolved_output_is_reported_as_tmp(qtbot: QtBot, ui: SendUi) -> None:
    model = ui.controller.model
    model.set("/outputs/0/namespace", "postgres://not-cataloged.example.com:5432")
    with qtbot.waitSignal(ui.unresolved, timeout=10_000) as unresolved:
        ui.send_button.click()
    name = model.get("/outputs/0/name")
    assert unresolved.args[0] == {("postgres://not-cataloged.example.com:5432", name)}
    assert ui.verification.statuses()["lineage"] == "fail"
    assert "TMP" in ui.verification.rows["lineage"].details.text()


def test_the_catalog_opens_through_the_prompter_and_names_can_be_copied(qtbot: QtBot, ui: SendUi) -> None:
    with qtbot.waitSignal(ui.unresolved, timeout=10_000):
        ui.send_button.click()
    ui.verification.open_button.click()
    assert fake(ui).opened == [ui.controller.last_delivery.base_url + "/"]
    copy = next(
        b for b in ui.verification.names.findChildren(type(ui.send_button)) if b.objectName() == "copyName"
    )
    copy.click()
    assert QApplication.clipboard().text() == ui.controller.model.get("/outputs/0/name")
    ui.verification.troubleshoot_button.click()
    assert "Additional Datasource Connections" in ui.verification.troubleshooting.text()
    assert ui.verification.troubleshooting.isVisible()


def test_cancel_frees_the_window_at_once_while_an_attempt_hangs(qtbot: QtBot, ui: SendUi) -> None:
    with ScriptedServer(default=Step(action="hang")) as server:
        add_profile(qtbot, ui, Profile(name="slow", base_url=server.url(""), timeout=30), "t-654321")
        ui.send_button.click()
        qtbot.waitUntil(lambda: len(server.received) == 1, timeout=10_000)
        assert ui.cancel_button.isEnabled() and not ui.send_button.isEnabled()
        assert "Sending" in ui.result_view.toPlainText()
        ui.cancel_button.click()
        assert ui.send_button.isEnabled() and not ui.cancel_button.isEnabled()
        assert "Cancelled" in ui.result_view.toPlainText()


def test_no_token_points_at_the_profiles_dialog(qtbot: QtBot, ui: SendUi) -> None:
    store = ProfileStore(ui.controller.backend.profiles.path)
    store.add(Profile(name="tokenless", base_url="https://acme.alationcloud.com"))
    ui.controller.reload_profiles()
    qtbot.waitUntil(lambda: ui.profile_combo.findText("tokenless") >= 0)
    ui.profile_combo.setCurrentText("tokenless")
    with qtbot.waitSignal(ui.controller.failed):
        ui.send_button.click()
    assert "Profiles…" in ui.result_view.toPlainText() and ui.send_button.isEnabled()


def test_errors_are_shown_and_send_anyway_is_offered(qtbot: QtBot, ui: SendUi) -> None:
    ui.controller.model.load(EventDocument.from_json(json.dumps({"eventType": "COMPLETE"})))
    with qtbot.waitSignal(ui.controller.refused):
        ui.send_button.click()
    assert fake(ui).asked_send_anyway and "Not sent" in ui.result_view.toPlainText()
    fake(ui).send_anyway = True
    with qtbot.waitSignal(ui.controller.delivered, timeout=10_000) as delivered:
        ui.send_button.click()
    assert delivered.args[0].result.status == 400
    assert ui.verification.statuses()["response"] == "fail"


def test_check_connection_is_explained_before_it_is_sent(qtbot: QtBot, ui: SendUi) -> None:
    fake(ui).check = False
    ui.check_action.trigger()
    assert "lineage-composer-connection-check" in fake(ui).notices[0]
    assert "creates no lineage" in fake(ui).notices[0]
    assert not ui.controller.busy
    fake(ui).check = True
    with qtbot.waitSignal(ui.controller.delivered, timeout=10_000) as delivered:
        ui.check_action.trigger()
    assert delivered.args[0].result.status == 200 and delivered.args[0].history_id is None


def test_a_success_shows_chips_and_keeps_the_details_behind_more(qtbot: QtBot, ui: SendUi) -> None:
    """Issue 15: status, time, size and attempts as chips; less prose until More… is clicked."""
    with qtbot.waitSignal(ui.controller.delivered, timeout=10_000) as delivered:
        ui.send_button.click()
    delivery = delivered.args[0]
    shown = ui.result_view.toPlainText()
    assert "200" in shown and f"{delivery.result.request_bytes:,} B" in shown and "1 attempt" in shown
    assert "More…" in shown and "Response body" not in shown
    ui.result_view.anchorClicked.emit(QUrl("composer:more"))
    assert "Response body" in ui.result_view.toPlainText() and "Less" in ui.result_view.toPlainText()
    ui.result_view.anchorClicked.emit(QUrl("composer:less"))
    assert "Response body" not in ui.result_view.toPlainText()
