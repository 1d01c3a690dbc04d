"""Logs in the window: File ▸ Open log… opens the Log browser; Replay sends a selection.

`install_log_tools` is the one call the main window makes. It adds the menu action, builds the
browser on first use, and opens the Replay dialog for events chosen in the browser or in the
history dock, sending through the window's own send backend (profiles, keyring tokens, history).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from composer.core.eventlog import EventEntry
from composer.core.log_index import LogRecord
from composer.services.history import HistoryRecord
from composer.ui.editor.document_model import DocumentModel
from composer.ui.history.dock import HistoryDock
from composer.ui.logs.browser import LogBrowser
from composer.ui.replay import ReplayDialog, entries_from_texts
from composer.ui.send import SendUi
from composer.ui.tasks import TaskRunner

__all__ = ["LogBrowser", "LogTools", "install_log_tools"]


class LogTools(QObject):
    """The Open log… action, the Log browser (made on first use) and Replay dialogs."""

    openedAsNew = Signal(str)  # the browser's Open in editor: the event's origin, in words

    def __init__(
        self, window: QMainWindow, model: DocumentModel, send_ui: SendUi, history: HistoryDock
    ) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.send_ui = send_ui
        self.history = history
        self.runner: TaskRunner = send_ui.controller.runner  # the window's one runner
        self.browser: LogBrowser | None = None
        self.replay_dialog: ReplayDialog | None = None  # the newest
        self._dialogs: list[ReplayDialog] = []
        self.open_log_action = QAction("Open &Log…", window)
        self.open_log_action.setObjectName("openLogAction")
        self.open_log_action.setStatusTip(
            "Browse an event log: NDJSON, array, history export, client file output"
        )
        self.open_log_action.triggered.connect(self.open_log)
        history.replayRequested.connect(self.replay_history)

    def install_menu(self, file_menu: QMenu) -> None:
        """Put Open Log… after the file menu's Open Recent (or at its end)."""
        actions = file_menu.actions()
        after = next((a for a in actions if a.menu() is not None and "Recent" in a.text()), None)
        position = actions.index(after) + 1 if after is not None else len(actions)
        before = actions[position] if position < len(actions) else None
        file_menu.insertAction(before, self.open_log_action) if before else file_menu.addAction(
            self.open_log_action
        )

    def show_browser(self) -> LogBrowser:
        if self.browser is None:
            self.browser = LogBrowser(self.model, self.runner, self.window)
            self.browser.replayRequested.connect(self.replay_log_records)
            self.browser.openedAsNew.connect(self.openedAsNew)
        self.browser.show()
        self.browser.raise_()
        return self.browser

    def open_log(self) -> bool:
        return self.show_browser().choose_file()

    def open_path(self, path: Path) -> LogBrowser:
        browser = self.show_browser()
        browser.open_path(path)
        return browser

    def replay_log_records(self, records: Sequence[LogRecord]) -> ReplayDialog:
        readable = [(r.index, r.line, r.text) for r in records if not r.error]
        return self._replay(readable, left_out=len(records) - len(readable))

    def replay_history(self, records: Sequence[HistoryRecord]) -> ReplayDialog:
        ordered = sorted(records, key=lambda record: record.id)  # oldest first: the order they went
        return self._replay([(number, None, record.event) for number, record in enumerate(ordered)])

    def _replay(self, texts: list[tuple[int, int | None, str]], *, left_out: int = 0) -> ReplayDialog:
        return self.replay_entries(entries_from_texts(texts), left_out=left_out)

    def replay_entries(self, entries: list[EventEntry], *, left_out: int = 0) -> ReplayDialog:
        """Open Replay on `entries` (also New from Sheet's Send All)."""
        controller = self.send_ui.controller
        for finished in [d for d in self._dialogs if not (d.running or d.isVisible())]:
            self._dialogs.remove(finished)
            finished.deleteLater()  # closed and done: nothing left to show
        dialog = ReplayDialog(
            entries,
            controller.backend,
            controller.runner,
            controller.profiles,
            controller.current.name,
            left_out=left_out,
            parent=self.window,
        )
        dialog.finishedReplay.connect(lambda _summary: self.history.refresh())
        self.replay_dialog = dialog
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def shutdown(self) -> None:
        """Cancel running replays and loads; call before the send UI shuts down (it waits for them)."""
        for dialog in self._dialogs:
            dialog.cancel()
        if self.browser is not None:
            self.browser.stop_loading()
        self.runner.wait_idle(10_000)


def install_log_tools(
    window: QMainWindow, model: DocumentModel, send_ui: SendUi, history: HistoryDock, file_menu: QMenu
) -> LogTools:
    """Add File ▸ Open Log… and wire Replay from the log browser and the history dock."""
    tools = LogTools(window, model, send_ui, history)
    tools.install_menu(file_menu)
    return tools
