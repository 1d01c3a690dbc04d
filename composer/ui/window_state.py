"""Where the window was and how it was laid out, so it comes back the way the user left it.

The settings live in `home/settings.ini` (not the registry or a plist) so that
`LINEAGE_COMPOSER_HOME` relocates them with everything else and a portable install carries them.
Only layout and names are kept here: never a token or anything from a profile's secrets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from composer.services.window_files import SETTINGS_FILE_NAME

# Bump when the window's toolbars or docks change so an old saved layout is not forced onto them.
LAYOUT_VERSION = 1

# With nothing saved the window takes this share of the screen's available area, centred...
FIRST_RUN_SHARE = 0.8
# ... but no less than this (where the screen has it): below it the forms' labels, the problems
# column and the Send button are cut or pushed into the toolbar's overflow.
COMFORTABLE_SIZE = QSize(1240, 780)

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_LAST_PROFILE = "session/lastProfile"
_LAST_DIRECTORY = "session/lastDirectory"


class WindowState:
    """Geometry, toolbar/dock layout, splitter sizes, and the last profile and folder used."""

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        """`parent`: the Qt object whose life the settings share (see `MainWindow`'s adoption)."""
        self.path = home / SETTINGS_FILE_NAME
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat, parent)

    def restore(self, window: QMainWindow, splitters: Sequence[QSplitter]) -> bool:
        """Apply what `save` stored; anything missing or unreadable keeps the window's defaults.
        A saved place that no longer fits the screens (one unplugged, a lower resolution) is
        brought back onto one. True when a saved geometry was applied."""
        geometry = self._bytes(_GEOMETRY)
        restored = geometry is not None and window.restoreGeometry(geometry)
        if restored:
            keep_on_screen(window)
        self.restore_layout(window)
        for key, splitter in _splitter_keys(splitters):
            saved = self._bytes(key)
            if saved is not None:
                splitter.restoreState(saved)
        return restored

    def restore_layout(self, window: QMainWindow) -> None:
        """Toolbars and docks as saved; docks built after the window showed call this again."""
        state = self._bytes(_STATE)
        if state is not None:
            window.restoreState(state, LAYOUT_VERSION)

    def save(self, window: QMainWindow, splitters: Sequence[QSplitter]) -> None:
        self._settings.setValue(_GEOMETRY, window.saveGeometry())
        self._settings.setValue(_STATE, window.saveState(LAYOUT_VERSION))
        for key, splitter in _splitter_keys(splitters):
            self._settings.setValue(key, splitter.saveState())
        self._sync()

    @property
    def last_profile(self) -> str:
        return self._text(_LAST_PROFILE)

    @last_profile.setter
    def last_profile(self, name: str) -> None:
        self._settings.setValue(_LAST_PROFILE, name)
        self._sync()

    @property
    def last_directory(self) -> str:
        return self._text(_LAST_DIRECTORY)

    @last_directory.setter
    def last_directory(self, directory: str) -> None:
        self._settings.setValue(_LAST_DIRECTORY, directory)
        self._sync()

    @property
    def status(self) -> QSettings.Status:
        """Whether the last write worked (a read-only home shows up here, not as an exception)."""
        return self._settings.status()

    def _sync(self) -> None:
        # QSettings writes lazily; an explicit sync means a crash right after still keeps it.
        # It creates the file but not a missing home folder, so make that first.
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._settings.sync()

    def _text(self, key: str) -> str:
        self._settings.sync()  # another window of this app may have written since
        value = self._settings.value(key, "")
        return value if isinstance(value, str) else ""

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None


def _splitter_keys(splitters: Sequence[QSplitter]) -> list[tuple[str, QSplitter]]:
    """Key each splitter by its objectName, so reordering the list does not swap their sizes."""
    return [
        (f"splitters/{splitter.objectName() or index}", splitter) for index, splitter in enumerate(splitters)
    ]


def first_run_geometry(available: QRect) -> QRect:
    """Where a window with no saved geometry goes on a screen with this available area."""
    width = min(available.width(), max(round(available.width() * FIRST_RUN_SHARE), COMFORTABLE_SIZE.width()))
    height = min(
        available.height(), max(round(available.height() * FIRST_RUN_SHARE), COMFORTABLE_SIZE.height())
    )
    placed = QRect(0, 0, width, height)
    placed.moveCenter(available.center())
    return placed


def fitted_geometry(geometry: QRect, screens: Sequence[QRect]) -> QRect:
    """`geometry` unchanged when one screen's available area holds it; otherwise moved (and
    shrunk when larger) into the screen it overlaps most, or the first screen when none."""
    if not screens or any(screen.contains(geometry) for screen in screens):
        return QRect(geometry)

    def overlap(screen: QRect) -> int:
        common = screen.intersected(geometry)
        return common.width() * common.height() if common.isValid() else 0

    screen = max(screens, key=overlap) if any(overlap(s) for s in screens) else screens[0]
    size = geometry.size().boundedTo(screen.size())
    left = min(max(geometry.left(), screen.left()), screen.right() + 1 - size.width())
    top = min(max(geometry.top(), screen.top()), screen.bottom() + 1 - size.height())
    return QRect(left, top, size.width(), size.height())


def place_first_time(window: QWidget) -> None:
    """Size and centre `window` on its screen as `first_run_geometry` says."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(first_run_geometry(screen.availableGeometry()))


def keep_on_screen(window: QWidget) -> None:
    """Bring a restored `window` back onto a screen when it no longer fits any."""
    screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
    fitted = fitted_geometry(window.geometry(), screens)
    if fitted != window.geometry():
        window.setGeometry(fitted)
