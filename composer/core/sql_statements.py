"""Split SQL text into statements at the semicolons that end them.

openlineage-sql parses a whole script at once, but then it cannot say which output table a column
belongs to, and one bad statement hides what the others read and write. Splitting first lets each
statement be parsed (and reported on) by itself. This is lexical only: semicolons inside quoted
strings and identifiers, comments and PostgreSQL dollar-quoted bodies are skipped; nothing else is
interpreted, so what a statement means is left entirely to the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOSERS = {"'": "'", '"': '"', "`": "`", "[": "]"}
_DOLLAR_TAG = re.compile(r"\$[A-Za-z_]?[A-Za-z0-9_]*\$")


@dataclass(frozen=True)
class Statement:
    """One statement's text (without its semicolon) and the 1-based line it starts on."""

    text: str
    line: int


def split_statements(sql: str) -> list[Statement]:
    """The non-empty statements of `sql`, in order; comment-only pieces are dropped."""
    statements: list[Statement] = []
    start = index = 0
    has_code = False
    while index < len(sql):
        char = sql[index]
        skipped = _skip_quoted_or_comment(sql, index)
        if skipped is not None:
            has_code = has_code or not _is_comment(sql, index)
            index = skipped
            continue
        if char == ";":
            _keep(statements, sql, start, index, has_code)
            start, has_code = index + 1, False
        elif not char.isspace():
            has_code = True
        index += 1
    _keep(statements, sql, start, len(sql), has_code)
    return statements


def _keep(statements: list[Statement], sql: str, start: int, end: int, has_code: bool) -> None:
    piece = sql[start:end]
    if not has_code:
        return
    leading = len(piece) - len(piece.lstrip())
    line = sql.count("\n", 0, start + leading) + 1
    statements.append(Statement(piece.strip(), line))


def _is_comment(sql: str, index: int) -> bool:
    return sql.startswith("--", index) or sql.startswith("/*", index)


def _skip_quoted_or_comment(sql: str, index: int) -> int | None:
    """The index just past the quoted text or comment starting at `index`, or None if none does."""
    if sql.startswith("--", index):
        end = sql.find("\n", index)
        return len(sql) if end < 0 else end + 1
    if sql.startswith("/*", index):
        end = sql.find("*/", index + 2)
        return len(sql) if end < 0 else end + 2
    char = sql[index]
    if char == "$":
        tag = _DOLLAR_TAG.match(sql, index)
        if tag is None:
            return None
        end = sql.find(tag.group(), tag.end())
        return len(sql) if end < 0 else end + len(tag.group())
    closer = _CLOSERS.get(char)
    if closer is None:
        return None
    position = index + 1
    while position < len(sql):
        if sql[position] == closer:
            if closer != "]" and sql.startswith(closer, position + 1):
                position += 2  # a doubled quote stands for the quote itself
                continue
            return position + 1
        position += 1
    return len(sql)
