"""Fuzz: thousands of mangled events through every command that reads events, and the sandbox.

A hostile or unlucky file must end in one of the exit codes each command documents, with a
message, never a traceback. The cases come from a seeded generator (the same cases every run,
so a failure reproduces) and are small, so the default run takes seconds; set
`LC_FUZZ_CASES` to run more. Commands that read many events at once (validate, send --dry-run,
log) take the cases in NDJSON batches, which is also how a mangled log reaches them; export and
pair take one event per file, so they get a sample of single-event files.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from composer.cli import main
from composer.core.jsontext import MAX_DEPTH
from composer.services.sandbox.catalog import Catalog
from composer.services.sandbox.ingest import receive
from composer.services.sandbox.store import SandboxStore
from tests.core.test_validation_alation import GOOD

CASES = int(os.environ.get("LC_FUZZ_CASES", "3000"))
SEED = 14
GOOD_TEXT = json.dumps(GOOD)
# Documented exit codes (each command's --help epilog).
EXITS = {"validate": {0, 1, 2}, "send": {0, 1, 2}, "log": {0, 1, 2}, "export": {0, 2}, "pair": {0, 2}}


def _deep(rng: random.Random) -> str:
    depth = rng.choice([MAX_DEPTH - 2, MAX_DEPTH + 1, 1000, 3000])
    opener = rng.choice(["[", '{"a":'])
    closer = "]" if opener == "[" else "}"
    return opener * depth + "1" + closer * depth


def _number(rng: random.Random) -> str:
    return rng.choice(
        [
            "9" * rng.choice([4301, 5000, 20000]),
            "-" + "1" * 4400,
            "1e" + "9" * rng.randint(3, 30),
            "-1E-" + "9" * 12,
            "0." + "0" * 5000 + "1",
            "1" * 4400 + ".5e" + "7" * 8,
        ]
    )


def _value_mangle(rng: random.Random, text: str) -> str:
    """The event with one value (or a new custom facet's) replaced by something extreme."""
    event = json.loads(text)
    extreme = rng.choice([_deep, _number])(rng)
    target = rng.choice(["run", "job", "eventTime", "inputs", "facet", "producer"])
    if target == "facet":
        raw = json.dumps(event)[:-1] + f', "x_custom": {{"_producer": "p", "deep": {extreme}}}}}'
        return raw
    marker = "__LC_FUZZ__"
    event[target] = marker
    return json.dumps(event).replace(f'"{marker}"', extreme)


def _byte_mangle(rng: random.Random, original: bytes) -> bytes:
    """Bytes cut, repeated, swapped or replaced: truncated files, bad UTF-8, stray brackets."""
    data = bytearray(original)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        position = rng.randrange(len(data))
        action = rng.randrange(6)
        if action == 0:
            del data[position : position + rng.randint(1, 8)]
        elif action == 1:
            data[position:position] = bytes([rng.choice(b'{}[]",:0e-.\\ ')])
        elif action == 2:
            data[position:position] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x82", b"\x00"])
        elif action == 3:
            data = data[:position]
        elif action == 4:
            data[position:position] = data[max(0, position - 16) : position]
        else:
            data[position] = rng.randrange(256)
    return bytes(data)


def _cases(count: int) -> Iterator[bytes]:
    rng = random.Random(SEED)
    fixed = [b"", b"[]", b"   \n\t", b"\xef\xbb\xbf", b"{}", b"[[]]", b"null", b"\xff\xfe{\x00}\x00"]
    yield from fixed
    for _ in range(count - len(fixed)):
        if rng.random() < 0.4:
            yield _value_mangle(rng, GOOD_TEXT).encode("utf-8")
        else:
            yield _byte_mangle(rng, GOOD_TEXT.encode("utf-8"))


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))  # an exception here is the traceback this test exists to catch
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(scope="module")
def cases() -> list[bytes]:
    return list(_cases(CASES))


def _batches(cases: list[bytes], tmp_path: Path, size: int = 250) -> list[Path]:
    """The cases as NDJSON files: each case on its own line (line breaks inside it kept, so a
    case can also break the lines around it, as in a real mangled log)."""
    paths = []
    for start in range(0, len(cases), size):
        path = tmp_path / f"batch{start}.ndjson"
        path.write_bytes(b"\n".join(cases[start : start + size]))
        paths.append(path)
    return paths


@pytest.mark.parametrize(
    "command", [("validate",), ("send", "--dry-run", "--profile", "Local sandbox"), ("log",)]
)
def test_batches_of_mangled_events_end_in_a_documented_exit(
    command: tuple[str, ...], cases: list[bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in _batches(cases, tmp_path):
        code, output = _run(capsys, *command, str(path))
        assert code in EXITS[command[0]], (path, output[-500:])
        assert "Traceback" not in output
        assert output.strip(), f"{command[0]} said nothing about {path}"


@pytest.mark.parametrize(
    "command",
    [
        ("validate",),
        ("send", "--dry-run", "--profile", "Local sandbox"),
        ("log",),
        ("export", "--as", "curl", "--url", "http://127.0.0.1:9/open_lineage_event/"),
        ("pair",),
    ],
)
def test_single_mangled_events_end_in_a_documented_exit(
    command: tuple[str, ...], cases: list[bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every command over a tenth of the cases, one file each (whole-file paths: UTF-8 errors,
    # one pretty event, an empty file); the first of those are the fixed edge cases.
    for number, case in enumerate(cases[: max(len(cases) // 10, 20)]):
        path = tmp_path / f"case{number}.json"
        path.write_bytes(case)
        code, output = _run(capsys, *command, str(path))
        assert code in EXITS[command[0]], (case[:200], output[-500:])
        assert "Traceback" not in output
        assert output.strip(), f"{command[0]} said nothing about {case[:200]!r}"


def test_the_sandbox_answers_every_mangled_body_with_200_or_a_located_400(
    cases: list[bytes], tmp_path: Path
) -> None:
    store = SandboxStore(tmp_path / "sandbox.sqlite3")
    catalog = Catalog()
    for case in cases:
        reply = receive(case, catalog, store)
        assert reply.status in (200, 400), (case[:200], reply.body)
        json.dumps(reply.body)  # the handler serialises it: it must be plain JSON
        if reply.status == 400 and reply.body.get("error") == "malformed-json":
            assert reply.body["line"] >= 1 and reply.body["column"] >= 1
            assert f"line {reply.body['line']}, column {reply.body['column']}" in reply.body["message"]
