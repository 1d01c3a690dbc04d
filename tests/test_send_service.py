"""One send service for the window and the command line: the same token order, target and history.

The window's `SendBackend` and the `send` command both send one event to the same tenant; the
two history records must be the same apart from when they were made.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

import pytest

from composer.services.paths import config_dir, data_dir
from composer.services.profiles import Profile
from composer.services.send.service import NoTokenError, SendService
from composer.ui.send.backend import PROFILES_HINT, SendBackend
from tests.cli_driver import FAKE_TOKEN, cli, write
from tests.send_results import answered
from tests.services.sandbox_client import event
from tests.services.scripted_server import ScriptedServer, Step

pytestmark = pytest.mark.usefixtures("file_keyring")

WHEN = {"id", "sent_at", "duration"}  # what differs between two sends of the same event


def test_the_window_and_the_cli_record_a_send_identically(tmp_path: Path) -> None:
    reply = Step(200, body=b'{"status": 200, "message": "Event accepted"}')
    with ScriptedServer(default=reply) as server:
        assert cli("profile", "add", "Staging", "--url", server.url("")).code == 0
        assert cli("profile", "set-token", "Staging", stdin=FAKE_TOKEN + "\n").code == 0
        path = write(tmp_path / "e.json", event())
        assert cli("send", str(path), "--profile", "Staging").code == 0
        window = SendBackend.in_dirs(data_dir(), config_dir())
        try:
            profile = next(p for p in window.load_profiles().profiles if p.name == "Staging")
            delivery = window.send(profile, path.read_text(encoding="utf-8"), threading.Event())
            assert delivery.result.ok and delivery.history_warning is None
            from_window, from_cli = window.history.recent()
        finally:
            window.close()
        assert [r.body for r in server.received] == [path.read_bytes()] * 2
    assert from_window.id == delivery.history_id
    assert from_cli.profile == "Staging" and from_cli.status == 200
    kept = {f.name for f in dataclasses.fields(from_window)} - WHEN
    assert {k: getattr(from_window, k) for k in kept} == {k: getattr(from_cli, k) for k in kept}
    assert FAKE_TOKEN not in json.dumps(from_window.to_json()) + json.dumps(from_cli.to_json())


def test_a_history_that_cannot_record_warns_instead_of_failing_the_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = SendService.in_dirs(tmp_path / "data", tmp_path / "config")
    result = answered("https://x.example/open_lineage_event/", 200)
    def full_disk(*_args: object, **_options: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service.history, "record", full_disk)
    outcome = service.record("p", b"{}", result, token="secret-token-1")
    assert outcome.warning is not None and "not recorded in history" in outcome.warning
    assert "OSError" in outcome.warning and "secret-token-1" not in outcome.warning
    service.close()


def test_a_missing_token_says_where_each_front_end_sets_one(tmp_path: Path) -> None:
    plain = SendService.in_dirs(tmp_path / "data", tmp_path / "config")
    window = SendBackend.in_dirs(tmp_path / "data", tmp_path / "config")
    profile = Profile(name="prod", base_url="https://acme.alationcloud.com")
    for service, hint in ((plain, ""), (window, PROFILES_HINT)):
        try:
            service.send(profile, "{}", threading.Event())
        except NoTokenError as exc:
            assert str(exc) == f"No token is set for profile “prod”. {hint}".strip()
        else:
            raise AssertionError("sent without a token")
        finally:
            service.close()
