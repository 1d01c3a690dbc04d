"""Inline problem markers: a coloured frame and the message as tooltip on the owning field.

The frame is a style sheet on the marked widget alone. A sheet on a container (as the facet
panels once had, for their `problem` property rules) makes Qt style every widget under it
through the style-sheet engine, which slowed every dataset card, marked or not.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from composer.ui.theme import css, on_scheme_change, severity

# The light scheme's frames (tests look for them); `theme.severity(..., marker=True)` is the
# colour of the scheme shown.
SEVERITY_COLORS = {name: css(f"marker.{name}", "light") for name in ("error", "warning", "info")}
_BASE_TIP = "_composerBaseToolTip"


def set_problem_style(widget: QWidget, severity: str | None, *, radius: int = 3) -> bool:
    """Frame `widget` in its severity's colour (None: no frame); True when anything changed.

    The `problem` property says which (automation and tests read it); unset counts as none, so
    a widget never marked is never restyled. The rule matches the widget and any widget under
    it marked with the same severity, nothing else.
    """
    value = severity or ""
    if (widget.property("problem") or "") == value:
        return False
    if widget.property("problem") is None:  # first mark: re-frame when the scheme switches
        on_scheme_change(widget, lambda: _frame(widget, radius))
    widget.setProperty("problem", value)
    _frame(widget, radius)
    return True


def _frame(widget: QWidget, radius: int) -> None:
    value = str(widget.property("problem") or "")
    if value:
        color = severity(value, marker=True).name()
        widget.setStyleSheet(f'*[problem="{value}"] {{ border: 2px solid {color}; border-radius: {radius}px; }}')
    else:
        widget.setStyleSheet("")


def mark(widget: QWidget, severity: str | None, message: str = "") -> None:
    """Show (or clear, with severity None) a problem marker on `widget`, keeping its own tooltip.

    Only what changes is set: a style sheet or property set anew restyles the widget, and every
    validation result passes over every field.
    """
    base = widget.property(_BASE_TIP)
    if base is None:
        base = widget.toolTip()
        widget.setProperty(_BASE_TIP, base)
    set_problem_style(widget, severity)
    if severity is None:
        if widget.toolTip() != str(base):
            widget.setToolTip(str(base))
        return
    tip = f"{severity.capitalize()}: {message}" + (f"\n\n{base}" if base else "")
    if widget.toolTip() != tip:
        widget.setToolTip(tip)
