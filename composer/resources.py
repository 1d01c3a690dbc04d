"""Where the app's own read-only data lives.

Installed wheels carry `resources/` inside the package (`composer/resources`); a source checkout
or an editable install reads the top-level `resources/` folder beside the package; a PyInstaller
bundle sets `sys._MEIPASS`. Only the app's own files are read from here, never user data.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    candidates = [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "composer" / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "Lineage Composer's resources folder is missing; looked in "
        + ", ".join(str(c) for c in candidates)
        + ". Reinstall the app."
    )


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


@cache
def load_json_resource(*parts: str) -> Any:
    """Parsed JSON of one resource file, read once per process."""
    return json.loads(resource_path(*parts).read_text(encoding="utf-8"))
