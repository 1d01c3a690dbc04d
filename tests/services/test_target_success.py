"""Every 2xx is a success for every profile kind, and the words fit the receiver that answered.

Marquez answers 201, DataHub 202, OpenMetadata and Alation 200: a scripted server answers each
at the kind's own endpoint; the real sandbox answers a Marquez-kind profile. No explanation for
another receiver carries Alation's advice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.services.profiles import (
    DEFAULT_ENDPOINTS,
    PROFILE_KINDS,
    TARGET_NAMES,
    ProfileKind,
    profile_for_endpoint_url,
)
from composer.services.sandbox import SandboxServer
from composer.services.send.explain import explain_error, explain_status
from tests.cli_driver import cli, write
from tests.services.sandbox_client import event
from tests.services.scripted_server import ScriptedServer, Step
from tests.services.sender_helpers import TOKEN, body, make_sender

STATUS = {"alation": 200, "marquez": 201, "datahub": 202, "openmetadata": 200, "openlineage": 204}


@pytest.mark.parametrize("kind", PROFILE_KINDS)
def test_a_2xx_at_the_kinds_endpoint_is_a_success(kind: ProfileKind) -> None:
    with ScriptedServer(default=Step(STATUS[kind], body=b"")) as server:
        with make_sender(server.url(DEFAULT_ENDPOINTS[kind]), kind=kind) as sender:
            result = sender.send(body(), event_type="COMPLETE")
        assert server.received[0].path == DEFAULT_ENDPOINTS[kind]
    assert (result.ok, result.status, len(result.attempts)) == (True, STATUS[kind], 1)
    text = result.explanation.text()
    assert str(STATUS[kind]) in result.explanation.headline
    if kind != "alation":
        assert "Alation" not in text
    if kind in ("marquez", "datahub", "openmetadata"):
        assert TARGET_NAMES[kind] in result.explanation.headline


def test_marquez_201_and_datahub_202_say_what_they_mean() -> None:
    marquez = explain_status(201, kind="marquez", url="http://m:5000/api/v1/lineage")
    assert marquez.headline == "Marquez stored the event (201)." and "201 Created" in marquez.detail
    datahub = explain_status(202, kind="datahub", url="https://gms/openapi/openlineage/api/v1/lineage")
    assert "asynchronous" in datahub.detail and "DataFlow" in datahub.text()
    start = explain_status(
        200, kind="openmetadata", url="https://om/api/v1/openlineage/lineage", event_type="START"
    )
    assert "only COMPLETE" in start.text()
    alation = explain_status(201, kind="alation", url="https://t.alationcloud.com/open_lineage_event/")
    assert alation.headline == "Alation received the event (201)."


@pytest.mark.parametrize("kind", ["marquez", "datahub", "openmetadata", "openlineage"])
def test_failures_for_other_receivers_carry_no_alation_advice(kind: ProfileKind) -> None:
    url = "https://receiver.example.com" + DEFAULT_ENDPOINTS[kind]
    for status in (301, 400, 401, 403, 404, 413, 422, 429, 500, 503):
        text = explain_status(status, kind=kind, url=url).text()
        assert "Alation" not in text and "alationcloud" not in text, (status, text)
    assert DEFAULT_ENDPOINTS[kind] in explain_status(404, kind=kind, url=url).text()
    assert f"--target {kind}" in explain_status(400, kind=kind, url=url).text()
    dns = explain_error("dns", "no such host", url=url, timeout=30, ca_bundle="", kind=kind)
    assert "alationcloud" not in dns.text()
    alation_dns = explain_error("dns", "no such host", url=url, timeout=30, ca_bundle="")
    assert "<tenant>.alationcloud.com" in alation_dns.text()


def test_a_bare_url_names_its_receiver() -> None:
    for url, kind in (
        ("https://gms.example.com:8080/openapi/openlineage/api/v1/lineage", "datahub"),
        ("https://acme.open-metadata.org/api/v1/openlineage/lineage", "openmetadata"),
        ("https://acme.alationcloud.com/open_lineage_event/", "alation"),
        ("http://127.0.0.1:5000/api/v1/lineage", "openlineage"),
    ):
        profile = profile_for_endpoint_url(url)
        assert (profile.kind, profile.endpoint_url()) == (kind, url)


def test_the_real_sandbox_answers_a_marquez_profile(sandbox: SandboxServer) -> None:
    with make_sender(sandbox.endpoint_url, token=sandbox.config.token, kind="marquez") as sender:
        result = sender.send(json.dumps(event()), event_type="COMPLETE")
    assert result.ok and result.status == 200
    assert result.explanation.headline == "Marquez stored the event (200)."
    assert sandbox.store.count_events() == 1


def test_cli_send_exits_0_on_marquez_201(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "e.json", event())
    with ScriptedServer(default=Step(201, body=b"")) as server:
        base = server.url("")
        assert cli("profile", "add", "Lab", "--url", base, "--kind", "marquez").code == 0
        monkeypatch.setenv("LAB_TOKEN", TOKEN)
        ran = cli("send", str(path), "--profile", "Lab", "--token-env", "LAB_TOKEN")
        assert [r.path for r in server.received] == ["/api/v1/lineage"]
    assert ran.code == 0, ran.text
    assert "Marquez stored the event (201)" in ran.out and "Alation" not in ran.out
