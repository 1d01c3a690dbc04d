"""JSON Pointer (RFC 6901) addressing: how forms, problems and edits name a place in an event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Part = str | int


class PointerError(LookupError):
    """A pointer that does not lead anywhere in the document."""


def format_pointer(parts: Iterable[Part]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def parse_pointer(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PointerError(f"JSON pointer {pointer!r} must start with '/'")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def _index(container: list[Any], part: str | int, pointer: str, allow_end: bool = False) -> int:
    if isinstance(part, int):
        index = part
    elif part.isdigit() and (part == "0" or not part.startswith("0")):
        index = int(part)
    elif part == "-" and allow_end:
        return len(container)
    else:
        raise PointerError(f"{pointer}: {part!r} is not a list index")
    limit = len(container) + (1 if allow_end else 0)
    if not 0 <= index < limit:
        raise PointerError(f"{pointer}: index {index} is out of range")
    return index


def _step(node: Any, part: str | int, pointer: str) -> Any:
    if isinstance(node, dict):
        key = str(part)
        if key not in node:
            raise PointerError(f"{pointer}: no key {key!r}")
        return node[key]
    if isinstance(node, list):
        return node[_index(node, part, pointer)]
    raise PointerError(f"{pointer}: cannot descend into a {type(node).__name__}")


def resolve(root: Any, pointer: str | Sequence[Part]) -> Any:
    text = pointer if isinstance(pointer, str) else format_pointer(pointer)
    parts: Sequence[Part] = parse_pointer(pointer) if isinstance(pointer, str) else pointer
    node = root
    for part in parts:
        node = _step(node, part, text)
    return node


def exists(root: Any, pointer: str) -> bool:
    try:
        resolve(root, pointer)
    except PointerError:
        return False
    return True


def _parent(root: Any, pointer: str) -> tuple[Any, str]:
    parts = parse_pointer(pointer)
    if not parts:
        raise PointerError("the document root has no parent")
    return resolve(root, parts[:-1]), parts[-1]


def set_value(root: Any, pointer: str, value: Any) -> None:
    """Replace the value at `pointer`, or add the key to its object (kept at the end)."""
    parent, last = _parent(root, pointer)
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        parent[_index(parent, last, pointer)] = value
    else:
        raise PointerError(f"{pointer}: parent is a {type(parent).__name__}")


def insert_value(root: Any, pointer: str, value: Any) -> None:
    """Insert into a list before the addressed index (`-` appends); objects behave as set."""
    parent, last = _parent(root, pointer)
    if isinstance(parent, list):
        parent.insert(_index(parent, last, pointer, allow_end=True), value)
    else:
        set_value(root, pointer, value)


def remove_value(root: Any, pointer: str) -> Any:
    parent, last = _parent(root, pointer)
    if isinstance(parent, dict):
        if last not in parent:
            raise PointerError(f"{pointer}: no key {last!r}")
        return parent.pop(last)
    if isinstance(parent, list):
        return parent.pop(_index(parent, last, pointer))
    raise PointerError(f"{pointer}: parent is a {type(parent).__name__}")
