"""Dark mode while running: forcing the scheme (as the OS switch does) re-colours the real window's
JSON, problem badges, field markers, send result and lineage picture, and back again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsRectItem
from pytestqt.qtbot import QtBot

from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow
from composer.ui.theme import PALETTES, colour, current_scheme, scheme_of
from composer.ui.theme_follow import SchemeFollower, follow_colour_scheme
from tests.ui.windows import WindowOpener

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def follower(qapp: QApplication) -> Iterator[SchemeFollower]:
    found = follow_colour_scheme(qapp)
    yield found
    found.request(Qt.ColorScheme.Unknown)  # the next test gets the platform's palette back
    assert current_scheme() == "light"


@pytest.fixture
def window(qtbot: QtBot, follower: SchemeFollower, open_window: WindowOpener) -> MainWindow:
    made = open_window(geometry=(0, 0, 1400, 900), exposed=True)
    made.model.load(instantiate("alation-test", fresh_run=False))
    made.model.set("/outputs", [])  # an error: a badge in the problems list, a marker on a field
    qtbot.waitUntil(lambda: bool(made.problems.problems) and made.live.idle(), timeout=10_000)
    return made


def key_colour(window: MainWindow) -> str:
    """The colour the preview's first JSON key is drawn in (read from the line's own layout)."""
    editor = window.preview.editor
    block = editor.document().findBlockByNumber(1)  # `  "eventTime": ...`
    ranges = block.layout().formats()
    assert ranges, "the visible line was not coloured"
    return ranges[0].format.foreground().color().name()


def badge_colour(window: MainWindow) -> str:
    item = window.problems.tree.topLevelItem(0)
    assert item is not None
    return item.foreground(0).color().name()


def test_forcing_dark_then_light_recolours_the_window(qtbot: QtBot, window: MainWindow, follower: SchemeFollower) -> None:
    window.preview.editor.viewport().repaint()
    light_key, light_badge = key_colour(window), badge_colour(window)
    assert light_key == colour("json.key", "light").name()
    assert window.preview._highlighter.formats["key"].foreground().color().name() == light_key
    severity = window.problems.problems[0].severity
    assert light_badge == colour(severity, "light").name()

    follower.request(Qt.ColorScheme.Dark)
    dark_key = colour("json.key", "dark").name()
    qtbot.waitUntil(lambda: window.preview._highlighter.formats["key"].foreground().color().name() == dark_key)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Base).name() == PALETTES["dark"][QPalette.ColorRole.Base]
    window.preview.editor.viewport().repaint()
    assert window.preview._highlighter.formats["key"].foreground().color().name() == colour("json.key", "dark").name()
    assert key_colour(window) == colour("json.key", "dark").name() != light_key
    assert badge_colour(window) == colour(severity, "dark").name() != light_badge
    assert window.lineage._view.backgroundBrush().color().name() == colour("lineage.canvas", "dark").name()

    follower.request(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: window.preview._highlighter.formats["key"].foreground().color().name() == light_key)
    window.preview.editor.viewport().repaint()
    assert key_colour(window) == light_key
    assert badge_colour(window) == light_badge


def test_a_marked_field_changes_its_frame_with_the_scheme(qtbot: QtBot, follower: SchemeFollower) -> None:
    from PySide6.QtWidgets import QLineEdit  # noqa: PLC0415

    from composer.ui.editor.markers import mark  # noqa: PLC0415

    field = QLineEdit()
    qtbot.addWidget(field)
    mark(field, "error", "Required")
    assert colour("marker.error", "light").name() in field.styleSheet()
    follower.request(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: colour("marker.error", "dark").name() in field.styleSheet())
    follower.request(Qt.ColorScheme.Unknown)
    qtbot.waitUntil(lambda: colour("marker.error", "light").name() in field.styleSheet())


def test_an_unknown_platform_scheme_with_a_dark_palette_counts_as_dark(qapp: QApplication, follower: SchemeFollower) -> None:
    assert qapp.styleHints().colorScheme() == Qt.ColorScheme.Unknown  # offscreen reports none
    before = QGuiApplication.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, "#202020")
    assert scheme_of(dark) == "dark" and scheme_of(before) == "light"
    assert follower.wanted is None  # no preference: the palette as it is decides the colours


def test_following_the_os_again_gives_the_platform_palette_back(qapp: QApplication, follower: SchemeFollower) -> None:
    window_colour = QGuiApplication.palette().color(QPalette.ColorRole.Window).name()
    follower.request(Qt.ColorScheme.Dark)
    assert current_scheme() == "dark"
    follower.request(Qt.ColorScheme.Unknown)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).name() == window_colour


def test_the_send_pane_and_a_banner_redraw_in_the_new_scheme(qtbot: QtBot, window: MainWindow, follower: SchemeFollower) -> None:
    assert window.send_ui is not None
    result = window.send_ui.result_view
    assert colour("muted", "light").name() in result.toHtml()
    warning = window.history.warning
    follower.request(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: colour("muted", "dark").name() in result.toHtml())
    qtbot.waitUntil(lambda: colour("banner", "dark").name() in warning.styleSheet())


def test_a_lineage_export_stays_light_in_the_dark_scheme(
    qtbot: QtBot, window: MainWindow, follower: SchemeFollower, tmp_path: Path
) -> None:
    from PySide6.QtGui import QImage  # noqa: PLC0415

    follower.request(Qt.ColorScheme.Dark)

    def job_fill() -> list[str]:
        items = window.lineage.scene.items()
        return [i.brush().color().name() for i in items if isinstance(i, QGraphicsRectItem) and i.data(0) == "job"]

    qtbot.waitUntil(lambda: job_fill() == [colour("lineage.job", "dark").name()])
    path = tmp_path / "lineage.png"
    window.lineage.export_png(path, scale=1.0)
    image = QImage(str(path))
    assert image.pixelColor(1, 1).name() == colour("lineage.canvas", "light").name()
    assert colour("lineage.job", "light").name() in {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    }


def test_recolouring_takes_one_watcher_for_the_application_not_an_object_per_widget(
    window: MainWindow, qapp: QApplication
) -> None:
    """Widgets that colour themselves keep their callbacks; one application-wide watcher calls
    them (an object per widget made hundreds of QObjects, each in a reference cycle)."""
    from PySide6.QtCore import QObject  # noqa: PLC0415

    watchers = [child for child in qapp.children() if child.objectName() == "schemeWatch"]
    assert len(watchers) == 1
    assert window.findChildren(QObject, "schemeWatch") == []
    assert window.findChildren(type(watchers[0])) == []
