"""Namespace templates such as `postgres://{host}:{port}`, used in both directions.

One template text drives building (fill the fields) and parsing (a regex made from the same text),
so the two can never drift apart and round trips hold by construction. `[ ... ]` marks a part that
is left out when a field inside it is empty (Snowflake's optional region).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\{(?P<field>\w+)\}|(?P<open>\[)|(?P<close>\])|(?P<text>[^{}\[\]]+)")


@dataclass(frozen=True)
class _Text:
    text: str


@dataclass(frozen=True)
class _Field:
    key: str


@dataclass(frozen=True)
class _Optional:
    nodes: tuple[_Node, ...]


_Node = _Text | _Field | _Optional


@dataclass(frozen=True)
class Template:
    text: str
    nodes: tuple[_Node, ...]
    regex: re.Pattern[str]
    fields: tuple[str, ...]
    optional_fields: frozenset[str]

    @classmethod
    def compile(cls, text: str, patterns: Mapping[str, str]) -> Template:
        """Read a template; `patterns` gives each field's value regex, which parsing relies on."""
        nodes = _parse(text)
        fields = tuple(_fields(nodes))
        unknown = [key for key in fields if key not in patterns]
        if unknown:
            raise ValueError(f"template {text!r} uses undeclared fields: {', '.join(unknown)}")
        optional = frozenset(_fields(n for n in nodes if isinstance(n, _Optional)))
        regex = re.compile("".join(_regex(node, patterns) for node in nodes))
        return cls(text, nodes, regex, fields, optional)

    def render(self, values: Mapping[str, str]) -> str:
        return "".join(_render(node, values) for node in self.nodes)

    def match(self, text: str) -> dict[str, str] | None:
        found = self.regex.fullmatch(text)
        if found is None:
            return None
        return {key: value for key, value in found.groupdict().items() if value is not None}


def _parse(text: str) -> tuple[_Node, ...]:
    stack: list[list[_Node]] = [[]]
    position = 0
    while position < len(text):
        token = _TOKEN.match(text, position)
        if token is None:
            raise ValueError(f"template {text!r}: unexpected {text[position]!r} at {position}")
        position = token.end()
        if token["field"]:
            stack[-1].append(_Field(token["field"]))
        elif token["open"]:
            stack.append([])
        elif token["close"]:
            if len(stack) == 1:
                raise ValueError(f"template {text!r}: ']' without '['")
            group = _Optional(tuple(stack.pop()))
            stack[-1].append(group)
        else:
            stack[-1].append(_Text(token["text"]))
    if len(stack) != 1:
        raise ValueError(f"template {text!r}: '[' without ']'")
    return tuple(stack[0])


def _fields(nodes: Iterable[_Node]) -> list[str]:
    keys: list[str] = []
    for node in nodes:
        if isinstance(node, _Field):
            keys.append(node.key)
        elif isinstance(node, _Optional):
            keys.extend(_fields(node.nodes))
    return keys


def _regex(node: _Node, patterns: Mapping[str, str]) -> str:
    if isinstance(node, _Text):
        return re.escape(node.text)
    if isinstance(node, _Field):
        return f"(?P<{node.key}>{patterns[node.key]})"
    return "(?:" + "".join(_regex(child, patterns) for child in node.nodes) + ")?"


def _render(node: _Node, values: Mapping[str, str]) -> str:
    if isinstance(node, _Text):
        return node.text
    if isinstance(node, _Field):
        return values[node.key]
    if all(values.get(key) for key in _fields(node.nodes)):
        return "".join(_render(child, values) for child in node.nodes)
    return ""
