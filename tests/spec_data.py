"""Where the official OpenLineage reference data lives for tests (never copied into the repo)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "openlineage-spec"
SPEC_DIR = Path(os.environ.get("LINEAGE_COMPOSER_SPEC_DIR", _DEFAULT))
SCHEMAS_DIR = SPEC_DIR / "schemas"
EXAMPLES_DIR = SPEC_DIR / "examples"
ALATION_PAGE = SPEC_DIR.parent / "alation-direct-api.txt"

needs_spec = pytest.mark.skipif(
    not SPEC_DIR.is_dir(),
    reason=f"OpenLineage reference data not found at {SPEC_DIR} (the ../shared folder beside the checkout)",
)

EVENT_FOLDERS = ("valid", "lenient", "invalid", "real")


def example_events() -> list[Path]:
    """Every example event file, or an empty list where the reference data is absent."""
    if not EXAMPLES_DIR.is_dir():
        return []
    return sorted(
        p for folder in EVENT_FOLDERS for p in (EXAMPLES_DIR / folder).glob("*.json") if p.name != "MANIFEST.json"
    )


def facet_examples() -> list[Path]:
    if not EXAMPLES_DIR.is_dir():
        return []
    return sorted((EXAMPLES_DIR / "facets").glob("*.json"))


def alation_examples() -> dict[str, str]:
    """The event examples on Alation's Direct API page: minimal, complete and test, as JSON text."""
    page = ALATION_PAGE.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for name, heading in (
        ("minimal", "Minimal Event Example"),
        ("complete", "Complete Event Example with Metadata"),
        ("test", "Test Event"),
    ):
        start = page.index("{", page.index(heading))
        _, end = json.JSONDecoder().raw_decode(page, start)
        found[name] = page[start:end]
    return found


needs_alation_page = pytest.mark.skipif(
    not ALATION_PAGE.is_file(), reason=f"Alation's Direct API page not found at {ALATION_PAGE}"
)
