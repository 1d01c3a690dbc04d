"""Getting one event out of a file or a text: one event, a JSON array, or NDJSON.

Support engineers get whole NDJSON logs and JSON arrays from customers and need the one event
that misbehaved, so the picker shows what tells events apart (type, job, run, time) and has a
filter; lines that are not valid JSON are listed too, with where and why, instead of vanishing.
Whatever cannot be opened becomes an `OpenError` worded for the person who tried.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EventDocument
from composer.core.eventlog import EventEntry, read_events
from composer.core.jsontext import JsonSyntaxError
from composer.ui.table_models import FlatTableModel, rows_view

EVENT_SUFFIXES = (".json", ".ndjson", ".jsonl")
Picker = Callable[[Sequence[EventEntry], str], EventEntry | None]
"""Shows the events of a text (labelled by the second argument) and returns the one chosen."""


class OpenError(Exception):
    """Why a file or a text cannot become the document, in words for the person who tried."""

    def __init__(self, text: str, details: str = "") -> None:
        super().__init__(text)
        self.text = text
        self.details = details


@dataclass(frozen=True)
class Choice:
    """The event to open; `whole_text` False means one out of several (saving it back would
    overwrite the others, so it opens as untitled)."""

    document: EventDocument
    whole_text: bool
    index: int


def read_event_text(path: Path) -> str:
    """The file's text exactly as stored; raises `OpenError` for anything that is not UTF-8 text."""
    name = f"“{path.name}”"
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OpenError(f"{name} cannot be opened: {plain_os_error(error)}.") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OpenError(
            f"{name} is saved as UTF-16 text, but JSON files must be UTF-8.",
            "Save it again as UTF-8 and open it then (in PowerShell: Out-File -Encoding utf8).",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise OpenError(
            f"{name} is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot be read.",
            "JSON files must be UTF-8. If this is a text file in another encoding, save it again as UTF-8.",
        ) from None


def plain_os_error(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "it does not exist (it may have been moved, renamed or deleted)"
    if isinstance(error, PermissionError):
        return "you do not have permission"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    return (error.strerror or str(error)).rstrip(".").lower()


def choose_event(text: str, label: str, pick: Picker) -> Choice | None:
    """The one event `text` holds, or the one the user picks when it holds several.

    Raises `OpenError` when there is nothing to open; returns None when the user cancels.
    """
    found = parse_events(text, label)
    return found if isinstance(found, Choice) else picked_choice(found, label, pick)


def parse_events(text: str, label: str) -> Choice | list[EventEntry]:
    """The parsing half of `choose_event`, safe on a worker thread (no dialog): the one event,
    or the several entries to pick from on the GUI thread. Raises `OpenError` as it does."""
    if not text.strip(" \t\r\n\ufeff"):
        raise OpenError(f"{label} is empty: there is no event to open.")
    entries = read_events(text)
    if len(entries) == 1:
        entry = entries[0]
        if entry.error is not None:
            raise OpenError(
                f"{label} is not valid JSON: {entry.error.reason} at line {entry.error.line}, "
                f"column {entry.error.column}.",
                syntax_excerpt(text, entry.error),
            )
        if entry.document is None or not isinstance(entry.document.value, dict):
            kind = json_kind(entry.document.value if entry.document else None)
            raise OpenError(
                f"{label} does not hold an OpenLineage event: it is a JSON {kind}, not an object."
            )
        return Choice(entry.document, entry.document.source_text == text, 0)
    if not entries:
        raise OpenError(f"{label} holds an empty JSON array: there is no event to open.")
    if not any(summarize(entry).openable for entry in entries):
        first = "\n".join(summarize(entry).problem for entry in entries[:5])
        raise OpenError(f"None of the {len(entries)} events in {label} can be opened.", first)
    return entries


def picked_choice(entries: list[EventEntry], label: str, pick: Picker) -> Choice | None:
    """The dialog half of `choose_event` (GUI thread): None when the user cancels."""
    picked = pick(entries, label)
    if picked is None or picked.document is None or not summarize(picked).openable:
        return None
    return Choice(picked.document, False, picked.index)


def syntax_excerpt(text: str, error: JsonSyntaxError) -> str:
    """The offending line with a caret under the column, cut to a readable width."""
    lines = text.splitlines()
    if not 1 <= error.line <= len(lines):
        return ""
    line = lines[error.line - 1].replace("\t", " ")
    start = max(0, error.column - 60)
    shown = line[start : start + 100]
    prefix = "…" if start else ""
    return f"{prefix}{shown}{'…' if start + 100 < len(line) else ''}\n{' ' * (len(prefix) + error.column - 1 - start)}^"


def dropped_payload(mime: QMimeData) -> Path | str | None:
    """The first event file of a drop, or dropped text; None when the drop holds neither.

    When URLs are present, only they count: file managers add the same URLs as text too.
    """
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(EVENT_SUFFIXES):
                return Path(url.toLocalFile())
        return None
    if mime.hasText() and mime.text().strip():
        return mime.text()
    return None


HEADERS = ("#", "Line", "Event type", "Job", "Run ID", "Event time")
_JOB_COLUMN = 3
_JSON_KINDS = {"str": "string", "list": "array", "dict": "object", "NoneType": "null"}


def json_kind(value: object) -> str:
    """How JSON calls the type of a parsed value (for messages about what is not an event)."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "number"
    return _JSON_KINDS.get(type(value).__name__, "value")


@dataclass(frozen=True)
class EventSummary:
    """What one row shows; `problem` is set when the entry cannot be opened."""

    entry: EventEntry
    cells: tuple[str, ...]
    problem: str = ""

    @property
    def openable(self) -> bool:
        return not self.problem


def summarize(entry: EventEntry) -> EventSummary:
    number, line = str(entry.index + 1), str(entry.line) if entry.line is not None else ""
    if entry.error is not None:
        error = entry.error
        problem = f"Not valid JSON: {error.reason} (line {error.line}, column {error.column})"
        return EventSummary(entry, (number, line, "unreadable", problem, "", ""), problem)
    document = entry.document
    if document is None or not isinstance(document.value, dict):
        problem = f"Not an event: a JSON {json_kind(document.value if document else None)}, not an object"
        return EventSummary(entry, (number, line, "not an event", problem, "", ""), problem)
    name, namespace = document.job_name, document.job_namespace
    if document.kind == "DatasetEvent":
        name, namespace = document.get("/dataset/name", ""), document.get("/dataset/namespace", "")
        name = f"dataset {name}" if isinstance(name, str) and name else ""
    # The name tells events apart; the namespace follows for context.
    job = f"{name}  ({namespace})" if name and namespace else str(name or namespace or "")
    event_type = document.event_type or f"({document.kind})"
    return EventSummary(entry, (number, line, event_type, job, document.run_id, document.event_time))


class EventTableModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, summaries: Sequence[EventSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summaries = list(summaries)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._warning = (
            parent.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if parent else None
        )

    def row_total(self) -> int:
        return len(self.summaries)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        summary = self.summaries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return summary.cells[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column < 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if summary.problem and role == Qt.ItemDataRole.FontRole and column >= 2:
            return self._italic
        if summary.problem and role == Qt.ItemDataRole.DecorationRole and column == _JOB_COLUMN:
            return self._warning
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if self.summaries[index.row()].problem:
            return Qt.ItemFlag.ItemIsEnabled  # readable, but not something to open
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class EventPickerDialog(QDialog):
    """Lists the events of `source`; `chosen()` is the entry to open after `exec()` accepts."""

    def __init__(self, entries: Sequence[EventEntry], source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose an Event")
        self.setObjectName("eventPicker")
        self.resize(1000, 440)
        summaries = [summarize(entry) for entry in entries]
        unreadable = sum(1 for summary in summaries if summary.problem)
        self.heading = QLabel(_heading(source, len(summaries), unreadable))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)

        self.filter = QLineEdit()
        self.filter.setObjectName("eventFilter")
        self.filter.setPlaceholderText("Filter by type, job, run ID or time")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter events")

        self.model = EventTableModel(summaries, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = self._build_table(summaries)
        for signal in (self.proxy.layoutChanged, self.proxy.modelReset, self.proxy.rowsInserted):
            signal.connect(self._span_problems)
        self.proxy.rowsRemoved.connect(self._span_problems)
        self._span_problems()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._select_first_openable()
        self._update_open_button()
        self.table.setFocus()

    def _build_table(self, summaries: Sequence[EventSummary]) -> QTableView:
        table = rows_view(self.proxy, "eventTable", selection=QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for column in range(len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_JOB_COLUMN, QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(self._open_row)
        table.setColumnHidden(1, all(summary.entry.line is None for summary in summaries))  # arrays
        return table

    def chosen(self) -> EventEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        summary = self.model.summaries[self.proxy.mapToSource(rows[0]).row()]
        return summary.entry if summary.openable else None

    def select_index(self, event_index: int) -> None:
        """Select the event with this 0-based position in the file (keyboard-free for tests)."""
        for row, summary in enumerate(self.model.summaries):
            if summary.entry.index == event_index:
                proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectionModel().select(
                    proxy_index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(proxy_index)
                return

    def _span_problems(self, *_args: object) -> None:
        """Let a problem use the empty run and time cells too, so it is readable, not elided."""
        self.table.clearSpans()
        for row in range(self.proxy.rowCount()):
            if self.model.summaries[self.proxy.mapToSource(self.proxy.index(row, 0)).row()].problem:
                self.table.setSpan(row, _JOB_COLUMN, 1, len(HEADERS) - _JOB_COLUMN)

    def _select_first_openable(self) -> None:
        for summary in self.model.summaries:
            if summary.openable:
                self.select_index(summary.entry.index)
                return

    def _open_row(self, index: QModelIndex) -> None:
        if self.model.summaries[self.proxy.mapToSource(index).row()].openable:
            self.accept()

    def _update_open_button(self, *_args: object) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        button.setEnabled(self.chosen() is not None)


def _heading(source: str, total: int, unreadable: int) -> str:
    events = f"{total} event{'s' if total != 1 else ''}"
    if unreadable:
        events += f" ({unreadable} of them cannot be opened)"
    return f"{source} holds {events}. Choose the one to open."


def pick_event(
    entries: Sequence[EventEntry], source: str, parent: QWidget | None = None
) -> EventEntry | None:
    dialog = EventPickerDialog(entries, source, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
