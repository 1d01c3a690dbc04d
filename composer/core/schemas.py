"""The OpenLineage schema engine: our own schemas, compiled once, with the official verdict.

Events can hold thousands of datasets and are re-checked on every pause in typing, so validation
runs in `jsonschema_rs` (compiled Rust) against validators built once per process.

The reference verdict is the Python `jsonschema` package's `Draft202012Validator` as the
OpenLineage project runs it over events (its compatibility tests build one per schema, with no
format checker). In draft 2020-12 `format` is then an annotation, so a facet's
`dataSource.uri = "file"` (what the Spark integration sends) is valid. We follow that for the
standard facets, and assert the core schema's own formats (eventTime date-time, runId uuid,
producer, schemaURL, and every facet's `_producer` and `_schemaURL` as URIs) because receivers
parse those; a facet value that misses its annotated format is reported by the `lint` rule set
instead (`facet_format_misses`). Two more things keep the verdict equal to the reference one:

* Format checks. jsonschema_rs's built-in date-time, uri and uuid checks disagree with the
  reference's format checker (rfc3339-validator, rfc3987, `uuid.UUID`) on edge cases (it takes
  leap seconds and year 0000, refuses a trailing newline that the reference's regular
  expressions let through, and reads UUIDs more strictly than Python's `uuid.UUID`). We plug in
  checks that agree with the reference; see `_date_time` and friends.
* Numbers. jsonschema_rs cannot read `float` subclasses (our JSON parser keeps number spellings in
  one), non-finite floats (`1e400` parses to infinity) or strings with lone surrogates. Such
  instances are converted to plain JSON values that the validators judge the same way.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, TypeVar, cast

import jsonschema_rs

from composer.core.facets import (
    EVENT_KINDS,
    Container,
    EventKind,
    all_facets,
    facet_sites,
    guess_kind,
)
from composer.core.pointer import parse_pointer
from composer.resources import load_json_resource

__all__ = [
    "Container",
    "EventCheck",
    "EventKind",
    "SchemaError",
    "SchemaSet",
    "compile_schema",
    "load_schema_set",
    "schema_errors",
]

CORE_ID = "https://schemas.lineage-composer.local/openlineage-event.json"
_MESSAGE_LIMIT = 300  # rs messages embed the instance, which can be a whole event


@dataclass(frozen=True)
class SchemaError:
    """One schema violation, in terms a caller can turn into its own wording."""

    path: tuple[str | int, ...]  # relative to the instance that was checked
    kind: str  # the JSON Schema keyword that failed ("required", "type", "format"...)
    details: dict[str, Any]
    message: str  # the engine's own text, for logs


@dataclass(frozen=True)
class EventCheck:
    """The core-schema verdict on an event (standard facets are checked separately)."""

    kind: EventKind
    matched: tuple[EventKind, ...]
    errors: tuple[SchemaError, ...]

    @property
    def valid(self) -> bool:
        """The official top-level `oneOf`: exactly one kind of event must match."""
        return len(self.matched) == 1


class SchemaSet:
    """Compiled validators for the core event and every standard facet."""

    def __init__(self, core: dict[str, Any], facet_schemas: dict[str, dict[str, Any]]) -> None:
        registry = jsonschema_rs.Registry([(CORE_ID, core), *((s["$id"], s) for s in facet_schemas.values())])
        self._kinds = {kind: _compile({"$ref": f"{CORE_ID}#/$defs/{kind}"}, registry) for kind in EVENT_KINDS}
        self._presence = _presence_rules(core)
        self._schemas = facet_schemas
        # Facet formats are annotations (see the module docstring): not asserted by these validators.
        by_file = {
            name: _compile(schema, registry, assert_formats=False) for name, schema in facet_schemas.items()
        }
        self._facets = {(spec.key, spec.container): by_file[spec.schema_file] for spec in all_facets()}
        self._files = {(spec.key, spec.container): spec.schema_file for spec in all_facets()}
        # Only schemas that annotate a format of their own need a look for misses (`_producer` and
        # `_schemaURL` come from the core and are asserted there).
        annotated = {name for name, schema in facet_schemas.items() if _has_format(schema)}
        self._annotated = {(spec.key, spec.container) for spec in all_facets() if spec.schema_file in annotated}
        # A quick test first: a facet that passes with formats asserted misses none, unless an anyOf
        # lets it pass by one branch while another branch it also fits annotates a miss.
        quick = {name: _compile(facet_schemas[name], registry) for name in annotated if not _any_of_format(facet_schemas[name])}
        self._quick = {(spec.key, spec.container): quick[spec.schema_file] for spec in all_facets() if spec.schema_file in quick}

    def check_event(self, event: Any) -> EventCheck:
        guessed = guess_kind(event)
        results = {kind: self._errors(self._kinds[kind], event) for kind in _candidates(event, self._presence)}
        matched = tuple(kind for kind in EVENT_KINDS if results.get(kind) == [])
        if len(matched) == 1:
            return EventCheck(matched[0], matched, ())
        if matched:
            kind = guessed if guessed in matched else matched[0]
            names = " and ".join(matched)
            clash = SchemaError((), "oneOf", {"matched": list(matched)}, f"the event is valid as {names}")
            return EventCheck(kind, matched, (clash,))
        errors = results.get(guessed)
        if errors is None:
            errors = self._errors(self._kinds[guessed], event)
        return EventCheck(guessed, (), tuple(errors))

    def facet_errors(self, key: str, container: Container, facet: Any) -> list[SchemaError] | None:
        validator = self._facets.get((key, container))
        return None if validator is None else self._errors(validator, facet)

    def facet_format_misses(self, key: str, container: Container, facet: Any) -> list[SchemaError]:
        """Values of a standard facet that miss the format its schema annotates them with.

        These never make the facet invalid (formats in facet schemas are annotations, as the
        reference validator runs them); the `lint` rule set warns about them. The places come from
        the schema's own annotations, collected only from the parts of it the facet passes (a
        branch of a oneOf the facet does not take annotates nothing), so a facet with schema
        errors has none until those are fixed. The facet's own `_producer` and `_schemaURL` are
        the core's to check and are left out.
        """
        validator = self._facets.get((key, container))
        if validator is None or (key, container) not in self._annotated:
            return []
        quick = self._quick.get((key, container))
        if quick is not None and _passes(quick, facet):
            return []
        misses: dict[tuple[str | int, ...], SchemaError] = {}
        for place, fmt in _format_annotations(validator, facet):
            path, value = _located(facet, place)
            if path in (("_producer",), ("_schemaURL",)) or not isinstance(value, str) or fmt not in _FORMATS:
                continue
            if path not in misses and not _FORMATS[fmt](value):
                misses[path] = SchemaError(path, "format", {"format": fmt}, f"{value!r} is not a {fmt!r}")
        return list(misses.values())

    def facet_schema(self, key: str, container: Container) -> dict[str, Any] | None:
        """The whole schema file this facet is validated with (a copy; callers may keep it)."""
        file = self._files.get((key, container))
        return None if file is None else cast(dict[str, Any], json.loads(json.dumps(self._schemas[file])))

    def check_facets(self, event: Any, kind: EventKind | None = None) -> tuple[SchemaError, ...]:
        """Errors of every standard facet in the event, with paths from the event's root.

        `kind` picks where facets are looked for; by default the kind the event matched or meant.
        """
        kind = kind or self.check_event(event).kind
        errors: list[SchemaError] = []
        for site in facet_sites(event, kind):
            found = self.facet_errors(site.key, site.container, site.facet)
            errors.extend(_prefixed(error, site.path) for error in found or ())
        return tuple(errors)

    def conforms(self, event: Any) -> bool:
        """The full official verdict: the core schema, then every standard facet by key and container."""
        check = self.check_event(event)
        return check.valid and not self.check_facets(event, check.kind)

    @staticmethod
    def _errors(validator: jsonschema_rs.Validator, instance: Any) -> list[SchemaError]:
        return schema_errors(validator, instance)


def schema_errors(validator: jsonschema_rs.Validator, instance: Any) -> list[SchemaError]:
    """Every error of `instance`, read the way our own schemas read it (numbers, surrogates)."""
    found = _raw_errors(validator, instance)
    if any(_lost_number(error) for error in found):
        found = _raw_errors(validator, _plain_json(instance))
    return [_convert(error) for error in found]


@cache
def load_schema_set() -> SchemaSet:
    """The process-wide schema set; building it compiles every validator, so it happens once."""
    core = cast(dict[str, Any], load_json_resource("schemas", "openlineage-event.json"))
    files = {spec.schema_file for spec in all_facets()}
    schemas = {file: cast(dict[str, Any], load_json_resource(*file.split("/"))) for file in files}
    return SchemaSet(core, schemas)


# Per event kind: must it be an object, the top-level keys it requires, the keys it forbids together.
_Presence = tuple[bool, frozenset[str], frozenset[str] | None]


def _presence_rules(core: dict[str, Any]) -> dict[EventKind, _Presence]:
    """Each kind's presence rules, read from its definition (a `not` counts only if it holds just
    `required`), so the shortcut in `_candidates` can never drift from the schema."""
    rules: dict[EventKind, _Presence] = {}
    for kind in EVENT_KINDS:
        node = core["$defs"][kind]
        negated = node.get("not")
        only_required = isinstance(negated, dict) and set(negated) == {"required"}
        forbidden = frozenset(negated["required"]) if only_required else None
        rules[kind] = (node.get("type") == "object", frozenset(node.get("required", ())), forbidden)
    return rules


def _candidates(event: Any, rules: dict[EventKind, _Presence]) -> list[EventKind]:
    """Kinds the event could match at all, judged by key presence alone.

    The three kinds differ only in required and forbidden top-level keys, so most events need one
    validation instead of three. The rules come from the schema and only rule out kinds that would
    certainly fail, so the verdict stays the schema's.
    """
    keys = set(event) if isinstance(event, dict) else None
    kinds: list[EventKind] = []
    for kind, (is_object, required, forbidden) in rules.items():
        if keys is None:
            if not is_object:
                kinds.append(kind)
        elif required <= keys and not (forbidden is not None and forbidden <= keys):
            kinds.append(kind)
    return kinds


# --- format checks that agree with the reference validator ------------------------------------

# RFC 3339 date-time, read the way the reference reads it: upper-cased first (so "t" and "z" pass),
# no leap second, and `$` (not `\Z`), which also lets one trailing newline through.
_DATE_TIME = re.compile(
    r"(\d{4})-(0[1-9]|1[0-2])-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$",
    re.ASCII,
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _date_time(value: str) -> bool:
    match = _DATE_TIME.match(value.upper())
    if match is None:
        return False
    year, month, day = (int(part) for part in match.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = 29 if month == 2 and leap else 28 if month == 2 else _DAYS[month - 1]
    return year != 0 and 1 <= day <= last


def _uuid(value: str) -> bool:
    """What `uuid.UUID` accepts, with hyphens where the canonical spelling has them."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return all(value[position] == "-" for position in (8, 13, 18, 23))


