"""The colours the app picks itself, by role, for a light and a dark scheme, in one table.

Everything else on screen comes from the palette, which the platform switches with the OS's
dark mode. What we colour ourselves (JSON and SQL tokens, problem markers and badges, the send
result's chips, the walk-through's verdicts, the lineage picture, tints behind rows) must stay
readable on whichever palette is showing, so a module asks for a role and gets the colour of the
scheme the palette *is* (its window colour decides), never a hex of its own. That keeps the text
readable even where the OS says "dark" but the style kept a light palette, or the reverse.

Each role names the ground it is drawn on, so tests/ui/test_theme_contrast.py can check every
pair against WCAG (4.5:1 for text, 3:1 for markers and fills' borders) in both schemes.
Following the OS while running: `SchemeFollower` (theme_follow.py); a widget re-colours itself
when the application's palette changes scheme, through `on_scheme_change`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

Scheme = Literal["light", "dark"]
Kind = Literal["text", "marker", "ground"]


@dataclass(frozen=True)
class Role:
    light: str
    dark: str
    kind: Kind
    # What it is drawn on: "base"/"window" (the palette's) or another role's name.
    grounds: tuple[str, ...] = ("base", "window")


def _text(light: str, dark: str, *grounds: str) -> Role:
    return Role(light, dark, "text", grounds or ("base", "window"))


def _marker(light: str, dark: str, *grounds: str) -> Role:
    return Role(light, dark, "marker", grounds or ("base", "window"))


def _ground(light: str, dark: str) -> Role:
    """A fill behind the palette's own text (a tinted row, a box): that text must read on it."""
    return Role(light, dark, "ground", ())


ROLES: dict[str, Role] = {
    # Problems: the severity marks in lists, labels saying what is wrong, frames round fields.
    "error": _text("#b3261e", "#ff8a80"),
    "warning": _text("#8a5a00", "#f2b84b"),
    "info": _text("#1565c0", "#8ab4f8"),
    "ok": _text("#16702f", "#6fd68a"),
    "muted": _text("#5c6670", "#a2abb4"),
    "marker.error": _marker("#c62828", "#ff6b6b"),
    "marker.warning": _marker("#b26a00", "#e0a030"),
    "marker.info": _marker("#1565c0", "#6ea8fe"),
    # Tints behind a row or cell that has something to say (text on them is the palette's).
    "tint.error": _ground("#ffd7d7", "#5a1f1f"),
    "tint.warning": _ground("#ffe9c2", "#4d3a12"),
    "tint.info": _ground("#dbe9fb", "#1d3556"),
    "tint.ok": _ground("#e3f5e1", "#1f4427"),
    "tint.plain": _ground("#f1f1f1", "#3a3d41"),
    # Chips in the send result: a coloured pill with its own text colour.
    "chip.ok": _ground("#1a7f37", "#2ea043"),
    "chip.failed": _ground("#cf222e", "#f85149"),
    "chip.plain": _ground("#5c6670", "#545d68"),
    "chip.text": _text("#ffffff", "#0d1117", "chip.ok", "chip.failed"),
    "chip.plain.text": _text("#ffffff", "#f0f3f6", "chip.plain"),
    # A banner across a pane (history limits, a part of a large event).
    "banner": _ground("#fff4dc", "#463814"),
    "banner.text": _text("#6b3b00", "#ffd58a", "banner"),
    # JSON and SQL tokens, on the editor's base.
    "json.key": _text("#0b4f8a", "#9cdcfe", "base"),
    "json.string": _text("#a31515", "#ce9178", "base"),
    "json.number": _text("#098658", "#b5cea8", "base"),
    "json.literal": _text("#0000c0", "#569cd6", "base"),
    "sql.keyword": _text("#0033b3", "#7aa2f7", "base"),
    "sql.string": _text("#067d17", "#9ece6a", "base"),
    "sql.identifier": _text("#871094", "#d6a0ff", "base"),
    "sql.number": _text("#1750eb", "#79c0ff", "base"),
    "sql.comment": _text("#6a6a6a", "#9a9a9a", "base"),
    # The lineage picture: its own canvas, boxes on it, text in the boxes.
    "lineage.canvas": _ground("#ffffff", "#1e1f22"),
    "lineage.input": _ground("#e8f1fb", "#1d3556"),
    "lineage.output": _ground("#e9f6ec", "#1f4427"),
    "lineage.job": _ground("#fff4dc", "#463814"),
    "lineage.more": _ground("#f6f6f6", "#2b2d30"),
    "lineage.input.border": _marker("#4a7ab5", "#6ea8fe", "lineage.canvas"),
    "lineage.output.border": _marker("#3f8f57", "#56c271", "lineage.canvas"),
    "lineage.job.border": _marker("#a87a22", "#d9a53f", "lineage.canvas"),
    "lineage.unresolved": _marker("#c0392b", "#ff6b6b", "lineage.canvas"),
    "lineage.badge.text": _text("#ffffff", "#1e1f22", "lineage.unresolved"),
    "lineage.arrow": _marker("#555555", "#b0b0b0", "lineage.canvas"),
    "lineage.column": _marker("#7b5ea7", "#b69df8", "lineage.canvas"),
    "lineage.text": _text("#1b1b1b", "#e8e8e8", "lineage.input", "lineage.output", "lineage.job", "lineage.canvas"),
    "lineage.muted": _text(
        "#595959", "#a8a8a8", "lineage.input", "lineage.output", "lineage.job", "lineage.more", "lineage.canvas"
    ),
    "lineage.grid": _ground("#e0e0e0", "#3a3d41"),
}

