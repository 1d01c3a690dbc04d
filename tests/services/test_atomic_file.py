"""The one atomic writer the profiles file and the schema cache share."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from composer.services.atomic_file import write_atomically
from composer.services.schema_cache import Attempt, CachedSchema, SchemaCache


def test_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "data.json"
    write_atomically(target, '{"a": 1}\n')
    write_atomically(target, '{"é": 2}\n')
    assert target.read_text(encoding="utf-8") == '{"é": 2}\n'
    assert [p.name for p in target.parent.iterdir()] == ["data.json"]


def test_a_failed_write_raises_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    write_atomically(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "\udc80")  # a lone surrogate cannot be written as UTF-8
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]


def test_a_failed_rename_raises_oserror_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)  # a folder where the file should go
    with pytest.raises(OSError):
        write_atomically(target, "text")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_the_schema_cache_writes_through_it_and_reads_back(tmp_path: Path) -> None:
    cache = SchemaCache(tmp_path / "cache")
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    entry = CachedSchema("https://x.example/s.json", {"type": "object"}, at, '"v1"', None, Attempt(at, None, ""))
    cache.put(entry)
    assert cache.get(entry.url) == entry
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [cache.path_for(entry.url).name]


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    SchemaCache(blocker / "cache").put(CachedSchema("https://x.example/s.json", {}, None, None, None, None))
