"""The app's icon for windows and the taskbar: the SVG plus its rendered PNG sizes.

The SVG covers every size; the PNGs (packaging/render_icons.py, the same drawing) keep an icon
where Qt's SVG plugins are missing (a trimmed bundle, a distro Qt without qt6-svg). The desktop id set in `composer.app` ties the window to the installed .desktop entry,
whose Icon= names the same icon in the hicolor theme.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from composer.resources import resource_path

APP_ID = "io.github.lineage_composer.LineageComposer"
SVG_NAME = "lineage-composer.svg"


def app_icon() -> QIcon:
    icon = QIcon()
    svg = resource_path("icons", SVG_NAME)
    if svg.exists():
        icon.addFile(str(svg))
    hicolor = resource_path("icons", "hicolor")
    for png in sorted(hicolor.glob(f"*/apps/{APP_ID}.png")) if hicolor.is_dir() else []:
        icon.addFile(str(png))
    return icon
