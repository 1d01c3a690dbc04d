"""The window opens at a sensible size, stays on a screen, and holds still while the user types
(issue 15, points 4 and 5). Geometry rules are checked as functions of a given screen, and on
the real window offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QScrollArea, QToolButton
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.editor.document_model import pointer_label
from composer.ui.main_window import FORMS_MIN_WIDTH, PREVIEW_MIN_WIDTH, MainWindow
from composer.ui.send.install import SEND_DOCK_MIN_WIDTH
from composer.ui.window_state import COMFORTABLE_SIZE, first_run_geometry, fitted_geometry
from tests.ui.windows import WindowOpener

pytestmark = [pytest.mark.usefixtures("memory_keyring"), pytest.mark.window(shown=False)]


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        # 1600x1000 less a 40-px panel: 80 % wide, the comfortable height, centred in what is left.
        (QRect(0, 40, 1600, 960), QRect(160, 130, 1280, 780)),
        # 1280x800: 80 % would cut the panes, so the comfortable size.
        (QRect(0, 0, 1280, 800), QRect(20, 10, 1240, 780)),
        # 4K: 80 % of it.
        (QRect(0, 0, 3840, 2160), QRect(384, 216, 3072, 1728)),
        # A screen smaller than comfortable: all of it, never more.
        (QRect(0, 0, 1024, 600), QRect(0, 0, 1024, 600)),
        # A second screen to the right keeps its offset.
        (QRect(1920, 0, 1920, 1080), QRect(1920 + 192, 108, 1536, 864)),
    ],
)
def test_first_run_geometry_takes_a_share_of_the_available_screen(available: QRect, expected: QRect) -> None:
    placed = first_run_geometry(available)
    assert placed.size().width() >= min(available.width(), COMFORTABLE_SIZE.width())
    assert available.contains(placed)
    assert placed == expected


SCREENS = [QRect(0, 0, 1920, 1080), QRect(1920, 0, 1280, 1024)]


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (QRect(100, 100, 1200, 800), QRect(100, 100, 1200, 800)),  # fits: untouched
        (QRect(2000, 50, 1000, 700), QRect(2000, 50, 1000, 700)),  # on the second screen: untouched
        (QRect(2900, 100, 1200, 800), QRect(2000, 100, 1200, 800)),  # partly off the right edge
        (QRect(5000, 3000, 1200, 800), QRect(720, 280, 1200, 800)),  # screen unplugged: first screen
        (QRect(-50, -30, 2600, 1400), QRect(0, 0, 1920, 1080)),  # larger than any: shrunk
    ],
)
def test_a_saved_geometry_off_the_screens_is_brought_back(saved: QRect, expected: QRect) -> None:
    fitted = fitted_geometry(saved, SCREENS)
    assert any(screen.contains(fitted) for screen in SCREENS)
    assert fitted == expected


def test_with_nothing_saved_the_window_opens_at_the_first_run_size(window: MainWindow) -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert window.geometry() == first_run_geometry(screen)


def test_a_restored_geometry_off_screen_comes_back_onto_the_screen(
    qtbot: QtBot, window: MainWindow, app_home: Path,
    open_window: WindowOpener,
) -> None:
    window.setGeometry(QRect(9000, 7000, 700, 500))  # as if saved on a screen now unplugged
    window.state.save(window, [window.main_splitter, window.right_splitter])
    window.send_ui.shutdown()
    again = open_window(shown=False)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(again.geometry()) and again.size().width() == 700
    again.send_ui.shutdown()
    assert QSettings(str(app_home / "settings.ini"), QSettings.Format.IniFormat).contains("window/geometry")


def test_every_pane_keeps_a_readable_width(qtbot: QtBot, window: MainWindow) -> None:
    window.setGeometry(first_run_geometry(QRect(0, 0, 1280, 800)))
    window.show()
    qtbot.waitExposed(window)
    forms = window.main_splitter.widget(0)
    assert forms.width() >= FORMS_MIN_WIDTH and window.right_splitter.width() >= PREVIEW_MIN_WIDTH
    assert window.send_ui.dock.width() >= 300
    steps = window.findChild(QScrollArea, "verificationScroll")  # the step titles wrap: no sideways scroll
    qtbot.waitUntil(lambda: steps.widget().width() <= steps.viewport().width())
    assert not steps.horizontalScrollBar().isVisible()
    assert window.history.table.height() >= 4 * window.history.table.verticalHeader().defaultSectionSize()
    # Send is on the toolbar itself, not in its » overflow.
    assert window.send_ui.send_button.isVisible()
    toolbar = window.send_ui.toolbar
    assert toolbar.rect().contains(window.send_ui.send_button.geometry())


def test_undo_texts_use_labels_and_the_toolbar_holds_still(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    send = window.send_ui.send_button
    profile = window.send_ui.profile_combo
    place = (send.mapTo(window, QPoint(0, 0)), profile.mapTo(window, QPoint(0, 0)))
    undo_button = next(
        button
        for button in window.main_toolbar.findChildren(QToolButton)
        if button.defaultAction() is not None and button.defaultAction().objectName() == "toolbarUndo"
    )
    width = undo_button.width()
    window.inputs.add_dataset()
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, "inputsNamespace0") is not None)
    for name, label in (
        ("jobName", "Edit Job name"),
        ("inputsNamespace0", "Edit Input 1 namespace"),
        ("inputsName0", "Edit Input 1 name"),
    ):
        field = window.findChild(QLineEdit, name)
        assert field is not None
        field.setFocus()
        qtbot.keyClicks(field, "warehouse_orders_daily_aggregation")
        assert window.model.undo_stack.undoText() == label
        assert undo_button.defaultAction().toolTip() == f"Undo {label}"
        qtbot.waitUntil(lambda: window.preview.editor.toPlainText() == window.model.to_json())
        assert undo_button.text() == "Undo" and undo_button.width() == width
        assert (send.mapTo(window, QPoint(0, 0)), profile.mapTo(window, QPoint(0, 0))) == place


def test_pointer_labels_read_as_the_forms_name_things() -> None:
    assert pointer_label("/inputs/0/namespace") == "Input 1 namespace"
    assert pointer_label("/outputs/2/name") == "Output 3 name"
    assert pointer_label("/eventTime") == "Event time"
    assert pointer_label("/schemaURL") == "Schema URL"
    assert "/" not in pointer_label("/outputs/0/facets/schema/fields/3/name")


def test_a_send_does_not_widen_the_dock_the_user_sized(qtbot: QtBot, window: MainWindow) -> None:
    window.setGeometry(first_run_geometry(QRect(0, 0, 1600, 1000)))
    window.show()
    qtbot.waitExposed(window)
    dock = window.send_ui.dock
    window.resizeDocks([dock], [340], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() == 340)
    window.model.replace(instantiate("alation-complete"))  # long names and namespaces to show
    with qtbot.waitSignal(window.send_ui.unresolved, timeout=15_000):
        window.send_ui.send_action.trigger()
    assert window.send_ui.verification.statuses()["metadata"] == "pass"
    qtbot.wait_until(window.send_ui.verification.isVisible)
    assert dock.width() == 340
    # The walk-through scrolls in its dock rather than clipping step 4.
    area = window.findChild(QScrollArea, "verificationScroll")
    assert area is not None and area.widget() is window.send_ui.verification


def test_at_its_narrowest_the_walkthrough_wraps_rather_than_scrolling_sideways(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A dotted table name, a host:port or a URL wraps inside the word: every Copy button stays
    in view (they were cut off behind a sideways scroll)."""
    window.setGeometry(first_run_geometry(QRect(0, 0, 1600, 1000)))
    window.show()
    qtbot.waitExposed(window)
    dock = window.send_ui.dock
    window.resizeDocks([dock], [SEND_DOCK_MIN_WIDTH], Qt.Orientation.Horizontal)
    window.model.replace(instantiate("alation-complete"))
    with qtbot.waitSignal(window.send_ui.unresolved, timeout=15_000):
        window.send_ui.send_action.trigger()
    area = window.findChild(QScrollArea, "verificationScroll")
    qtbot.wait_until(window.send_ui.verification.isVisible)
    copies = window.send_ui.verification.findChildren(QPushButton, "copyName")
    assert len(copies) == 2  # the output table's name and namespace

    def right_edges() -> list[int]:
        return [copy.mapTo(area.viewport(), copy.rect().topRight()).x() for copy in copies]

    qtbot.waitUntil(lambda: max(right_edges()) <= area.viewport().width())  # once laid out
    assert area.widget().width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()
    details = window.send_ui.verification.rows["table"].details
    assert "http://127.0.0.1:" in details.text()  # the URL is there, whole, to select and copy
