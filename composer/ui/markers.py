"""Inline problem markers: a coloured frame and the message as tooltip on the owning field."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

_COLORS = {"error": "#c62828", "warning": "#d18a00", "info": "#1565c0"}
_BASE_TIP = "_composerBaseToolTip"


def mark(widget: QWidget, severity: str | None, message: str = "") -> None:
    """Show (or clear, with severity None) a problem marker on `widget`, keeping its own tooltip.

    Only what changes is set: a style sheet or property set anew restyles the widget, and every
    validation result passes over every field.
    """
    base = widget.property(_BASE_TIP)
    if base is None:
        base = widget.toolTip()
        widget.setProperty(_BASE_TIP, base)
    current = widget.property("problem") or ""
    if severity is None:
        if current:
            widget.setStyleSheet("")
            widget.setProperty("problem", "")
        if widget.toolTip() != str(base):
            widget.setToolTip(str(base))
        return
    if current != severity:
        color = _COLORS.get(severity, _COLORS["info"])
        widget.setStyleSheet(f"border: 2px solid {color}; border-radius: 3px;")
        widget.setProperty("problem", severity)
    tip = f"{severity.capitalize()}: {message}" + (f"\n\n{base}" if base else "")
    if widget.toolTip() != tip:
        widget.setToolTip(tip)
