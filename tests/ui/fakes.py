"""Stand-ins for the questions the window asks, so tests answer them without a modal loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from composer.core.eventlog import EventEntry
from composer.ui.files import SaveChoice


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
