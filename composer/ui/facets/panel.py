"""All facets at one place of the event, each in its editor, plus the Add facet menu.

The panel listens to the model itself and reacts only to pointers at, under or above its own
(above: on the next event-loop turn, see `__init__`).
Editors are kept (and keep what the user is typing) for as long as their facet exists; the list
is rebuilt only when a facet is added or removed, and every other change updates values in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from composer import PRODUCER
from composer.core.facets import Container, lookup, new_facet
from composer.core.pointer import PointerError, format_pointer, parse_pointer
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets.add_menu import AddFacetButton, CustomFacetDialog
from composer.ui.facets.binding import focus_and_reveal
from composer.ui.facets.context import FacetContext, Path
from composer.ui.theme import set_text_role

if TYPE_CHECKING:
    from composer.ui.facets.editor import FacetEditor


class FacetsPanel(QWidget):
    """All facets at one place of the event, each in its editor, plus an Add facet button/menu."""

    def __init__(
        self, model: DocumentModel, pointer: str, container: Container, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._pointer = pointer
        self._container = container
        self._editors: dict[str, FacetEditor] = {}
        self._marks: dict[str, dict[Path, str]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._list = QVBoxLayout()
        self._list.setSpacing(8)
        layout.addLayout(self._list)
        self.empty_label = QLabel("No facets here yet.")
        set_text_role(self.empty_label, "muted")
        layout.addWidget(self.empty_label)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        bottom = QHBoxLayout()
        self.add_button = AddFacetButton(container, self.add_facet, self.ask_custom_facet)
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        layout.addStretch(1)
        # Changes above this place (a dataset moved or went, the event was replaced) are handled
        # on the next turn of the event loop: by then the owner has called `set_pointer`, so the
        # editors follow their dataset instead of being rebuilt for whatever took its index.
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.setInterval(0)
        self._deferred.timeout.connect(self.refresh)
        model.changed.connect(self._on_changed)
        self.refresh()

    # --- the entry points ------------------------------------------------------------------

    @property
    def pointer(self) -> str:
        return self._pointer

    @property
    def editors(self) -> Mapping[str, FacetEditor]:
        return dict(self._editors)

    def set_pointer(self, pointer: str) -> None:
        """The dataset moved: point every editor at the new place; widgets and drafts stay."""
        self._pointer = pointer
        for key, editor in self._editors.items():
            editor.set_pointer(self._facet_pointer(key))
        self.refresh()

    def refresh(self) -> None:
        self._deferred.stop()
        self._sync_editors()
        for editor in self._editors.values():
            editor.refresh()

    def focus_path(self, pointer: str) -> bool:
        if pointer != self._pointer and not pointer.startswith(self._pointer + "/"):
            return False
        try:
            rest = tuple(parse_pointer(pointer[len(self._pointer) :]))
        except PointerError:
            return False
        editor = self._editors.get(rest[0]) if rest else None
        if editor is None:
            focus_and_reveal(self.add_button)
        else:
            editor.focus_path(rest[1:])
        return True

    def set_problem_paths(self, paths: Mapping[str, str]) -> None:
        marks: dict[str, dict[Path, str]] = {}
        prefix = self._pointer + "/"
        for pointer, severity in paths.items():
            if not pointer.startswith(prefix):
                continue
            try:
                rest = tuple(parse_pointer(pointer[len(self._pointer) :]))
            except PointerError:
                continue
            marks.setdefault(rest[0], {})[rest[1:]] = severity
        self._marks = marks
        self._apply_marks()

    # --- adding ----------------------------------------------------------------------------

    def add_facet(self, key: str) -> None:
        """Add `key` as one undoable step (or focus it when it is already there)."""
        if key not in self._editors:
            spec = lookup(key, self._container)
            title = spec.title if spec else key
            facet = new_facet(key, self._container, PRODUCER)
            self._model.set(self._facet_pointer(key), facet, text=f"Add {title} facet")
        editor = self._editors.get(key)
        if editor is not None:
            editor.focus_path(())

    def ask_custom_facet(self) -> None:
        dialog = CustomFacetDialog(self._container, self._present_keys(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_facet(dialog.key))
        dialog.open()

    # --- keeping in step with the model ----------------------------------------------------

    def _facet_pointer(self, key: str) -> str:
        return self._pointer + format_pointer([key])

    def _present_keys(self) -> list[str]:
        facets = self._model.get(self._pointer)
        return list(facets) if isinstance(facets, dict) else []

    def _on_changed(self, pointer: str) -> None:
        mine = self._pointer
        if pointer == mine:
            self.refresh()
            return
        if pointer == "" or mine.startswith(pointer + "/"):
            self._deferred.start()
            return
        if not pointer.startswith(mine + "/"):
            return
        try:
            key, *rest = parse_pointer(pointer[len(mine) :])
        except PointerError:
            return
        editor = self._editors.get(key)
        if (
            editor is None
            or not self._model.exists(editor.ctx.pointer)
            or editor.kind != _kind(editor.ctx)
        ):
            self.refresh()  # a facet appeared or went, or now needs the other kind of editor
        else:
            editor.refresh(tuple(rest))

    def _sync_editors(self) -> None:
        facets = self._model.get(self._pointer)
        keys = list(facets) if isinstance(facets, dict) else []
        for key in [key for key in self._editors if key not in keys]:
            self._drop(key)
        for key in keys:
            # The editors' module (forms and field widgets) loads with the first facet to edit:
            # a new event has none, so the window paints without it.
            from composer.ui.facets.editor import FacetEditor, editor_kind  # noqa: PLC0415

            ctx = FacetContext(self._model, self._facet_pointer(key), key, self._container)
            editor = self._editors.get(key)
            if editor is not None and editor.kind != editor_kind(ctx):
                self._drop(key)
                editor = None
            if editor is None:
                self._editors[key] = FacetEditor(ctx, self)
        self._editors = {key: self._editors[key] for key in keys}
        self._order(keys)
        broken = facets is not None and not isinstance(facets, dict)
        self.status.setText(
            "These facets are not a JSON object; fix them in the JSON view." if broken else ""
        )
        self.status.setVisible(broken)
        self.add_button.setEnabled(not broken)
        self.add_button.mark_present(keys)
        self.empty_label.setVisible(not keys and not broken)
        self._apply_marks()

    def _drop(self, key: str) -> None:
        editor = self._editors.pop(key)
        self._list.removeWidget(editor)
        editor.hide()
        editor.deleteLater()

    def _order(self, keys: list[str]) -> None:
        """Show editors in the event's key order; move widgets only when the order changed."""
        wanted = [self._editors[key] for key in keys]
        items = (self._list.itemAt(index) for index in range(self._list.count()))
        current = [item.widget() for item in items if item is not None]
        if current == wanted:
            return
        for editor in current:
            if editor is not None:
                self._list.removeWidget(editor)
        for editor in wanted:
            self._list.addWidget(editor)
            editor.show()

    def _apply_marks(self) -> None:
        for key, editor in self._editors.items():
            editor.set_marks(self._marks.get(key, {}))



def _kind(ctx: FacetContext) -> str:
    from composer.ui.facets.editor import editor_kind  # noqa: PLC0415 (see `_sync_editors`)

    return editor_kind(ctx)
