"""A scripted stand-in for the send UI's prompter (the in-memory keyring fixture is tests/conftest.py's).

The tests at the bottom keep the fake honest: it must answer every question the real
`SendPrompter` asks, with the same parameters, or tests would pass against a UI that breaks.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from PySide6.QtWidgets import QDialog

from composer.core.problems import Problem
from composer.ui.send.prompter import SendPrompter


@dataclass
class FakeSendPrompter:
    """Answers at once and remembers what was asked; `token` is what "Set token…" types."""

    send_anyway: bool = False
    send_as_typed: bool = False
    check: bool = True
    token: str | None = None
    session_token: bool = True
    remove: bool = True
    asked_send_anyway: list[list[Problem]] = field(default_factory=list)
    asked_send_as_typed: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    token_questions: list[tuple[str, str]] = field(default_factory=list)
    session_offers: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    dialogs: list[QDialog] = field(default_factory=list)

    def confirm_send_anyway(self, profile_name: str, problems: list[Problem]) -> bool:
        self.asked_send_anyway.append(problems)
        return self.send_anyway

    def confirm_send_as_typed(self, profile_name: str, problem: Problem) -> bool:
        self.asked_send_as_typed.append(problem)
        return self.send_as_typed

    def confirm_check(self, notice: str) -> bool:
        self.notices.append(notice)
        return self.check

    def ask_token(self, profile_name: str, where: str) -> str | None:
        self.token_questions.append((profile_name, where))
        return self.token

    def offer_session_token(self, message: str) -> bool:
        self.session_offers.append(message)
        return self.session_token

    def confirm_remove(self, profile_name: str) -> bool:
        return self.remove

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def open_url(self, url: str) -> None:
        self.opened.append(url)

    def run_dialog(self, dialog: QDialog) -> None:
        self.dialogs.append(dialog)  # left open (not modal): the test drives it


def test_the_fake_answers_every_question_the_real_prompter_asks() -> None:
    real = {name for name in vars(SendPrompter) if not name.startswith("_")}
    fake = {
        name
        for name in vars(FakeSendPrompter)
        if not name.startswith("_") and callable(getattr(FakeSendPrompter, name))
    }
    assert real <= fake
    for name in real:
        real_parameters = list(inspect.signature(getattr(SendPrompter, name)).parameters)
        fake_parameters = list(inspect.signature(getattr(FakeSendPrompter, name)).parameters)
        assert real_parameters == fake_parameters, name