# The palette we install when the OS asks for a scheme the platform's palette does not show
# (theme_follow.py); the light one is Fusion's own, so nothing changes for a light desktop.
PALETTES: dict[Scheme, dict[QPalette.ColorRole, str]] = {
    "light": {
        QPalette.ColorRole.Window: "#efefef",
        QPalette.ColorRole.WindowText: "#000000",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f7f7",
        QPalette.ColorRole.Text: "#000000",
        QPalette.ColorRole.PlaceholderText: "#6b6b6b",
        QPalette.ColorRole.Button: "#efefef",
        QPalette.ColorRole.ButtonText: "#000000",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2a6db0",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffdc",
        QPalette.ColorRole.ToolTipText: "#000000",
        QPalette.ColorRole.Link: "#0000ff",
        QPalette.ColorRole.LinkVisited: "#ff00ff",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#cacaca",
        QPalette.ColorRole.Mid: "#b8b8b8",
        QPalette.ColorRole.Dark: "#9f9f9f",
        QPalette.ColorRole.Shadow: "#767676",
    },
    "dark": {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9a9ea4",
        QPalette.ColorRole.Button: "#35373b",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#3c3f41",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.LinkVisited: "#c58af9",
        QPalette.ColorRole.Light: "#4a4d52",
        QPalette.ColorRole.Midlight: "#3e4145",
        QPalette.ColorRole.Mid: "#5a5d62",
        QPalette.ColorRole.Dark: "#9a9ea4",  # frame lines (Fusion): seen against the window
        QPalette.ColorRole.Shadow: "#111111",
    },
}
_DISABLED_TEXT: dict[Scheme, str] = {"light": "#8c8c8c", "dark": "#7c8087"}


def scheme_of(palette: QPalette) -> Scheme:
    """The scheme a palette shows: dark when its window colour is dark."""
    return "dark" if palette.color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def current_scheme() -> Scheme:
    """The scheme the application's palette shows (a widget's own palette cannot tell: a style
    sheet with a background, as a banner has, makes it light or dark whatever the scheme)."""
    return scheme_of(QGuiApplication.palette())


