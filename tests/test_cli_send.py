"""`lineage-composer send` as a user runs it: validation first, exact bytes, batches, exit codes.

Most cases run the command in-process (fast); the scripted session at the end runs real
processes and then searches every file under the app home and every line printed for the token.
Tokens live in a file-backed test keyring outside the app home (`tests/services/fake_keyring.py`).
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
import uuid
from pathlib import Path

import pytest

from composer.cli import main
from composer.services.history import HistoryStore
from composer.services.sandbox import Fault, SandboxServer
from tests.cli_driver import FAKE_TOKEN, add_tenant_profile, cli, process, write
from tests.services.sandbox_client import event

pytestmark = pytest.mark.usefixtures("file_keyring")


def test_one_good_event_goes_to_the_local_sandbox_by_default(tmp_path: Path, app_home: Path) -> None:
    ran = cli("send", str(write(tmp_path / "e.json", event())))
    assert ran.code == 0, ran.text
    # Issue 15: the sandbox's answer is said of the sandbox, never of Alation.
    assert "The local sandbox received the event (200)" in ran.out and 'profile "Local sandbox"' in ran.out
    assert "Alation received" not in ran.out and "Alation's catalog" not in ran.out
    assert "proves the event arrived" in ran.out
    history = HistoryStore.in_dir(app_home)
    [record] = history.recent()
    assert record.profile == "Local sandbox" and record.status == 200
    history.close()


def test_the_exact_bytes_of_the_file_are_sent(tmp_path: Path, tenant: SandboxServer) -> None:
    add_tenant_profile(tenant)
    raw = json.dumps(event(), indent=4).replace("\n", "\r\n").encode("utf-8") + b"\r\n"
    path = tmp_path / "pretty.json"
    path.write_bytes(raw)
    assert cli("send", str(path), "--profile", "Staging").code == 0
    [stored] = tenant.store.events(10)
    assert stored.raw == raw


def test_an_invalid_event_is_refused_unless_forced(tmp_path: Path, tenant: SandboxServer) -> None:
    add_tenant_profile(tenant)
    path = write(tmp_path / "bad.json", event(outputs=[]))
    refused = cli("send", str(path), "--profile", "Staging")
    assert refused.code == 1 and "refused" in refused.out and "--force" in refused.out
    assert tenant.store.count_events() == 0
    forced = cli("send", str(path), "--profile", "Staging", "--force")
    assert forced.code == 1 and "HTTP 400" in forced.out and "invalid event format" in forced.out


@pytest.mark.parametrize(
    ("content", "words"),
    [(None, "cannot read")],
)
def test_input_errors_exit_2_without_a_traceback(tmp_path: Path, content: str | None, words: str) -> None:
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    ran = cli("send", str(path))
    assert ran.code == 2 and words in ran.err and "Traceback" not in ran.text


def test_a_batch_sends_every_event_in_run_order_and_summarises(tmp_path: Path, tenant: SandboxServer) -> None:
    add_tenant_profile(tenant)
    runs = [str(uuid.uuid4()) for _ in range(3)]
    lines = [
        json.dumps(event(eventType=kind, run={"runId": run}))
        for kind in ("START", "RUNNING", "COMPLETE")
        for run in runs
    ]
    lines.insert(4, "{broken line")
    lines.append(json.dumps(event(inputs=[])))
    path = tmp_path / "log.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ran = cli("send", str(path), "--profile", "Staging", "--concurrency", "3", "--rate", "500")
    assert ran.code == 1, ran.text
    assert "event 5 (line 5): refused: malformed JSON" in ran.out
    assert "event 11 (line 11): refused: 1 error(s)" in ran.out
    assert "sent 9 event(s)" in ran.out and "9 ok, 0 failed, 2 refused" in ran.out
    assert "\r[" not in ran.err  # no progress bar when stderr is not a terminal
    order: dict[str, list[str]] = {}
    for stored in reversed(tenant.store.events(100)):
        order.setdefault(stored.run_id or "", []).append(stored.event_type or "")
    assert order == {run: ["START", "RUNNING", "COMPLETE"] for run in runs}


def test_each_failure_gets_one_line_and_the_exit_code_says_so(tmp_path: Path, tenant: SandboxServer) -> None:
    add_tenant_profile(tenant)
    tenant.inject(Fault("500", count=2))
    path = tmp_path / "array.json"
    write(path, [event() for _ in range(4)])
    ran = cli("send", str(path), "--profile", "Staging", "--retries", "0", "--concurrency", "1")
    assert ran.code == 1
    failures = [line for line in ran.out.splitlines() if ": 500: " in line]
    assert failures == [
        "event 1: 500: Server error (500): the receiver failed while processing the event.",
        "event 2: 500: Server error (500): the receiver failed while processing the event.",
    ]
    assert "2 ok, 2 failed, 0 refused" in ran.out


def test_a_progress_bar_is_drawn_on_a_terminal(tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "two.ndjson"
    path.write_text("\n".join(json.dumps(event()) for _ in range(2)) + "\n", encoding="utf-8")
    out, err = io.StringIO(), Terminal()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["send", str(path)]) == 0
    assert "\r[" in err.getvalue() and "2/2 sent, 0 failed" in err.getvalue()


def test_dry_run_shows_the_request_with_the_token_masked(tmp_path: Path, tenant: SandboxServer) -> None:
    add_tenant_profile(tenant)
    path = write(tmp_path / "e.json", event())
    ran = cli("send", str(path), "--profile", "Staging", "--dry-run")
    assert ran.code == 0
    assert f"POST {tenant.endpoint_url}" in ran.out
    assert "Authorization: Bearer ******** (token hidden), from OS keyring" in ran.out
    assert path.read_text() in ran.out and FAKE_TOKEN not in ran.text
    assert tenant.store.count_events() == 0


def test_stdin_and_a_bare_url_with_a_token_from_the_environment(
    tenant: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENANT_TOKEN", FAKE_TOKEN)
    ran = cli(
        "send", "-", "--url", tenant.endpoint_url, "--token-env", "TENANT_TOKEN", stdin=json.dumps(event())
    )
    assert ran.code == 0 and "token from environment variable TENANT_TOKEN" in ran.out
    no_token = cli("send", "-", "--url", tenant.endpoint_url, stdin=json.dumps(event()))
    assert no_token.code == 2 and "--token-env" in no_token.err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--profile", "Nope"], "no profile named 'Nope'"),
        (["--url", "http://tenant.example.com/open_lineage_event/", "--token-env", "X"], "unencrypted"),
        (["--profile", "Staging", "--token-env", "UNSET_VARIABLE"], "UNSET_VARIABLE is not set"),
        (["--profile", "Unset"], "profile set-token Unset"),
        (["--concurrency", "0"], "must be at least 1"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(
    tmp_path: Path, tenant: SandboxServer, args: list[str], words: str
) -> None:
    add_tenant_profile(tenant)
    assert cli("profile", "add", "Unset", "--url", "https://unset.example.com").code == 0
    ran = cli("send", str(write(tmp_path / "e.json", event())), *args)
    assert ran.code == 2 and words in ran.err and "Traceback" not in ran.text


def test_every_command_has_help() -> None:
    for command in (
        ["send"],
        ["profile"],
        *[["profile", a] for a in ("list", "add", "edit", "remove", "set-token", "check")],
    ):
        ran = cli(*command, "--help")
        assert ran.code == 0 and "usage: lineage-composer" in ran.out, command


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_scripted_session_leaks_the_token_nowhere(
    tmp_path: Path, tenant: SandboxServer, app_home: Path
) -> None:
    """Profile set-up, sends, failures and a check in real processes; then search for the token."""
    good = write(tmp_path / "good.json", event())
    batch = tmp_path / "batch.ndjson"
    batch.write_text("\n".join(json.dumps(event()) for _ in range(3)) + "\n", encoding="utf-8")
    env = {"SESSION_TOKEN": FAKE_TOKEN}
    closed = f"http://127.0.0.1:{_closed_port()}/open_lineage_event/"
    steps: list[tuple[list[str], str, int]] = [
        (["profile", "add", "Staging", "--url", tenant.url, "--default"], "", 0),
        (["profile", "set-token", "Staging"], FAKE_TOKEN + "\n", 0),
        (["profile", "list"], "", 0),
        (["profile", "list", "--json"], "", 0),
        (["profile", "check"], "", 0),
        (["send", str(good)], "", 0),
        (["send", str(good), "--dry-run"], "", 0),
        (["send", str(batch), "--concurrency", "2"], "", 0),
        (["send", str(good), "--url", tenant.endpoint_url, "--token-env", "SESSION_TOKEN"], "", 0),
        (["profile", "add", "Wrong", "--url", tenant.url], "", 0),
        (["profile", "set-token", "Wrong"], "wrong-" + FAKE_TOKEN[::-1] + "\n", 0),
        (["send", str(good), "--profile", "Wrong"], "", 1),
        (["profile", "check", "Wrong"], "", 1),
        (
            ["send", str(good), "--url", tenant.url + "/open_lineage_event", "--token-env", "SESSION_TOKEN"],
            "",
            1,
        ),
        (["send", str(good), "--url", closed, "--token-env", "SESSION_TOKEN", "--retries", "0"], "", 1),
        (["profile", "edit", "Staging", "--rename", "Renamed"], "", 0),
        (["send", str(good), "--profile", "Renamed"], "", 0),
    ]
    outputs: list[str] = []
    for args, stdin, expected in steps:
        if (
            args[:2] == ["send", str(good)]
            and "--profile" not in args
            and "--url" not in args
            and len(args) == 2
        ):
            tenant.inject(Fault("503", retry_after=0))  # one retried failure along the way
        ran = process(*args, stdin=stdin, env=env)
        outputs.append(ran.text)
        assert ran.code == expected, (args, ran.text)
        assert "Traceback" not in ran.text
    assert "Alation received the event (200)" in outputs[5] and "2 attempts" in outputs[5]
    assert (
        "401 Unauthorized" in outputs[11]
        and "Not found (404)" in outputs[13]
        and "trailing slash" in outputs[13]
    )
    assert "Connection refused" in outputs[14]
    assert tenant.store.count_events() >= 7

    leaks = [text for text in outputs if FAKE_TOKEN in text]
    assert leaks == []
    files = [p for p in app_home.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"profiles.json", "history.sqlite3"}
    assert [p for p in files if FAKE_TOKEN.encode() in p.read_bytes()] == []
    history = HistoryStore.in_dir(app_home)
    assert history.count() >= 9
    history.close()


@pytest.mark.parametrize("content", ["{not json", ""])
def test_malformed_json_is_a_refusal_exit_1_like_validate_naming_the_file(
    tmp_path: Path, content: str
) -> None:
    """Issue 15: one documented code for malformed JSON (1, as `validate` says; an empty file is
    malformed JSON there too), and the refusal names the file, not "event"."""
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    sent = cli("send", str(path))
    checked = cli("validate", str(path))
    assert sent.code == checked.code == 1, sent.text + checked.text
    assert f"{path}: refused: malformed JSON" in sent.out and "Traceback" not in sent.text


def test_a_401_with_token_env_points_at_the_variable_not_set_token(
    tmp_path: Path, tenant: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRONG_TOKEN", "not-the-tenant-token-1234")
    path = write(tmp_path / "e.json", event())
    ran = cli("send", str(path), "--url", tenant.url + "/open_lineage_event/", "--token-env", "WRONG_TOKEN")
    assert ran.code == 1 and "401" in ran.out
    assert "$WRONG_TOKEN" in ran.out and "set-token" not in ran.out


def test_the_response_body_is_printed_indented_and_cut(tmp_path: Path, tenant: SandboxServer) -> None:
    add_tenant_profile(tenant)
    broken = event(
        inputs=[{"namespace": f"postgres://db{n}.example.com:5432", "name": ""} for n in range(40)]
    )
    ran = cli("send", str(write(tmp_path / "e.json", broken)), "--profile", "Staging", "--force")
    assert ran.code == 1 and "HTTP 400" in ran.out
    body = ran.out.split("response (first part only):\n", 1)[1].splitlines()
    assert body[0] == "  {" and body[1].startswith('    "status": 400')
    assert body[-1] == "  …" and all(len(line) < 300 for line in body)
