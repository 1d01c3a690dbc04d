"""End to end: the real window, the real sandbox on loopback, driven like a person would.

An event is built through the forms, sent with Ctrl+Enter or the Send button, and what arrived
is compared with what the preview showed. Dialogs are answered by a scripted prompter; nothing
sleeps — every wait is on a signal or a condition.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from composer.app import build_main_window
from composer.ui.files.controller import SaveChoice
from composer.ui.main_window import MainWindow
from composer.ui.send import SendUi
from composer.ui.send.profiles_dialog import ProfilesDialog
from tests.services.scripted_server import ScriptedServer, Step
from tests.ui.fakes import FakePrompter
from tests.ui.test_send_fakes import FakeSendPrompter

pytestmark = pytest.mark.usefixtures("memory_keyring")

SOURCE = ("postgres://prod-db.example.com:5432", "sales_db.public.transactions")
TARGET = ("postgres://prod-db.example.com:5432", "sales_db.public.daily_sales")


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    made = build_main_window()
    made.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
    qtbot.addWidget(made)
    made.resize(1400, 900)
    made.show()
    yield made
    ui(made).shutdown()


def ui(window: MainWindow) -> SendUi:
    """The window's send UI (wired by the main window), answering through a fake prompter."""
    found = window.send_ui
    assert found is not None, "the window builds its send UI before it returns"
    if not isinstance(found.prompter, FakeSendPrompter):
        found.prompter = FakeSendPrompter()
    return found


def prompter(window: MainWindow) -> FakeSendPrompter:
    found = ui(window).prompter
    assert isinstance(found, FakeSendPrompter)
    return found


def type_line(qtbot: QtBot, window: MainWindow, name: str, text: str) -> None:
    line = window.findChild(QLineEdit, name)
    assert line is not None, name
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


def compose(qtbot: QtBot, window: MainWindow, *, outputs: bool = True) -> None:
    """Job, one input and (unless told not to) one output, typed into the forms."""
    type_line(qtbot, window, "jobNamespace", "lineage-composer-e2e")
    type_line(qtbot, window, "jobName", "daily_sales_load")
    window.findChild(type(ui(window).send_button), "addInput").click()
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, "inputsName0") is not None)
    type_line(qtbot, window, "inputsNamespace0", SOURCE[0])
    type_line(qtbot, window, "inputsName0", SOURCE[1])
    if outputs:
        window.findChild(type(ui(window).send_button), "addOutput").click()
        qtbot.waitUntil(lambda: window.findChild(QLineEdit, "outputsName0") is not None)
        type_line(qtbot, window, "outputsNamespace0", TARGET[0])
        type_line(qtbot, window, "outputsName0", TARGET[1])
    qtbot.waitUntil(lambda: window.preview.editor.toPlainText() == window.model.to_json())


def sandbox_events(send_ui: SendUi | None) -> list[dict[str, object]]:
    assert send_ui is not None, "the window's send UI"
    server = send_ui.controller.backend.sandbox.server()
    answer = httpx.get(
        f"{server.url}/sandbox/api/events",
        params={"limit": 10},
        headers={"Authorization": f"Bearer {server.token}"},
    )
    events: list[dict[str, object]] = answer.json()["events"]
    return events


def add_profile(qtbot: QtBot, window: MainWindow, name: str, base_url: str, token: str) -> ProfilesDialog:
    send_ui = ui(window)
    prompter(window).token = token
    send_ui.profiles_action.trigger()
    dialog = send_ui.profiles_dialog
    assert dialog is not None
    dialog.add_button.click()
    dialog.form.name.setText(name)
    dialog.form.base_url.setText(base_url)
    with qtbot.waitSignal(dialog.bookChanged):
        dialog.save_button.click()
    with qtbot.waitSignal(dialog.tokenChanged):
        dialog.token_button.click()
    send_ui.profile_combo.setCurrentText(name)
    assert send_ui.controller.current.name == name
    return dialog


def files_containing(home: Path, secret: str) -> list[Path]:
    needle = secret.encode("utf-8")
    return [path for path in home.rglob("*") if path.is_file() and needle in path.read_bytes()]


def test_a_composed_event_reaches_the_sandbox_exactly_and_every_step_passes(
    qtbot: QtBot, window: MainWindow
) -> None:
    send_ui = ui(window)
    qtbot.waitUntil(lambda: send_ui.profile_combo.currentText() == "Local sandbox")
    compose(qtbot, window)
    shown = window.preview.editor.toPlainText()
    with qtbot.waitSignal(send_ui.unresolved, timeout=15_000) as unresolved, qtbot.waitSignal(send_ui.sent):
        send_ui.send_button.click()
    assert unresolved.args == [frozenset()]
    newest = sandbox_events(send_ui)[0]
    assert newest["event"] == shown
    assert send_ui.verification.statuses() == dict.fromkeys(
        ("response", "table", "lineage", "metadata"), "pass"
    )
    assert all(row.box.isChecked() for row in send_ui.verification.rows.values())
    # Issue 15: every text names the receiver it talks about (here the sandbox, not Alation).
    shown = send_ui.result_view.toPlainText() + send_ui.verification.rows["table"].title.text()
    assert "The local sandbox received the event (200)" in shown
    assert "2. Open the output table in the Local sandbox" in shown
    assert "Alation received" not in shown and "in Alation" not in shown


