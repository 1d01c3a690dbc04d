"""The window's Template Gallery and "Make START event for this run…", driven like a person would,
against the real Local sandbox (which must store START, then COMPLETE) and a scripted receiver."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from composer.core.eventlog import read_events
from composer.core.templates import instantiate
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.ui.export.run_pair_action import PairDialog
from composer.ui.files.template_gallery import TemplateGallery
from composer.ui.main_window import MainWindow
from tests.e2e.test_send_verify import sandbox_events
from tests.services.scripted_server import ScriptedServer, Step
from tests.ui.test_send_fakes import FakeSendPrompter

pytestmark = [pytest.mark.usefixtures("memory_keyring"), pytest.mark.window(size=(1400, 900), loaded=True)]


@dataclass
class FakePairPrompts:
    """Answers the pair dialog with `answer(dialog)` and the save question with `path`."""

    answer: Callable[[PairDialog], None]
    path: Path | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)

    def run_dialog(self, dialog: QDialog) -> None:
        assert isinstance(dialog, PairDialog)
        self.answer(dialog)

    def choose_save_path(self, suggested: str) -> Path | None:
        assert suggested.endswith(".ndjson")
        return self.path

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))


def test_the_gallery_previews_each_template_and_creates_the_chosen_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    gallery = window.gallery
    assert gallery.action in window.files.new_menu.actions()
    assert gallery.action.objectName() == "templateGalleryAction"
    seen: list[str] = []

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, TemplateGallery) and dialog.objectName() == "templateGallery"
        titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert "Kafka: streaming enrichment" in titles and "Postgres to Snowflake: nightly SQL load" in titles
        dialog.select("s3-to-redshift")
        seen.append(dialog.preview.toPlainText())
        assert "COPY" in dialog.description.text() + dialog.preview.toPlainText()
        dialog.select("kafka")
        assert "Flink" in dialog.description.text()
        assert json.loads(dialog.preview.toPlainText()) == instantiate("kafka", fresh_run=False).value
        dialog.resize(980, 620)
        assert dialog.grab().save(str(tmp_path / "template-gallery.png"))
        dialog.findChild(QPushButton, "galleryCreate").click()

    gallery.run_dialog = choose
    window.gallery.action.trigger()
    assert seen and "acme-clickstream-raw" in seen[0]
    model = window.model
    assert model.get("/job/name") == "orders.enrich_order_events"
    assert model.get("/run/runId") != instantiate("kafka", fresh_run=False).run_id, "a fresh run"
    qtbot.waitUntil(lambda: window.preview.editor.toPlainText() == model.to_json())


def test_cancelling_the_gallery_keeps_the_event(window: MainWindow) -> None:
    before = window.model.to_json()
    window.gallery.run_dialog = lambda dialog: dialog.reject()
    assert window.gallery.open() is False
    assert window.model.to_json() == before


def test_the_pair_is_saved_as_ndjson(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.files.new_document("postgres-to-snowflake")
    complete_text = window.model.to_json()

    def answer(dialog: PairDialog) -> None:
        dialog.start_time.setText("2030-01-01T00:00:00Z")  # later than the COMPLETE: refused inline
        assert not dialog.save_button.isEnabled() and "earlier" in dialog.message.text()
        dialog.start_time.setText("2020-01-01T00:00:00.000Z")
        assert '"eventType": "START"' in dialog.preview.toPlainText()
        assert dialog.grab().save(str(path.with_suffix(".png")))
        dialog.save_button.click()

    path = tmp_path / "pair.ndjson"
    action = window.findChild(type(window.gallery.action), "makeStartPairAction")
    assert action is window.run_pair.action and "Make" in action.text()
    window.run_pair.prompts = FakePairPrompts(answer, path)
    with qtbot.waitSignal(window.run_pair.saved, timeout=10_000):
        action.trigger()
    start, complete = (e.document for e in read_events(path.read_text(encoding="utf-8")))
    assert start is not None and complete is not None
    assert (start.event_type, start.event_time) == ("START", "2020-01-01T00:00:00.000Z")
    assert complete.value == json.loads(complete_text) and start.run_id == complete.run_id
    assert window.model.to_json() == complete_text, "the document is not changed"


def test_both_go_to_the_sandbox_start_first(qtbot: QtBot, window: MainWindow) -> None:
    window.files.new_document("s3-to-redshift")
    complete_text = window.model.to_json()
    window.run_pair.prompts = FakePairPrompts(lambda dialog: dialog.send_button.click())
    recorded: list[int] = []
    window.send_ui.sent.connect(recorded.append)
    with qtbot.waitSignal(window.run_pair.sent, timeout=15_000) as sent:
        window.run_pair.action.trigger()
    deliveries = sent.args[0]
    assert [d.result.ok for d in deliveries] == [True, True]
    events = sandbox_events(window.send_ui)  # newest first
    stored = [json.loads(str(e["event"])) for e in reversed(events[:2])]
    assert [e["eventType"] for e in stored] == ["START", "COMPLETE"]
    assert events[0]["event"] == complete_text, "the COMPLETE's exact bytes"
    assert stored[0]["run"]["runId"] == stored[1]["run"]["runId"] == window.model.get("/run/runId")
    # the walk-through checks the COMPLETE: the sandbox stored exactly its bytes
    qtbot.waitUntil(lambda: window.send_ui.verification.statuses().get("table") == "pass", timeout=10_000)
    assert window.send_ui.send_button.isEnabled() and window.run_pair.action.isEnabled()
    history = window.send_ui.controller.backend.history
    assert [history.get(i).event for i in recorded] == [deliveries[0].body, complete_text]


def use_profile(qtbot: QtBot, window: MainWindow, profile: Profile) -> None:
    store = ProfileStore(window.send_ui.controller.backend.profiles.path)
    store.add(profile)
    window.send_ui.controller.backend.set_token(profile.name, "t-0123456789")
    window.send_ui.controller.reload_profiles()
    qtbot.waitUntil(lambda: window.send_ui.profile_combo.findText(profile.name) >= 0)
    window.send_ui.profile_combo.setCurrentText(profile.name)


def test_a_refused_start_stops_the_complete(qtbot: QtBot, window: MainWindow) -> None:
    window.files.new_document("bigquery")
    with ScriptedServer(Step(400, body=b'{"error": "bad"}'), default=Step(201, body=b"")) as server:
        use_profile(qtbot, window, Profile(name="lab", kind="marquez", base_url=server.url("")))
        window.run_pair.prompts = FakePairPrompts(lambda dialog: dialog.send_button.click())
        with qtbot.waitSignal(window.run_pair.sent, timeout=15_000) as sent:
            window.run_pair.action.trigger()
        assert len(sent.args[0]) == 1 and len(server.received) == 1
        assert json.loads(server.received[0].body)["eventType"] == "START"
    assert "COMPLETE was not sent" in window.statusBar().currentMessage()


def test_cancel_stops_the_pair_before_the_complete(qtbot: QtBot, window: MainWindow) -> None:
    window.files.new_document("kafka")
    ui = window.send_ui
    with ScriptedServer(default=Step(action="hang")) as server:
        use_profile(qtbot, window, Profile(name="slow", kind="marquez", base_url=server.url(""), timeout=1))
        window.run_pair.prompts = FakePairPrompts(lambda dialog: dialog.send_button.click())
        window.run_pair.action.trigger()
        qtbot.waitUntil(lambda: len(server.received) == 1, timeout=10_000)
        assert ui.cancel_button.isEnabled() and not ui.send_button.isEnabled()
        with qtbot.waitSignal(window.run_pair.sent, timeout=15_000) as sent:
            ui.cancel_button.click()
        assert len(sent.args[0]) == 1 and sent.args[0][0].result.cancelled
        assert len(server.received) == 1, "the COMPLETE never left"
    assert ui.send_button.isEnabled() and not ui.cancel_button.isEnabled()


def test_the_action_is_in_the_edit_menu_the_window_made(window: MainWindow) -> None:
    bar = [a.text() for a in window.menuBar().actions()]
    assert bar.count("&Edit") == 1 and window.edit_menu.menuAction().text() == "&Edit"
    assert window.run_pair.action in window.edit_menu.actions()
    assert window.run_pair.action.text() == "Make &START Event for This Run…"


def test_only_a_complete_event_can_be_paired(window: MainWindow) -> None:
    window.model.set("/eventType", "START")
    prompts = FakePairPrompts(lambda dialog: pytest.fail("no dialog for a START event"))
    window.run_pair.prompts = prompts
    window.run_pair.action.trigger()
    assert prompts.errors and "COMPLETE" in prompts.errors[0][1]


def test_while_the_pair_is_on_its_way_nothing_else_can_send(qtbot: QtBot, window: MainWindow) -> None:
    """The pair goes through the send controller: busy from the click until both are stored, so a
    Send or a connection check tried in between (menu, button or the controller itself) waits."""
    window.files.new_document("s3-to-redshift")
    ui = window.send_ui
    prompter = ui.prompter
    assert isinstance(prompter, FakeSendPrompter) and prompter.check, "a check would go if allowed"
    before = len(sandbox_events(ui))
    seen: list[dict[str, bool]] = []

    def try_to_interleave(_text: str = "") -> None:
        seen.append(
            {
                "busy": ui.controller.busy,
                "send": ui.send_button.isEnabled() or ui.send_action.isEnabled(),
                "check": ui.check_action.isEnabled(),
                "pair": window.run_pair.action.isEnabled(),
                "cancel": ui.cancel_button.isEnabled(),
            }
        )
        for start_another in (ui.send_action.trigger, ui.check_action.trigger, ui.controller.send):
            start_another()
        ui.controller.check_connection()

    ui.controller.started.connect(try_to_interleave)  # the events are about to go
    window.run_pair.prompts = FakePairPrompts(lambda dialog: dialog.send_button.click())
    with qtbot.waitSignal(window.run_pair.sent, timeout=15_000) as sent:
        window.run_pair.action.trigger()
        try_to_interleave()  # and while they are checked
    ui.controller.started.disconnect(try_to_interleave)
    busy = {"busy": True, "send": False, "check": False, "pair": False, "cancel": True}
    assert seen == [busy, busy]
    assert prompter.notices == [], "no connection check started in between"
    assert [d.result.ok for d in sent.args[0]] == [True, True]
    events = sandbox_events(ui)
    assert len(events) == before + 2, "only the pair reached the sandbox"
    assert [json.loads(str(e["event"]))["eventType"] for e in reversed(events[:2])] == ["START", "COMPLETE"]
    assert not ui.controller.busy and ui.send_button.isEnabled() and ui.check_action.isEnabled()


def test_a_failed_save_leaves_the_file_that_was_there(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The pair is written atomically (temp file, then rename): a write that fails half-way, here
    on a string UTF-8 cannot store, never leaves a truncated or half-written file behind."""
    window.files.new_document("postgres-to-snowflake")
    window.model.set("/job/name", "nightly \ud800 load")  # a lone surrogate: not encodable
    path = tmp_path / "pair.ndjson"
    path.write_text("the previous pair\n", encoding="utf-8")
    prompts = FakePairPrompts(lambda dialog: dialog.save_button.click(), path)
    window.run_pair.prompts = prompts
    window.run_pair.action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=10_000)
    assert prompts.errors[0][0] == "Cannot save the pair" and str(path) in prompts.errors[0][1]
    assert path.read_text(encoding="utf-8") == "the previous pair\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pair.ndjson"], "no temporary file left"