_RS_URI = jsonschema_rs.validator_for({"format": "uri"}, validate_formats=True)


@lru_cache(maxsize=4096)  # producers and schema URLs repeat on every facet
def _uri(value: str) -> bool:
    """jsonschema_rs's RFC 3986 check, which matches the reference except for a final newline."""
    return bool(_RS_URI.is_valid(value.removesuffix("\n")))


_FORMATS: dict[str, Callable[[str], bool]] = {"date-time": _date_time, "uuid": _uuid, "uri": _uri}


def _compile(
    schema: dict[str, Any],
    registry: jsonschema_rs.Registry,
    retriever: Callable[[str], Any] | None = None,
    *,
    assert_formats: bool = True,
) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(
        schema,
        registry=registry,
        formats=_FORMATS,
        validate_formats=assert_formats,
        retriever=retriever or _no_download,
    )


def _passes(validator: jsonschema_rs.Validator, instance: Any) -> bool:
    """`is_valid`; it answers False (rather than raising) for what it cannot read, so a False is
    asked again of the plain form."""
    return bool(_readably(validator.is_valid, instance, again=lambda valid: not valid))


def _any_of_format(schema: dict[str, Any]) -> bool:
    """Whether some branch of an anyOf in the schema reaches a format (through local $refs too)."""
    defs = schema.get("$defs", {})

    def reaches(node: Any, seen: frozenset[str]) -> bool:
        if isinstance(node, list):
            return any(reaches(child, seen) for child in node)
        if not isinstance(node, dict):
            return False
        ref = node.get("$ref")
        local = isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in seen
        if local and reaches(defs.get(str(ref).removeprefix("#/$defs/")), seen | {str(ref)}):
            return True
        return isinstance(node.get("format"), str) or any(reaches(v, seen) for k, v in node.items() if k != "$defs")

    def walk(node: Any) -> bool:
        if isinstance(node, list):
            return any(walk(child) for child in node)
        if not isinstance(node, dict):
            return False
        if reaches(node.get("anyOf"), frozenset()):
            return True
        return any(walk(child) for child in node.values())

    return walk(schema)


