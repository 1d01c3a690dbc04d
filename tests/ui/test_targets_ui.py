"""The window speaks for the chosen target: its "Check for" list follows the profile's kind, and
a Marquez profile's 201 passes step 1 of the walk-through with no Alation advice shown."""

from __future__ import annotations

from functools import partial

import pytest
from pytestqt.qtbot import QtBot

from composer.services.profile_store import ProfileStore
from composer.services.profiles import DEFAULT_ENDPOINTS, PROFILE_KINDS, Profile
from composer.ui.main_window import MainWindow
from composer.ui.send.profile_form import ProfileForm
from tests.services.scripted_server import ScriptedServer, Step

pytestmark = [pytest.mark.usefixtures("memory_keyring"), pytest.mark.window(size=(1400, 900), loaded=True)]


def add_profiles(qtbot: QtBot, window: MainWindow, *profiles: Profile) -> None:
    controller = window.send_ui.controller
    store = ProfileStore(controller.backend.profiles.path)
    for profile in profiles:
        store.add(profile)
        controller.backend.set_token(profile.name, "t-0123456789")
    controller.reload_profiles()
    qtbot.waitUntil(lambda: all(window.send_ui.profile_combo.findText(p.name) >= 0 for p in profiles))


def test_the_target_list_has_every_target_and_follows_the_profile(qtbot: QtBot, window: MainWindow) -> None:
    combo = window.target
    assert combo.objectName() == "target"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Alation",
        "OpenLineage spec",
        "Marquez",
        "DataHub",
        "OpenMetadata",
    ]
    assert combo.currentText() == "Alation"  # the Local sandbox answers like Alation
    base = "https://lineage.example.com"
    add_profiles(
        qtbot,
        window,
        Profile(name="lab", kind="marquez", base_url=base),
        Profile(name="hub", kind="datahub", base_url=base),
        Profile(name="om", kind="openmetadata", base_url=base),
    )
    window.model.set("/eventType", "START")
    for profile, label, words in (
        ("lab", "Marquez", None),
        ("hub", "DataHub", "DataHub"),
        ("om", "OpenMetadata", "OpenMetadata accepts START events"),
        ("Local sandbox", "Alation", "Alation accepts START events"),
    ):
        window.send_ui.profile_combo.setCurrentText(profile)
        assert combo.currentText() == label
        if words is None:
            qtbot.waitUntil(lambda: not any("eventType" in p.path for p in window.problems.problems))
        else:
            qtbot.waitUntil(partial(lambda w: any(w in p.message for p in window.problems.problems), words))
    assert window.rule_sets() == ("alation", "lint")
    combo.setCurrentText("Marquez")  # a person may still pick another target by hand
    assert window.rule_sets() == ("marquez", "lint-portable")


def test_a_marquez_201_passes_step_one_without_alation_advice(qtbot: QtBot, window: MainWindow) -> None:
    window.files.new_document("alation-minimal")  # no producer: Marquez needs one
    ui = window.send_ui
    with ScriptedServer(default=Step(201, body=b"")) as server:
        add_profiles(qtbot, window, Profile(name="lab", kind="marquez", base_url=server.url("")))
        ui.profile_combo.setCurrentText("lab")
        with qtbot.waitSignal(ui.controller.refused, timeout=10_000) as refused:
            ui.send_button.click()
        assert [p.path for p in refused.args[1]] == ["/producer"] and server.received == []
        window.files.new_document("alation-complete")
        with qtbot.waitSignal(ui.controller.walkthroughReady, timeout=10_000):
            ui.send_button.click()
        assert [r.path for r in server.received] == ["/api/v1/lineage"]
    statuses = ui.verification.statuses()
    assert statuses["response"] == "pass" and statuses["table"] == "todo"
    assert "Marquez stored the event (201)" in ui.result_view.toPlainText()
    assert "Open the output table in Marquez" in ui.verification.rows["table"].title.text()
    assert not ui.verification.troubleshoot_button.isVisible()
    assert "Alation" not in ui.verification.summary.text() + ui.result_view.toPlainText()


def test_the_profile_form_offers_every_kind_with_its_default_endpoint(qtbot: QtBot) -> None:
    form = ProfileForm()
    qtbot.addWidget(form)
    kinds = [form.kind.itemData(i) for i in range(form.kind.count())]
    assert kinds == list(PROFILE_KINDS)
    for kind in ("datahub", "openmetadata"):
        form.kind.setCurrentIndex(form.kind.findData(kind))
        assert DEFAULT_ENDPOINTS[kind] in form.endpoint.placeholderText()
        assert "alationcloud" not in form.base_url.placeholderText()
        form.name.setText(f"{kind} prod")
        form.base_url.setText("https://metadata.example.com")
        made = form.profile()
        assert made.kind == kind and made.endpoint_url().endswith(DEFAULT_ENDPOINTS[kind])
