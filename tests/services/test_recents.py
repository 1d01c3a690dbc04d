"""Recent and pinned values survive restarts, never crash on a bad file, and stay generic."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from composer.services.recents import RecentsWriter, RecentValues


@pytest.fixture
def writer() -> RecentsWriter:
    """One writer for the test's stores, as a window has one for all of its own."""
    return RecentsWriter()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "recent-namespaces.json"


def test_add_moves_a_value_to_the_front_without_duplicates(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    for value in ("a", "b", "c", "a"):
        recents.add(value)
    assert recents.values() == ["a", "c", "b"]


def test_the_limit_drops_the_oldest_recent_value(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, limit=3, writer=writer)
    for value in ("a", "b", "c", "d"):
        recents.add(value)
    assert recents.values() == ["d", "c", "b"]


def test_pinned_values_come_first_and_outlive_the_limit(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, limit=2, writer=writer)
    recents.add("old")
    recents.pin("old")
    recents.pin("never-used")
    for value in ("x", "y", "z"):
        recents.add(value)
    assert recents.pinned() == ["old", "never-used"]
    assert recents.values() == ["old", "never-used", "z", "y"]
    assert recents.is_pinned("old") and not recents.is_pinned("z")


def test_adding_a_pinned_value_does_not_list_it_twice(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    recents.pin("p")
    recents.add("r")
    recents.add("p")
    assert recents.values() == ["p", "r"]


def test_unpin_keeps_the_value_as_the_most_recent(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    recents.add("a")
    recents.add("b")
    recents.pin("a")
    recents.unpin("a")
    assert recents.pinned() == []
    assert recents.values() == ["a", "b"]


def test_remove_forgets_a_value_pinned_or_not(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    recents.add("a")
    recents.pin("b")
    recents.remove("a")
    recents.remove("b")
    recents.remove("never-there")
    assert recents.values() == []


def test_clear_forgets_everything_and_persists(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    recents.add("a")
    recents.pin("b")
    recents.clear()
    assert recents.values() == []
    assert RecentValues(store_path, writer=writer).values() == []


def test_blank_values_are_never_stored(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    recents.add("")
    recents.add("   ")
    recents.pin(" ")
    assert recents.values() == []
    assert not store_path.exists()


def test_values_are_kept_exactly_as_given(writer: RecentsWriter, store_path: Path) -> None:
    """Namespaces are compared as written, so the store must not trim or fold case."""
    recents = RecentValues(store_path, writer=writer)
    recents.add(" Postgres://H:5432")
    assert RecentValues(store_path, writer=writer).values() == [" Postgres://H:5432"]


def test_values_survive_a_restart(writer: RecentsWriter, store_path: Path) -> None:
    first = RecentValues(store_path, writer=writer)
    first.add("postgres://db:5432")
    first.pin("snowflake://xy12345.snowflakecomputing.com")
    first.flush()
    again = RecentValues(store_path, writer=writer)
    assert again.values() == ["snowflake://xy12345.snowflakecomputing.com", "postgres://db:5432"]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"pinned": "not a list", "recent": {"a": 1}}',
        b"null",
    ],
)
def test_a_corrupt_file_reads_as_empty_and_is_replaced_on_the_next_change(
    writer: RecentsWriter, store_path: Path, content: bytes
) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(content)
    recents = RecentValues(store_path, writer=writer)
    assert recents.values() == []
    recents.add("fresh")
    recents.flush()
    assert json.loads(store_path.read_text(encoding="utf-8"))["recent"] == ["fresh"]


def test_malformed_items_are_skipped_and_the_rest_kept(writer: RecentsWriter, store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_text(json.dumps({"pinned": ["p", 3, None, "p"], "recent": ["a", {"x": 1}, "", "b"]}))
    assert RecentValues(store_path, writer=writer).values() == ["p", "a", "b"]


def test_a_file_longer_than_the_limit_is_cut_on_reading(writer: RecentsWriter, store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_text(json.dumps({"pinned": [], "recent": [str(n) for n in range(50)]}))
    assert RecentValues(store_path, limit=5, writer=writer).values() == ["0", "1", "2", "3", "4"]


def test_writes_are_atomic_and_leave_no_temporary_files(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    for n in range(5):
        recents.add(f"value-{n}")
    recents.flush()
    assert sorted(p.name for p in store_path.parent.iterdir()) == [store_path.name]


def test_a_failed_write_is_reported_and_the_values_kept_in_memory(writer: RecentsWriter, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    recents = RecentValues(blocker / "recents.json", writer=writer)
    recents.add("kept")
    assert recents.write_error is None  # not yet known: the write runs in the background
    recents.flush()
    assert isinstance(recents.write_error, OSError)
    assert recents.values() == ["kept"]


def test_two_stores_on_one_file_see_each_others_changes(writer: RecentsWriter, store_path: Path) -> None:
    """Two pickers share one file; neither may undo what the other just added."""
    first, second = RecentValues(store_path, writer=writer), RecentValues(store_path, writer=writer)
    first.add("from-first")
    second.add("from-second")
    first.pin("pinned-by-first")
    assert second.values() == ["pinned-by-first", "from-second", "from-first"]
    assert first.values() == second.values()


def test_an_external_edit_is_picked_up(writer: RecentsWriter, store_path: Path) -> None:
    recents = RecentValues(store_path, writer=writer)
    recents.add("mine")
    recents.flush()  # a write still queued would win over the external edit (the latest wins)
    replacement = store_path.with_name("other.json")
    replacement.write_text(json.dumps({"pinned": [], "recent": ["theirs"]}))
    os.replace(replacement, store_path)
    assert recents.values() == ["theirs"]


def test_the_limit_must_be_positive(writer: RecentsWriter, store_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RecentValues(store_path, limit=0, writer=writer)


class CountingValues(RecentValues):
    """Counts the writes that reach the disk (the real write still runs)."""

    writes: list[list[str]]

    def _write(self, data: dict[str, Any]) -> None:
        self.writes.append(list(data["recent"]))
        super()._write(data)


@pytest.fixture
def held_writer(writer: RecentsWriter) -> Iterator[threading.Event]:
    """The writer thread kept busy until the event is set: a disk that has not answered yet."""
    release = threading.Event()
    started = threading.Event()

    def hold() -> None:
        started.set()
        release.wait(10)

    writer.submit(hold)
    assert started.wait(5)
    yield release
    release.set()


def test_changes_return_at_once_and_coalesce_while_the_disk_is_busy(
    writer: RecentsWriter, store_path: Path, held_writer: threading.Event
) -> None:
    recents = CountingValues(store_path, writer=writer)
    recents.writes = []
    for value in ("a", "b", "c"):
        recents.add(value)  # returns although nothing can be written yet
    recents.pin("b")
    assert not store_path.exists() and recents.writes == []
    assert recents.values() == ["b", "c", "a"]
    assert RecentValues(store_path, writer=writer).values() == ["b", "c", "a"]  # another picker sees the queued data
    held_writer.set()
    recents.flush(5)
    assert recents.writes == [["c", "b", "a"]]  # one write, of the latest data
    assert json.loads(store_path.read_text(encoding="utf-8"))["pinned"] == ["b"]
    assert recents.write_error is None


def test_two_stores_queue_one_write_of_both_changes(writer: RecentsWriter, store_path: Path, held_writer: threading.Event) -> None:
    first = CountingValues(store_path, writer=writer)
    first.writes = []
    first.add("one")
    second = CountingValues(store_path, writer=writer)
    second.writes = first.writes
    second.add("two")  # replaces the first store's queued data: the latest wins, nothing is lost
    held_writer.set()
    first.flush(5)
    assert first.writes == [["two", "one"]]
    assert RecentValues(store_path, writer=writer).values() == ["two", "one"]