def _has_format(node: Any) -> bool:
    if isinstance(node, dict):
        return isinstance(node.get("format"), str) or any(_has_format(child) for child in node.values())
    return isinstance(node, list) and any(_has_format(child) for child in node)


def _format_annotations(validator: jsonschema_rs.Validator, instance: Any) -> list[tuple[str, str]]:
    """(instance pointer, format) for every format annotation the instance collects; an
    evaluation that fails may only have misread a number, so it is asked again of the plain form."""
    evaluation = _readably(validator.evaluate, instance, again=lambda done: not done.flag()["valid"])
    found: list[tuple[str, str]] = []
    for note in evaluation.annotations():
        fmt = note.get("annotations")
        if str(note.get("schemaLocation", "")).endswith("/format") and isinstance(fmt, str):
            found.append((str(note["instanceLocation"]), fmt))
    return found


def _located(instance: Any, pointer: str) -> tuple[tuple[str | int, ...], Any]:
    """A JSON pointer as path parts (list positions as numbers, as error paths have them), and
    the value there (None when there is none)."""
    parts: list[str | int] = []
    node = instance
    for key in parse_pointer(pointer):
        if isinstance(node, list) and key.isdigit():
            parts.append(int(key))
            node = node[int(key)] if int(key) < len(node) else None
        else:
            parts.append(key)
            node = node.get(key) if isinstance(node, dict) else None
    return tuple(parts), node


