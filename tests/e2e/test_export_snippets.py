"""Exported snippets, run for real: curl, Python (httpx), openlineage-python and Java send to a
sandbox on loopback, and the sandbox must have stored exactly the event's bytes.

Each snippet runs as a user would run it (`sh send_event.sh`, `python send_event.py`,
`java SendEvent.java`) with the token only in the environment. One test drives the window:
the dialog's snippet for the Local sandbox, run with the token from "Copy sandbox token",
delivers the preview's event to the window's own sandbox.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from pytestqt.qtbot import QtBot

from composer.app import build_main_window
from composer.core.document import EventDocument
from composer.core.snippets import LANGUAGES, SUGGESTED_FILE_NAMES, Language, SnippetRequest, make_snippet
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.ui.files.controller import SaveChoice
from tests.core.test_snippets import nasty_event
from tests.ui.fakes import FakePrompter
from tests.ui.test_export_dialog import MARKERS, FakeExportPrompter
from tests.ui.test_send_fakes import FakeSendPrompter

TOKEN_ENV = "ALATION_API_TOKEN"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


def command_for(language: Language, path: Path) -> list[str]:
    """How a user runs the snippet; skips (with the reason) where this machine cannot."""
    if language == "curl":
        if shutil.which("curl") is None:
            pytest.skip("curl is not installed on this machine")
        return ["sh", str(path)]
    if language == "java":
        if shutil.which("java") is None:
            pytest.skip("no JDK on this machine (java not on PATH)")
        return ["java", str(path)]
    if language == "openlineage" and importlib.util.find_spec("openlineage.client") is None:
        pytest.skip("openlineage-python is not installed (pip install -e '.[test]')")
    return [sys.executable, str(path)]


def run_snippet(
    language: Language, snippet: str, folder: Path, token: str
) -> subprocess.CompletedProcess[str]:
    path = folder / SUGGESTED_FILE_NAMES[language]
    path.write_bytes(snippet.encode("utf-8"))
    environment = {**os.environ, TOKEN_ENV: token}
    return subprocess.run(
        command_for(language, path), env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def stored_bodies(sandbox: SandboxServer) -> list[bytes]:
    return [event.raw for event in reversed(sandbox.store.events(100))]


EVENTS = {
    "pretty": nasty_event,
    "crlf-and-tabs": lambda: nasty_event(crlf=True),
    "one-line": lambda: nasty_event(compact=True),
}


@pytest.mark.parametrize("shape", sorted(EVENTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_snippet_delivers_exactly_the_event(
    sandbox: SandboxServer, tmp_path: Path, language: Language, shape: str
) -> None:
    event = EVENTS[shape]()
    snippet = make_snippet(language, SnippetRequest.of(event, sandbox.url + "/open_lineage_event/"))
    assert sandbox.token not in snippet
    done = run_snippet(language, snippet, tmp_path, sandbox.token)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "HTTP 200" in done.stdout
    assert stored_bodies(sandbox) == [event.encode("utf-8")]
    assert sandbox.token not in done.stdout + done.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_large_event_arrives_whole(sandbox: SandboxServer, tmp_path: Path, language: Language) -> None:
    value = json.loads(nasty_event())
    value["job"]["facets"]["documentation"]["description"] = "é😀\"\\'$\n" * 150_000  # about 1.6 MB
    event = json.dumps(value, ensure_ascii=False)
    snippet = make_snippet(language, SnippetRequest.of(event, sandbox.url + "/open_lineage_event/"))
    done = run_snippet(language, snippet, tmp_path, sandbox.token)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert stored_bodies(sandbox) == [event.encode("utf-8")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_or_missing_token_fails_loudly(
    sandbox: SandboxServer, tmp_path: Path, language: Language
) -> None:
    snippet = make_snippet(language, SnippetRequest.of(nasty_event(), sandbox.url + "/open_lineage_event/"))
    wrong = run_snippet(language, snippet, tmp_path, "not-the-token")
    assert wrong.returncode != 0 and "HTTP 401" in wrong.stdout
    missing = run_snippet(language, snippet, tmp_path, "")
    assert missing.returncode != 0 and f"set {TOKEN_ENV}" in missing.stderr
    assert stored_bodies(sandbox) == []


@pytest.mark.skipif(
    importlib.util.find_spec("openlineage.client") is None, reason="openlineage-python missing"
)
def test_the_clients_own_emit_would_rewrite_the_event(sandbox: SandboxServer) -> None:
    """Why the openlineage snippet posts through the transport's session, not `emit()`."""
    from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport  # noqa: PLC0415

    event = nasty_event()
    config = HttpConfig(
        url=sandbox.url, endpoint="open_lineage_event/", auth=ApiKeyTokenProvider({"api_key": sandbox.token})
    )
    transport = HttpTransport(config)
    transport.emit(json.loads(event))  # a dict: what a user might try
    transport.close()
    [received] = stored_bodies(sandbox)
    assert received != event.encode("utf-8")  # keys sorted, layout and non-ASCII changed
    assert json.loads(received) == json.loads(event)


@pytest.mark.usefixtures("memory_keyring")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_windows_snippet_delivers_the_preview_to_its_sandbox(
    qtbot: QtBot, tmp_path: Path, language: Language
) -> None:
    window = build_main_window()
    window.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
    window.send_ui.prompter = FakeSendPrompter()
    window.export_ui.prompter = FakeExportPrompter()
    qtbot.addWidget(window)
    window.show()
    try:
        window.model.replace(EventDocument.from_json(nasty_event(crlf=True)))
        preview = window.model.to_json()
        window.findChild(QAction, "exportCodeAction").trigger()
        dialog = window.export_ui.dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        dialog.set_language(language)
        qtbot.waitUntil(lambda: MARKERS[language] in dialog.snippet, timeout=10_000)
        qtbot.waitUntil(lambda: not window.send_ui.controller.loading)
        snippet = dialog.snippet
        dialog.token_button.click()
        sandbox = window.send_ui.controller.backend.sandbox
        qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == sandbox.token())
        token = QGuiApplication.clipboard().text()
        assert token not in snippet

        done = run_snippet(language, snippet, tmp_path, token)
        assert done.returncode == 0, done.stdout + done.stderr
        [stored] = sandbox.server().store.events(1)
        assert stored.raw == preview.encode("utf-8")
    finally:
        window.send_ui.shutdown()
