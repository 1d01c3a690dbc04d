"""The main window as the UI tests open it, in one place (`tests/ui/conftest.py` serves it).

Built by the app's composition root (`build_main_window`), with scripted prompters for files and
sending (a real modal would hang an offscreen test), sized, shown and waited for as the test file
asks, and shut down at the end as `closeEvent` shuts it down (replays and loads cancelled, the
send UI's workers and the sandbox stopped, the shared workers idle), so nothing reports to a
window that is gone.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from composer.app import build_main_window
from composer.ui.files.controller import SaveChoice
from composer.ui.main_window import MainWindow
from tests.ui.fakes import FakePrompter
from tests.ui.test_send_fakes import FakeSendPrompter


class WindowOpener:
    """Opens windows for one test (`open_window(...)`) and shuts each down when it ends."""

    def __init__(self, qtbot: QtBot) -> None:
        self._qtbot = qtbot
        self._opened: list[MainWindow] = []

    def __call__(
        self,
        path: Path | None = None,
        *,
        size: tuple[int, int] | None = None,
        geometry: tuple[int, int, int, int] | None = None,
        shown: bool = True,
        exposed: bool = False,
        active: bool = False,
        loaded: bool = False,
        defer_docks: bool = False,
        wait_for_file: bool = True,
    ) -> MainWindow:
        """`size` resizes, `geometry` (x, y, width, height) places it; `exposed`, `active` and
        `loaded` (the send UI's profiles read) are waited for; the rest is `build_main_window`'s."""
        made = build_main_window(path, defer_docks=defer_docks, wait_for_file=wait_for_file)
        made.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
        if made.send_ui is not None:
            made.send_ui.prompter = FakeSendPrompter()
        self._qtbot.addWidget(made)
        self._opened.append(made)
        if geometry is not None:
            made.setGeometry(QRect(*geometry))
        if size is not None:
            made.resize(*size)
        if shown:
            made.show()
        if exposed:
            self._qtbot.waitExposed(made)
        if active:
            made.activateWindow()
            self._qtbot.waitUntil(made.isActiveWindow)
        if loaded:
            send_ui = made.send_ui
            assert send_ui is not None, "a window with deferred docks has no profiles to load yet"
            self._qtbot.waitUntil(lambda: not send_ui.controller.loading)
        return made

    def shut_down(self) -> None:
        for made in self._opened:
            if made.send_ui is not None:
                made.logs.shutdown()  # before the send UI: it waits for replays
                made.send_ui.shutdown()
            made.schema_urls.wait_idle()
            made.tasks.wait_idle(30_000)
        self._opened.clear()
