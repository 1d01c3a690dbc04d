"""The "Add facet" button: every standard facet valid at this place, then "Custom facet…".

Only facets the spec allows in this container are offered (a `schema` facet on a job would be
invalid), each with its description as a tooltip; facets already present are shown disabled
rather than hidden, so the list reads the same every time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.facets import Container, facets_for, lookup

_PLACE_WORDS = {
    "run": "run",
    "job": "job",
    "dataset": "dataset",
    "inputFacets": "input",
    "outputFacets": "output",
}
CUSTOM = "\x00custom"  # the action data of "Custom facet…" (no facet key can start with NUL)


class AddFacetButton(QPushButton):
    """A button whose menu adds a facet; `chosen(key)` is called with the picked key."""

    def __init__(
        self, container: Container, chosen: Callable[[str], None], ask_custom: Callable[[], None]
    ) -> None:
        super().__init__()
        self.setText("Add facet")
        self.setAccessibleName(f"Add {_PLACE_WORDS[container]} facet")  # several panels share a window
        self.setToolTip("Add a standard or a custom facet here")
        self.menu_ = QMenu(self)
        self.menu_.setToolTipsVisible(True)
        # The menu's ~20 actions are made when it first opens (or is asked for), not with every
        # dataset card: a card is built for each dataset the user selects.
        self.menu_.aboutToShow.connect(self._build)
        self.setMenu(self.menu_)
        self._container, self._chosen, self._ask_custom = container, chosen, ask_custom
        self._actions: dict[str, QAction] | None = None
        self._custom: QAction | None = None
        self._present: frozenset[str] = frozenset()

    @property
    def actions_by_key(self) -> dict[str, QAction]:
        return self._build()[0]

    @property
    def custom_action(self) -> QAction:
        return self._build()[1]

    def mark_present(self, keys: Collection[str]) -> None:
        self._present = frozenset(keys)
        if self._actions is not None:
            self._apply_present(self._actions)

    def _build(self) -> tuple[dict[str, QAction], QAction]:
        if self._actions is not None and self._custom is not None:
            return self._actions, self._custom
        actions: dict[str, QAction] = {}
        for spec in facets_for(self._container):
            action = self.menu_.addAction(f"{spec.title}  ({spec.key})")
            action.setToolTip(spec.description)
            action.setStatusTip(spec.description)
            action.setData(spec.key)
            action.triggered.connect(lambda _=False, key=spec.key: self._chosen(key))
            actions[spec.key] = action
        self.menu_.addSeparator()
        custom = self.menu_.addAction("Custom facet…")
        custom.setToolTip("A facet of your own: its JSON, with _producer and _schemaURL filled in")
        custom.setData(CUSTOM)
        custom.triggered.connect(self._ask_custom)
        self._actions, self._custom = actions, custom
        self._apply_present(actions)
        return actions, custom

    def _apply_present(self, actions: dict[str, QAction]) -> None:
        for key, action in actions.items():
            present = key in self._present
            action.setEnabled(not present)
            description = action.statusTip()
            action.setToolTip(f"Already added. {description}" if present else description)


class CustomFacetDialog(QDialog):
    """Asks for a custom facet's key, refusing keys already present at this place."""

    def __init__(self, container: Container, present: Collection[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a custom facet")
        self._container = container
        self._present = set(present)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The facet's key, as it will appear in the event. Prefix it with your company or tool "
            "(for example <code>acme_deployment</code>) so it never clashes with a standard facet."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText("acme_deployment")
        self.key_edit.setAccessibleName("Custom facet key")
        layout.addWidget(self.key_edit)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.key_edit.textChanged.connect(self._check)
        self._check("")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 60))

    @property
    def key(self) -> str:
        return self.key_edit.text().strip()

    def _check(self, _text: str) -> None:
        key = self.key
        problem = ""
        if not key:
            problem = " "
        elif key in self._present:
            problem = f"This place already has a facet called {key}."
        spec = lookup(key, self._container) if key else None
        hint = (
            f"{key} is the standard {spec.title} facet; it will get its own form."
            if spec and not problem
            else ""
        )
        self.note.setText(problem.strip() or hint)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not problem)
