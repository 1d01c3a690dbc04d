"""What is sent is what is shown: Edit JSON text that does not parse is never replaced, on the
wire, by the older event the forms still hold (issue 15, point 1).

The real window and the real sandbox on loopback; dialogs answered by the scripted prompter.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from composer.core.jsontext import JsonSyntaxError, parse
from composer.ui.main_window import MainWindow
from tests.e2e import test_send_verify
from tests.e2e.test_send_verify import add_profile, compose, prompter, sandbox_events, ui
from tests.services.scripted_server import ScriptedServer

pytestmark = pytest.mark.usefixtures("memory_keyring")
window = test_send_verify.window  # the same real window (fixture), wired to the real sandbox

BROKEN = '{\n  "eventType": "COMPLETE",\n  "job": {"namespace": "ns", "name": "j"\n  "run": {}\n}\n'


def type_broken_json(qtbot: QtBot, window: MainWindow, text: str = BROKEN) -> None:
    """Edit JSON, replace the text, and press Ctrl+Enter before the typing is parsed."""
    window.preview.edit_button.click()
    editor = window.preview.editor
    editor.setFocus()
    editor.selectAll()
    editor.insertPlainText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def expected_error(text: str) -> JsonSyntaxError:
    with pytest.raises(JsonSyntaxError) as caught:
        parse(text)
    return caught.value


def test_unparsed_text_is_listed_as_the_problem_and_send_refuses_without_sending(
    qtbot: QtBot, window: MainWindow
) -> None:
    send_ui = ui(window)
    compose(qtbot, window)
    before = window.model.to_json()
    with qtbot.waitSignal(send_ui.controller.refused) as refused:
        type_broken_json(qtbot, window)
    error = expected_error(BROKEN)
    asked = prompter(window).asked_send_as_typed
    assert len(asked) == 1 and f"line {error.line}, column {error.column}" in asked[0].message
    assert refused.args[1] == asked  # the reason shown is the parse error, nothing else
    assert "not valid JSON" in send_ui.result_view.toPlainText()
    assert sandbox_events(send_ui) == [] and not send_ui.controller.busy
    assert window.model.to_json() == before  # the forms keep the last valid event
    assert window.preview.editor.toPlainText() == BROKEN  # and the typing is kept
    # The problems list speaks of the text on screen, not of the older event.
    assert window.problems.summary.text().startswith("1 error")
    assert [p.message for p in window.problems.problems] == [asked[0].message]
    marked = window.preview.editor.extraSelections()
    assert marked and marked[0].cursor.blockNumber() == error.line - 1
    window.focus_path("")  # a click on the problem puts the cursor at the error
    assert window.preview.editor.textCursor().position() == error.position
    # Fixing the text brings back the rules' verdict and clears the marker.
    window.preview.editor.setPlainText(before)
    assert window.preview.apply_edited_text()
    assert window.preview.editor.extraSelections() == []
    assert window.problems.problems == window.live.problems


def test_send_as_typed_gives_the_sandbox_exactly_the_typed_text(qtbot: QtBot, window: MainWindow) -> None:
    send_ui = ui(window)
    compose(qtbot, window)
    prompter(window).send_as_typed = True
    with qtbot.waitSignal(send_ui.controller.walkthroughReady, timeout=15_000) as ready:
        type_broken_json(qtbot, window)
    delivery = send_ui.controller.last_delivery
    assert delivery is not None and delivery.body == BROKEN
    error = expected_error(BROKEN)
    # The sandbox parsed the typed text itself and found the same error at the same place.
    answer = json.loads(delivery.result.response_text)
    assert delivery.result.status == 400 and answer["error"] == "malformed-json"
    assert (answer["line"], answer["column"]) == (error.line, error.column)
    assert sandbox_events(send_ui) == []  # nothing older was stored in its place
    assert ready.args[0].steps[0].status == "fail"
    assert delivery.history_id is not None
    history = send_ui.controller.backend.history.get(delivery.history_id)
    assert history is not None and history.event == BROKEN


def test_send_as_typed_puts_exactly_the_typed_bytes_on_the_wire(qtbot: QtBot, window: MainWindow) -> None:
    typed = BROKEN.replace("ns", "ns-é")  # non-ASCII too: the bytes are the text's UTF-8
    with ScriptedServer() as server:
        add_profile(qtbot, window, "echo", server.url(""), "echo-token-31c9")
        prompter(window).send_as_typed = True
        with qtbot.waitSignal(ui(window).controller.delivered, timeout=15_000):
            type_broken_json(qtbot, window, typed)
        assert [r.body for r in server.received] == [typed.encode("utf-8")]


def test_valid_typing_not_yet_parsed_is_what_ctrl_enter_sends(qtbot: QtBot, window: MainWindow) -> None:
    send_ui = ui(window)
    compose(qtbot, window)
    typed = window.model.to_json().replace("daily_sales_load", "typed_just_now")
    with qtbot.waitSignal(send_ui.unresolved, timeout=15_000):
        type_broken_json(qtbot, window, typed)
    assert prompter(window).asked_send_as_typed == []
    assert sandbox_events(send_ui)[0]["event"] == typed
