"""Does a dataset name have the shape its platform expects?

Alation resolves a dataset by namespace *and* name; a name with a part missing (schema.table for
PostgreSQL) is accepted by the endpoint but lands on a temporary object, so we say so early.
"""

from __future__ import annotations

import re

from .catalog import Platform, platform
from .forms import parse_namespace

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_CLOSING = {'"': '"', "`": "`", "[": "]"}


def check_name(platform_id: str, name: str) -> str | None:
    """None when `name` fits the platform's shape, else a sentence saying what is wrong."""
    target = platform(platform_id)
    rule = target.name_rule
    if not name.strip():
        return f"The dataset name is empty; {target.label} dataset names look like {rule.example}."
    if name != name.strip():
        return f"{name!r} starts or ends with spaces; {target.label} dataset names look like {rule.example}."
    if "://" in name:
        return (
            f"{name!r} looks like a whole URI. The location belongs in the namespace; the name is only "
            f"{rule.shape}, e.g. {rule.example}."
        )
    if rule.kind == "parts":
        return _check_parts(target, name)
    if rule.kind == "path":
        return _check_path(target, name)
    if not re.fullmatch(rule.regex, name):
        return f"{target.label} dataset names look like {rule.shape}, e.g. {rule.example}; {name!r} doesn't."
    return None


def expected_name_shape(namespace: str) -> str | None:
    """The name shape for a namespace's platform (for placeholders), or None if it is unknown."""
    found = parse_namespace(namespace)
    return found.platform.name_shape if found else None


def split_name(name: str) -> list[str] | None:
    """Dot-separated parts, keeping dots inside "quoted", `quoted` or [bracketed] identifiers.

    None when a quote is left open, since then the parts can't be told apart.
    """
    parts: list[str] = []
    current: list[str] = []
    closing: str | None = None
    for char in name:
        if closing is not None:
            current.append(char)
            if char == closing:
                closing = None
        elif char == ".":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
            closing = _CLOSING.get(char)
    if closing is not None:
        return None
    parts.append("".join(current))
    return parts


def _check_parts(target: Platform, name: str) -> str | None:
    rule = target.name_rule
    parts = split_name(name)
    if parts is None:
        return f"{name!r} has a quote that is never closed."
    if len(parts) != len(rule.parts):
        return (
            f"{target.label} dataset names have {_count(len(rule.parts))} parts, {rule.shape}; "
            f"{name!r} has {_count(len(parts))}."
        )
    if not all(parts):
        return (
            f"{name!r} has an empty part; {target.label} dataset names are {rule.shape}, e.g. {rule.example}."
        )
    return None


def _check_path(target: Platform, name: str) -> str | None:
    rule = target.name_rule
    if rule.leading_slash == "forbidden" and name.startswith("/"):
        return (
            f"{target.label} dataset names are object paths without a leading '/', "
            f"e.g. {rule.example}; {name!r} starts with '/'."
        )
    if rule.leading_slash == "required" and not name.startswith("/"):
        return f"{target.label} dataset names are absolute paths starting with '/', e.g. {rule.example}."
    return None


def _count(number: int) -> str:
    return _WORDS[number] if number < len(_WORDS) else str(number)
