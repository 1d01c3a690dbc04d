"""The send UI's blocking half, called directly: tokens, profiles, history, the sandbox check."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from composer.services.history import HistoryStore
from composer.services.local_sandbox import LocalSandbox
from composer.services.profile_store import ProfileStore
from composer.services.profiles import LOCAL_SANDBOX, Profile
from composer.services.sandbox_check import check_sandbox
from composer.services.secrets import KeyringUnavailableError
from composer.ui.send.backend import NoTokenError, SendBackend
from tests.services.scripted_server import ScriptedServer
from tests.ui.test_send_walkthrough import EVENT, TARGET

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SendBackend]:
    config = tmp_path_factory.mktemp("config")
    made = SendBackend(ProfileStore.in_dir(config), HistoryStore(None), LocalSandbox(None))
    yield made
    made.close()


def test_a_sandbox_send_is_recorded_without_its_token_and_verifies(backend: SendBackend) -> None:
    body = json.dumps(EVENT)
    delivery = backend.send(LOCAL_SANDBOX, body, threading.Event())
    assert delivery.result.status == 200 and delivery.sandbox is not None
    assert delivery.history_id is not None
    record = backend.history.get(delivery.history_id)
    assert record is not None and record.event == body
    assert delivery.sandbox.token not in repr(delivery)
    report = check_sandbox(delivery.sandbox, body)
    assert report.stored_exactly and report.unresolved == frozenset()
    assert [output.dataset for output in report.outputs] == [TARGET]


def test_no_token_says_where_to_set_one(backend: SendBackend) -> None:
    profile = Profile(name="prod", base_url="https://acme.alationcloud.com")
    with pytest.raises(NoTokenError, match="Profiles…"):
        backend.send(profile, "{}", threading.Event())


def test_without_a_keyring_a_session_token_is_used_and_kept_in_memory(backend: SendBackend) -> None:
    keyring.set_keyring(fail.Keyring())
    with ScriptedServer() as server:
        profile = Profile(name="local", base_url=server.url(""))
        backend.save_profile(None, profile)
        with pytest.raises(KeyringUnavailableError, match="No OS keyring"):
            backend.set_token("local", "session-secret-1")
        assert "session only" in backend.set_session_token("local", "session-secret-1")
        assert backend.token_status(profile).stored
        delivery = backend.send(profile, "{}", threading.Event())
        assert server.received[0].authorization == "Bearer session-secret-1"
    assert delivery.result.status == 200


def test_a_renamed_profile_keeps_its_token_and_a_removed_one_forgets_it(backend: SendBackend) -> None:
    backend.save_profile(None, Profile(name="old", base_url="https://a.example"))
    backend.set_token("old", "keyring-secret-2")
    book = backend.save_profile("old", Profile(name="new", base_url="https://a.example"))
    assert [p.name for p in book.profiles] == ["Local sandbox", "new"]
    assert backend.tokens.get("new") == "keyring-secret-2" and backend.tokens.get("old") is None
    backend.remove_profile("new")
    assert backend.tokens.get("new") is None
