"""How the File menu's actions look: theme icons, standard shortcuts, the New menu's templates.

`FileController.install` decides what the actions do and when they are enabled; the widgets
themselves are built here, so the controller stays about files and the event's life cycle.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from composer.core.templates import templates
from composer.ui.icons import action_icon

EMPTY_TEMPLATE = "empty"


def file_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence.StandardKey | None = None,
    *,
    icon: str = "",
    fallback: str = "",
) -> QAction:
    """An action with the theme's icon and the platform's keys for `shortcut` (else `fallback`)."""
    action = QAction(action_icon(icon), text, parent) if icon else QAction(text, parent)
    if shortcut is not None:
        keys = QKeySequence.keyBindings(shortcut)  # SaveAs has no standard key on Windows
        action.setShortcuts(keys or [QKeySequence(fallback)])
    action.triggered.connect(lambda _checked=False: slot())
    return action


def add_template_actions(menu: QMenu, new_document: Callable[[str], object]) -> QAction | None:
    """One New action per template, its description as the tip; the empty one gets Ctrl+N and is
    returned."""
    menu.setToolTipsVisible(True)
    empty: QAction | None = None
    for template in templates():
        action = menu.addAction(template.title)
        action.setToolTip(template.description)
        action.setStatusTip(template.description)
        action.triggered.connect(lambda _checked=False, tid=template.id: new_document(tid))
        if template.id == EMPTY_TEMPLATE:
            action.setShortcut(QKeySequence.StandardKey.New)
            empty = action
    return empty


def add_new_button(
    parent: QObject, toolbar: QToolBar, menu: QMenu, new_document: Callable[[str], object]
) -> QAction:
    """The toolbar's New: a click makes an empty event, its arrow offers the templates."""
    action = file_action(parent, "New", lambda: new_document(EMPTY_TEMPLATE), icon="document-new")
    action.setToolTip("New empty event (the arrow offers templates)")
    action.setMenu(menu)
    toolbar.addAction(action)
    button = toolbar.widgetForAction(action)
    if isinstance(button, QToolButton):
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    return action
