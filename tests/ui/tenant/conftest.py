"""The real window for the tenant tests, wired to the Local sandbox, with scripted prompters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow
from tests.ui.windows import WindowOpener


@dataclass
class FakeRefreshPrompter:
    token: str | None = None
    asked: list[str] = field(default_factory=list)

    def ask_refresh_token(self, profile_name: str, where: str) -> str | None:
        self.asked.append(profile_name)
        return self.token


@pytest.fixture
def window(
    qtbot: QtBot,
    open_window: WindowOpener,
    memory_keyring: object,
) -> Iterator[MainWindow]:
    made = open_window(size=(1400, 900))
    made.tenant.prompter = FakeRefreshPrompter()
    made.model.load(instantiate("alation-minimal"))
    qtbot.waitUntil(lambda: made.tenant.choices.source_count > 0, timeout=45_000)
    yield made
    made.close()
