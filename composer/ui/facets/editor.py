"""One facet as a card: title, its fields, advanced base fields, and a remove button.

A standard facet gets a form from its schema; a custom facet (or a standard one whose value is
not an object) gets raw JSON. `_producer` and `_schemaURL` sit behind "Advanced" because most
stewards never touch them, yet a support engineer reproducing a customer's event must be able to
(Alation's own example carries the OpenLineage Python client's producer and 1-0-0 URLs).
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.facets import BASE_FIELDS
from composer.ui.facets.binding import Binding, distribute_marks, focus_and_reveal, owner_of, refresh_changed
from composer.ui.facets.context import FacetContext, Path, show_marker, worst
from composer.ui.facets.fields import BoolBinding, TextBinding, uri_problem
from composer.ui.facets.form import facet_bindings
from composer.ui.facets.group import add_to_form
from composer.ui.facets.json_field import JsonBinding
from composer.ui.theme import set_text_role

EditorKind = Literal["form", "json"]


def editor_kind(ctx: FacetContext) -> EditorKind:
    return "form" if ctx.spec is not None and isinstance(ctx.get(), dict) else "json"


class FacetEditor(QFrame):
    def __init__(self, ctx: FacetContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = editor_kind(ctx)
        spec = ctx.spec
        self.base_bindings: list[Binding] = []
        self.advanced = QWidget()
        self.setObjectName("facetCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)  # the style's own frame: no style sheet to pay for
        self.setAccessibleName(f"{ctx.title} facet")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(self._header(spec.description if spec else "A facet that is not part of the spec."))

        self.bindings: list[Binding] = (
            facet_bindings(ctx, spec)
            if self.kind == "form" and spec is not None
            else [JsonBinding(ctx, (), "Facet JSON", "The whole facet, as JSON.", lines=6)]
        )
        body = QFormLayout()
        body.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        body.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for binding in self.bindings:
            add_to_form(body, binding)
        layout.addLayout(body)

        self.refused_note = QLabel()
        self.refused_note.setWordWrap(True)
        set_text_role(self.refused_note, "error")
        self.refused_note.hide()
        layout.addWidget(self.refused_note)
        ctx.on_refused = self._refused

        self.extra_note = QLabel()
        self.extra_note.setWordWrap(True)
        set_text_role(self.extra_note, "muted")
        self.extra_note.hide()
        layout.addWidget(self.extra_note)

        if self.kind == "form":
            self._build_advanced()
            layout.addWidget(self.advanced)
        self.advanced.hide()

    def _header(self, description: str) -> QHBoxLayout:
        header = QHBoxLayout()
        self.title = QLabel(f"<b>{self.ctx.title}</b>")
        self.title.setToolTip(description)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        header.addWidget(self.title)
        self.key_label = QLabel(self._kind_note())
        set_text_role(self.key_label, "muted")
        self.key_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.key_label)
        header.addStretch(1)
        self.advanced_button = QToolButton()
        self.advanced_button.setText("Advanced")
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolTip("Show the facet's _producer and _schemaURL")
        self.advanced_button.setAccessibleName(f"{self.ctx.title}: show advanced fields")
        self.advanced_button.toggled.connect(self.advanced.setVisible)
        header.addWidget(self.advanced_button)
        self.advanced_button.setVisible(self.kind == "form")  # raw JSON already shows the base fields
        self.remove_button = QToolButton()
        self.remove_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.remove_button.setText("Remove")
        self.remove_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.remove_button.setToolTip(f"Remove the {self.ctx.title} facet (Undo brings it back)")
        self.remove_button.setAccessibleName(f"Remove {self.ctx.title} facet")
        self.remove_button.clicked.connect(self.remove_facet)
        header.addWidget(self.remove_button)
        return header

    def _kind_note(self) -> str:
        if self.ctx.spec is None:
            return "custom facet"
        return self.ctx.key if self.kind == "form" else f"{self.ctx.key} · not an object, shown as JSON"

    def _build_advanced(self) -> None:
        form = QFormLayout(self.advanced)
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        ctx = self.ctx
        self.base_bindings = [
            TextBinding(
                ctx,
                ("_producer",),
                "Producer",
                "The software that wrote this facet, as a URI.",
                True,
                check=uri_problem,
            ),
            TextBinding(
                ctx,
                ("_schemaURL",),
                "Schema URL",
                "The schema this facet follows, as a URI.",
                True,
                check=uri_problem,
            ),
            BoolBinding(
                ctx, ("_deleted",), "Deleted", "True tells consumers to drop this facet from what they store."
            ),
        ]
        for binding in self.base_bindings:
            add_to_form(form, binding)

    @property
    def all_bindings(self) -> list[Binding]:
        return self.bindings + self.base_bindings

    def set_pointer(self, pointer: str) -> None:
        self.ctx.pointer = pointer

    def remove_facet(self) -> None:
        self.ctx.model.remove(self.ctx.at(), text=f"Remove {self.ctx.title} facet")

    def _refused(self, message: str) -> None:
        self.refused_note.setText(message)
        self.refused_note.show()

    def refresh(self, changed: Path | None = None) -> None:
        """Re-read the facet; `changed` (relative to the facet) limits it to what that can affect."""
        self.refused_note.hide()
        refresh_changed(self.all_bindings, changed)
        self._show_extra_keys()

    def _show_extra_keys(self) -> None:
        value = self.ctx.get()
        spec = self.ctx.spec
        if self.kind != "form" or spec is None or not isinstance(value, dict):
            self.extra_note.hide()
            return
        known = {field.name for field in spec.fields} | BASE_FIELDS
        extra = [key for key in value if key not in known]
        self.extra_note.setText(
            f"Also keeps {', '.join(extra)}: not part of this facet's spec; the JSON view edits them."
            if extra
            else ""
        )
        self.extra_note.setVisible(bool(extra))

    def focus_path(self, rest: Path) -> None:
        if rest and rest[0] in BASE_FIELDS and self.base_bindings:
            self.advanced_button.setChecked(True)
        found = owner_of(self.all_bindings, rest) if rest else None
        if found is not None:
            found[0].focus(found[1])
        elif self.bindings:
            self.bindings[0].focus(())
        else:
            focus_and_reveal(self.remove_button)

    def set_marks(self, marks: dict[Path, str]) -> None:
        unclaimed = distribute_marks(self.all_bindings, marks)
        if any(path and path[0] in BASE_FIELDS for path in marks):
            self.advanced_button.setChecked(True)
        show_marker(self, worst(unclaimed.values()), "")
