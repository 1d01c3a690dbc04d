"""A titled group of fields for a small object inside a facet (a parent run, a previous name).

An optional object gets a check box: ticking it only opens the fields (nothing is written until
the user types), unticking it removes the object as one undo step. A required object is always
open, because leaving it out is never what the user means.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from composer.ui.facets.binding import Binding, distribute_marks, focus_and_reveal, owner_of
from composer.ui.facets.context import FacetContext, Path, show_marker, worst


class GroupBinding(Binding):
    """A heading (a check box when the object is optional) over a framed form of its fields."""

    wide = True

    def __init__(
        self,
        ctx: FacetContext,
        path: Path,
        label: str,
        description: str,
        children: Sequence[Binding],
        *,
        required: bool = False,
    ) -> None:
        super().__init__(ctx, path, label, description, required)
        self.children = list(children)
        self._container = QWidget()
        outer = QVBoxLayout(self._container)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.check: QCheckBox | None = None
        if required:
            heading: QWidget = QLabel(f"{label} *")
        else:
            self.check = QCheckBox(f"{label} (optional)")
            self.describe(self.check)
            heading = self.check
        heading.setToolTip(description)
        outer.addWidget(heading)
        self.frame = QFrame()
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.frame.setAccessibleName(f"{ctx.title}: {label}")
        form = QFormLayout(self.frame)
        form.setContentsMargins(8, 6, 8, 6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for child in self.children:
            add_to_form(form, child)
        outer.addWidget(self.frame)
        self._opened = False
        if self.check is not None:
            self.frame.hide()
            self.check.toggled.connect(self._toggled)  # refresh blocks signals: only users toggle

    @property
    def widget(self) -> QWidget:
        return self._container

    @property
    def focus_widget(self) -> QWidget:
        return self.children[0].focus_widget if self.children else self._container

    @property
    def marker_widget(self) -> QWidget:
        return self.frame

    def _toggled(self, checked: bool) -> None:
        self._opened = checked
        self.frame.setVisible(checked)
        if not checked and self.ctx.exists(self.path):
            self.ctx.remove(self.path, text=f"Remove {self.label} from {self.ctx.title}")

    def refresh(self) -> None:
        if self.check is not None:
            open_ = self.ctx.exists(self.path) or self._opened
            if self.check.isChecked() != open_:
                self.check.blockSignals(True)
                self.check.setChecked(open_)
                self.check.blockSignals(False)
            self.frame.setVisible(open_)
        for child in self.children:
            child.refresh()

    def focus(self, rest: Path) -> None:
        if self.check is not None and not self.check.isChecked():
            self._opened = True
            self.refresh()
        found = owner_of(self.children, (*self.path, *rest))
        if found is None:
            focus_and_reveal(self.frame)
        else:
            found[0].focus(found[1])

    def set_marks(self, marks: dict[Path, str]) -> None:
        absolute = {(*self.path, *path): severity for path, severity in marks.items()}
        unclaimed = distribute_marks(self.children, absolute)
        show_marker(self.frame, worst(unclaimed.values()), self.description)


def add_to_form(form: QFormLayout, binding: Binding) -> None:
    """Wide bindings span the form under their label; the rest sit beside it."""
    text = binding.label + (" *" if binding.required else "")
    if isinstance(binding, GroupBinding):
        form.addRow(binding.widget)
        return
    label = QLabel(text)
    label.setBuddy(binding.focus_widget)
    label.setToolTip(binding.description + ("\n\nRequired by the spec." if binding.required else ""))
    if binding.wide:
        form.addRow(label)
        form.addRow(binding.widget)
    else:
        form.addRow(label, binding.widget)
