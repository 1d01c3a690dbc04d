"""Any text as source code that evaluates to exactly that text: shell, Python and Java.

Exported snippets must deliver the event byte for byte, whatever it holds: quotes, `$`,
backslashes, JSON's own `\\u00e9` escapes, CRLF line ends, emoji, a line reading `EOF`. Each
writer keeps ordinary text readable (one source line per event line) and escapes only what its
language would otherwise change. The tests feed these functions arbitrary text and evaluate the
result with the real interpreter or compiler.
"""

from __future__ import annotations

import ast
import re

# --- shell (POSIX sh, bash, dash, zsh) ------------------------------------------------------


def _is_awkward(char: str) -> bool:
    """Inside single quotes the shell changes nothing, but it cannot hold NUL, and CR, tabs and
    invisible characters do not survive copy and paste: those go through printf's octal escapes."""
    return char != "\n" and not char.isprintable()


def _all_plain(text: str) -> bool:
    """No awkward character at all: the common case, checked in C rather than per character."""
    return text.replace("\n", "").isprintable()


def shell_quote(text: str) -> str:
    """`text` in single quotes; only `'` itself needs the close-escape-reopen dance."""
    return "'" + text.replace("'", "'\\''") + "'"


def shell_printf(text: str) -> str:
    """A `printf` command that writes exactly the UTF-8 bytes of `text`, no newline added.

    printf is a shell builtin, so a large event is not limited by the kernel's argument size.
    """
    if _all_plain(text):
        return f"printf '%s' {shell_quote(text)}"
    segments: list[str] = []
    escapes: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_awkward(char):
            segments.append("".join(current))
            current = []
            escapes.append("".join(f"\\{byte:03o}" for byte in char.encode("utf-8")))
        else:
            current.append(char)
    segments.append("".join(current))
    # Merge runs of escapes so "\r\n"-style sequences stay compact: "%s\015%s" with empty args
    # would work too, but is harder to read.
    format_parts = ["%s"]
    arguments = [segments[0]]
    for escape, segment in zip(escapes, segments[1:], strict=True):
        format_parts[-1] += escape
        if segment:
            format_parts.append("%s")
            arguments.append(segment)
    return "printf '" + "".join(format_parts) + "' " + " ".join(shell_quote(a) for a in arguments)


# --- Python ---------------------------------------------------------------------------------


class _PythonEscapes(dict[int, str]):
    """str.translate table: backslash, CR, tab and anything invisible become escapes."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isprintable() or char == "\n":
            raise LookupError(code)  # translate() keeps the character as it is
        if code < 0x100:
            found = f"\\x{code:02x}"
        elif code < 0x10000:
            found = f"\\u{code:04x}"
        else:
            found = f"\\U{code:08x}"
        self[code] = found
        return found


_PYTHON_ESCAPES = _PythonEscapes({ord("\\"): "\\\\", ord("\r"): "\\r", ord("\t"): "\\t"})
# A quote that another quote follows, or that ends the text, could close the literal early.
_PYTHON_RISKY_QUOTE = re.compile(r'"(?="|\Z)')


def python_text_literal(text: str) -> str:
    """A triple-quoted Python string literal equal to `text` (the source file is UTF-8).

    A raw literal when it evaluates back to the text, so JSON's own escapes (`\\"`, `\\n` in a
    SQL facet) read as they do in the preview; otherwise an escaped one.
    """
    raw = f'r"""{text}"""'
    if _all_plain(text) and _evaluates_to(raw, text):
        return raw
    escaped = text.translate(_PYTHON_ESCAPES)
    return '"""' + _PYTHON_RISKY_QUOTE.sub(r'\\"', escaped) + '"""'


def _evaluates_to(literal: str, text: str) -> bool:
    try:
        return bool(ast.literal_eval(literal) == text)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return False


def python_short_literal(text: str) -> str:
    """A one-line literal for URLs and names (`repr` with double quotes when it can)."""
    found = repr(text)
    if found.startswith("'") and '"' not in text:
        return '"' + found[1:-1] + '"'
    return found


# --- Java -----------------------------------------------------------------------------------

# Java turns every \\uXXXX into its character *before* reading the source, so an escaped line
# feed would break the literal: controls use octal escapes, and only non-ASCII uses \\u. The
# output is ASCII, so the platform's source encoding never matters.
_JAVA_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JAVA_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f-\U0010ffff]')
# A compile-time constant string may not exceed 65535 bytes, and a method's code 64 KiB: the
# event is joined at run time from pieces of at most this many characters.
JAVA_PIECE_CHARS = 2000
JAVA_MAX_PIECES = 4000
_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def _java_escape_match(match: re.Match[str]) -> str:
    char = match.group()
    simple = _JAVA_SIMPLE.get(char)
    if simple is not None:
        return simple
    code = ord(char)
    if code < 0x80:
        return f"\\{code:03o}"
    units = char.encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def java_string_literal(text: str) -> str:
    return '"' + _JAVA_SPECIAL.sub(_java_escape_match, text) + '"'


def java_pieces(text: str) -> list[str]:
    """The text cut after each line end, long lines cut again, packed if there are too many."""
    pieces: list[str] = []
    for line in _LINES.findall(text):
        pieces.extend(
            line[start : start + JAVA_PIECE_CHARS] for start in range(0, len(line), JAVA_PIECE_CHARS)
        )
    if len(pieces) > JAVA_MAX_PIECES:
        pieces = [text[start : start + JAVA_PIECE_CHARS] for start in range(0, len(text), JAVA_PIECE_CHARS)]
    return pieces


def java_text_expression(text: str, indent: str) -> str:
    """A Java expression equal to `text`: one literal per line, joined at run time."""
    pieces = java_pieces(text)
    if len(pieces) <= 1:
        return java_string_literal(text)
    inner = (",\n" + indent).join(java_string_literal(piece) for piece in pieces)
    return f'String.join("",\n{indent}{inner})'
