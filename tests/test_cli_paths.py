"""`--version` and `--help` on every command and subcommand, and `lineage-composer paths`."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from composer import __version__, cli
from composer.cli import build_parser, main
from composer.cli.sandbox_cmd import DB_FILE_NAME
from composer.services.local_sandbox import SANDBOX_DB_FILE_NAME


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, walking subparsers recursively, so commands added later are covered."""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _command_paths(child, (*prefix, name))
    return found


COMMANDS = _command_paths(build_parser()[0])


def test_the_command_list_names_every_registered_command() -> None:
    assert build_parser()[1] == set(cli.COMMANDS)


def test_opening_the_window_loads_no_other_command() -> None:
    """`lineage-composer [FILE]` builds only the gui parser: the other commands' core stays unloaded."""
    probe = (
        "import sys\n"
        "from composer.cli import build_parser\n"
        "parser, names = build_parser(only=('gui',))\n"
        "parser.parse_args(['gui', 'event.json'])\n"
        "print(sorted(names), sorted(m for m in sys.modules if m.startswith('composer.cli.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['gui']", "['composer.cli.gui_cmd']"]


def test_the_walk_finds_nested_commands() -> None:
    assert {(), ("gui",), ("validate",), ("send",), ("sandbox",), ("paths",)} <= set(COMMANDS)
    assert ("profile", "set-token") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "(top)")
def test_every_command_answers_version(command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"lineage-composer {__version__}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "(top)")
def test_every_command_answers_help(command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: lineage-composer {' '.join(command)}".rstrip())
    assert "--version" in out


def test_paths_text_names_every_location_under_the_home(
    app_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["paths"]) == 0
    out = capsys.readouterr().out
    for expected in ("profiles.json", "history.sqlite3", "sandbox.sqlite3", "autosave/", "settings.ini"):
        assert f"{app_home / expected.rstrip('/')}{'/' if expected.endswith('/') else ''}" in out
    assert "Tokens:" in out and "service 'lineage-composer'" in out
    assert "To reset" in out and "LINEAGE_COMPOSER_HOME" in out


def test_paths_json_for_scripts(
    app_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    assert main(["paths", "--json", "--keyring"]) == 0
    found = json.loads(capsys.readouterr().out)
    by_key = {item["key"]: item for item in found["locations"]}
    assert list(by_key) == [
        "config", "data", "profiles", "history", "sandbox", "autosave", "settings", "recent_files",
        "recent_namespaces", "recent_job_namespaces", "schema_cache", "catalog_access", "catalog_sources",
    ]  # fmt: skip
    assert by_key["config"]["path"] == by_key["data"]["path"] == str(app_home)
    assert by_key["history"] == {
        "key": "history", "label": "Send history", "path": str(app_home / "history.sqlite3"), "folder": False
    }  # fmt: skip
    assert by_key["autosave"]["folder"] is True
    assert found["keyringService"] == "lineage-composer"
    assert found["keyring"]["backend"] == "fail.Keyring"
    assert not app_home.exists() or not any(app_home.iterdir()), "asking for paths must not create files"


def test_paths_splits_config_and_data_without_the_home_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("LINEAGE_COMPOSER_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["paths", "--json"]) == 0
    by_key = {item["key"]: item["path"] for item in json.loads(capsys.readouterr().out)["locations"]}
    assert by_key["profiles"] == str(tmp_path / "cfg" / "lineage-composer" / "profiles.json")
    assert by_key["history"] == str(tmp_path / "data" / "lineage-composer" / "history.sqlite3")
    assert "keyring" not in by_key


def test_the_sandbox_command_and_the_local_sandbox_share_one_database_name() -> None:
    assert DB_FILE_NAME == SANDBOX_DB_FILE_NAME
