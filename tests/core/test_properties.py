"""Property tests: random or mangled JSON never crashes load, round trip or validation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.document import EventDocument
from composer.core.jsontext import MAX_DEPTH, JsonSyntaxError, decode_utf8, dumps, parse
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


# --- issue 14: literals Python will not read, nesting past the limit, bytes that are not UTF-8 ---

long_integers = st.builds(
    lambda sign, first, rest: sign + first + rest,
    st.sampled_from(["", "-"]),
    st.sampled_from("123456789"),
    st.text("0123456789", min_size=4300, max_size=6000),
)
huge_exponents = st.builds(
    lambda mantissa, sign, exponent: f"{mantissa}e{sign}{exponent}",
    st.sampled_from(["1", "-2.5", "9.99", "0"]),
    st.sampled_from(["", "+", "-"]),
    st.integers(min_value=309, max_value=10**30),
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(st.one_of(long_integers, huge_exponents), st.sampled_from([None, 2]))
def test_any_number_literal_round_trips_exactly_and_validates(literal: str, indent: int | None) -> None:
    event = {**GOOD, "run": {**GOOD["run"], "facets": {"x": {"_producer": "p", "_schemaURL": "s", "n": 0}}}}
    text = json.dumps(event, indent=indent).replace('"n": 0', f'"n": {literal}')
    document = EventDocument.from_json(text)
    assert document.to_json() == text
    assert str(document.value["run"]["facets"]["x"]["n"]) in (literal, "inf", "-inf", "0.0", "-0.0")
    _problem_paths_are_pointers(document.value)


@settings(max_examples=40)
@given(st.integers(1, MAX_DEPTH + 400), st.sampled_from(["[", '{"k": ']), st.integers(0, 300))
def test_nesting_is_limited_the_same_from_any_stack_depth(depth: int, opener: str, stack: int) -> None:
    closer = "]" if opener == "[" else "}"
    text = '{"a": 1,\n "deep": ' + opener * depth + "0" + closer * depth + "}"

    def parse_from(frames: int) -> JsonSyntaxError | None:
        if frames:
            return parse_from(frames - 1)
        try:
            EventDocument.from_json(text)
        except JsonSyntaxError as exc:
            return exc
        return None

    error = parse_from(stack)
    if depth + 1 <= MAX_DEPTH:
        assert error is None
    if depth + 1 > MAX_DEPTH + 16:  # past the limit (and the few levels a parse hook may add)
        assert error is not None
    if error is not None:
        assert "nested deeper than" in error.reason and "comma" not in error.hint
        assert error.line == 2  # where the deep part is, not "line 1, column 1"
        assert text[error.position] == opener[0]


@settings(max_examples=60)
@given(
    st.lists(
        st.text(st.characters(exclude_characters="\n", exclude_categories=["Cs"]), max_size=10),
        min_size=1,
        max_size=5,
    ),
    st.data(),
)
def test_invalid_utf8_is_located_by_line_and_column(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    line_number = data.draw(st.integers(0, len(lines) - 1))
    column = data.draw(st.integers(0, len(lines[line_number])))
    bad = data.draw(st.sampled_from([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\x80"]))
    before = "\n".join([*lines[:line_number], lines[line_number][:column]])
    after = text[len(before) :]
    with pytest.raises(JsonSyntaxError) as caught:
        decode_utf8(before.encode() + bad + after.encode())
    assert (caught.value.line, caught.value.column) == (line_number + 1, column + 1)
    assert f"(line {line_number + 1}, column {column + 1})" in str(caught.value)
