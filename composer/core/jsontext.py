"""JSON text that survives a round trip through the app.

Support engineers reproduce a customer's event exactly, so parsing must not normalise what it
reads: number literals keep their spelling (`1.0`, `1E5`, `-0`), key order is kept by `dict`,
and the text's layout (indent, separators, ASCII escaping, surrounding white space) is detected
so that a re-serialised document looks like the one that was opened.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from composer.core.pointer import format_pointer

_SENTINEL = "\x00lc-number:{}\x00"
_SENTINEL_OUT = re.compile(r'"\\u0000lc-number:(\d+)\\u0000"')


class JsonSyntaxError(ValueError):
    """Malformed JSON, with a 1-based line and column a person can find in an editor."""

    def __init__(self, message: str, line: int, column: int, position: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.reason = message
        self.line = line
        self.column = column
        self.position = position


class FloatLiteral(float):
    """A JSON number read from text; `literal` is its exact spelling."""

    literal: str

    def __new__(cls, literal: str) -> FloatLiteral:
        number = super().__new__(cls, literal)
        number.literal = literal
        return number

    @property
    def canonical(self) -> bool:
        return self.literal == float.__repr__(self)


@dataclass(frozen=True)
class JsonStyle:
    """How a JSON text is laid out, so edits can be written back the same way."""

    indent: str | None = "  "
    item_separator: str = ","
    key_separator: str = ": "
    ensure_ascii: bool = False
    newline: str = "\n"
    leading: str = ""
    trailing: str = "\n"


DEFAULT_STYLE = JsonStyle()


@dataclass
class ParsedJson:
    value: Any
    style: JsonStyle
    # True when some number's spelling differs from Python's own (`1E5`, `1.10`, `-0`).
    exotic_numbers: bool = False
    # JSON pointers of objects that repeat a key: JSON allows it, readers disagree on which wins.
    duplicate_keys: list[str] = field(default_factory=list)


def parse(text: str) -> ParsedJson:
    """Parse JSON text keeping number spelling, and detect its layout."""
    leading, body, trailing = _split_padding(text)
    state = _ParseState()
    try:
        value = json.loads(
            body,
            parse_float=state.parse_float,
            parse_int=state.parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=state.make_object,
        )
    except json.JSONDecodeError as exc:
        offset = len(leading)
        line, column = _line_column(text, exc.pos + offset)
        raise JsonSyntaxError(exc.msg, line, column, exc.pos + offset) from None
    except _ConstantError as exc:
        raise JsonSyntaxError(str(exc), 1, 1, 0) from None
    except RecursionError:
        raise JsonSyntaxError("JSON nested too deeply", 1, 1, 0) from None
    style = _detect_style(body, leading, trailing)
    duplicates = state.duplicate_paths(value) if state.duplicates else []
    return ParsedJson(value, style, state.exotic, duplicates)


def dumps(value: Any, style: JsonStyle = DEFAULT_STYLE, exotic_numbers: bool = True) -> str:
    """Serialise `value` in `style`; number literals read by `parse` keep their spelling.

    `exotic_numbers=False` promises that no number needs its literal kept, which skips a walk of
    the whole tree (worth it on events with tens of thousands of values).
    """
    literals: list[str] = []
    if exotic_numbers:
        value = _swap_literals(value, literals)
    body = json.dumps(
        value,
        indent=style.indent,
        separators=(style.item_separator, style.key_separator),
        ensure_ascii=style.ensure_ascii,
        allow_nan=False,
    )
    if literals:
        body = _SENTINEL_OUT.sub(lambda m: literals[int(m.group(1))], body)
    if style.newline != "\n":
        body = body.replace("\n", style.newline)
    return style.leading + body + style.trailing


def line_column(text: str, position: int) -> tuple[int, int]:
    return _line_column(text, position)


# --- parsing helpers -------------------------------------------------------------------------


class _ConstantError(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _ConstantError(f"{name} is not allowed in JSON")


class _ParseState:
    def __init__(self) -> None:
        self.exotic = False
        self.duplicates = False
        self._duplicate_objects: set[int] = set()

    def parse_float(self, literal: str) -> float:
        number = FloatLiteral(literal)
        if not number.canonical:
            self.exotic = True
        return number

    def parse_int(self, literal: str) -> int | float:
        if literal == "-0":
            self.exotic = True
            return FloatLiteral(literal)
        return int(literal)

    def make_object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.duplicates = True
            self._duplicate_objects.add(id(obj))
        return obj

    def duplicate_paths(self, root: Any) -> list[str]:
        found: list[str] = []

        def walk(node: Any, parts: list[str | int]) -> None:
            if isinstance(node, dict):
                if id(node) in self._duplicate_objects:
                    found.append(format_pointer(parts))
                for key, child in node.items():
                    walk(child, [*parts, key])
            elif isinstance(node, list):
                for index, child in enumerate(node):
                    walk(child, [*parts, index])

        walk(root, [])
        return found


def _split_padding(text: str) -> tuple[str, str, str]:
    start = 0
    if text.startswith("\ufeff"):
        start = 1
    while start < len(text) and text[start] in " \t\r\n":
        start += 1
    end = len(text)
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return text[:start], text[start:end], text[end:]


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, column


_KEY_SEPARATOR = re.compile(r'"\s*:[ \t]*')


def _detect_style(body: str, leading: str, trailing: str) -> JsonStyle:
    newline = "\r\n" if "\r\n" in body else "\n"
    lines = body.split(newline)
    indent: str | None = None
    if len(lines) > 1:
        second = lines[1]
        indent = second[: len(second) - len(second.lstrip(" \t"))] or ""
    key_match = _first_key_separator(body)
    key_separator = key_match if key_match is not None else ": "
    if indent is None:
        item_separator = ", " if re.search(r'[\]}"\d el],\s', body) else ","
    else:
        item_separator = ", " if re.search(r", " + re.escape(newline), body) else ","
    ensure_ascii = body.isascii() and "\\u" in body and re.search(r"\\u(?!00[0-7])", body) is not None
    return JsonStyle(
        indent=indent,
        item_separator=item_separator,
        key_separator=key_separator,
        ensure_ascii=ensure_ascii,
        newline=newline,
        leading=leading,
        trailing=trailing,
    )


def _first_key_separator(body: str) -> str | None:
    """The separator after the first object key, read with the real string scanner."""
    start = body.find('"')
    if start < 0:
        return None
    try:
        _, end = json.decoder.scanstring(body, start + 1)  # type: ignore[attr-defined]
    except json.JSONDecodeError:
        return None
    match = _KEY_SEPARATOR.match(body, end - 1)
    return match.group(0)[1:] if match else None


def _swap_literals(value: Any, literals: list[str]) -> Any:
    """Copy of `value` where non-canonical number literals become sentinel strings."""
    if isinstance(value, FloatLiteral):
        if value.canonical:
            return value
        literals.append(value.literal)
        return _SENTINEL.format(len(literals) - 1)
    if isinstance(value, dict):
        return {key: _swap_literals(child, literals) for key, child in value.items()}
    if isinstance(value, list):
        return [_swap_literals(child, literals) for child in value]
    return value
