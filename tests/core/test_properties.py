"""Property tests: random or mangled JSON never crashes load, round trip or validation."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError, dumps, parse
from composer.core.pointer import parse_pointer
from composer.core.validation import RULE_SETS, validate
from tests.core.test_validation_alation import GOOD

ALL_RULES = list(RULE_SETS)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
GOOD_TEXT = json.dumps(GOOD, indent=2)


def _problem_paths_are_pointers(event: Any) -> None:
    for problem in validate(event, ALL_RULES):
        assert problem.severity in ("error", "warning", "info")
        assert problem.message
        parse_pointer(problem.path)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from([None, 2, 4, "\t"]), st.booleans())
def test_any_json_round_trips_and_validates(value: Any, indent: int | str | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    document = EventDocument.from_json(text)
    assert document.to_json() == text
    parsed = parse(text)
    again = dumps(parsed.value, parsed.style)
    assert json.loads(again) == json.loads(text)
    _problem_paths_are_pointers(document.value)


@settings(max_examples=300)
@given(st.data())
def test_mangled_event_text_never_crashes(data: st.DataObject) -> None:
    text = GOOD_TEXT
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:position] + text[position + 1 :]
        else:
            text = text[:position] + data.draw(st.sampled_from(list('{}[],:"\\ 0a-.e\n'))) + text[position:]
    try:
        document = EventDocument.from_json(text)
    except JsonSyntaxError as error:
        assert error.line >= 1 and error.column >= 1
        return
    assert document.to_json() == text
    _problem_paths_are_pointers(document.value)


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


@settings(max_examples=300)
@given(st.data())
def test_event_with_random_parts_replaced_validates_without_crashing(data: st.DataObject) -> None:
    event = json.loads(GOOD_TEXT)
    event["inputs"][0]["facets"] = {
        "schema": {"_producer": "x", "_schemaURL": "y", "fields": [{"name": "a"}]}
    }
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(event) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        node: Any = event
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = data.draw(json_values)
    _problem_paths_are_pointers(event)
