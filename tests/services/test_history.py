"""Send history: every send kept and findable, the token never, and damage never loses a record."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from composer.services.history import HistoryEntry, HistoryQuery, HistoryStore
from composer.services.send.result import Attempt, Explanation, SendResult
from tests.services.sandbox_client import dataset, event

TOKEN = "lc-history-token-3c9e1b7a"
NOW = datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)


def result(status: int | None = 200, body: str = '{"status": 200}', attempts: int = 1) -> SendResult:
    tries = tuple(Attempt(n + 1, status, "" if status else "refused", "", 0.01) for n in range(attempts))
    return SendResult(
        url="https://acme.alationcloud.com/open_lineage_event/",
        status=status,
        ok=status is not None and 200 <= status < 300,
        attempts=tries,
        total_seconds=0.05,
        request_bytes=123,
        explanation=Explanation("headline"),
        response_body=body.encode(),
        error_kind="" if status else "refused",
    )


def entry(job: str = "daily-sales", status: int | None = 200, **event_fields: object) -> HistoryEntry:
    text = json.dumps(event(job={"namespace": "my-etl", "name": job}, **event_fields))
    return HistoryEntry.for_send("Prod", text, result(status), sent_at=NOW)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[HistoryStore]:
    store = HistoryStore(tmp_path / "history.sqlite3", now=lambda: NOW)
    yield store
    store.close()


def test_a_send_is_recorded_with_what_identifies_it(history: HistoryStore) -> None:
    sent = entry()
    outcome = history.record(sent)
    assert outcome.warning is None
    record = history.get(outcome.id)
    assert record is not None
    value = json.loads(record.event)
    assert (record.job_namespace, record.job_name, record.run_id, record.event_type) == (
        "my-etl",
        "daily-sales",
        value["run"]["runId"],
        "COMPLETE",
    )
    assert (record.status, record.ok, record.attempts, record.profile) == (200, True, 1, "Prod")
    assert record.sent_at == "2026-01-15T12:00:00.000Z" and record.response_excerpt == '{"status": 200}'
    assert record.event == sent.event and len(record.datasets) == 2


def test_listing_is_newest_first_with_paging(history: HistoryStore) -> None:
    ids = [history.record(entry(job=f"job-{n}")).id for n in range(5)]
    assert [r.id for r in history.recent(limit=2)] == [ids[4], ids[3]]
    assert [r.id for r in history.recent(limit=2, offset=2)] == [ids[2], ids[1]]
    assert history.count() == 5


def test_search_by_job_dataset_status_and_text(history: HistoryStore) -> None:
    history.record(entry(job="daily_sales"))
    history.record(entry(job="hourly", status=401))
    history.record(entry(job="weekly", outputs=[dataset("bigquery", "proj.ds.weekly_100%")]))
    assert [r.job_name for r in history.search(HistoryQuery(job="DAILY_"))] == ["daily_sales"]
    assert [r.job_name for r in history.search(HistoryQuery(dataset="weekly_100%"))] == ["weekly"]
    assert [r.job_name for r in history.search(HistoryQuery(status=401))] == ["hourly"]
    assert [r.job_name for r in history.search(HistoryQuery(failed_only=True))] == ["hourly"]
    assert len(history.search(HistoryQuery(text="prod-db.example.com"))) == 3  # in the event body
    assert history.search(HistoryQuery(job="hourly", status=200)) == []


def test_delete_and_clear(history: HistoryStore) -> None:
    first = history.record(entry()).id
    history.record(entry())
    assert history.delete(first) is True and history.delete(first) is False
    assert history.get(first) is None and history.clear() == 1 and history.count() == 0


def test_export_is_ndjson_with_the_exact_event(history: HistoryStore) -> None:
    sent = [entry(job="a"), entry(job="b", status=None)]
    for item in sent:
        history.record(item)
    out = io.StringIO()
    assert history.export_ndjson(out) == 2
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["job_name"] for r in records] == ["a", "b"]  # oldest first, like a log
    assert records[0]["event"] == sent[0].event and records[1]["status"] is None
    assert set(records[0]) >= {"id", "sent_at", "url", "event", "status", "attempts", "duration", "run_id"}


def test_the_token_is_never_stored(history: HistoryStore, tmp_path: Path) -> None:
    text = json.dumps(event(job={"namespace": "n", "name": f"leaky {TOKEN}"}))
    echoed = result(401, body=json.dumps({"you sent": f"Bearer {TOKEN}"}))
    history.record(HistoryEntry.for_send("Prod", text, echoed), redact=(TOKEN,))
    [record] = history.recent()
    assert TOKEN not in json.dumps(record.to_json()) and "[token]" in record.response_excerpt
    history.close()
    for path in tmp_path.iterdir():
        assert TOKEN.encode() not in path.read_bytes()


def _aside(tmp_path: Path, kind: str) -> list[Path]:
    return sorted(
        p for p in tmp_path.iterdir() if f".{kind}-" in p.name and not p.name.endswith(("-wal", "-shm"))
    )


def test_a_corrupt_database_is_moved_aside_and_the_record_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, just bytes " * 100)
    store = HistoryStore(path, now=lambda: NOW)
    outcome = store.record(entry(job="survivor"))
    assert outcome.warning is not None and "damaged" in outcome.warning and "moved aside" in outcome.warning
    [moved] = _aside(tmp_path, "corrupt")
    assert moved.name.startswith("history.sqlite3.corrupt-20260115T120000") and str(moved) in outcome.warning
    assert moved.read_bytes().startswith(b"this is not a database")
    assert [r.job_name for r in store.recent()] == ["survivor"]
    store.close()


def test_a_locked_database_is_moved_aside_and_the_record_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).record(entry(job="before"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = HistoryStore(path, busy_timeout=0.05, now=lambda: NOW)
        outcome = store.record(entry(job="during"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.warning is not None and "locked by another program" in outcome.warning
    assert len(_aside(tmp_path, "locked")) == 1
    assert [r.job_name for r in store.recent()] == ["during"]
    store.close()


def test_when_even_moving_fails_history_continues_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage " * 200)

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)  # e.g. Windows, where an open file cannot move
    store = HistoryStore(path, now=lambda: NOW)
    outcome = store.record(entry(job="kept"))
    assert (
        outcome.warning is not None
        and "in memory" in outcome.warning
        and "Permission denied" in outcome.warning
    )
    assert [r.job_name for r in store.recent()] == ["kept"]
    store.close()


def test_a_broken_event_is_still_recorded(history: HistoryStore) -> None:
    record_id = history.record(HistoryEntry.for_send("Prod", "{not json", result(400))).id
    record = history.get(record_id)
    assert record is not None and record.event == "{not json" and record.job_name == ""


def test_verification_states_are_kept_per_send_and_read_a_page_at_a_time(history: HistoryStore) -> None:
    first, second, third = (history.record(entry(job)).id for job in ("a", "b", "c"))
    history.set_verification(first, "lineage appeared (1 output)", state="verified")
    history.set_verification(second, "out: TMP (the namespace matches no data source)", state="tmp")
    found = history.verifications([first, second, third])
    assert set(found) == {first, second}
    assert (found[first].state, found[first].ok) == ("verified", True)
    assert found[second].state == "tmp" and "TMP" in found[second].summary
    assert found[second].checked_at == "2026-01-15T12:00:00.000Z"
    history.set_verification(second, "lineage appeared (1 output)", state="verified")  # verified again
    assert history.verifications([second])[second].state == "verified"
    assert history.verifications([]) == {}
    history.delete(first)
    assert history.verification(first) is None


def test_a_history_from_before_verification_states_gains_the_column(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old = HistoryStore(path, now=lambda: NOW)
    kept = old.record(entry()).id
    old.close()
    db = sqlite3.connect(path)  # what an older version wrote: no state column
    db.executescript(
        "DROP TABLE verifications; CREATE TABLE verifications (send_id INTEGER PRIMARY KEY, "
        "checked_at TEXT NOT NULL, ok INTEGER NOT NULL, summary TEXT NOT NULL);"
        f"INSERT INTO verifications VALUES ({kept}, '2026-01-01T00:00:00.000Z', 1, 'lineage appeared');"
    )
    db.close()
    store = HistoryStore(path, now=lambda: NOW)
    try:
        found = store.verification(kept)
        assert found is not None and (found.ok, found.state, found.summary) == (True, "", "lineage appeared")
        store.set_verification(kept, "out: TMP", state="tmp")
        found = store.verification(kept)
        assert found is not None and found.state == "tmp"
    finally:
        store.close()
