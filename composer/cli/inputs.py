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
            return sys.stdin.buffer.read().decode("utf-8-sig") if exact else sys.stdin.read()
        with open(name, encoding="utf-8-sig", newline="" if exact else None) as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(cannot_read(name, exc)) from None


def cannot_read(name: str, exc: OSError | UnicodeDecodeError) -> str:
    """The one-line reason a read failed: the system's words for an OS error."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot read {name}: {reason}"
