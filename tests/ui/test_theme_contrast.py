"""Every colour the app picks itself reads on what it is drawn on, in the light and the dark
scheme (WCAG 2 contrast: 4.5:1 for text, 3:1 for markers, frames and arrows)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from composer.ui.theme import PALETTES, ROLES, Scheme

_GROUNDS = {"base": QPalette.ColorRole.Base, "window": QPalette.ColorRole.Window}
_MINIMUM = {"text": 4.5, "marker": 3.0}
# Fills whose text is a role of its own (checked above) or that carry no text at all.
_OWN_TEXT = {"chip.ok", "chip.failed", "chip.plain", "lineage.grid", "lineage.unresolved"}


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(one: QColor, other: QColor) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ground_colour(name: str, scheme: Scheme) -> QColor:
    if name in _GROUNDS:
        return QColor(PALETTES[scheme][_GROUNDS[name]])
    role = ROLES[name]
    return QColor(role.light if scheme == "light" else role.dark)


def pairs() -> list[tuple[str, str, Scheme]]:
    found: list[tuple[str, str, Scheme]] = []
    for name, role in ROLES.items():
        grounds = role.grounds if role.kind != "ground" else ()
        for ground in grounds:
            found += [(name, ground, "light"), (name, ground, "dark")]
    return found


def test_the_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("name", "ground", "scheme"), pairs())
def test_every_role_reads_on_its_ground(name: str, ground: str, scheme: Scheme) -> None:
    role = ROLES[name]
    colour = QColor(role.light if scheme == "light" else role.dark)
    ratio = contrast(colour, ground_colour(ground, scheme))
    assert ratio >= _MINIMUM[role.kind], f"{name} on {ground} ({scheme}): {ratio:.2f}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [n for n, role in ROLES.items() if role.kind == "ground" and n not in _OWN_TEXT])
def test_the_palettes_text_reads_on_every_fill(name: str, scheme: Scheme) -> None:
    text = QColor(PALETTES[scheme][QPalette.ColorRole.Text])
    fill = ground_colour(name, scheme)
    assert contrast(text, fill) >= 4.5, f"palette text on {name} ({scheme}): {contrast(text, fill):.2f}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_palettes_own_text_reads(scheme: Scheme) -> None:
    colours = PALETTES[scheme]
    roles = QPalette.ColorRole
    for text, ground in [
        (roles.Text, roles.Base),
        (roles.WindowText, roles.Window),
        (roles.ButtonText, roles.Button),
        (roles.HighlightedText, roles.Highlight),
        (roles.ToolTipText, roles.ToolTipBase),
        (roles.Link, roles.Base),
        (roles.PlaceholderText, roles.Base),
        (roles.Dark, roles.Window),
    ]:
        ratio = contrast(QColor(colours[text]), QColor(colours[ground]))
        assert ratio >= 4.5 or (scheme == "light" and text == roles.Dark), f"{text} on {ground}: {ratio:.2f}"
