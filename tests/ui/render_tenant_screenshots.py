"""Render the README's "Connected to a tenant" screenshots from the real window (offscreen).

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/render_tenant_screenshots.py`; writes
docs/screenshots/tenant-*.png. The Local sandbox plays the tenant (it has catalog access out of
the box), with a 3-second ingest so the walk-through is seen waiting before it ticks. Kept apart
from `render_screenshots.py` so rendering these does not rewrite every other screenshot.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.ui.render_screenshots import OUT, Shown, pause, shoot, wait_until  # noqa: I001 (sets the app home first)

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QLineEdit, QScrollArea, QWidget

from composer.app import build_main_window
from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow
from composer.ui.tenant.access_box import CatalogAccessBox

TYPO = "postgres://prod-db.example.con:5432"


def with_popup(window: QWidget, popup: QWidget, name: str) -> Path:
    """The window with a completer's popup (a window of its own) painted where it shows."""
    pause()
    picture = QPixmap(window.grab())
    painter = QPainter(picture)
    where = popup.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
    painter.drawPixmap(where, popup.grab())
    painter.end()
    path = OUT / name
    picture.save(str(path))
    print(path)
    return path


def picker_shot(window: MainWindow) -> None:
    wait_until(lambda: window.tenant.choices.source_count > 0)
    wait_until(lambda: window.findChild(QLineEdit, "outputsNamespace0") is not None)
    edit = window.findChild(QLineEdit, "outputsNamespace0")
    forms = window.findChild(QScrollArea, "forms")
    assert edit is not None and forms is not None
    forms.ensureWidgetVisible(edit, 50, 400)  # room below it for the list
    window.activateWindow()
    edit.setFocus()
    wait_until(edit.hasFocus)
    QTest.keyClick(edit, Qt.Key.Key_Down)  # the whole list: the data sources first
    completer = edit.completer()
    popup = completer.popup() if completer is not None else None
    assert popup is not None
    wait_until(popup.isVisible)
    with_popup(window, popup, "tenant-picker.png")
    for _ in range(2):  # past the header: the first data source
        QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)


def preflight_shot(window: MainWindow) -> None:
    window.model.set("/inputs/0/namespace", TYPO)
    wait_until(lambda: any(p.code == "tenant.namespace-unmatched" for p in window.problems.problems))
    window.focus_path("/inputs/0/namespace")
    shoot(window, "tenant-preflight.png")


def verify_shots(window: MainWindow) -> None:
    problem = next(p for p in window.problems.problems if p.code == "tenant.namespace-unmatched")
    window.tenant.checks.apply_fix(problem)
    assert window.send_ui is not None
    server = window.send_ui.controller.backend.sandbox.server()
    server.rest.ingest_delay = 3.0
    dock = window.findChild(QDockWidget, "sendDock")
    assert isinstance(dock, QDockWidget)
    window.send_ui.send_action.trigger()
    panel = window.send_ui.verification
    wait_until(lambda: window.tenant.verification.polling and panel.statuses().get("lineage") == "todo")
    shoot(dock, "tenant-verify-waiting.png")
    wait_until(lambda: not window.tenant.verification.polling, 60_000)
    shoot(window, "tenant-verify-window.png")


def access_shot(window: MainWindow) -> None:
    assert window.send_ui is not None
    shown = Shown()
    window.send_ui.prompter = shown  # type: ignore[assignment]
    window.send_ui.open_profiles()
    dialog = shown.dialog
    assert dialog is not None
    box = dialog.findChild(CatalogAccessBox)
    assert box is not None
    box.check_button.click()
    wait_until(lambda: box.result.text().startswith(("✔", "✘")))
    shoot(dialog, "tenant-catalog-access.png")
    dialog.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    window = build_main_window()
    window.resize(1800, 1060)
    window.show()
    window.model.load(instantiate("alation-minimal", fresh_run=False))
    picker_shot(window)
    preflight_shot(window)
    verify_shots(window)
    access_shot(window)
    window.files.current_path = None
    window.model.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
