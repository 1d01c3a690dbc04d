"""The About box: version, spec version, and where this install keeps everything.

Support's first questions are "which version?" and "where is your history / draft?": the box
answers both with the real paths (`composer.services.locations`, the list `lineage-composer paths`
prints) and says how to reset. It opens window-modal without a nested event loop, so the window's
timers (autosave) keep running and tests can read it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from composer import SPEC_VERSION, __version__
from composer.services.locations import KEYRING_SERVICE, app_locations, reset_advice

OBJECT_NAME = "aboutBox"


def about_text() -> str:
    """The box's rich text (HTML-escaped paths: a home folder may contain `&` or `<`)."""
    rows = "".join(
        f"<tr><td>{html.escape(location.label)}:&nbsp;</td>"
        f"<td style='white-space:pre'><code>{html.escape(str(location.path))}{'/' if location.is_folder else ''}</code></td></tr>"
        for location in app_locations()
    )
    return (
        f"<p><b>Lineage Composer {html.escape(__version__)}</b><br>"
        f"OpenLineage spec {html.escape(SPEC_VERSION)}</p>"
        f"<table>{rows}<tr><td>Tokens:&nbsp;</td>"
        f"<td>OS keyring, service <code>{html.escape(KEYRING_SERVICE)}</code></td></tr></table>"
        f"<p>{html.escape(reset_advice())}</p>"
        "<p>The same list, for scripts: <code>lineage-composer paths --json</code></p>"
    )


def show_about(parent: QWidget) -> QMessageBox:
    """Open the About box over `parent` (reusing one already open) and return it."""
    existing = parent.findChild(QMessageBox, OBJECT_NAME)
    if existing is not None:
        existing.raise_()
        return existing
    box = QMessageBox(QMessageBox.Icon.NoIcon, "About Lineage Composer", about_text(), parent=parent)
    box.setObjectName(OBJECT_NAME)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # Paths read best on one line each: widen the text beyond QMessageBox's narrow default.
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 620px; }")
    icon = parent.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