def colour(role: str, scheme: Scheme | None = None) -> QColor:
    """The role's colour in `scheme` (None: the scheme shown now)."""
    found = ROLES[role]
    chosen = scheme or current_scheme()
    return QColor(found.light if chosen == "light" else found.dark)


def css(role: str, scheme: Scheme | None = None) -> str:
    """The role's colour as `#rrggbb`, for style sheets and rich text."""
    return colour(role, scheme).name()


def severity(severity_name: str, *, marker: bool = False, scheme: Scheme | None = None) -> QColor:
    """An error/warning/info colour: text (`marker=False`) or a frame/underline (`marker=True`)."""
    name = severity_name if severity_name in ("error", "warning", "info") else "info"
    return colour(f"marker.{name}" if marker else name, scheme)


def make_palette(scheme: Scheme) -> QPalette:
    palette = QPalette()
    for role, value in PALETTES[scheme].items():
        palette.setColor(role, QColor(value))
    disabled = QColor(_DISABLED_TEXT[scheme])
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


_RECOLOUR = "_composer_recolour"  # on a widget: its callbacks for a scheme switch


class _SchemeWatch(QObject):
    """One per application (its child): when the palette changes scheme (not on every palette
    tweak), every widget that colours things itself re-colours them.

    The application's signals, not each widget's PaletteChange: a widget whose style sheet sets
    its colours (a banner, a marked field) gets no PaletteChange when the application's palette
    changes. The callbacks live on their widgets, so they go with them; no object per widget.
    """

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.setObjectName("schemeWatch")
        self._scheme = current_scheme()
        app.paletteChanged.connect(self._check)
        app.styleHints().colorSchemeChanged.connect(self._check)

    def _check(self, *_args: object) -> None:
        scheme = current_scheme()
        if scheme == self._scheme:
            return
        self._scheme = scheme
        for widget in QApplication.allWidgets():
            for callback in list(getattr(widget, _RECOLOUR, ())):
                callback()


def on_scheme_change(widget: QWidget, callback: Callable[[], object]) -> None:
    """Run `callback` whenever the window goes from light to dark or back (an OS switch, a
    forced scheme), for as long as `widget` lives.

    The palette is the application's, switched by the platform or `SchemeFollower`; a widget
    that colours things itself (shown or not) re-colours them here.
    """
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication) and app.findChild(_SchemeWatch, "schemeWatch") is None:
        _SchemeWatch(app)
    callbacks: list[Callable[[], object]] | None = getattr(widget, _RECOLOUR, None)
    if callbacks is None:
        callbacks = []
        setattr(widget, _RECOLOUR, callbacks)
    callbacks.append(callback)


_TEXT_ROLE, _GROUND_ROLE = "_composerTextRole", "_composerGroundRole"


def set_text_role(widget: QWidget, role: str | None, *, ground: str | None = None) -> None:
    """Colour `widget`'s text with `role` (None: the palette's own), on `ground` if given (a
    banner), and keep both in the scheme.

    The colours go in a style sheet on the widget alone (a label that says what is wrong, a
    note under a field); the first call also re-applies it whenever the scheme switches.
    """
    if widget.property(_TEXT_ROLE) is None:
        if not role and not ground:
            return  # never coloured: nothing to take back, and no watch needed
        on_scheme_change(widget, lambda: _apply_text_role(widget))
    elif (widget.property(_TEXT_ROLE), widget.property(_GROUND_ROLE)) == (role or "", ground or ""):
        return  # as it is: a style sheet set again restyles the widget for nothing
    widget.setProperty(_TEXT_ROLE, role or "")
    widget.setProperty(_GROUND_ROLE, ground or "")
    _apply_text_role(widget)


def _apply_text_role(widget: QWidget) -> None:
    role, ground = str(widget.property(_TEXT_ROLE) or ""), str(widget.property(_GROUND_ROLE) or "")
    rules = [f"color: {css(role)};"] if role else []
    if ground:
        rules.append(f"background: {css(ground)}; padding: 4px;")
    widget.setStyleSheet(" ".join(rules))