def test_an_event_without_outputs_is_refused_then_sent_anyway_and_the_400_explained(
    qtbot: QtBot, window: MainWindow
) -> None:
    send_ui = ui(window)
    compose(qtbot, window, outputs=False)
    with qtbot.waitSignal(send_ui.controller.refused):
        send_ui.send_button.click()
    asked = prompter(window).asked_send_anyway
    assert asked and any(p.path == "/outputs" for p in asked[0])
    assert "Not sent" in send_ui.result_view.toPlainText() and "/outputs" in send_ui.result_view.toPlainText()
    assert sandbox_events(send_ui) == []
    prompter(window).send_anyway = True
    with qtbot.waitSignal(send_ui.controller.walkthroughReady, timeout=15_000):
        send_ui.send_button.click()
    text = send_ui.result_view.toPlainText()
    assert "Rejected (400 Bad Request)" in text and "at least one input and one output" in text
    assert "invalid-event" in text  # the sandbox's own reason, in the response body
    assert send_ui.verification.statuses()["response"] == "fail"


def test_a_misbehaving_server_shows_the_retries(qtbot: QtBot, window: MainWindow) -> None:
    with ScriptedServer(
        Step(503, headers=(("Retry-After", "0"),), body=b'{"status": 503}'), Step(200)
    ) as server:
        add_profile(qtbot, window, "flaky", server.url(""), "flaky-token-7f3a9c")
        compose(qtbot, window)
        send_ui = ui(window)
        with qtbot.waitSignal(send_ui.controller.delivered, timeout=15_000) as delivered:
            send_ui.send_button.click()
        assert [r.body.decode() for r in server.received] == [window.model.to_json()] * 2
    result = delivered.args[0].result
    assert result.status == 200 and len(result.attempts) == 2
    text = send_ui.result_view.toPlainText()
    assert "Attempt 1: HTTP 503" in text and "Retry-After" in text and "Attempt 2: HTTP 200" in text
    assert send_ui.verification.statuses() == {
        "response": "pass",
        "table": "todo",
        "lineage": "todo",
        "metadata": "todo",
    }
    send_ui.verification.open_button.click()
    assert prompter(window).opened == [f"{server.url('')}/search?q=sales_db.public.daily_sales"]


def test_without_a_keyring_a_session_only_token_works_and_no_token_reaches_a_file(
    qtbot: QtBot, window: MainWindow, app_home: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    token = "session-only-token-5b1e"
    with ScriptedServer() as server:
        dialog = add_profile(qtbot, window, "no-keyring", server.url(""), token)
        offers = prompter(window).session_offers
        assert offers and "No OS keyring is available" in offers[0]
        assert "this session only" in dialog.token_status.text()
        compose(qtbot, window)
        send_ui = ui(window)
        with qtbot.waitSignal(send_ui.controller.delivered, timeout=15_000):
            send_ui.send_button.click()
        assert server.received[-1].authorization == f"Bearer {token}"
    assert "200" in send_ui.result_view.toPlainText() and token not in send_ui.result_view.toPlainText()
    send_ui.profile_combo.setCurrentText("Local sandbox")
    with qtbot.waitSignal(send_ui.unresolved, timeout=15_000):
        send_ui.send_button.click()
    sandbox_token = send_ui.controller.backend.sandbox.token()
    send_ui.shutdown()
    assert files_containing(app_home, token) == []
    assert files_containing(app_home, sandbox_token) == []


def test_a_keyring_token_reaches_no_file_under_the_app_home(
    qtbot: QtBot, window: MainWindow, app_home: Path
) -> None:
    token = "keyring-token-9d2c41"
    with ScriptedServer(default=Step(200, echo_authorization=True)) as server:
        add_profile(qtbot, window, "echo", server.url(""), token)
        compose(qtbot, window)
        send_ui = ui(window)
        with qtbot.waitSignal(send_ui.sent, timeout=15_000) as sent:
            send_ui.send_button.click()
    record = send_ui.controller.backend.history.get(sent.args[0])
    assert record is not None and token not in json.dumps(record.to_json())
    assert token not in send_ui.result_view.toPlainText()
    send_ui.shutdown()
    assert files_containing(app_home, token) == []
