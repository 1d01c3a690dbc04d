"""`lineage-composer sandbox` as a person runs it: a real process, a real request, Ctrl-C."""

from __future__ import annotations

import contextlib
import http.client
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from composer.services.paths import app_home
from tests.services.sandbox_client import event

TIMEOUT = 15


class Lines:
    """A pipe read on a thread, so a test can wait for a line with a timeout instead of sleeping."""

    def __init__(self, pipe: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._pipe = pipe
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self._pump, args=(pipe,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        """After the process ended: the pipe is at its end, so the reader finishes first."""
        self._thread.join(TIMEOUT)
        self._pipe.close()

    def _pump(self, pipe: IO[str]) -> None:
        for line in pipe:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: str) -> re.Match[str]:
        while True:
            line = self._queue.get(timeout=TIMEOUT)
            if line is None:
                raise AssertionError(f"output ended without {pattern!r}; saw {self.seen}")
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found


@pytest.fixture
def sandbox_process() -> Iterator[tuple[subprocess.Popen[str], Lines, Lines]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "composer", "sandbox", "--fail-503", "1", "--retry-after", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    out, err = Lines(process.stdout), Lines(process.stderr)
    try:
        yield process, out, err
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(TIMEOUT)
        out.close()
        err.close()


def test_the_cli_serves_logs_without_the_token_and_stops_on_ctrl_c(
    sandbox_process: tuple[subprocess.Popen[str], Lines, Lines], app_home: Path
) -> None:
    process, out, err = sandbox_process
    url = out.wait_for(r"listening on (http://127\.0\.0\.1:(\d+))")
    port = int(url.group(2))
    token = out.wait_for(r"^  token:\s+(\S+)$").group(1)
    read_only = out.wait_for(r"^  read-only token:\s+(\S+)$").group(1)
    database = out.wait_for(r"^  database:\s+(.+)$").group(1)
    out.wait_for("Press Ctrl-C")
    assert database == str(app_home / "sandbox.sqlite3")

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    statuses = []
    for _ in range(2):  # --fail-503 1: the first is refused, the second accepted
        connection.request("POST", "/open_lineage_event/", json.dumps(event()), headers)
        response = connection.getresponse()
        response.read()
        statuses.append((response.status, response.headers["Retry-After"]))
    assert statuses == [(503, "2"), (200, None)]
    connection.request("GET", f"/sandbox/api/events?t={token}", headers=headers)
    connection.getresponse().read()
    connection.close()

    err.wait_for(r"POST /open_lineage_event/ 503 [\d.]+ ms$")
    err.wait_for(r"POST /open_lineage_event/ 200 [\d.]+ ms$")
    err.wait_for(r"GET /sandbox/api/events\?t=\[token\] 200")
    process.send_signal(signal.SIGINT)
    assert process.wait(TIMEOUT) == 0
    err.wait_for("sandbox stopped")
    logged = "\n".join(out.seen + err.seen)
    assert "Traceback" not in logged
    assert token not in "\n".join(err.seen) and read_only not in "\n".join(err.seen)
    assert "Authorization" not in "\n".join(err.seen)
    assert (app_home / "sandbox.sqlite3").is_file()


def test_a_non_loopback_address_needs_allow_remote() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "composer", "sandbox", "--host", "0.0.0.0", "--memory"],
        capture_output=True,
        check=False,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_port_in_use_exits_2_with_the_reason() -> None:
    with socket_in_use() as port:
        result = subprocess.run(
            [sys.executable, "-m", "composer", "sandbox", "--port", str(port), "--memory"],
            capture_output=True,
            check=False,
            text=True,
            timeout=TIMEOUT,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


@contextlib.contextmanager
def socket_in_use() -> Iterator[int]:
    """A port on 127.0.0.1 that something is already listening on."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"LINEAGE_COMPOSER_HOME": "/tmp/lc-home"}, "linux", Path("/tmp/lc-home")),
        ({"HOME": "/home/ann"}, "linux", Path("/home/ann/.local/share/lineage-composer")),
        ({"HOME": "/home/ann", "XDG_DATA_HOME": "/data"}, "linux", Path("/data/lineage-composer")),
        (
            {"HOME": "/home/ann", "XDG_DATA_HOME": "relative"},
            "linux",
            Path("/home/ann/.local/share/lineage-composer"),
        ),
        ({"HOME": "/Users/ann"}, "darwin", Path("/Users/ann/Library/Application Support/Lineage Composer")),
        (
            {"HOME": "C:/Users/ann", "LOCALAPPDATA": "C:/Users/ann/AppData/Local"},
            "win32",
            Path("C:/Users/ann/AppData/Local/Lineage Composer"),
        ),
    ],
)
def test_app_home(environ: dict[str, str], platform: str, expected: Path) -> None:
    assert app_home(environ, platform) == expected


def _ignore_sigint() -> None:
    """What a non-interactive shell does for `cmd &`: the child starts with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_ctrl_c_stops_it_even_when_started_with_sigint_ignored(app_home: Path) -> None:
    """Issue 15: launched as a script's background job, SIGINT still stops it (exit 0)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "composer", "sandbox", "--memory"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ignore_sigint,  # noqa: PLW1509 (no threads in this test process's child set-up)
    )
    assert process.stdout is not None and process.stderr is not None
    out, err = Lines(process.stdout), Lines(process.stderr)
    try:
        out.wait_for("Press Ctrl-C")
        process.send_signal(signal.SIGINT)
        assert process.wait(TIMEOUT) == 0
        err.wait_for("sandbox stopped")
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(TIMEOUT)
        out.close()
        err.close()
