"""The history row tells the catalog verification's outcome: the real window sends to the real
Local sandbox (catalog access out of the box), the row's Lineage cell says "pending" while the
window polls and changes in place to "verified" or "TMP" when the poll ends, with the cause in
its tooltip; a profile without catalog access leaves "—"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from composer.ui.history.table import LINEAGE_COLUMN
from composer.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("memory_keyring")
TYPO = "postgres://prod-db.example.con:5432"


def lineage_cell(window: MainWindow, history_id: int) -> tuple[str, str]:
    """The Lineage cell's text and tooltip of that send's row ("", "" while it is not listed)."""
    model = window.history.table_model
    row = model.row_of(history_id)
    if row is None:
        return "", ""
    cell = model.index(row, LINEAGE_COLUMN)
    return str(cell.data()), str(cell.data(Qt.ItemDataRole.ToolTipRole))


def send(qtbot: QtBot, window: MainWindow) -> int:
    assert window.send_ui is not None
    controller = window.send_ui.controller
    with qtbot.waitSignal(controller.sent, timeout=30_000) as sent:
        window.send_ui.send_button.click()
    history_id = sent.args[0]
    assert isinstance(history_id, int)
    return history_id


def test_the_row_shows_pending_then_verified_without_a_reload(qtbot: QtBot, window: MainWindow) -> None:
    assert window.send_ui is not None
    window.send_ui.controller.backend.sandbox.server().rest.ingest_delay = 1.5
    assert window.history.table_model.headers[LINEAGE_COLUMN] == "Lineage"
    history_id = send(qtbot, window)
    qtbot.waitUntil(lambda: lineage_cell(window, history_id)[0] == "pending", timeout=20_000)
    assert "Checking the catalog" in lineage_cell(window, history_id)[1]
    loads: list[None] = []
    window.history.loaded.connect(lambda: loads.append(None))
    qtbot.waitUntil(lambda: lineage_cell(window, history_id)[0] == "verified", timeout=60_000)
    tip = lineage_cell(window, history_id)[1]
    assert "lineage appeared (1 output)" in tip and "checked" in tip
    assert loads == []  # the cell changed in place: the page was not read again
    recorded = window.send_ui.controller.backend.history.verification(history_id)
    assert recorded is not None and recorded.state == "verified"


def test_a_tmp_outcome_shows_tmp_with_its_cause(qtbot: QtBot, window: MainWindow) -> None:
    window.model.set("/inputs/0/namespace", TYPO)
    history_id = send(qtbot, window)
    qtbot.waitUntil(lambda: lineage_cell(window, history_id)[0] == "TMP", timeout=60_000)
    tip = lineage_cell(window, history_id)[1]
    assert "temporary (TMP)" in tip and "the namespace matches no data source" in tip
    # Read again from the store (as after a restart), the row still says it.
    with qtbot.waitSignal(window.history.loaded, timeout=20_000):
        window.history.refresh()
    assert lineage_cell(window, history_id)[0] == "TMP"


def test_a_stopped_poll_says_stopped(qtbot: QtBot, window: MainWindow) -> None:
    assert window.send_ui is not None
    window.send_ui.controller.backend.sandbox.server().rest.ingest_delay = 600
    verification = window.tenant.verification
    history_id = send(qtbot, window)
    qtbot.waitUntil(lambda: lineage_cell(window, history_id)[0] == "pending", timeout=20_000)
    verification.stop_button.click()
    qtbot.waitUntil(lambda: lineage_cell(window, history_id)[0] == "stopped", timeout=20_000)
