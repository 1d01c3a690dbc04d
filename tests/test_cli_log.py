"""`lineage-composer log` lists and filters a log; `send` reads the same formats through it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from composer.services.history import HistoryStore
from composer.services.sandbox import SandboxServer
from tests.cli_driver import add_tenant_profile, cli
from tests.services.sandbox_client import event

pytestmark = pytest.mark.usefixtures("file_keyring")


def _log(tmp_path: Path) -> Path:
    lines = [
        json.dumps(event(eventType="START", job={"namespace": "etl", "name": "daily"}, run={"runId": "r-1"})),
        "{broken",
        json.dumps(
            event(eventType="COMPLETE", job={"namespace": "etl", "name": "daily"}, run={"runId": "r-1"})
        ),
        json.dumps(
            event(eventType="COMPLETE", job={"namespace": "etl", "name": "hourly"}, run={"runId": "r-2"})
        ),
    ]
    path = tmp_path / "log.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_log_lists_filters_and_reports_bad_lines(tmp_path: Path) -> None:
    path = _log(tmp_path)
    everything = cli("log", str(path))
    assert everything.code == 0 and len(everything.out.splitlines()) == 3
    assert "#2 (line 2): not valid JSON" in everything.err and "3 of 4 event(s) matched" in everything.err
    daily = cli("log", str(path), "--job", "DAILY", "--type", "complete", "--json")
    assert daily.code == 0
    [line] = daily.out.splitlines()
    assert json.loads(line)["run"]["runId"] == "r-1" and json.loads(line)["eventType"] == "COMPLETE"
    by_dataset = cli("log", str(path), "--dataset", "nothing-like-this")
    assert by_dataset.code == 1 and by_dataset.out == ""
    assert cli("log", str(path), "--run", "r-2").out.count("\n") == 1


def test_log_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = cli("log", str(tmp_path / "nope.ndjson"))
    assert missing.code == 2 and "cannot read" in missing.err and "Traceback" not in missing.err
    assert cli("log").code == 2


def test_send_takes_a_history_export_and_resends_the_exact_events(
    tmp_path: Path,
    app_home: Path,
    tenant: SandboxServer,
) -> None:
    add_tenant_profile(tenant)
    texts = [json.dumps(event(eventType=t), indent=2) for t in ("START", "COMPLETE")]
    for number, text in enumerate(texts):
        (tmp_path / f"e{number}.json").write_text(text, encoding="utf-8")
    folder = tmp_path
    # two runs: --concurrency 1 keeps file order, which the comparison below relies on
    first = cli("send", str(folder), "--profile", "Staging", "--concurrency", "1")  # a folder of event files
    assert first.code == 0, first.text
    history = HistoryStore.in_dir(app_home)
    out = io.StringIO()
    assert history.export_ndjson(out) == 2
    history.close()
    export = tmp_path / "exported" / "history.ndjson"
    export.parent.mkdir()
    export.write_text(out.getvalue(), encoding="utf-8")
    tenant.store.reset()
    again = cli("send", str(export), "--profile", "Staging", "--concurrency", "1")
    assert again.code == 0, again.text
    assert [stored.raw.decode() for stored in reversed(tenant.store.events(10))] == texts


def test_send_names_the_file_of_a_folder_that_holds_a_bad_event(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(event()), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(event(outputs=[])), encoding="utf-8")
    ran = cli("send", str(tmp_path), "--dry-run")
    assert ran.code == 1 and "event 2 (b.json line 1): refused" in ran.out, ran.text
