"""Reading a command's input: FILE, or standard input for '-', with one wording for failures.

Every command that takes `FILE|-` reads it here, so they all accept the same things (a UTF-8
file, with or without a byte-order mark) and refuse the same things with the same words:
"cannot read NAME: reason". Only the standard library is imported: `composer.cli` loads fast.
"""

from __future__ import annotations

import sys

STDIN = "-"


class InputError(Exception):
    """The input could not be read; the message is the one line the command prints."""


def read_input(name: str, *, exact: bool = False) -> str:
    """The text of the file `name`, or of standard input for '-'; raises `InputError`.

    `exact` is for commands that send or export the text as it stands: standard input is read
    as UTF-8 bytes (a byte-order mark dropped, whatever the terminal's encoding) and a file's
    line endings are kept (CRLF stays CRLF). Otherwise newlines are translated as Python does.
    """
    try:
        if name == STDIN:
            if not exact:
                return sys.stdin.read()
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as handle:
                data = handle.read()
        text = data.decode("utf-8-sig")  # bytes, so that a bad byte's line and column are known
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(cannot_read(name, exc)) from None
    return text if exact or name == STDIN else text.replace("\r\n", "\n").replace("\r", "\n")


def cannot_read(name: str, exc: OSError | UnicodeDecodeError) -> str:
    """The one-line reason a read failed: the system's words for an OS error, the line and
    column of the first byte that is not UTF-8."""
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot read {name}: {_not_utf8(exc)}"
    reason = exc.strerror if exc.strerror else str(exc)
    return f"cannot read {name}: {reason}"


def _not_utf8(exc: UnicodeDecodeError) -> str:
    """Where the text stops being UTF-8 (`exc.object` is the whole input: it was read as bytes)."""
    from composer.core.jsontext import utf8_error  # noqa: PLC0415 (the CLI starts without core)

    return str(utf8_error(bytes(exc.object), exc))
