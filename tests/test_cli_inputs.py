"""`FILE|-` is read the same way by every command: one wording for what cannot be read."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.cli.inputs import InputError, read_input

# Each command, with what it needs besides its FILE; every one refuses an unreadable FILE with exit 2.
COMMANDS = [
    ["validate"],
    ["export", "--as", "curl", "--url", "https://tenant.example.com/open_lineage_event/"],
    ["pair"],
    ["send", "--dry-run"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_says_cannot_read_with_the_systems_reason(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    code = main([command[0], str(missing), *command[1:]])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"cannot read {missing}: No such file or directory" in out + err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_a_file_that_is_not_utf8(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"job": "caf\u00e9"}'.encode("latin-1"))
    code = main([command[0], str(latin), *command[1:]])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"cannot read {latin}: " in out + err  # send reads files as logs: "not UTF-8 text (...)"


def test_exact_keeps_line_endings_and_drops_the_bom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1,\r\n "b": 2}\r\n')
    assert read_input(str(path), exact=True) == '{"a": 1,\r\n "b": 2}\r\n'
    assert read_input(str(path)) == '{"a": 1,\n "b": 2}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes()), encoding="utf-8"))
    assert read_input("-", exact=True) == '{"a": 1,\r\n "b": 2}\r\n'


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"cannot read {tmp_path}: Is a directory"):
        read_input(str(tmp_path))