def compile_schema(
    schema: dict[str, Any], registry: jsonschema_rs.Registry, retriever: Callable[[str], Any]
) -> jsonschema_rs.Validator:
    """A validator with our format checks; `retriever` answers every reference the registry lacks
    (it must never reach the network itself: the caller hands in what was fetched)."""
    return _compile(schema, registry, retriever)


def _no_download(uri: str) -> Any:
    raise ValueError(f"{uri} is not one of Lineage Composer's schemas; schemas are never downloaded")


# --- instances jsonschema_rs cannot read as they are -------------------------------------------

# Infinity and NaN stand-ins: numbers that are not integers and pass `minimum`, as inf and nan
# are for the reference (nan compares false with everything, so no bound rejects it).
_FAR = "1" + "0" * 400 + ".5"
_NON_FINITE = {"Infinity": Decimal(_FAR), "-Infinity": Decimal("-" + _FAR), "NaN": Decimal(_FAR)}


def _raw_errors(validator: jsonschema_rs.Validator, instance: Any) -> list[jsonschema_rs.ValidationError]:
    return _readably(lambda value: list(validator.iter_errors(value)), instance)


_Result = TypeVar("_Result")


def _readably(
    call: Callable[[Any], _Result], instance: Any, again: Callable[[_Result], bool] = lambda _result: False
) -> _Result:
    """`call(instance)`, or, when jsonschema_rs cannot read the instance as it is (a float subclass,
    a lone surrogate, a non-str key...) or `again` says the answer may come from misreading it,
    `call` of the same value in plain JSON types (lone surrogates replaced as a last resort)."""
    try:
        result = call(instance)
        if not again(result):
            return result
    except ValueError:
        pass
    plain = _plain_json(instance)
    try:
        return call(plain)
    except ValueError:
        return call(_scrub_surrogates(plain))


def _plain_json(instance: Any) -> Any:
    """The same JSON value built from plain types, with non-finite numbers as Decimal stand-ins."""
    return json.loads(json.dumps(instance), parse_constant=_NON_FINITE.__getitem__)


def _scrub_surrogates(value: Any) -> Any:
    """Replace lone surrogates (legal in JSON text, not in UTF-8) with U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_scrub_surrogates(key): _scrub_surrogates(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_scrub_surrogates(child) for child in value]
    return value


def _lost_number(error: jsonschema_rs.ValidationError) -> bool:
    """True when jsonschema_rs saw null where the instance had a non-finite float."""
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Type) and error.instance is None:
        return True
    return any(_lost_number(inner) for branch in _context(error) for inner in branch)


# --- turning jsonschema_rs errors into ours ----------------------------------------------------

_Kind = jsonschema_rs.ValidationErrorKind


def _context(error: jsonschema_rs.ValidationError) -> list[list[jsonschema_rs.ValidationError]]:
    context = getattr(error.kind, "context", None)
    return list(context) if isinstance(context, list) else []


def _convert(error: jsonschema_rs.ValidationError) -> SchemaError:
    kind = error.kind
    details: dict[str, Any]
    if isinstance(kind, _Kind.Required):
        details = {"property": kind.property}
    elif isinstance(kind, _Kind.Type):
        details = {"expected": list(kind.types)}
    elif isinstance(kind, _Kind.Format):
        details = {"format": kind.format}
    elif isinstance(kind, _Kind.Enum):
        details = {"options": list(kind.options)}
    elif isinstance(kind, _Kind.Constant):
        details = {"value": kind.expected_value}
    elif isinstance(kind, _Kind.AdditionalProperties):
        details = {"unexpected": list(kind.unexpected)}
    elif isinstance(kind, _Kind.OneOfMultipleValid | _Kind.OneOfNotValid | _Kind.AnyOf):
        details = {"branches": [[_convert(inner) for inner in branch] for branch in _context(error)]}
        if not isinstance(kind, _Kind.AnyOf):
            details["multipleValid"] = isinstance(kind, _Kind.OneOfMultipleValid)
    else:
        details = {key: value for key, value in kind.as_dict().items() if key != "context"}
    message = error.message
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    return SchemaError(tuple(error.instance_path), kind.name, details, message)


def _prefixed(error: SchemaError, prefix: Iterable[str | int]) -> SchemaError:
    base = tuple(prefix)
    details = error.details
    if "branches" in details:
        branches = [[_prefixed(inner, base) for inner in branch] for branch in details["branches"]]
        details = {**details, "branches": branches}
    return SchemaError(base + error.path, error.kind, details, error.message)
