"""The real window for the tenant tests, wired to the Local sandbox, with scripted prompters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot

from composer.app import build_main_window
from composer.core.templates import instantiate
from composer.ui.files import SaveChoice
from composer.ui.main_window import MainWindow
from tests.ui.fakes import FakePrompter
from tests.ui.test_send_fakes import FakeSendPrompter, memory_keyring  # noqa: F401 (fixture)


@dataclass
class FakeRefreshPrompter:
    token: str | None = None
    asked: list[str] = field(default_factory=list)

    def ask_refresh_token(self, profile_name: str, where: str) -> str | None:
        self.asked.append(profile_name)
        return self.token


@pytest.fixture
def window(qtbot: QtBot, memory_keyring: object) -> Iterator[MainWindow]:  # noqa: F811 (the fixture)
    made = build_main_window()
    qtbot.addWidget(made)
    made.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
    assert made.send_ui is not None
    made.send_ui.prompter = FakeSendPrompter()
    made.tenant.prompter = FakeRefreshPrompter()
    made.resize(1400, 900)
    made.show()
    made.model.load(instantiate("alation-minimal"))
    qtbot.waitUntil(lambda: made.tenant.choices.source_count > 0, timeout=45_000)
    yield made
    made.close()
