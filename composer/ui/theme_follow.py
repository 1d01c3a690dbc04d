"""Keeps the application palette in the scheme the OS (or a test) asks for, while running.

Most platforms switch the palette themselves when the OS goes dark (`styleHints().colorScheme()`
reports it and a palette change follows). Some report the scheme and keep a light palette, and
some (offscreen, a bare X server) report nothing and ignore `setColorScheme`. The follower fills
those gaps: when the scheme wanted differs from the one the palette shows, it installs
theme.py's palette for it, and it gives the platform's palette back when the two agree again.
The colours modules pick follow the palette (`theme.colour`), so they switch with it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from composer.ui.theme import Scheme, make_palette, scheme_of

_SCHEMES: dict[Qt.ColorScheme, Scheme] = {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}


class SchemeFollower(QObject):
    """One per application (a child of it, found again by `follow_colour_scheme`)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("schemeFollower")
        self._app = app
        self._requested = Qt.ColorScheme.Unknown
        self._platform_palette: QPalette | None = None  # what we replaced, to give back
        app.styleHints().colorSchemeChanged.connect(self.sync)
        self.sync()

    @property
    def wanted(self) -> Scheme | None:
        """The scheme asked for: the OS's, else the one requested here; None: no preference."""
        reported = self._app.styleHints().colorScheme()
        return _SCHEMES.get(reported) or _SCHEMES.get(self._requested)

    def request(self, scheme: Qt.ColorScheme) -> None:
        """Ask for `scheme` (Unknown: follow the OS again), as a user setting or a test would."""
        self._requested = scheme
        hints = self._app.styleHints()
        if scheme == Qt.ColorScheme.Unknown:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(scheme)
        self.sync()

    def sync(self) -> None:
        """Make the palette show the wanted scheme (or give the platform's back)."""
        wanted = self.wanted
        shown = scheme_of(QGuiApplication.palette())
        if wanted is None or wanted == shown:
            if wanted is None and self._platform_palette is not None:
                self._restore()
            return
        if self._platform_palette is not None and scheme_of(self._platform_palette) == wanted:
            self._restore()
            return
        if wanted == "light" and self._requested != Qt.ColorScheme.Light and self._platform_palette is None:
            return  # a dark palette the user picked (a dark Qt style) on a light OS: theirs to keep
        if self._platform_palette is None:
            self._platform_palette = QGuiApplication.palette()
        self._app.setPalette(make_palette(wanted))

    def _restore(self) -> None:
        palette, self._platform_palette = self._platform_palette, None
        if palette is not None:
            self._app.setPalette(palette)


def follow_colour_scheme(app: QApplication) -> SchemeFollower:
    """The application's follower, made on first use (tests bring their own application)."""
    found = app.findChild(SchemeFollower, "schemeFollower")
    return found if isinstance(found, SchemeFollower) else SchemeFollower(app)
