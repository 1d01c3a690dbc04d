"""Inline problem markers: a coloured frame and the message as tooltip on the owning field."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

_COLORS = {"error": "#c62828", "warning": "#d18a00", "info": "#1565c0"}
_BASE_TIP = "_composerBaseToolTip"


def mark(widget: QWidget, severity: str | None, message: str = "") -> None:
    """Show (or clear, with severity None) a problem marker on `widget`, keeping its own tooltip."""
    base = widget.property(_BASE_TIP)
    if base is None:
        base = widget.toolTip()
        widget.setProperty(_BASE_TIP, base)
    if severity is None:
        widget.setStyleSheet("")
        widget.setToolTip(str(base))
        widget.setProperty("problem", "")
        return
    color = _COLORS.get(severity, _COLORS["info"])
    widget.setStyleSheet(f"border: 2px solid {color}; border-radius: 3px;")
    widget.setToolTip(f"{severity.capitalize()}: {message}" + (f"\n\n{base}" if base else ""))
    widget.setProperty("problem", severity)
