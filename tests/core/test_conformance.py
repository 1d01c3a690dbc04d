"""Our `openlineage` rule set gives the official verdict on every example event.

The official verdict comes from the Python `jsonschema` package over the reference schemas in
../shared (the core's formats asserted, the facet schemas' formats annotations as the OpenLineage
project runs them, standard facets checked by key and place): an independent engine
and independent schema files, so agreement here is evidence, not a tautology.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.core.document import EventDocument
from composer.core.validation import validate
from tests.official_oracle import official_verdict
from tests.spec_data import EXAMPLES_DIR, example_events, needs_spec


def _ours(event: object) -> bool:
    return not any(p.severity == "error" for p in validate(event, ["openlineage"]))


@needs_spec
@pytest.mark.parametrize("path", example_events(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_openlineage_verdict_equals_official(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = EventDocument.from_json(text)
    assert document.to_json() == text
    assert _ours(document.value) == official_verdict(json.loads(text))


@needs_spec
def test_the_folders_mean_what_they_say() -> None:
    """valid/ passes, invalid/ fails: guards against an oracle that agrees by always saying yes."""
    for path in sorted((EXAMPLES_DIR / "valid").glob("*.json")):
        assert _ours(json.loads(path.read_text("utf-8"))), path.name
    for path in sorted((EXAMPLES_DIR / "invalid").glob("*.json")):
        assert not _ours(json.loads(path.read_text("utf-8"))), path.name
    lenient = [json.loads(p.read_text("utf-8")) for p in sorted((EXAMPLES_DIR / "lenient").glob("*.json"))]
    assert lenient and not any(_ours(event) for event in lenient)


@needs_spec
def test_invalid_examples_get_readable_messages() -> None:
    for path in sorted((EXAMPLES_DIR / "invalid").glob("*.json")):
        problems = [p for p in validate(json.loads(path.read_text("utf-8")), ["openlineage"]) if p.severity == "error"]
        for problem in problems:
            assert "{" not in problem.message, problem.message  # no schema dumps
            assert problem.message.split(":", 1)[0], problem.message
