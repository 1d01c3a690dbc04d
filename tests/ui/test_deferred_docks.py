"""The `gui` command paints the forms first and builds the send, history and lineage docks after."""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from tests.ui.windows import WindowOpener


def test_docks_are_built_after_the_first_paint(qtbot: QtBot, open_window: WindowOpener) -> None:
    window = open_window(shown=False, defer_docks=True)
    assert not window.docks_ready
    assert window.findChild(QObject, "sendButton") is None
    assert window.preview.editor.toPlainText() == window.model.to_json()  # the text is there at once
    assert window.live.problems == [] and not window.live.idle()  # its problems come after the paint
    with qtbot.waitSignal(window.docksReady, timeout=10_000):
        window.show()
    qtbot.waitUntil(window.live.idle)
    assert any(problem.severity == "error" for problem in window.live.problems)  # empty: no datasets
    assert window.docks_ready
    for name in ("sendButton", "profile", "sendResult", "verification", "history", "lineageDock"):
        assert window.findChild(QObject, name) is not None, name
    docks = [window.send_ui.dock, window.history, window.findChild(QDockWidget, "lineageDock")]
    assert [action.text() for action in window.view_menu.actions()] == [d.windowTitle() for d in docks]


def test_the_saved_dock_layout_applies_to_docks_built_later(qtbot: QtBot, app_home: Path, open_window: WindowOpener) -> None:
    first = open_window(shown=False, defer_docks=False)
    first.show()
    qtbot.waitExposed(first)
    assert first.docks_ready  # without deferral the docks exist at once
    first.history.hide()
    assert first.close()

    again = open_window(shown=False, defer_docks=True)
    with qtbot.waitSignal(again.docksReady, timeout=10_000):
        again.show()
    assert again.history.isHidden()
    assert not again.findChild(QDockWidget, "lineageDock").isHidden()


def test_closing_before_the_docks_exist_builds_none(qtbot: QtBot, open_window: WindowOpener) -> None:
    window = open_window(shown=False, defer_docks=True)
    window.show()
    assert window.close()  # before the event loop ran: no paint yet
    for _ in range(3):  # run whatever paint or timer was queued; a closed window builds no docks
        QApplication.processEvents()
    assert not window.docks_ready



def test_help_stays_the_last_menu_when_features_add_theirs(qtbot: QtBot, open_window: WindowOpener) -> None:
    for deferred in (False, True):
        window = open_window(shown=False, defer_docks=deferred)
        window.show()
        qtbot.waitUntil(partial(lambda w: w.docks_ready, window), timeout=10_000)
        titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
        assert titles[:3] == ["File", "Edit", "View"]
        assert {"Tools", "Send"} <= set(titles)
        assert titles[-1] == "Help"


def test_the_first_paint_loads_no_sending_sql_or_editor_modules() -> None:
    """What the window needs only later loads after the first paint: `gui --smoke` quits at the
    paint, so none of these may be imported by then."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "composer", "gui", "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "composer.ui.main_window" in loaded  # (the listing is real)
    later = {"httpx", "keyring", "multiprocessing", "openlineage_sql"}
    # ... nor what a new event does not show: facet editors, dataset cards' picker, SQL dialog.
    later |= {"composer.ui.facets.editor", "composer.ui.namespaces.picker", "composer.ui.sql_fill.dialog"}
    # ... nor the sheet reader (File › New from Sheet… needs only its file names) or the SQL parser's front.
    later |= {"composer.services.sheet.reader", "composer.core.sql_lineage"}
    assert not later & loaded


def test_the_gui_window_freezes_what_lives_as_long_as_the_app(qtbot: QtBot, open_window: WindowOpener) -> None:
    """Full collections then no longer walk the modules, the Qt bindings and the window."""
    import gc  # noqa: PLC0415

    gc.unfreeze()
    window = open_window(shown=False, defer_docks=True)
    window.show()
    qtbot.waitSignal(window.docksReady, timeout=10_000).wait()
    assert gc.get_freeze_count() > 10_000  # the app's objects, frozen; and the window works on:
    window.model.set("/job/name", "frozen-but-alive")
    qtbot.waitUntil(lambda: '"frozen-but-alive"' in window.preview.editor.toPlainText())
