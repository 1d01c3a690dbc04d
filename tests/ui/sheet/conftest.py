"""The sheet UI tests' window and driver: the real window (its Local sandbox profile has catalog
access, so the review's tenant column is live) with a scripted prompter (tests/ui/sheet_fixtures)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from composer.ui.main_window import MainWindow
from tests.ui.sheet_fixtures import SheetDriver
from tests.ui.windows import WindowOpener


@pytest.fixture
def window(qtbot: QtBot, open_window: WindowOpener, memory_keyring: object) -> MainWindow:
    """The real window (tests/ui/conftest.py's opener), its tenant pre-flight set up for the
    Local sandbox before the test."""
    made = open_window(loaded=True)
    qtbot.waitUntil(lambda: made.tenant.checks.checker is not None, timeout=30_000)
    return made


@pytest.fixture
def sheets(qtbot: QtBot, window: MainWindow) -> SheetDriver:
    return SheetDriver(qtbot, window)
