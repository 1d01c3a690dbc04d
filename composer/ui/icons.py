"""Toolbar and menu icons: the desktop theme's where it has one, else the app's own.

Linux desktops ship freedesktop icon themes (so the app looks native there); Windows, macOS,
a bare X server or a bundle have none, and then a toolbar of blank buttons is all text. The
fallbacks in resources/icons/actions are drawn here, one SVG per freedesktop icon name, in a
mid grey that reads on light and dark toolbars.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from composer.resources import resource_path


def action_icon(name: str) -> QIcon:
    """The theme's icon `name` (a freedesktop name), else the bundled one of that name."""
    bundled = resource_path("icons", "actions", f"{name}.svg")
    return QIcon.fromTheme(name, QIcon(str(bundled)) if bundled.is_file() else QIcon())
