"""The Log browser: a whole event log as a filterable list, for finding the event that misbehaved.

Support engineers get logs of thousands of events (NDJSON, arrays, the OpenLineage client's file
output, this app's history export). Loading and filtering run on a `TaskRunner` worker, so a log
of 100,000 events never freezes the window; the newest request wins when filters change fast.
From the list: open one event into the editor (one undoable step, so nothing is lost and
nothing needs asking), see a run's events side by side, diff two events, replay a selection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EVENT_TYPES, EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.core.log_index import (
    LogFilter,
    LogRecord,
    filter_records,
    pretty,
    run_positions,
)
from composer.services.logfiles import LogReadError, iter_log_records
from composer.ui.editor.document_model import DocumentModel
from composer.ui.logs.compare_views import DiffView, RunView
from composer.ui.logs.prompter import LogPrompter, dropped_log
from composer.ui.logs.table_model import LogTableModel
from composer.ui.table_models import rows_view
from composer.ui.tasks import TaskRunner

FILTER_DELAY_MS = 200
PROGRESS_EVERY = 5000  # events read between "Loading…" updates


class _SupersededError(Exception):
    """A load stopped because a newer one was started."""


class LoadProgress(QObject):
    counted = Signal(int, int)  # load ticket, events read so far (emitted from the worker)


class LogBrowser(QWidget):
    """A window over one log; `open_path` loads another (objectName "logBrowser")."""

    loaded = Signal(int)  # how many events
    filtered = Signal(int)  # how many rows shown
    replayRequested = Signal(list)  # list[LogRecord], log order
    openedAsNew = Signal(str)  # an event became the document: where it came from, in words

    def __init__(self, model: DocumentModel, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("logBrowser")
        self.setWindowTitle("Log browser")
        self.prompter = LogPrompter(self)
        self._model = model
        self._runner = runner
        self._load_ticket = self._filter_ticket = 0
        self.path: Path | None = None
        self.table_model = LogTableModel(self)
        self.load_progress = LoadProgress(self)
        self.load_progress.counted.connect(self._show_loading, Qt.ConnectionType.QueuedConnection)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self._build()
        self.setAcceptDrops(True)  # drop a log file or a folder of event files on the browser
        self.resize(1100, 720)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.source = QLabel("No log open.")
        self.source.setObjectName("logSource")
        open_file = self._button(
            "Open log…", "logOpenFile", self.choose_file, "A file: NDJSON, array, export"
        )
        open_folder = self._button(
            "Open folder…",
            "logOpenFolder",
            self.choose_folder,
            "The file transport's one-file-per-event folder",
        )
        top = QHBoxLayout()
        top.addWidget(open_file)
        top.addWidget(open_folder)
        top.addWidget(self.source, 1)
        filters = self._build_filters()
        self.table = self._build_table()
        self._build_details()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([330, 330])
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(filters)
        column.addWidget(splitter, 1)
        column.addLayout(self._build_buttons())
        self._update_buttons()

    def _build_filters(self) -> QHBoxLayout:
        self.filter_job = self._filter_edit("logFilterJob", "Job namespace or name contains")
        self.filter_run = self._filter_edit("logFilterRun", "runId contains")
        self.filter_dataset = self._filter_edit("logFilterDataset", "An input or output contains")
        self.filter_type = QComboBox()
        self.filter_type.setObjectName("logFilterType")
        self.filter_type.setAccessibleName("Event type is")
        self.filter_type.addItem("Any type", "")
        for event_type in EVENT_TYPES:
            self.filter_type.addItem(event_type, event_type)
        self.filter_type.currentIndexChanged.connect(lambda _i: self._filter_timer.start())
        filters = QHBoxLayout()
        for label, widget in (
            ("Job", self.filter_job),
            ("Run", self.filter_run),
            ("Type", self.filter_type),
            ("Dataset", self.filter_dataset),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 0 if widget is self.filter_type else 1)
        return filters

    def _build_details(self) -> None:
        self.event_text = QPlainTextEdit()
        self.event_text.setObjectName("logEventText")
        self.event_text.setReadOnly(True)
        self.run_view = RunView()
        self.diff_view = DiffView()
        self.details = QTabWidget()
        self.details.setObjectName("logDetails")
        self.details.addTab(self.event_text, "Event")
        self.details.addTab(self.run_view, "Run side by side")
        self.details.addTab(self.diff_view, "Diff")

    def _build_buttons(self) -> QHBoxLayout:
        self.status = QLabel()
        self.status.setObjectName("logStatus")
        self.open_button = self._button(
            "Open in editor",
            "logOpenInEditor",
            self.open_in_editor,
            "Put this event in the editor (undoable)",
        )
        self.run_button = self._button(
            "Show run", "logShowRun", self.show_run, "This run's events side by side"
        )
        self.diff_button = self._button(
            "Diff", "logDiffButton", self.diff_selected, "Compare two selected events"
        )
        self.replay_button = self._button(
            "Replay selected…",
            "logReplay",
            self.replay_selected,
            "Send the selected events to a profile, in order",
        )
        buttons = QHBoxLayout()
        for button in (self.open_button, self.run_button, self.diff_button, self.replay_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        return buttons

    def _build_table(self) -> QTableView:
        table = rows_view(self.table_model, "logTable", "Events of the log")
        table.setWordWrap(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for number, width in enumerate((56, 60, 190, 84, 230, 150)):
            header.resizeSection(number, width)
        table.doubleClicked.connect(lambda _index: self.open_in_editor())
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        return table

    def _filter_edit(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(label)
        edit.setClearButtonEnabled(True)
        edit.textChanged.connect(lambda _text: self._filter_timer.start())
        edit.returnPressed.connect(self.apply_filter)
        return edit

    def _button(self, text: str, name: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- loading --------------------------------------------------------------------------

    def choose_file(self) -> bool:
        path = self.prompter.choose_log_file(str(self.path.parent) if self.path else "")
        return self.open_path(path) if path is not None else False

    def choose_folder(self) -> bool:
        path = self.prompter.choose_log_folder(str(self.path.parent) if self.path else "")
        return self.open_path(path) if path is not None else False

    def open_path(self, path: Path) -> bool:
        """Read the log off the GUI thread; `loaded` is emitted when the table shows it."""
        self._load_ticket += 1
        ticket = self._load_ticket
        self.source.setText(f"Loading {path}…")

        def load() -> list[LogRecord]:
            records: list[LogRecord] = []
            for record in iter_log_records(path):
                records.append(record)
                if len(records) % PROGRESS_EVERY == 0:
                    if ticket != self._load_ticket:  # another log was asked for: stop reading this one
                        raise _SupersededError
                    self.load_progress.counted.emit(ticket, len(records))
            return records

        def done(records: list[LogRecord]) -> None:
            if ticket == self._load_ticket:
                self._show_log(path, records)

        def failed(error: Exception) -> None:
            if ticket != self._load_ticket:
                return
            self.source.setText(
                f"{self.path} (kept: {path.name} could not be read)" if self.path else "No log open."
            )
            reason = str(error) if isinstance(error, LogReadError) else f"{type(error).__name__}: {error}"
            self.prompter.show_error("Cannot open the log", f"{reason}. The log shown is unchanged.")

        self._runner.run(load, done, failed)
        return True

    def stop_loading(self) -> None:
        """Forget a load in progress (it stops at its next progress step)."""
        self._load_ticket += 1

    def _show_loading(self, ticket: int, count: int) -> None:
        if ticket == self._load_ticket:
            self.source.setText(f"Loading… {count:,} events read")

    def _show_log(self, path: Path, records: list[LogRecord]) -> None:
        self.path = path
        self.table_model.set_records(records)
        unreadable = sum(1 for record in records if record.error)
        extra = f" ({unreadable} unreadable, marked red)" if unreadable else ""
        self.source.setText(f"{path}: {len(records)} event{'' if len(records) == 1 else 's'}{extra}")
        self.setWindowTitle(f"Log browser — {path.name}")
        self.apply_filter()
        self.loaded.emit(len(records))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if dropped_log(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        path = dropped_log(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    # --- filtering ------------------------------------------------------------------------

    def current_filter(self) -> LogFilter:
        return LogFilter(
            job=self.filter_job.text().strip(),
            run=self.filter_run.text().strip(),
            event_type=str(self.filter_type.currentData() or ""),
            dataset=self.filter_dataset.text().strip(),
        )

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self._filter_ticket += 1
        ticket, wanted, records = self._filter_ticket, self.current_filter(), self.table_model.records

        def done(positions: list[int]) -> None:
            if ticket != self._filter_ticket or records is not self.table_model.records:
                return
            kept = [self.table_model.positions[i.row()] for i in self.table.selectionModel().selectedRows()]
            self.table_model.set_positions(positions)
            rows = [self.table_model.row_of_position(p) for p in kept]  # keep what is still shown
            self.select_rows([row for row in rows if row is not None])
            total = len(records)
            self.status.setText(
                f"{len(positions)} of {total} shown" if not wanted.empty else f"{total} events"
            )
            self._update_buttons()
            self.filtered.emit(len(positions))

        self._runner.run(lambda: filter_records(records, wanted), done)

    # --- selection and actions ------------------------------------------------------------

    def selected_records(self) -> list[LogRecord]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table_model.record(row) for row in rows]

    def select_rows(self, rows: list[int]) -> None:
        self.table.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            self.table.selectionModel().select(self.table_model.index(row, 0), flags)

    def _selection_changed(self) -> None:
        chosen = self.selected_records()
        if len(chosen) == 1:
            record = chosen[0]
            self.event_text.setPlainText(pretty(record.text) if not record.error else record.error)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_records()
        self.open_button.setEnabled(len(chosen) == 1 and not chosen[0].error)
        self.run_button.setEnabled(len(chosen) == 1 and bool(chosen[0].run_id))
        self.diff_button.setEnabled(len(chosen) == 2 and not any(r.error for r in chosen))
        self.replay_button.setEnabled(bool(chosen))

    def open_in_editor(self) -> bool:
        chosen = self.selected_records()
        if len(chosen) != 1 or chosen[0].error:
            return False
        try:
            document = EventDocument.from_json(chosen[0].text)
        except JsonSyntaxError as error:  # cannot happen for a readable record; said plainly if it does
            self.prompter.show_error("Cannot open this event", str(error))
            return False
        self._model.replace(document, text=f"Open event {chosen[0].where} from log")
        source = f"{self.path.name}, " if self.path is not None else ""
        self.openedAsNew.emit(f"from log {source}event {chosen[0].where}")
        return True

    def show_run(self) -> bool:
        chosen = self.selected_records()
        if len(chosen) != 1 or not chosen[0].run_id:
            return False
        records = self.table_model.records
        run = [records[p] for p in run_positions(records, chosen[0].run_id)]
        self.run_view.show_run(chosen[0].run_id, run)
        self.details.setCurrentWidget(self.run_view)
        return True

    def diff_selected(self) -> bool:
        chosen = self.selected_records()
        if len(chosen) != 2 or any(r.error for r in chosen):
            return False
        self.diff_view.show_pair(chosen[0], chosen[1])
        self.details.setCurrentWidget(self.diff_view)
        return True

    def replay_selected(self) -> bool:
        chosen = self.selected_records()
        if chosen:
            self.replayRequested.emit(chosen)
        return bool(chosen)
