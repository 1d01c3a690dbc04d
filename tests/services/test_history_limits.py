"""History keeps a bounded amount: long events summarised, oldest records pruned, search indexed."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from composer.cli import main
from composer.services.history import HistoryQuery, HistoryStore
from composer.services.history_limits import HISTORY_SETTINGS_FILE_NAME, HistoryLimits
from tests.services.test_history import entry


def test_a_long_event_is_kept_as_its_beginning_and_a_summary(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", limits=HistoryLimits(max_event_chars=2000))
    sent = entry(producer="x" * 5000)
    record = store.get(store.record(sent).id)
    assert record is not None
    assert record.event.startswith(sent.event[:2000])
    digest = hashlib.sha256(sent.event.encode()).hexdigest()
    assert f"the first 2,000 of {len(sent.event):,} characters" in record.event and digest in record.event
    assert len(record.event) < 2200
    assert record.job_name == "daily-sales"  # facts come from the whole event, before the cap
    small = entry()
    short = store.get(store.record(small).id)
    assert short is not None and short.event == small.event


def test_the_oldest_records_go_first_past_the_row_limit(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", limits=HistoryLimits(max_rows=3))
    ids = [store.record(entry(job=f"job-{n}")).id for n in range(5)]
    assert [r.id for r in store.recent()] == ids[:1:-1]  # the newest three, newest first
    assert store.count() == 3
    assert store.search(HistoryQuery(text="job-0")) == []  # the index forgets pruned records too


def test_the_oldest_records_go_first_past_the_size_limit(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", limits=HistoryLimits(max_megabytes=1, max_event_chars=0))
    ids = [store.record(entry(job=f"big-{n}", producer=f"{n}-" * 50_000)).id for n in range(12)]
    kept = [r.id for r in store.recent(limit=100)]
    assert kept == ids[: -len(kept) - 1 : -1]  # the newest, none skipped
    assert 1 < len(kept) < len(ids)
    used = store._run(lambda db: db.execute("PRAGMA page_count").fetchone()[0])
    free = store._run(lambda db: db.execute("PRAGMA freelist_count").fetchone()[0])
    page = store._run(lambda db: db.execute("PRAGMA page_size").fetchone()[0])
    assert (used - free) * page <= 1_000_000 + 2 * 300_000 * 4  # at most one send's worth over


def test_free_text_search_uses_the_index_and_finds_what_like_found(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.record(entry(job="Nightly-Orders"))
    store.record(entry(job="weekly"))
    assert [r.job_name for r in store.search(HistoryQuery(text="nightly-ord"))] == ["Nightly-Orders"]
    assert [r.job_name for r in store.search(HistoryQuery(text='"weekly"'))] == ["weekly"]  # quotes kept
    assert len(store.search(HistoryQuery(text="ly"))) == 2  # under three characters: a scan
    assert len(store.search(HistoryQuery(text="weekl_"))) == 0  # LIKE's wildcards are literal
    plan = sqlite3.connect(tmp_path / "h.sqlite3").execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM sends_text WHERE body LIKE ?", ("%orders%",)
    )
    assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan.fetchall())


def test_a_history_from_before_the_index_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    store.record(entry(job="from-an-older-version"))
    store.close()
    with sqlite3.connect(path) as db:  # as an older version left it: no index
        db.execute("DROP TABLE sends_text")
        db.execute("DROP TRIGGER sends_text_add")
    again = HistoryStore(path)
    assert [r.job_name for r in again.search(HistoryQuery(text="older-vers"))] == ["from-an-older-version"]


def test_limits_are_settings_shown_by_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LINEAGE_COMPOSER_HOME", str(tmp_path))
    assert main(["paths", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["historyLimits"]
    assert shown["maxRows"] == HistoryLimits().max_rows
    config = Path(shown["file"]).parent
    assert Path(shown["file"]).name == HISTORY_SETTINGS_FILE_NAME
    replace(HistoryLimits(), max_rows=42).save(config)
    assert HistoryLimits.load(config).max_rows == 42
    assert main(["paths"]) == 0
    assert "42 sends" in capsys.readouterr().out
    (config / HISTORY_SETTINGS_FILE_NAME).write_text('{"maxRows": -1}')
    assert HistoryLimits.load(config) == HistoryLimits()  # a bad file never stops a send's record
    with pytest.raises(ValueError, match="maxRows"):
        HistoryLimits.from_json({"maxRows": "many"})
