"""The history dock over real records: sends made with the real Sender to the real sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.services.history import HistoryEntry, HistoryQuery, HistoryStore
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.services.send.sender import Sender, SendTarget
from composer.ui.editor.document_model import DocumentModel
from composer.ui.history.dock import HistoryDock
from composer.ui.history.table import COLUMNS, parse_search
from composer.ui.tasks import TaskRunner

CURRENT = '{"eventType": "START", "job": {"namespace": "ns", "name": "being-edited"}, "run": {"runId": "r"}}'


def event_text(job: str, output: str, event_type: str = "COMPLETE") -> str:
    # Odd spacing and key order on purpose: Open must give back these exact bytes.
    return (
        f'{{"eventType":"{event_type}",  "eventTime": "2024-02-20T10:30:00.000Z",\n'
        f'"run": {{"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"}}, "job": {{"namespace": "etl", "name": "{job}"}},\n'
        f'"inputs": [{{"namespace": "postgres://prod-db.example.com:5432", "name": "sales.public.raw_{job}"}}],\n'
        f'"outputs": [{{"namespace": "postgres://prod-db.example.com:5432", "name": "{output}"}}],\n'
        f'"producer": "https://example.com/test"}}'
    )


ORDERS = event_text("orders", "analytics.public.orders")
CUSTOMERS = event_text("customers", "analytics.public.customers", "START")
MALFORMED = '{"eventType": "COMPLETE", "job": {"name": "broken"'  # support engineers send these too


@dataclass
class FakeHistoryPrompter:
    export_path: Path | None = None
    confirm: bool = True
    asked_to_delete: list[int] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def choose_export_path(self, suggested: str) -> Path | None:
        return self.export_path

    def confirm_delete(self, count: int) -> bool:
        self.asked_to_delete.append(count)
        return self.confirm

    def show_error(self, title: str, text: str, details: str = "") -> None:
        self.errors.append((title, text))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


def send_and_record(sandbox: SandboxServer, home: Path, *texts: str) -> list[int]:
    """What the send panel does: the real sender, then one history record per send."""
    store = HistoryStore.in_dir(home)
    target = SendTarget(url=f"{sandbox.url}/open_lineage_event/", token=sandbox.token)
    try:
        with Sender(target) as sender:
            return [
                store.record(HistoryEntry.for_send("Local sandbox", text, sender.send(text))).id
                for text in texts
            ]
    finally:
        store.close()


@pytest.fixture
def sent(sandbox: SandboxServer, app_home: Path) -> list[int]:
    return send_and_record(sandbox, app_home, ORDERS, MALFORMED, CUSTOMERS)


@pytest.fixture
def model() -> DocumentModel:
    return DocumentModel(EventDocument.from_json(CURRENT))


@pytest.fixture
def dock(
    qtbot: QtBot, model: DocumentModel, app_home: Path, sent: list[int], tasks: TaskRunner
) -> Iterator[HistoryDock]:
    widget = HistoryDock(model, app_home, tasks=tasks)
    widget.prompter = FakeHistoryPrompter()  # type: ignore[assignment]
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded):
        widget.show()
    yield widget
    widget.wait_idle()


def prompter(dock: HistoryDock) -> FakeHistoryPrompter:
    assert isinstance(dock.prompter, FakeHistoryPrompter)
    return dock.prompter


def cells(dock: HistoryDock) -> list[list[str]]:
    table = dock.table_model
    return [
        [table.index(row, column).data() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def search(qtbot: QtBot, dock: HistoryDock, text: str) -> list[str]:
    with qtbot.waitSignal(dock.loaded):
        dock.search.setText(text)  # debounced: the dock reloads once typing pauses
    return [record.job_name for record in dock.table_model.records]


def test_lists_real_sends_newest_first(dock: HistoryDock, sent: list[int]) -> None:
    assert dock.objectName() == "history"
    assert [record.id for record in dock.table_model.records] == sorted(sent, reverse=True)
    assert COLUMNS == ("Time", "Profile", "Job", "Event type", "Status", "Attempts", "Lineage")
    rows = cells(dock)
    assert [row[1:] for row in rows] == [
        ["Local sandbox", "customers", "START", "200", "1", "—"],
        ["Local sandbox", "(no job name)", "(none)", "400", "1", "—"],
        ["Local sandbox", "orders", "COMPLETE", "200", "1", "—"],
    ]
    assert all(len(row[0]) == len("2024-02-20 10:30:00") for row in rows)
    assert dock.status.text() == "3 sends"
    assert dock.warnings == []


def test_search_by_job_dataset_status_and_text(qtbot: QtBot, dock: HistoryDock) -> None:
    assert search(qtbot, dock, "job:orders") == ["orders"]
    assert search(qtbot, dock, "dataset:analytics.public.customers") == ["customers"]
    assert search(qtbot, dock, "400") == [""]
    assert search(qtbot, dock, "status:failed") == [""]
    assert search(qtbot, dock, "raw_orders") == ["orders"]
    assert dock.status.text() == "1 matching send"
    assert search(qtbot, dock, "job:nothing-like-this") == []
    assert dock.status.text() == "No matching sends"
    assert search(qtbot, dock, "") == ["customers", "", "orders"]


def test_search_syntax() -> None:
    assert parse_search('job:orders dataset:"a b" status:401 late  reply') == HistoryQuery(
        job="orders", dataset="a b", status=401, text="late reply"
    )
    assert parse_search("503") == HistoryQuery(status=503)
    assert parse_search("status:failed 12345") == HistoryQuery(text="12345", failed_only=True)
    assert parse_search('"unbalanced') == HistoryQuery(text='"unbalanced')


def test_open_puts_the_exact_event_text_in_the_editor_and_undo_restores(
    dock: HistoryDock, model: DocumentModel
) -> None:
    dock.select_rows([2])
    assert dock.open_selected()
    assert model.to_json() == ORDERS
    assert model.undo_stack.undoText() == "Open from history"
    model.undo_stack.undo()
    assert model.to_json() == CURRENT
    assert prompter(dock).errors == []


def test_a_malformed_send_cannot_be_opened_but_is_explained(dock: HistoryDock, model: DocumentModel) -> None:
    dock.select_rows([1])
    assert not dock.open_selected()
    assert model.to_json() == CURRENT
    assert [title for title, _text in prompter(dock).errors] == ["Cannot open this send"]
    assert "resent" in prompter(dock).errors[0][1]


def test_resend_emits_the_exact_event_text(qtbot: QtBot, dock: HistoryDock) -> None:
    dock.select_rows([1])
    with qtbot.waitSignal(dock.resendRequested) as resent:
        dock.resend_button.click()
    assert resent.args == [MALFORMED]


def test_buttons_follow_the_selection(dock: HistoryDock) -> None:
    assert not dock.open_button.isEnabled() and not dock.delete_button.isEnabled()
    dock.select_rows([0, 2])
    assert not dock.open_button.isEnabled() and not dock.resend_button.isEnabled()
    assert dock.delete_button.isEnabled() and dock.export_button.isEnabled()
    assert not dock.open_selected() and not dock.resend_selected()


def test_export_writes_ndjson_of_the_matching_sends(qtbot: QtBot, dock: HistoryDock, tmp_path: Path) -> None:
    target = tmp_path / "out" / "history.ndjson"
    prompter(dock).export_path = target
    search(qtbot, dock, "dataset:analytics")
    with qtbot.waitSignal(dock.exported) as done:
        dock.export_button.click()
    assert done.args == [str(target), 2]
    lines = target.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["job_name"] for record in records] == ["orders", "customers"]  # oldest first
    assert records[0]["event"] == ORDERS
    assert dock.status.text() == f"Exported 2 sends to {target}"


def test_export_cancelled_does_nothing(dock: HistoryDock) -> None:
    assert not dock.export_ndjson()


def test_delete_asks_then_removes_the_selected_sends(
    qtbot: QtBot, dock: HistoryDock, app_home: Path, sent: list[int]
) -> None:
    prompter(dock).confirm = False
    dock.select_rows([0, 1])
    assert not dock.delete_selected()
    assert prompter(dock).asked_to_delete == [2]
    prompter(dock).confirm = True
    with qtbot.waitSignal(dock.loaded):
        dock.delete_button.click()
    assert [record.job_name for record in dock.table_model.records] == ["orders"]
    store = HistoryStore.in_dir(app_home)
    assert [record.id for record in store.recent()] == [sent[0]]
    store.close()


def test_a_new_send_shows_up_selected(
    qtbot: QtBot, dock: HistoryDock, sandbox: SandboxServer, app_home: Path
) -> None:
    (new_id,) = send_and_record(sandbox, app_home, event_text("invoices", "analytics.public.invoices"))
    with qtbot.waitSignal(dock.loaded):
        dock.show_sent(new_id)
    assert [record.id for record in dock.selected_records()] == [new_id]
    assert dock.status.text() == "4 sends"


def test_a_corrupt_history_is_moved_aside_and_the_dock_says_so(
    qtbot: QtBot, model: DocumentModel, app_home: Path, tasks: TaskRunner
) -> None:
    (app_home / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    dock = HistoryDock(model, app_home, tasks=tasks)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.loaded):
        dock.show()
    assert len(dock.warnings) == 1 and "moved aside" in dock.warnings[0]
    assert dock.warning.isVisible()
    assert dock.status.text() == "No sends yet"
    assert list(app_home.glob("history.sqlite3.corrupt-*"))
    dock.dismiss_warnings()
    assert not dock.warning.isVisible()
    dock.wait_idle()


def test_the_lineage_column_says_what_the_verification_found(
    qtbot: QtBot, dock: HistoryDock, sent: list[int], app_home: Path
) -> None:
    orders, malformed, customers = sent
    model = dock.table_model
    lineage = COLUMNS.index("Lineage")

    def cell(record_id: int, role: int = Qt.ItemDataRole.DisplayRole) -> str:
        row = model.row_of(record_id)
        assert row is not None
        return str(model.index(row, lineage).data(role))

    # No verification (a sandbox send without catalog access here, a refused one): "—".
    assert [cell(orders), cell(malformed)] == ["—", "—"]
    assert "no catalog access" in cell(orders, Qt.ItemDataRole.ToolTipRole)
    assert "not accepted" in cell(malformed, Qt.ItemDataRole.ToolTipRole)
    dock.select_rows([model.row_of(customers) or 0])
    dock.mark_verifying(orders)
    assert cell(orders) == "pending"
    store = HistoryStore.in_dir(app_home)
    try:
        stored = store.set_verification(orders, "analytics.public.orders: TMP (no data source)", state="tmp")
        store.set_verification(customers, "out: missing (still ingesting)", state="timed-out")
    finally:
        store.close()
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    with qtbot.waitSignal(model.dataChanged):
        dock.update_verification(orders, stored)
    assert cell(orders) == "TMP" and changed == [model.row_of(orders)]
    assert "analytics.public.orders: TMP" in cell(orders, Qt.ItemDataRole.ToolTipRole)
    assert [r.id for r in dock.selected_records()] == [customers]  # the selection stays
    with qtbot.waitSignal(dock.loaded):
        dock.refresh()
    assert (cell(orders), cell(customers)) == ("TMP", "timed out")
