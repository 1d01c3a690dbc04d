import json
from datetime import UTC, datetime

import pytest

from composer.core.templates import instantiate, template, templates
from composer.core.validation import validate
from tests.spec_data import alation_examples, needs_alation_page


def test_every_template_instantiates_without_errors_for_alation() -> None:
    assert next(t.id for t in templates()) == "empty"
    for entry in templates():
        document = instantiate(entry.id)
        errors = [p for p in validate(document.value, ["alation"]) if p.severity == "error"]
        if entry.id == "empty":
            assert {p.path for p in errors} >= {"/inputs", "/outputs", "/job/name"}
        else:
            assert errors == [], entry.id


def test_fresh_run_gets_new_ids_and_time() -> None:
    now = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    first, second = instantiate("alation-complete", now=now), instantiate("alation-complete", now=now)
    assert first.run_id != second.run_id
    assert first.event_time == "2025-01-02T03:04:05.000Z"


@needs_alation_page
@pytest.mark.parametrize("name", ["minimal", "complete", "test"])
def test_alation_templates_equal_the_page(name: str) -> None:
    document = instantiate(f"alation-{name}", fresh_run=False)
    assert document.value == json.loads(alation_examples()[name])


def test_unknown_template_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="alation-minimal"):
        template("nope")
