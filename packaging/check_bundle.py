"""Build the desktop bundle and prove it runs on its own: the release checklist, as a script.

    python3 packaging/check_bundle.py            # build with .venv/bin/python, then check
    python3 packaging/check_bundle.py --no-build # check an existing dist/lineage-composer

Run by any Python 3.11+ with only the standard library (CI: after the test command, with the
venv that command made). Every bundle command runs in a clean environment: PATH without the venv,
no PYTHONPATH, a fresh HOME and LINEAGE_COMPOSER_HOME, no D-Bus session (so keyring's fail
backend must load), and then inside a private D-Bus session with an unlocked throw-away GNOME
Keyring where one can be had (so the SecretService backend must load and hold a token).
Checks: --version; `gui --smoke` offscreen; `validate` on Alation's complete example; `sandbox`
started from the bundle on a free port, `send` to it, the sandbox stored the exact bytes, and it
stops on SIGTERM; `paths`. Prints how long the build and the checks took and the bundle's size.
Exit 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "lineage-composer"
EXAMPLE = ROOT / "resources" / "templates" / "alation-complete.json"
TIMEOUT = 120  # seconds for any one bundle command (a cold start on a busy 2-core CI machine)


class BundleCheckError(Exception):
    pass


def build(python: Path) -> float:
    """Install what the build needs into the venv when it is missing, run build.sh; seconds taken.

    The venv already has the app (the test command installed it); PyInstaller, and the optional
    Fill-from-SQL wheel (the `sql` extra of pyproject.toml) where the platform has one, come now.
    """
    started = time.monotonic()
    wanted = {"PyInstaller": "pyinstaller", "openlineage_sql": "openlineage-sql>=1.20"}
    if sys.platform == "win32":
        del wanted["openlineage_sql"]
    missing = [
        requirement
        for module, requirement in wanted.items()
        if subprocess.run(
            [str(python), "-c", f"import {module}"], capture_output=True, check=False
        ).returncode
    ]
    if missing:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *missing], check=True)
    env = {**os.environ, "PYTHON": str(python)}
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True, env=env)
    return time.monotonic() - started


def clean_env(home: Path) -> dict[str, str]:
    """What a user's desktop session would give the bundle: no venv, no Python variables."""
    path = os.pathsep.join(p for p in ("/usr/local/bin", "/usr/bin", "/bin") if Path(p).is_dir())
    return {
        "PATH": path,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LINEAGE_COMPOSER_HOME": str(home / "lineage-composer-home"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def run(env: dict[str, str], *args: str, stdin: str = "", expect: int = 0) -> str:
    command = [str(BUNDLE / "lineage-composer"), *args]
    done = subprocess.run(
        command,
        env=env,
        cwd=env["HOME"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != expect:
        raise BundleCheckError(
            f"`lineage-composer {' '.join(args)}` exited {done.returncode}, expected {expect}\n"
            f"stdout: {done.stdout}\nstderr: {done.stderr}"
        )
    return done.stdout


def check_version(env: dict[str, str]) -> str:
    out = run(env, "--version").strip()
    if not re.fullmatch(r"lineage-composer \d+\.\d+\.\d+\S*", out):
        raise BundleCheckError(f"--version printed {out!r}")
    for command in (["validate"], ["send"], ["sandbox"], ["profile", "list"], ["paths"], ["gui"]):
        if run(env, *command, "--version").strip() != out:
            raise BundleCheckError(f"`{' '.join(command)} --version` differs from {out!r}")
    return out


def check_smoke(env: dict[str, str]) -> str:
    out = run(env, "gui", "--smoke")
    if "first paint after" not in out:
        raise BundleCheckError(f"gui --smoke printed {out!r}")
    return out.strip()


def check_validate(env: dict[str, str]) -> str:
    out = run(env, "validate", str(EXAMPLE))
    if ": valid" not in out:
        raise BundleCheckError(f"validate printed {out!r}")
    return out.splitlines()[0]


def check_paths(env: dict[str, str]) -> str:
    found = json.loads(run(env, "paths", "--json", "--keyring"))
    home = env["LINEAGE_COMPOSER_HOME"]
    paths = {item["key"]: item["path"] for item in found["locations"]}
    if not all(path.startswith(home) for path in paths.values()):
        raise BundleCheckError(f"paths outside LINEAGE_COMPOSER_HOME: {paths}")
    backend = found["keyring"]["backend"]
    if backend != "fail.Keyring":  # no D-Bus session here: keyring must fall back, not crash
        raise BundleCheckError(
            f"with no D-Bus session the keyring backend is {backend}, expected fail.Keyring"
        )
    return f"{len(paths)} locations under LINEAGE_COMPOSER_HOME; keyring without D-Bus: {backend}"


def check_sandbox_send(env: dict[str, str]) -> str:
    """Start `sandbox` from the bundle, send the example with `send --url --token-env`, read it back."""
    command = [str(BUNDLE / "lineage-composer"), "sandbox", "--port", "0"]
    server = subprocess.Popen(
        command, env=env, cwd=env["HOME"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        url, token = _read_banner(server)
        body = EXAMPLE.read_text(encoding="utf-8")
        send_env = {**env, "SANDBOX_TOKEN": token}
        out = run(
            send_env,
            "send",
            str(EXAMPLE),
            "--url",
            f"{url}/open_lineage_event/",
            "--token-env",
            "SANDBOX_TOKEN",
        )
        request = urllib.request.Request(
            f"{url}/sandbox/api/events?limit=10", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            stored = json.load(answer)["events"]
        if len(stored) != 1 or stored[0]["event"] != body:
            raise BundleCheckError(f"the sandbox stored {stored!r}, not the example's exact bytes")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            _, errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise BundleCheckError("the sandbox did not stop on SIGTERM") from None
    if server.returncode != 0 or "sandbox stopped" not in errors:
        raise BundleCheckError(f"the sandbox exited {server.returncode}: {errors}")
    database = Path(env["LINEAGE_COMPOSER_HOME"]) / "sandbox.sqlite3"
    if not database.is_file():
        raise BundleCheckError(f"no sandbox database at {database}")
    status = next((line for line in out.splitlines() if "200" in line), out.strip().splitlines()[-1])
    return f"sent to {url}: {status.strip()}; stored bytes equal the file; stopped cleanly"


def _read_banner(server: subprocess.Popen[str]) -> tuple[str, str]:
    """The URL and write token from the sandbox's banner (it prints them, then waits)."""
    assert server.stdout is not None
    url = token = ""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not (url and token):
        line = server.stdout.readline()
        if not line:
            raise BundleCheckError(
                f"the sandbox exited before printing its URL: {server.stderr.read() if server.stderr else ''}"
            )
        if match := re.search(r"listening on (http://\S+)", line):
            url = match.group(1)
        if match := re.match(r"\s+token:\s+(\S+)", line):
            token = match.group(1)
    if not (url and token):
        raise BundleCheckError("the sandbox printed no URL and token in time")
    return url, token


def check_secret_service(env: dict[str, str]) -> str:
    """Store and find a token through the bundle's SecretService backend in a private keyring."""
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        return (
            "SKIPPED: dbus-run-session or gnome-keyring-daemon missing (apt-get install dbus gnome-keyring)"
        )
    keyring_home = Path(env["HOME"]) / "keyring-data"
    keyring_home.mkdir()
    script = (
        'printf pw | XDG_DATA_HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null'
        ' && "$APP" profile add bundle-check --url https://example.alationcloud.com >/dev/null'
        ' && printf bundle-check-token | "$APP" profile set-token bundle-check >/dev/null'
        ' && "$APP" paths --json --keyring && "$APP" profile list'
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env={**env, "KEYRING_HOME": str(keyring_home), "APP": str(BUNDLE / "lineage-composer")},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise BundleCheckError(f"keyring round trip exited {done.returncode}: {done.stdout}\n{done.stderr}")
    backend = json.loads(done.stdout[: done.stdout.rindex("}") + 1])["keyring"]["backend"]
    if (
        backend != "SecretService.Keyring"
        or "bundle-check" not in done.stdout
        or "stored in the keyring" not in done.stdout
    ):
        raise BundleCheckError(f"the token did not land in the Secret Service: {done.stdout}")
    return f"token stored and found via {backend}"


def bundle_size() -> str:
    total = sum(f.stat().st_size for f in BUNDLE.rglob("*") if f.is_file() and not f.is_symlink())
    return f"{total / 2**20:.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python", type=Path, default=ROOT / ".venv" / "bin" / "python", help="the venv's python"
    )
    parser.add_argument("--no-build", action="store_true", help="check the bundle already in dist/")
    args = parser.parse_args(argv)
    build_seconds = 0.0 if args.no_build else build(args.python)
    checks: list[tuple[str, Callable[[dict[str, str]], str]]] = [
        ("--version on every command", check_version),
        ("gui --smoke (offscreen)", check_smoke),
        ("validate alation-complete.json", check_validate),
        ("paths and the fail keyring backend", check_paths),
        ("sandbox + send + stored + stop", check_sandbox_send),
        ("SecretService keyring backend", check_secret_service),
    ]
    failures = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bundle-check-") as scratch:
        for index, (name, check) in enumerate(checks):
            home = Path(scratch) / f"home-{index}"
            home.mkdir()
            try:
                print(f"ok    {name}: {check(clean_env(home))}", flush=True)
            except (BundleCheckError, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as exc:
                failures += 1
                print(f"FAIL  {name}: {exc}", flush=True)
    check_seconds = time.monotonic() - started
    build_note = "not built (--no-build)" if args.no_build else f"build {build_seconds:.0f} s"
    print(f"bundle {BUNDLE.relative_to(ROOT)}: {bundle_size()}; {build_note}; checks {check_seconds:.0f} s")
    print("bundle check: " + ("all checks passed" if not failures else f"{failures} check(s) FAILED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
