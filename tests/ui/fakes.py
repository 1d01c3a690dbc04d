"""Stand-ins for the questions the window asks, so tests answer them without a modal loop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from composer.core.eventlog import EventEntry
from composer.ui.files.controller import FileController, SaveChoice


@dataclass
class FakePrompter:
    """Answers every question at once and remembers what was asked."""

    save_answers: list[SaveChoice] = field(default_factory=list)
    open_path: Path | None = None
    save_path: Path | None = None
    pick: int | None = None
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    asked_to_save: list[str] = field(default_factory=list)
    picked_from: list[tuple[list[EventEntry], str]] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)

    # Answer when no answer is queued (None: a question nobody expected fails the test).
    default_save_answer: SaveChoice | None = None

    def ask_save_changes(self, name: str) -> SaveChoice:
        self.asked_to_save.append(name)
        if not self.save_answers and self.default_save_answer is not None:
            return self.default_save_answer
        return self.save_answers.pop(0)

    def show_error(self, title: str, text: str, details: str = "") -> None:
        self.errors.append((title, text, details))

    def choose_open_path(self, directory: str = "") -> Path | None:
        return self.open_path

    def choose_save_path(self, directory: str = "", suggested: str = "event.json") -> Path | None:
        self.suggested.append(suggested)
        return self.save_path

    def pick_event(self, entries: Sequence[EventEntry], label: str) -> EventEntry | None:
        self.picked_from.append((list(entries), label))
        return next((e for e in entries if e.index == self.pick), None) if self.pick is not None else None


def _settle(files: FileController, start: Callable[[], bool], opened: bool) -> bool:
    """Start an open or save and wait for it: True when it started and succeeded."""
    done: list[Path] = []

    def record(path: Path) -> None:
        done.append(path)

    signal = files.opened if opened else files.saved
    signal.connect(record)
    try:
        if not start():
            return False
        assert files.wait_idle(20_000), "the file job did not finish"
    finally:
        signal.disconnect(record)
    return bool(done)


def open_now(files: FileController, path: Path, *, recent: bool = False) -> bool:
    """`open_path` (or `open_recent`), waited for: whether the file became the event."""
    return _settle(files, lambda: (files.open_recent if recent else files.open_path)(path), True)


def save_now(files: FileController, *, save_as: bool = False) -> bool:
    """`save` (or `save_as`), waited for: whether the file was written."""
    return _settle(files, files.save_as if save_as else files.save, False)
