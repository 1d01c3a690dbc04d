"""`lineage-composer validate` as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_validation_alation import GOOD
from tests.spec_data import EXAMPLES_DIR, needs_spec


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "composer", "validate", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    return path


def test_valid_event_exits_0(good: Path) -> None:
    result = run(str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid (0 errors" in result.stdout


def test_missing_output_exits_1_with_words_and_hint(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**GOOD, "outputs": []}), encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 1
    assert "outputs: Alation needs at least one output dataset to create lineage" in result.stdout
    assert "hint:" in result.stdout
    assert "Traceback" not in result.stderr


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "start.json"
    path.write_text(json.dumps({**GOOD, "eventType": "START"}), encoding="utf-8")
    assert run(str(path)).returncode == 0
    assert run("--strict", str(path)).returncode == 1


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "eventType": "COMPLETE",\n  "run": {"runId": }\n}\n', encoding="utf-8")
    result = run("--format", "json", str(path))
    assert result.returncode == 1
    [verdict] = json.loads(result.stdout)
    assert verdict["valid"] is False
    assert "line 3, column 20" in verdict["problems"][0]["message"]


def test_missing_file_exits_2_and_still_checks_the_rest(good: Path) -> None:
    result = run(str(good), "/no/such/file.json")
    assert result.returncode == 2
    assert "cannot read /no/such/file.json" in result.stdout
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2() -> None:
    assert run().returncode == 2
    assert run("--target", "marquez", "x.json").returncode == 2


def test_json_format_for_arrays_and_ndjson_and_stdin(tmp_path: Path) -> None:
    ndjson = json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "inputs": []}) + "\n"
    result = run("--format", "json", "-", stdin=ndjson)
    assert result.returncode == 1
    verdicts = json.loads(result.stdout)
    assert [(v["file"], v["index"], v["valid"]) for v in verdicts] == [("-", 0, True), ("-", 1, False)]
    problem = verdicts[1]["problems"][0]
    assert set(problem) == {"severity", "path", "message", "hint"}
    assert problem["path"] == "/inputs"
    array = tmp_path / "events.json"
    array.write_text(json.dumps([GOOD, GOOD]), encoding="utf-8")
    assert [v["index"] for v in json.loads(run("--format", "json", str(array)).stdout)] == [0, 1]


@needs_spec
def test_openlineage_target_on_official_examples() -> None:
    valid = sorted((EXAMPLES_DIR / "valid").glob("*.json"))
    invalid = sorted((EXAMPLES_DIR / "invalid").glob("*.json"))
    assert run("--target", "openlineage", *map(str, valid)).returncode == 0
    for path in invalid:
        assert run("--target", "openlineage", str(path)).returncode == 1, path.name


def test_version_and_help() -> None:
    version = subprocess.run([sys.executable, "-m", "composer", "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("lineage-composer ")
    assert "NDJSON" in run("--help").stdout
