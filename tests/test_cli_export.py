"""`lineage-composer export`: the chosen event as a snippet for a profile or URL, and every refusal.

The command runs in this process (stdout captured as bytes); one case runs the exported Python
snippet against a real sandbox to prove the file's bytes arrive unchanged.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.services.paths import config_dir
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.services.secrets import TokenStore
from tests.core.test_snippets import nasty_event
from tests.services.sandbox_client import event

TENANT = "https://acme.alationcloud.com"
SECRET = "lc-secret-token-should-never-show-9f8e7d"
pytestmark = pytest.mark.usefixtures("memory_keyring")


def export(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    try:
        code = main(["export", *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsysbinary.readouterr()
    return code, captured.out, captured.err.decode()


def add_profile(name: str = "prod", base_url: str = TENANT, *, default: bool = False) -> None:
    ProfileStore.in_dir(config_dir()).add(Profile(name=name, base_url=base_url), make_default=default)
    TokenStore().set(name, SECRET)


def write_event(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_profile_gives_its_real_endpoint_and_the_token_stays_out(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    add_profile()
    source = write_event(tmp_path / "e.json", nasty_event())
    for language in ("curl", "python", "openlineage", "java"):
        code, out, err = export(capsysbinary, str(source), "--as", language, "--profile", "prod")
        assert code == 0, err
        snippet = out.decode("utf-8")
        assert SECRET not in snippet and "ALATION_API_TOKEN" in snippet
        assert TENANT in snippet


def test_the_default_profile_and_a_token_variable_of_ones_own(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    add_profile("staging", "https://staging.alationcloud.com", default=True)
    source = write_event(tmp_path / "e.json", json.dumps(event()))
    code, out, _err = export(capsysbinary, str(source), "--as", "curl", "--token-env", "STAGING_TOKEN")
    assert code == 0
    assert b"https://staging.alationcloud.com/open_lineage_event/" in out
    assert b"${STAGING_TOKEN:?" in out and b"ALATION_API_TOKEN" not in out


def test_the_default_local_sandbox_profile_is_used_like_send_does(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    """Issue 15: with no --profile or --url, export uses the default profile (the Local sandbox),
    as `send` does; its snippet posts to `lineage-composer sandbox --port 8642`, which the note
    says how to start with the snippet's token."""
    source = write_event(tmp_path / "e.json", json.dumps(event()))
    code, out, err = export(capsysbinary, str(source), "--as", "curl")
    assert code == 0 and b"http://127.0.0.1:8642/open_lineage_event/" in out
    assert 'LINEAGE_COMPOSER_SANDBOX_TOKEN="$ALATION_API_TOKEN" lineage-composer sandbox --port 8642' in err
    assert "error" not in err


def test_output_to_a_file_and_an_executable_shell_script(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    source = write_event(tmp_path / "e.json", nasty_event(crlf=True))
    target = tmp_path / "send.sh"
    code, out, _err = export(
        capsysbinary, str(source), "--as", "curl", "--url", TENANT + "/x/", "-o", str(target)
    )
    assert code == 0 and out == b""
    assert target.read_bytes().startswith(b"#!/bin/sh\n") and b"\r" not in target.read_bytes()
    assert target.stat().st_mode & stat.S_IXUSR


def test_one_event_of_several_with_event_n(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    first, second = event(), event()
    source = write_event(tmp_path / "e.ndjson", json.dumps(first) + "\n" + json.dumps(second) + "\n")
    args = (str(source), "--as", "python", "--url", TENANT + "/open_lineage_event/")
    code, _out, err = export(capsysbinary, *args)
    assert code == 2 and "holds 2 events" in err and "--event" in err
    code, out, _err = export(capsysbinary, *args, "--event", "2")
    assert code == 0 and second["run"]["runId"].encode() in out and first["run"]["runId"].encode() not in out
    code, _out, err = export(capsysbinary, *args, "--event", "3")
    assert code == 2 and "holds 2 event(s)" in err


def test_standard_input(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(event(), indent=1)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _err = export(capsysbinary, "-", "--as", "java", "--url", TENANT + "/open_lineage_event/")
    assert code == 0 and b"public class SendEvent" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json", "--as", "curl", "--url", TENANT + "/"], "cannot read missing.json"),
        (["{bad}", "--as", "curl", "--url", TENANT + "/"], "not a JSON event"),
        (["{good}", "--as", "curl", "--profile", "nobody"], "no profile named 'nobody'"),
        (["{good}", "--as", "curl", "--url", "ftp://host/x"], "http(s) URL"),
        (["{good}", "--as", "curl", "--url", "http://remote.example.com/x"], "refusing plain http://"),
        (
            ["{good}", "--as", "curl", "--url", TENANT + "/", "--token-env", "NOT-A-NAME"],
            "environment variable",
        ),
        (["{good}", "--as", "cobol", "--url", TENANT + "/"], "invalid choice"),
        (["{good}", "--url", TENANT + "/"], "--as"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, args: list[str], message: str
) -> None:
    good = write_event(tmp_path / "good.json", json.dumps(event()))
    bad = write_event(tmp_path / "bad.json", '{"eventType": ')
    filled = [str(good) if a == "{good}" else str(bad) if a == "{bad}" else a for a in args]
    code, out, err = export(capsysbinary, *filled)
    assert code == 2 and out == b""
    assert message in err
    assert len([line for line in err.splitlines() if "error" in line]) == 1


def test_help_names_every_language(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, _err = export(capsysbinary, "--help")
    assert code == 0
    for word in (b"curl", b"python", b"openlineage", b"java", b"--token-env", b"Local sandbox"):
        assert word in out


def test_the_exported_snippet_delivers_the_files_bytes(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    text = nasty_event(crlf=True)
    source = write_event(tmp_path / "e.json", "\ufeff" + text)  # a BOM is not part of the event, as in send
    with SandboxServer(SandboxConfig()) as sandbox:
        code, out, err = export(
            capsysbinary, str(source), "--as", "python", "--url", sandbox.url + "/open_lineage_event/"
        )
        assert code == 0, err
        assert sandbox.token.encode() not in out
        script = tmp_path / "send_event.py"
        script.write_bytes(out)
        done = subprocess.run(
            [sys.executable, str(script)],
            env={**os.environ, "ALATION_API_TOKEN": sandbox.token},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        [stored] = sandbox.store.events(1)
        assert stored.raw == text.encode("utf-8")


def test_a_broken_event_is_exported_with_a_warning_and_profile_settings_with_a_note(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    ProfileStore.in_dir(config_dir()).add(
        Profile(name="corp", base_url=TENANT, ca_bundle="/etc/corp-ca.pem", proxy="http://proxy.corp:3128")
    )
    source = write_event(tmp_path / "e.json", json.dumps(event(outputs=[])))
    code, out, err = export(capsysbinary, str(source), "--as", "python", "--profile", "corp")
    assert code == 0 and b"import httpx" in out  # reproducing a broken event is legitimate
    assert "warning: the event breaks 1 of the alation rules" in err and "/outputs" in err
    assert "CA bundle /etc/corp-ca.pem" in err and "proxy http://proxy.corp:3128" in err
    assert b"corp-ca" not in out
