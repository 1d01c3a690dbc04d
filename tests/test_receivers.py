"""Receiver kinds live in one place: a kind added to `composer.core.receivers.RECEIVERS` (one
descriptor naming its own rule module) is offered, checked, sent, explained and walked through by
every layer, with no other table to edit."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from composer.core import receivers
from composer.core.problems import Problem
from composer.core.receivers import RECEIVERS, Accepted, Receiver
from composer.core.validation import RULE_SETS, TARGET_RULE_SETS, validate
from composer.core.validation.context import Context
from composer.services.profiles import Profile, kind_for_url
from composer.services.send.explain import explain_status
from tests.parser_choices import option_choices
from tests.send_results import answered

ACME = Receiver(
    name="acme",
    label="Acme Lineage",
    check_label="Acme",
    profile_label="Acme (/acme/lineage, Acme's rules)",
    endpoint="/acme/lineage",
    base_url_hint="https://<acme-host>",
    base_url_placeholder="https://<acme-host> (Acme)",
    rule_sets=("acme", "lint-portable"),
    rules="tests.test_receivers:acme_rules",
    url_paths=("/acme/lineage",),
    accepted=Accepted(headline="Acme filed the event ({status})."),
)
EVENT = {"eventType": "COMPLETE", "eventTime": "2024-02-20T10:30:00Z", "producer": "https://x.example"}


def acme_rules(context: Context) -> Iterator[Problem]:
    """The new kind's own rule module (here, this test module)."""
    yield Problem("error", "/job", "Acme wants a job.", code="acme-job")


@pytest.fixture
def with_acme(monkeypatch: pytest.MonkeyPatch) -> tuple[Receiver, ...]:
    registered = (*RECEIVERS, ACME)
    monkeypatch.setattr(receivers, "RECEIVERS", registered)
    return registered


def test_core_and_services_read_a_new_kind_from_its_descriptor(with_acme: tuple[Receiver, ...]) -> None:
    names = [known.name for known in with_acme]
    assert list(TARGET_RULE_SETS) == names and TARGET_RULE_SETS["acme"] == ("acme", "lint-portable")
    assert "acme" in RULE_SETS
    assert "Acme wants a job." in [p.message for p in validate(EVENT, TARGET_RULE_SETS["acme"])]
    profile = Profile(name="acme prod", kind="acme", base_url="https://acme.example")
    profile.check()
    assert profile.endpoint_url() == "https://acme.example/acme/lineage"
    assert profile.validation_target == "acme"
    assert kind_for_url("https://acme.example/acme/lineage") == "acme"
    assert explain_status(201, kind="acme", url=profile.endpoint_url()).headline == "Acme filed the event (201)."
    missing = explain_status(404, kind="acme", url="https://acme.example/wrong").steps
    assert missing == ("Acme Lineage's endpoint is /acme/lineage.", "Check the base URL: https://<acme-host>.")


def test_the_command_line_offers_exactly_the_registered_kinds(with_acme: tuple[Receiver, ...]) -> None:
    names = [known.name for known in with_acme]
    assert option_choices("profile", "add", "--kind") == names
    assert option_choices("profile", "edit", "--kind") == names
    assert option_choices("validate", "--target") == sorted(names)


def test_the_window_offers_exactly_the_registered_kinds(qtbot: QtBot, with_acme: tuple[Receiver, ...]) -> None:
    from composer.ui.checks.targets import label_for, targets  # noqa: PLC0415
    from composer.ui.send.backend import Delivery  # noqa: PLC0415
    from composer.ui.send.profile_form import ProfileForm  # noqa: PLC0415
    from composer.ui.send.walkthrough import build_walkthrough  # noqa: PLC0415

    assert list(targets().values()) == [known.name for known in with_acme]
    assert label_for("acme") == "Acme"
    form = ProfileForm()
    qtbot.addWidget(form)
    assert [form.kind.itemData(i) for i in range(form.kind.count())] == [k.name for k in with_acme]
    form.kind.setCurrentIndex(form.kind.findData("acme"))
    assert form.kind.currentText() == ACME.profile_label
    assert form.endpoint.placeholderText() == "/acme/lineage (the default)"
    assert form.base_url.placeholderText() == ACME.base_url_placeholder
    profile = Profile(name="acme prod", kind="acme", base_url="https://acme.example")
    result = answered(profile.endpoint_url(), 201, "filed")
    walk = build_walkthrough(Delivery(profile, json.dumps(EVENT), result, profile.base_url, history_id=1))
    titles = [step.title for step in walk.steps]
    assert titles == ["1. API response is a success (2xx)", "2. Open the output table in Acme Lineage", *titles[2:]]
    assert walk.target == "Acme Lineage" and walk.catalog_url == "https://acme.example"


def test_only_alation_kinds_have_catalog_access() -> None:
    alation_kinds = {known.name for known in RECEIVERS if known.rules.endswith(":alation_rules")}
    assert {known.name for known in RECEIVERS if known.catalog_access} <= alation_kinds
    assert receivers.receiver("alation").catalog_access  # and with it the Local sandbox (kind alation)


def test_every_descriptor_is_complete_and_distinct() -> None:
    assert len({known.name for known in RECEIVERS}) == len(RECEIVERS)
    assert len({known.check_label for known in RECEIVERS}) == len(RECEIVERS)
    for known in RECEIVERS:
        texts = [f.name for f in dataclasses.fields(known) if isinstance(getattr(known, f.name), str)]
        assert all(getattr(known, name) for name in texts if name != "rules"), known.name
        assert known.endpoint.startswith("/") and set(known.rule_sets) <= set(RULE_SETS)
        assert 200 in known.success_codes and "{status}" in known.accepted.headline
