"""Running `lineage-composer` from a test: in this process (`cli`, fast) or as a real process
(`process`), and the small steps CLI tests share. Their keyring is the `file_keyring` fixture
and their tenant stand-in the `tenant` fixture (tests/conftest.py)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from composer.cli import main
from composer.services.sandbox import SandboxServer
from tests.stand_in import TENANT_TOKEN as FAKE_TOKEN

ROOT = Path(__file__).resolve().parents[1]
__all__ = ["FAKE_TOKEN", "ROOT", "Ran", "add_tenant_profile", "cli", "process", "write"]


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def cli(*args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> Ran:
    """Run the command in this process, with its own stdin, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        sys.stdin = saved
    return Ran(code, out.getvalue(), err.getvalue())


def process(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Ran:
    """Run the command as a separate process, exactly as a shell would."""
    completed = subprocess.run(
        [sys.executable, "-m", "composer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
    return Ran(completed.returncode, completed.stdout, completed.stderr)


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def add_tenant_profile(tenant: SandboxServer, name: str = "Staging", token: str = FAKE_TOKEN) -> None:
    assert cli("profile", "add", name, "--url", tenant.url).code == 0
    assert cli("profile", "set-token", name, stdin=token + "\n").code == 0
