"""JSON text that survives a round trip through the app.

Support engineers reproduce a customer's event exactly, so parsing must not normalise what it
reads: number literals keep their spelling (`1.0`, `1E5`, `-0`), key order is kept by `dict`,
and the text's layout (indent, separators, ASCII escaping, surrounding white space) is detected
so that a re-serialised document looks like the one that was opened.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from composer.core.pointer import format_pointer

_SENTINEL = "\x00lc-number:{}\x00"
_SENTINEL_OUT = re.compile(r'"\\u0000lc-number:(\d+)\\u0000"')


# How deep arrays and objects may nest. Python's parser and every walk of the tree recurse, so
# without one limit the depth that fails depends on how deep the caller's stack already is (the
# window's threads, the CLI, the sandbox): one fixed limit makes every path give the same answer.
MAX_DEPTH = 256
# Python refuses to turn a longer digit string into an int (a guard against slow conversions).
_INT_DIGITS = 4300
_SYNTAX_HINT = "Fix the JSON at that line and column (a missing comma or quote is the usual cause)."


class JsonSyntaxError(ValueError):
    """Malformed JSON, with a 1-based line and column a person can find in an editor.

    `hint` says what to do about it; the usual cause of a syntax error unless the error is of
    another kind (too deep, not UTF-8)."""

    def __init__(self, message: str, line: int, column: int, position: int, hint: str = _SYNTAX_HINT) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.reason = message
        self.line = line
        self.column = column
        self.position = position
        self.hint = hint


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



class IntLiteral(int):
    """An integer literal longer than Python will print or read (4,300 digits): the exact value,
    and `literal`, its spelling, which is what `str`, `repr` and `dumps` give back."""

    literal: str

    def __new__(cls, literal: str) -> IntLiteral:
        number = super().__new__(cls, _long_int(literal))
        number.literal = literal
        return number

    canonical = False  # `json.dumps` cannot spell it: `dumps` writes `literal`

    def __repr__(self) -> str:
        return self.literal

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return self.literal if not spec else format(float(self), spec)

    def __reduce__(self) -> tuple[type[IntLiteral], tuple[str]]:
        return IntLiteral, (self.literal,)  # copies and pickles rebuilt from the spelling


def read_int(literal: str) -> int:
    """A JSON integer literal as an int, whatever its length (a `parse_int` hook for `json`)."""
    return int(literal) if len(literal) <= _INT_DIGITS else IntLiteral(literal)


def _long_int(literal: str) -> int:
    """`int(literal)` past Python's digit limit: halves converted apart, so it stays fast."""
    if len(literal) <= _INT_DIGITS:
        return int(literal)
    sign = -1 if literal.startswith("-") else 1
    digits = literal.lstrip("-")
    half = len(digits) // 2
    whole: int = _long_int(digits[:-half]) * 10**half + _long_int(digits[-half:])
    return sign * whole


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
        value = loads_bounded(
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
        raise too_deep(text) from None
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


def loads_bounded(text: str, **hooks: Any) -> Any:
    """`json.loads` that fails with `RecursionError` past `MAX_DEPTH`, wherever it is called from.

    Text with no more brackets than the limit cannot nest deeper and is parsed as it is. Other
    text is parsed at the bottom of a padded stack, so that the recursion budget left to the
    parser is `MAX_DEPTH` whatever the caller's depth: the check costs nothing per value."""
    hooks.setdefault("parse_int", read_int)
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return json.loads(text, **hooks)
    spare = sys.getrecursionlimit() - _stack_depth() - MAX_DEPTH - _HOOK_FRAMES
    return _padded(spare, lambda: json.loads(text, **hooks))


def too_deep(text: str) -> JsonSyntaxError:
    """The error for text nested deeper than `MAX_DEPTH`, at the bracket that goes past it."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _line_column(text, match.start())
                return JsonSyntaxError(
                    f"nested deeper than {MAX_DEPTH} levels", line, column, match.start(), _DEPTH_HINT
                )
        elif token in "]}":
            depth -= 1
    return JsonSyntaxError(f"nested deeper than {MAX_DEPTH} levels", 1, 1, 0, _DEPTH_HINT)


def decode_utf8(data: bytes) -> str:
    """UTF-8 bytes as text; raises `JsonSyntaxError` at the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise utf8_error(data, exc) from None


def utf8_error(data: bytes, exc: UnicodeDecodeError) -> JsonSyntaxError:
    """Where `data` stops being UTF-8, as a line and a column counted in characters."""
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    line = data.count(b"\n", 0, exc.start) + 1
    column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
    return JsonSyntaxError(
        f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be read",
        line,
        column,
        exc.start,
        "JSON must be UTF-8: save the file again as UTF-8 (it may be in another encoding).",
    )


_DEPTH_HINT = f"Arrays and objects may nest at most {MAX_DEPTH} levels deep: flatten that part of the event."
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# Frames a parse hook adds below the parser's own (a hook and what it calls).
_HOOK_FRAMES = 8


def _stack_depth() -> int:
    frame, depth = sys._getframe(1), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth


def _padded(frames: int, call: Any) -> Any:
    """`call()` made `frames` calls further down the stack."""
    if frames <= 0:
        return call()
    return _padded(frames - 1, call)


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
        number = read_int(literal)
        if isinstance(number, IntLiteral):
            self.exotic = True
        return number

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
    bom = 1 if text.startswith("\ufeff") else 0
    start = len(text) - len(text[bom:].lstrip(" \t\r\n"))  # str methods: 20 MB of spaces in ms
    end = start + len(text[start:].rstrip(" \t\r\n"))
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
    if isinstance(value, (FloatLiteral, IntLiteral)):
        if value.canonical:
            return value
        literals.append(value.literal)
        return _SENTINEL.format(len(literals) - 1)
    if isinstance(value, dict):
        return {key: _swap_literals(child, literals) for key, child in value.items()}
    if isinstance(value, list):
        return [_swap_literals(child, literals) for child in value]
    return value
