"""Past sends: find one, open it into the editor, send it again, export or delete the log.

A support engineer reproduces yesterday's send exactly: Open puts the stored event text back in
the editor as one undoable step (so nothing is lost and nothing needs asking), Resend hands the
same text to the send controller. Every store access (read, export, delete) runs on the window's
`TaskRunner`, in a lane of its own, so a slow or locked database never freezes the window and
operations never overlap; each opens the store for its own duration, so the dock holds no
connection that would need closing. A damaged database is moved aside by the store; its warning is shown here.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.services.history import HistoryQuery, HistoryRecord, HistoryStore, Verification
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.autosave import write_text_atomically
from composer.ui.files.event_picker import plain_os_error
from composer.ui.history.table import SEARCH_HELP, HistoryTableModel, count_text, local_time, parse_search
from composer.ui.prompter import error_box
from composer.ui.table_models import rows_view
from composer.ui.tasks import Task, TaskRunner
from composer.ui.theme import set_text_role

PAGE_SIZE = 100
SEARCH_DELAY_MS = 250
NDJSON_FILTER = "NDJSON (*.ndjson *.jsonl);;All files (*)"
_Page = tuple[list[HistoryRecord], int, dict[int, Verification]]  # records, total, their outcomes


class HistoryPrompter:
    """The dock's questions and dialogs, in one object tests replace."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def choose_export_path(self, suggested: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self.parent, "Export History", suggested, NDJSON_FILTER)
        return Path(chosen) if chosen else None

    def confirm_delete(self, count: int) -> bool:
        what = "this send" if count == 1 else f"these {count} sends"
        answer = QMessageBox.question(
            self.parent,
            "Delete from history",
            f"Delete {what} from the history? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str, details: str = "") -> None:
        error_box(self.parent, title, text, details).exec()


_LANE = "history"  # store operations run one at a time, in order


class _StoreError(Exception):
    """What even the store's recovery could not fix, in words for the user."""


def _run_on_store(store_dir: Path, operation: Callable[[HistoryStore], Any]) -> tuple[Any, list[str]]:
    """On a worker: one operation against a store opened just for it, and the store's warnings."""
    store = HistoryStore.in_dir(store_dir)
    try:
        result = operation(store)
    except (OSError, ValueError, sqlite3.Error) as error:
        raise _StoreError(plain_os_error(error) if isinstance(error, OSError) else str(error)) from None
    finally:
        warnings = store.take_warnings()
        store.close()
    return result, warnings


class HistoryDock(QDockWidget):
    """The send history (newest first, searchable); `refresh()` after a send, or `show_sent`."""

    resendRequested = Signal(str)
    openedAsNew = Signal(str)  # a send's event became the document: where it came from, in words
    replayRequested = Signal(list)  # the selected HistoryRecords (the Replay dialog sends them)
    loaded = Signal()  # the table shows a fresh page
    exported = Signal(str, int)  # path, how many sends
    failed = Signal(str)

    def __init__(
        self,
        model: DocumentModel,
        store_dir: Path,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner,
    ) -> None:
        super().__init__("History", parent)
        self.setObjectName("history")
        self.prompter = HistoryPrompter(self)
        self._model = model
        self._store_dir = store_dir
        self._tasks = tasks
        self._jobs: dict[int, Task[tuple[Any, list[str]]]] = {}
        self._ticket = 0
        self._shown_ticket = 0
        self._select_after_load: int | None = None
        self._query = HistoryQuery()
        self._warnings: list[str] = []
        self.table_model = HistoryTableModel(self)
        self._build()
        self.refresh()

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Let a running store job finish, so it never reports to a dock that is gone."""
        self.wait_idle(timeout_ms)

    def _build(self) -> None:
        body = QWidget()
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName("Search sent events")
        self.search.setPlaceholderText(SEARCH_HELP)
        self.search.setToolTip(SEARCH_HELP)
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.warning = QLabel()
        self.warning.setObjectName("historyWarning")
        self.warning.setWordWrap(True)
        set_text_role(self.warning, "banner.text", ground="banner")
        self.warning.linkActivated.connect(lambda _link: self.dismiss_warnings())
        self.warning.hide()
        self.table = rows_view(self.table_model, "historyTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the job name is what varies
        self._build_pages()
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.open_button = self._button("Open", self.open_selected, "Put this event in the editor (undoable)")
        self.resend_button = self._button("Resend", self.resend_selected, "Send this exact event again")
        self.export_button = self._button(
            "Export NDJSON…", self.export_ndjson, "Save the sends matching the search, one JSON per line"
        )
        self.delete_button = self._button("Delete", self.delete_selected, "Remove the selected sends")
        self.replay_button = self._button(
            "Replay selected…", self.replay_selected, "Send the selected events again, in the order they went"
        )
        self.replay_button.setObjectName("historyReplay")
        buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.resend_button,
            self.replay_button,
            self.export_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)  # beside the buttons: one line more for the table's rows
        column = QVBoxLayout(body)
        column.addWidget(self.search)
        column.addWidget(self.warning)
        column.addWidget(self.pages, 1)
        column.addLayout(buttons)
        self.setWidget(body)
        self._update_buttons()

    def _build_pages(self) -> None:
        """The table, at least four rows high, or in its place what to do to fill it."""
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 4 * rows + 4)
        self.empty = QLabel(EMPTY_HISTORY)
        self.empty.setObjectName("historyEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

    def _button(self, text: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the newest page that matches the search (off the GUI thread)."""
        self._search_timer.stop()
        self._query = parse_search(self.search.text())
        query = self._query

        def load(store: HistoryStore) -> _Page:
            records = store.search(query, limit=PAGE_SIZE)
            return records, store.count(query), store.verifications([record.id for record in records])

        self._shown_ticket = self._start(load, self._show_page)

    def show_sent(self, history_id: int) -> None:
        """After a send: reload and select the new record (the send panel's `sent` signal)."""
        self._select_after_load = history_id
        self.refresh()

    def mark_verifying(self, history_id: int) -> None:
        """The window started polling that send's lineage: its Lineage cell says "pending"."""
        self.table_model.set_pending(history_id)

    def update_verification(self, history_id: int, stored: Verification) -> None:
        """The poll ended and was stored: that row's Lineage cell changes in place (selection kept)."""
        self.table_model.set_verification(history_id, stored)

    def _show_page(self, ticket: int, result: _Page) -> None:
        if ticket != self._shown_ticket:
            return  # a newer search is on its way
        records, total, verifications = result
        selected = {record.id for record in self.selected_records()}
        if self._select_after_load is not None:
            selected = {self._select_after_load}
            self._select_after_load = None
        self.table_model.set_records(records, verifications)
        self._select_ids(selected)
        searching = self._query != HistoryQuery()
        self.status.setText(count_text(len(records), total, searching=searching))
        self.pages.setCurrentWidget(self.empty if total == 0 and not searching else self.table)
        self._update_buttons()
        self.loaded.emit()

    def _select_ids(self, ids: set[int]) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for record_id in ids:
            row = self.table_model.row_of(record_id)
            if row is not None:
                selection.select(self.table_model.index(row, 0), flags)
                self.table.scrollTo(self.table_model.index(row, 0))

    def selected_records(self) -> list[HistoryRecord]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table_model.record(row) for row in rows]

    def select_rows(self, rows: list[int]) -> None:
        self.table.clearSelection()
        self._select_ids({self.table_model.record(row).id for row in rows})

    # --- actions --------------------------------------------------------------------------

    def open_selected(self) -> bool:
        """The selected send's exact event text becomes the document, as one undo step."""
        chosen = self.selected_records()
        if len(chosen) != 1:
            return False
        try:
            document = EventDocument.from_json(chosen[0].event)
        except JsonSyntaxError as error:
            self.prompter.show_error(
                "Cannot open this send",
                f"The event sent then is not valid JSON ({error}); it can still be resent as it is.",
            )
            return False
        self._model.replace(document, text="Open from history")
        self.openedAsNew.emit(f"from history, {local_time(chosen[0].sent_at)}")
        return True

    def resend_selected(self) -> bool:
        chosen = self.selected_records()
        if len(chosen) != 1:
            return False
        self.resendRequested.emit(chosen[0].event)
        self.openedAsNew.emit(f"resent from history, {local_time(chosen[0].sent_at)}")
        return True

    def replay_selected(self) -> bool:
        chosen = self.selected_records()
        if chosen:
            self.replayRequested.emit(chosen)
        return bool(chosen)

    def export_ndjson(self) -> bool:
        """Write the sends matching the search (all of them, not just this page), oldest first."""
        path = self.prompter.choose_export_path(str(Path.home() / "lineage-history.ndjson"))
        if path is None:
            return False
        query = self._query

        def export(store: HistoryStore) -> int:
            out = io.StringIO()
            count = store.export_ndjson(out, query)
            write_text_atomically(path, out.getvalue())
            return count

        self._start(export, lambda _ticket, count: self._exported(path, count))
        return True

    def _exported(self, path: Path, count: int) -> None:
        self.status.setText(f"Exported {count} send{'' if count == 1 else 's'} to {path}")
        self.exported.emit(str(path), count)

    def delete_selected(self) -> bool:
        ids = [record.id for record in self.selected_records()]
        if not ids or not self.prompter.confirm_delete(len(ids)):
            return False

        def delete(store: HistoryStore) -> int:
            return sum(store.delete(record_id) for record_id in ids)

        self.table.clearSelection()
        self._start(delete, lambda _ticket, _count: self.refresh())
        return True

    # --- plumbing -------------------------------------------------------------------------

    def _start(self, operation: Callable[[HistoryStore], Any], on_done: Callable[[int, Any], None]) -> int:
        self._ticket += 1
        ticket, store_dir = self._ticket, self._store_dir
        self._jobs[ticket] = self._tasks.run(
            lambda: _run_on_store(store_dir, operation),
            lambda outcome: self._finished(ticket, outcome[1], on_done, outcome[0]),
            lambda error: self._failed(ticket, str(error)),
            lane=_LANE,
        )
        return ticket

    def _finished(
        self, ticket: int, warnings: list[str], on_done: Callable[[int, Any], None], result: Any
    ) -> None:
        self._jobs.pop(ticket, None)
        if warnings:
            self.show_warnings(warnings)
        on_done(ticket, result)

    def _failed(self, ticket: int, reason: str) -> None:
        self._jobs.pop(ticket, None)
        self.prompter.show_error("History", f"The send history could not be used: {reason}.")
        self.failed.emit(reason)

    def show_warnings(self, warnings: list[str]) -> None:
        """Recovery messages stay until dismissed: the user should learn where the old file went."""
        self._warnings.extend(warnings)
        text = "<br>".join(_escape(message) for message in self._warnings)
        self.warning.setText(f"⚠ {text} <a href='dismiss'>Dismiss</a>")
        self.warning.show()

    @property
    def warnings(self) -> list[str]:
        return list(self._warnings)

    def dismiss_warnings(self) -> None:
        self._warnings.clear()
        self.warning.hide()

    def _update_buttons(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(count == 1)
        self.resend_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)
        self.replay_button.setEnabled(count > 0)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """For shutdown and tests: let running store operations finish."""
        return all(job.wait(timeout_ms) for job in list(self._jobs.values()))


EMPTY_HISTORY = (
    "No sends yet. Compose an event, choose a profile in the toolbar and press Send (Ctrl+Enter): "
    "every send is listed here with its answer, to open, resend or replay."
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
