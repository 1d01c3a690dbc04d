"""What the window tests share: the main window, and the task runner a part built alone works on.

`window` is the real main window (`tests/ui/windows.WindowOpener`: scripted prompters, shut down
when the test ends). A test file says how it wants it with a `window` mark, e.g.
`pytestmark = pytest.mark.window(size=(1400, 900), loaded=True)` (the opener's options); a
fixture that needs more (a file to open, steps after it) builds on `open_window`, the opener
itself, which also opens a second window inside a test.

`staging` is the window's profile for the tenant stand-in (tests/conftest.py's `tenant`, its token
in the keyring: tests/ui/stand_in.py); the in-memory keyring, `memory_keyring`, is tests/conftest.py's.

In the app the composition root (`composer.app.build_services`) makes the one task runner and
hands it to every part; a test that builds a part without a window takes `tasks`, whose workers
are done before the next test starts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from composer.app import WINDOW_WORKERS
from composer.services.sandbox import SandboxServer
from composer.ui.main_window import MainWindow
from composer.ui.tasks import TaskRunner
from tests.ui.stand_in import add_staging_profile
from tests.ui.windows import WindowOpener


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "window(**options): how the `window` fixture opens the main window (WindowOpener's options)"
    )


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[WindowOpener]:
    opener = WindowOpener(qtbot)
    yield opener
    opener.shut_down()


@pytest.fixture
def window(request: pytest.FixtureRequest, open_window: WindowOpener) -> MainWindow:
    mark = request.node.get_closest_marker("window")
    return open_window(**(mark.kwargs if mark is not None else {}))


@pytest.fixture
def staging(qtbot: QtBot, window: MainWindow, tenant: SandboxServer) -> str:
    """The window's profile for the stand-in (its name)."""
    return add_staging_profile(qtbot, window, tenant)


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner(max_threads=WINDOW_WORKERS)
    yield runner
    assert runner.wait_idle(30_000), "a task was still running when the test ended"
    runner.deleteLater()
