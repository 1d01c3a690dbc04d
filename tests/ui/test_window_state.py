"""The window comes back where and how it was left; the settings file holds layout and names only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter
from pytestqt.qtbot import QtBot

from composer.ui.window_state import WindowState


def _window(qtbot: QtBot) -> tuple[QMainWindow, list[QSplitter]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    outer = QSplitter(Qt.Orientation.Horizontal)
    outer.setObjectName("mainSplitter")
    inner = QSplitter(Qt.Orientation.Vertical)
    inner.setObjectName("previewSplitter")
    for splitter, count in ((inner, 2), (outer, 1)):
        for number in range(count):
            splitter.addWidget(QLabel(f"pane {number}"))
    outer.addWidget(inner)
    window.setCentralWidget(outer)
    window.resize(640, 480)  # the offscreen screen is 800x600
    window.show()
    qtbot.waitExposed(window)
    return window, [outer, inner]


def test_geometry_splitters_and_names_round_trip(qtbot: QtBot, app_home: Path) -> None:
    window, splitters = _window(qtbot)
    window.resize(712, 434)
    splitters[0].setSizes([300, 412])
    splitters[1].setSizes([300, 134])
    saved_sizes = [s.sizes() for s in splitters]
    state = WindowState(app_home)
    state.save(window, splitters)
    state.last_profile = "Sandbox (local)"
    state.last_directory = "/data/events"
    assert (app_home / "settings.ini").is_file()

    again, again_splitters = _window(qtbot)
    restored = WindowState(app_home)
    restored.restore(again, list(reversed(again_splitters)))  # keyed by name, not by position
    assert again.size() == window.size()
    qtbot.waitUntil(lambda: [s.sizes() for s in again_splitters] == saved_sizes)
    assert restored.last_profile == "Sandbox (local)"
    assert restored.last_directory == "/data/events"
    assert restored.status == QSettings.Status.NoError


def test_nothing_saved_keeps_the_defaults(qtbot: QtBot, app_home: Path) -> None:
    window, splitters = _window(qtbot)
    before = [s.sizes() for s in splitters]
    state = WindowState(app_home)
    state.restore(window, splitters)
    assert window.size().width() == 640
    assert [s.sizes() for s in splitters] == before
    assert state.last_profile == "" and state.last_directory == ""
    assert not (app_home / "settings.ini").exists()  # merely asking never writes


def test_a_damaged_settings_file_is_survived(qtbot: QtBot, app_home: Path) -> None:
    (app_home / "settings.ini").write_bytes(b"[window]\ngeometry=@ByteArray(\x00garbage)\nstate=42\n\xff\xfe")
    window, splitters = _window(qtbot)
    WindowState(app_home).restore(window, splitters)
    assert window.size().width() == 640


def test_only_layout_and_names_are_written(qtbot: QtBot, app_home: Path) -> None:
    window, splitters = _window(qtbot)
    state = WindowState(app_home)
    state.save(window, splitters)
    state.last_profile = "prod"
    state.last_directory = "/tmp"
    keys = QSettings(str(app_home / "settings.ini"), QSettings.Format.IniFormat).allKeys()
    assert sorted(keys) == [
        "session/lastDirectory",
        "session/lastProfile",
        "splitters/mainSplitter",
        "splitters/previewSplitter",
        "window/geometry",
        "window/state",
    ]
