"""A binding ties one widget to one place inside a facet: it reads, writes, focuses and marks it.

Editors are lists of bindings rather than hand-written forms, so focusing a problem's path,
marking it and refreshing after undo work the same way for a line edit, a table or a JSON box.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QScrollArea, QWidget

from composer.core.jsontext import FloatLiteral
from composer.ui.facets.context import FacetContext, Path, show_marker, worst


class Binding(ABC):
    """One field (or group of fields) of a facet, addressed by `path` relative to the facet.

    `wide` bindings (tables, JSON boxes, long text) get their label above them and the full width
    of the form, because squeezing them beside a label leaves them unreadable.
    """

    wide = False

    def __init__(
        self, ctx: FacetContext, path: Path, label: str, description: str, required: bool = False
    ) -> None:
        self.ctx = ctx
        self.path = path
        self.label = label
        self.description = description
        self.required = required

    @property
    @abstractmethod
    def widget(self) -> QWidget:
        """What the form lays out."""

    @property
    def focus_widget(self) -> QWidget:
        return self.widget

    @property
    def marker_widget(self) -> QWidget:
        return self.focus_widget

    @abstractmethod
    def refresh(self) -> None:
        """Show the model's value; never touch a widget whose content already matches it."""

    def refresh_at(self, rest: Path) -> None:
        """Only `rest` (below `self.path`) changed; bindings over big lists narrow the update."""
        self.refresh()

    def value(self) -> Any:
        return self.ctx.get(self.path, None)

    def focus(self, rest: Path) -> None:
        """Focus the part of this binding that owns `rest` (a path below `self.path`)."""
        focus_and_reveal(self.focus_widget)

    def set_marks(self, marks: dict[Path, str]) -> None:
        show_marker(self.marker_widget, worst(marks.values()), self.tooltip)

    @property
    def tooltip(self) -> str:
        return self.description

    def describe(self, widget: QWidget, suffix: str = "") -> None:
        """Tooltip, accessible name and description: what a screen reader and a hover need."""
        widget.setToolTip(self.description)
        widget.setAccessibleName(f"{self.ctx.title}: {self.label}{suffix}")
        widget.setAccessibleDescription(self.description)


def refresh_changed(bindings: Sequence[Binding], changed: Path | None) -> None:
    """Refresh the bindings a change at `changed` can affect (all of them when it is None)."""
    for binding in bindings:
        size = len(binding.path)
        if changed is None or binding.path[: len(changed)] == changed:
            binding.refresh()  # the change is at or above this binding
        elif tuple(changed[:size]) == binding.path:
            binding.refresh_at(tuple(changed[size:]))


def focus_and_reveal(widget: QWidget) -> None:
    """Give `widget` focus and scroll every enclosing scroll area so it is on screen."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def owner_of(bindings: Sequence[Binding], rest: Path) -> tuple[Binding, Path] | None:
    """The binding that owns `rest`, and what is left of `rest` below it.

    A path *above* every binding (a problem about a missing group, say `run` of a parent facet)
    goes to the first binding under it, so a click on it still lands somewhere useful.
    """
    found = _deepest_prefix(bindings, rest)
    if found is not None:
        return found, tuple(rest[len(found.path) :])
    for binding in bindings:
        if binding.path[: len(rest)] == tuple(rest):
            return binding, ()
    return None


def distribute_marks(bindings: Sequence[Binding], marks: dict[Path, str]) -> dict[Path, str]:
    """Hand each binding the marks it owns; return the ones no binding owns (the card shows them)."""
    claimed: dict[int, dict[Path, str]] = {id(binding): {} for binding in bindings}
    unclaimed: dict[Path, str] = {}
    for path, severity in marks.items():
        found = _deepest_prefix(bindings, path)
        if found is None:
            unclaimed[path] = severity
        else:
            claimed[id(found)][tuple(path[len(found.path) :])] = severity
    for binding in bindings:
        binding.set_marks(claimed[id(binding)])
    return unclaimed


def _deepest_prefix(bindings: Sequence[Binding], path: Path) -> Binding | None:
    """The binding with the longest path that `path` starts with."""
    owners = [binding for binding in bindings if tuple(path[: len(binding.path)]) == binding.path]
    return max(owners, key=lambda binding: len(binding.path)) if owners else None


def display_text(value: Any) -> str:
    """How a field shows a value; non-strings (a wrong type in a customer's event) show as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, FloatLiteral):
        return value.literal
    return json.dumps(value, ensure_ascii=False)


_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")
_SPELLINGS = {"id": "ID", "uri": "URI", "url": "URL", "sql": "SQL", "openlineage": "OpenLineage"}


def humanize(name: str) -> str:
    """`nominalStartTime` -> "Nominal start time", `runId` -> "Run ID": labels a steward can read."""
    words = _WORD_BREAK.sub(" ", name).split()
    if not words:
        return name
    words = [word if word.isupper() and len(word) > 1 else word.lower() for word in words]
    words = [_SPELLINGS.get(word, word) for word in words]
    return " ".join([words[0][0].upper() + words[0][1:], *words[1:]])


def fit_height_to_text(edit: QPlainTextEdit, min_lines: int, max_lines: int) -> None:
    """Let a text box grow with its text between `min_lines` and `max_lines`, then scroll.

    A fixed tall box wastes the panel on empty facets and a short one hides a pasted query;
    following the content keeps long forms compact and still shows what is there.
    """
    spacing = edit.fontMetrics().lineSpacing()
    frame = 2 * edit.frameWidth() + int(edit.document().documentMargin() * 2) + 2

    def fit() -> None:
        lines = int(edit.document().documentLayout().documentSize().height())
        edit.setFixedHeight(spacing * max(min_lines, min(lines, max_lines)) + frame)

    edit.document().documentLayout().documentSizeChanged.connect(lambda _size: fit())
    fit()
