"""Reading event logs from disk: a file, a folder of event files, or a file transport's prefix.

The `openlineage-python` file transport writes either one file it appends to (NDJSON) or, by
default, one file per event named `<log_file_path>-<timestamp>.json` (pretty-printed in debug
mode). So a log is any of: a file (one event, an array, NDJSON, a history export); a folder,
read file by file in name order (the timestamps make that the order they were written); or the
transport's `log_file_path` itself, which does not exist but names the files that start with it.
An NDJSON file is read line by line, never whole, so a log larger than memory can be browsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Protocol, TypeVar

from composer.core.eventlog import EventEntry, first_line_is_event, iter_lines, read_events
from composer.core.jsontext import JsonSyntaxError, decode_utf8
from composer.core.log_index import LogRecord, record_from_entry, records_from_lines

LOG_SUFFIXES = (".json", ".ndjson", ".jsonl")


class LogReadError(Exception):
    """The log cannot be read at all (missing, unreadable, not UTF-8); the message says why."""


def log_files(path: Path) -> list[Path]:
    """The files that make up the log at `path`, in reading order; raises `LogReadError`."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in LOG_SUFFIXES)
        if not found:
            raise LogReadError(f"cannot read {path}: the folder holds no .json, .ndjson or .jsonl files")
        return found
    if path.exists():
        return [path]
    prefixed = sorted(path.parent.glob(f"{_escape_glob(path.name)}-*.json")) if path.parent.is_dir() else []
    if prefixed:
        return prefixed
    raise LogReadError(f"cannot read {path}: No such file or directory")


def iter_log(path: Path) -> Iterator[EventEntry]:
    """Every event of the log at `path`, numbered across files; raises `LogReadError`."""
    return _iter_files(path, iter_lines, read_events)


def iter_log_records(path: Path) -> Iterator[LogRecord]:
    """The same events as summaries for browsing (`records_from_lines`: fast on long NDJSON)."""
    return _iter_files(path, records_from_lines, _records_of_text)


def read_log(path: Path) -> list[EventEntry]:
    return list(iter_log(path))


class _Indexed(Protocol):
    @property
    def index(self) -> int: ...


_T = TypeVar("_T", bound=_Indexed)
_T_co = TypeVar("_T_co", bound=_Indexed, covariant=True)


class _LinesReader(Protocol[_T_co]):
    """`iter_lines` or `records_from_lines`: NDJSON streamed, numbered from `first_index`."""

    def __call__(self, lines: Iterable[str], /, *, first_index: int, origin: str) -> Iterable[_T_co]: ...


class _TextReader(Protocol[_T_co]):
    """`read_events` or its summaries: a whole file's text, numbered from `first_index`."""

    def __call__(self, text: str, /, *, first_index: int, origin: str) -> Iterable[_T_co]: ...


def _iter_files(path: Path, lines_reader: _LinesReader[_T], text_reader: _TextReader[_T]) -> Iterator[_T]:
    files = log_files(path)
    many = len(files) > 1
    index = 0
    for file in files:
        for item in _iter_file(file, index, file.name if many else "", lines_reader, text_reader):
            index = item.index + 1
            yield item


def _iter_file(
    path: Path, first_index: int, origin: str, lines_reader: _LinesReader[_T], text_reader: _TextReader[_T]
) -> Iterator[_T]:
    try:
        # newline="" keeps CRLF: an event sent from the log is the bytes in the file.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            skipped: list[str] = []
            first = ""
            for first in handle:
                if first.strip():
                    break
                skipped.append(first)
            if first_line_is_event(first):  # NDJSON: stream it; blank lines keep line numbers right
                yield from lines_reader(chain(skipped, [first], handle), first_index=first_index, origin=origin)
                return
            text = "".join(skipped) + first + handle.read()
    except OSError as exc:
        raise LogReadError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise LogReadError(f"cannot read {path}: {_not_utf8(path)}") from None
    yield from text_reader(text, first_index=first_index, origin=origin)


def _not_utf8(path: Path) -> str:
    """Where a file stops being UTF-8: read again as bytes (the streaming decoder saw a chunk)."""
    try:
        decode_utf8(path.read_bytes())
    except JsonSyntaxError as exc:
        return str(exc)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "not UTF-8 text"


def _records_of_text(text: str, /, *, first_index: int, origin: str) -> Iterator[LogRecord]:
    return map(record_from_entry, read_events(text, first_index=first_index, origin=origin))


def _escape_glob(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
