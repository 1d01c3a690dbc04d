"""What every facet widget shares: where its facet is, how it edits it, how it shows a problem.

Widgets address values by a path *relative to their facet*, and the facet's own pointer lives in
one `FacetContext`. When a dataset moves, the panel changes that one pointer and every widget
writes to the new place without being rebuilt (and without losing what the user was typing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from composer.core.facets import Container, FacetSpec, lookup
from composer.core.pointer import Part, format_pointer
from composer.core.problems import SEVERITIES, severity_rank
from composer.ui.editor.document_model import DocumentModel
from composer.ui.editor.markers import set_problem_style

Path = tuple[str, ...]  # pointer parts as strings, so paths from problems compare equal
Marks = Mapping[Path, str]  # relative path -> "error" | "warning" | "info"

# One key for all field edits: the model merges consecutive edits of the *same pointer* only.
FIELD_MERGE_KEY = "facet-field"
_SEVERITY_WORDS = {"error": "an error", "warning": "a warning", "info": "a note"}


class FacetContext:
    """One facet's place in the event and the model that edits it.

    Every write is checked first: in a customer's event a value the form expects to be an object
    can be a string, and writing below it would fail half-way through an undo command. Such a
    write is refused and `on_refused` tells the user why.
    """

    def __init__(self, model: DocumentModel, pointer: str, key: str, container: Container) -> None:
        self.model = model
        self.pointer = pointer
        self.key = key
        self.container = container
        self.on_refused: Callable[[str], None] = lambda _message: None

    @property
    def spec(self) -> FacetSpec | None:
        return lookup(self.key, self.container)

    @property
    def title(self) -> str:
        spec = self.spec
        return spec.title if spec else self.key

    def at(self, path: Sequence[Part] = ()) -> str:
        return self.pointer + format_pointer(path)

    def get(self, path: Sequence[Part] = (), default: Any = None) -> Any:
        return self.model.get(self.at(path), default)

    def exists(self, path: Sequence[Part] = ()) -> bool:
        return self.model.exists(self.at(path))

    def set(self, path: Sequence[Part], value: Any, *, merge: bool = True, text: str = "") -> None:
        if self.writable(path):
            merge_key = FIELD_MERGE_KEY if merge else None
            self.model.set(self.at(path), value, merge_key=merge_key, text=text or self._text(path))

    def remove(self, path: Sequence[Part], *, text: str = "") -> None:
        if self.writable(path):
            self.model.remove(self.at(path), text=text or f"Clear {self._text(path, verb='')}".strip())

    def append(self, path: Sequence[Part], value: Any, *, text: str) -> None:
        """Append to the list at `path` (which must exist)."""
        if self.writable((*path, "-")):
            self.model.insert(self.at((*path, "-")), value, text=text)

    def move(self, path: Sequence[Part], index: int, *, text: str) -> None:
        if self.writable(path):
            self.model.move(self.at(path), index, text=text)

    def writable(self, path: Sequence[Part]) -> bool:
        """Whether every container on the way to `path` is an object (or a list, by index)."""
        node = self.get()
        for depth, part in enumerate(path):
            key, last = str(part), depth == len(path) - 1
            if isinstance(node, dict):
                if last or key not in node:
                    return True  # what is missing gets created as objects
                node = node[key]
            elif isinstance(node, list) and (
                (last and key == "-") or (key.isdigit() and int(key) < len(node))
            ):
                if last:
                    return True
                node = node[int(key)]
            else:
                where = ".".join(str(p) for p in path[:depth]) or self.key
                self.on_refused(
                    f"Cannot change this: {where} is not an object here. Fix it in the JSON view."
                )
                return False
        return True

    def set_or_remove(self, path: Sequence[Part], value: Any) -> None:
        """Write a field, or drop its key when the user emptied it: "" is not "not set"."""
        if value is None or value == "":
            self.remove(path)
        else:
            self.set(path, value)

    def _text(self, path: Sequence[Part], verb: str = "Edit") -> str:
        where = ".".join(str(part) for part in path)
        return f"{verb} {self.title}{' ' + where if where else ''}".strip()

    def dataset_pointer(self) -> str | None:
        """The dataset holding this facet (`/outputs/2` for `/outputs/2/facets/x`), if any."""
        parts = self.pointer.split("/")
        if len(parts) >= 5 and parts[1] in ("inputs", "outputs"):
            return "/".join(parts[:3])
        if len(parts) >= 4 and parts[1] == "dataset":
            return "/dataset"
        return None


def worst(severities: Iterable[str]) -> str | None:
    found = [severity for severity in severities if severity in SEVERITIES]
    return min(found, key=severity_rank) if found else None


def show_marker(widget: QWidget, severity: str | None, tooltip: str) -> None:
    """Mark a widget with a coloured border (`markers.set_problem_style`) and say why on hover.

    The problems list holds the full message; the marker only says that there is one, so the
    tooltip still explains the field itself.
    """
    set_problem_style(widget, severity, radius=6 if widget.objectName() == "facetCard" else 3)
    if severity:
        note = f"This value has {_SEVERITY_WORDS.get(severity, 'a problem')}: see the Problems list."
        widget.setToolTip(f"{note}\n\n{tooltip}" if tooltip else note)
    else:
        widget.setToolTip(tooltip)


def split_marks(marks: Marks, prefix: Path) -> dict[Path, str]:
    """The marks at or under `prefix`, re-addressed relative to it."""
    size = len(prefix)
    return {path[size:]: severity for path, severity in marks.items() if tuple(path[:size]) == prefix}


def same_value(left: Any, right: Any) -> bool:
    """JSON equality that tells 1 from True and 1 from "1" (Python's == does not)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return list(left) == list(right) and all(same_value(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_value(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right and isinstance(left, int) == isinstance(right, int)
    return type(left) is type(right) and bool(left == right)
