"""Writing a file so that readers see the old one or the new one, never half of one.

The profiles file and the facet-schema cache both rewrite small JSON files that another process
(a second window, the CLI) may be reading, and a crash mid-write must not leave a torn file: the
text goes to a temporary file beside the target, is flushed to disk, and is renamed over it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8), creating its folder; raises `OSError` and leaves no
    temporary file behind when it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}-", suffix=".tmp", delete=False
    ) as handle:
        temporary = handle.name
        try:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            handle.close()
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
