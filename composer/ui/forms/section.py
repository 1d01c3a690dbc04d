"""What every form section shares: fields addressed by JSON pointer, focus and markers."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QWidget

from composer.core.problems import Problem, severity_rank
from composer.ui.editor.markers import mark


class FormSection(QGroupBox):
    """A titled group whose fields each own a JSON pointer (for problem focus and markers)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._fields: dict[str, QWidget] = {}

    def own(self, pointer: str, widget: QWidget) -> None:
        self._fields[pointer] = widget

    def focus_path(self, pointer: str) -> bool:
        """Focus the field that owns `pointer` or its nearest ancestor in this section."""
        candidate = pointer
        while True:
            widget = self._fields.get(candidate)
            if widget is not None:
                widget.setFocus()
                return True
            if not candidate:
                return False
            candidate = candidate.rpartition("/")[0]

    def show_problems(self, problems: Mapping[str, Problem]) -> None:
        """Mark each field with the most severe problem among the pointers it owns."""
        worst: dict[int, tuple[QWidget, Problem | None]] = {}
        for pointer, widget in self._fields.items():
            problem = problems.get(pointer)
            kept = worst.get(id(widget), (widget, None))[1]
            if kept is None or (problem is not None and severity_rank(problem.severity) < severity_rank(kept.severity)):
                worst[id(widget)] = (widget, problem)
        for widget, problem in worst.values():
            mark(widget, problem.severity if problem else None, problem.message if problem else "")


def named_line(name: str, accessible: str, tip: str, placeholder: str = "") -> QLineEdit:
    """A line edit with the object name automation finds and the names assistive tech reads."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setToolTip(tip)
    edit.setPlaceholderText(placeholder or tip)
    return edit


def value_row(edit: QLineEdit, *extras: QWidget) -> QHBoxLayout:
    """A field that takes the room, followed by its helpers (a Now/Regenerate button, a note)."""
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    for widget in extras:
        row.addWidget(widget)
    return row
