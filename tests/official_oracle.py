"""The official verdict on an OpenLineage event, for tests to compare ours against.

It uses only the reference material: the schemas in ../shared/openlineage-spec/schemas and the
reference validator (the Python `jsonschema` package, draft 2020-12) with date-time, uri and uuid
asserted. Nothing here reads the app's own schemas or catalog, so agreement is evidence, not an
echo. Which facet schema applies to a facet is worked out from the official facet files
themselves: a facet's key is the file's one top-level property, and its container follows from
the core base facet (RunFacet, JobFacet, DatasetFacet, InputDatasetFacet, OutputDatasetFacet)
that the facet's definition extends.

The verdict is: the event passes the 2-0-2 core schema, and every facet in the places the matched
event kind defines, whose key is a standard facet for its container, passes that facet's schema.

Not a test module: import it (`from tests.official_oracle import official_verdict`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from tests.spec_data import SCHEMAS_DIR

SPEC_PREFIX = "https://openlineage.io/spec/"
CORE_URL = SPEC_PREFIX + "2-0-2/OpenLineage.json"
KINDS = ("RunEvent", "DatasetEvent", "JobEvent")
_BASE_CONTAINERS = {
    "RunFacet": "run",
    "JobFacet": "job",
    "DatasetFacet": "dataset",
    "InputDatasetFacet": "inputFacets",
    "OutputDatasetFacet": "outputFacets",
}
_CORE_REF = re.compile(r"/OpenLineage\.json#/\$defs/(\w+)$")


def official_verdict(event: Any) -> bool:
    """True when the official schemas accept the event, standard facets included."""
    kind = official_kind(event)
    if kind is None:
        return False
    return all(not _facet_messages(key, container, facet) for _, container, key, facet in _sites(event, kind))


def official_kind(event: Any) -> str | None:
    """The one event kind the core schema accepts the event as, or None when it is invalid."""
    if not _core().is_valid(event):
        return None
    matched = [kind for kind, validator in _kind_validators().items() if validator.is_valid(event)]
    assert len(matched) == 1, matched  # implied by the core's top-level oneOf
    return matched[0]


def official_errors(event: Any) -> list[str]:
    """Readable reasons for a rejection ("<path>: <message>"); empty when the event is accepted."""
    kind = official_kind(event)
    messages: list[str] = []
    if kind is None:
        # The core's top-level oneOf only says "no kind matched"; the likely kind says why.
        kind = _likely_kind(event)
        errors = list(_kind_validators()[kind].iter_errors(event)) or list(_core().iter_errors(event))
        messages = [f"{_path(error.absolute_path)}: {error.message[:300]}" for error in errors]
    for path, container, key, facet in _sites(event, kind):
        # facet messages start at the key, which `path` ends with
        messages += [_path(path[:-1]) + message for message in _facet_messages(key, container, facet) or ()]
    return messages


def official_facet_errors(key: str, container: str, facet: Any) -> list[str] | None:
    """Why the official schema rejects one facet; None when the key is not standard there."""
    return _facet_messages(key, container, facet)


def standard_facets() -> dict[tuple[str, str], str]:
    """(key, container) -> official facet file name, as derived from the facet files."""
    return {where: name for where, (name, _) in _facet_validators().items()}


def format_checker() -> FormatChecker:
    """The reference format checker, proven to assert the three formats the spec uses.

    jsonschema silently treats a format as always valid when its optional checker package
    (rfc3339-validator, rfc3987) is missing, which would make every comparison meaningless.
    """
    checker: FormatChecker = Draft202012Validator.FORMAT_CHECKER
    for fmt, good, bad in (
        ("date-time", "2024-05-01T09:30:00Z", "2024-05-01T09:30:00"),
        ("uri", "https://example.com/x", "not a uri"),
        ("uuid", "0190f4c8-5b6a-7c3d-8e9f-0a1b2c3d4e5f", "0190f4c8"),
    ):
        if not checker.conforms(good, fmt) or checker.conforms(bad, fmt):
            raise RuntimeError(f"the reference format checker does not assert {fmt!r}; install the test extras")
    return checker


# --- building the reference validators --------------------------------------------------------


@cache
def registry() -> Registry[Any]:
    """Every published schema whose references all resolve, under its openlineage.io URL."""
    published = SCHEMAS_DIR / "published"
    resources: dict[str, Resource[Any]] = {}
    for path in sorted(published.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources[SPEC_PREFIX + path.relative_to(published).as_posix()] = resource
    while True:  # dropping a broken file can break the files that point at it
        current: Registry[Any] = Registry().with_resources(resources.items())
        broken = [uri for uri, resource in resources.items() if not _refs_resolve(current, uri, resource.contents)]
        if not broken:
            return current.crawl()
        for uri in broken:
            del resources[uri]


def broken_published_files() -> list[str]:
    """Published files left out of the registry because some $ref in them leads nowhere."""
    published = SCHEMAS_DIR / "published"
    everything = {SPEC_PREFIX + p.relative_to(published).as_posix() for p in published.rglob("*.json")}
    kept = {uri for uri in everything if _has(registry(), uri)}
    return sorted(everything - kept)


def _has(reg: Registry[Any], uri: str) -> bool:
    try:
        reg.resolver().lookup(uri)
    except Unresolvable:
        return False
    return True


def _refs_resolve(reg: Registry[Any], uri: str, contents: Any) -> bool:
    resolver = reg.resolver(base_uri=uri)
    for ref in _refs(contents):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            return False
    return True


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


@cache
def _core() -> Draft202012Validator:
    return _validator(json.loads((SCHEMAS_DIR / "OpenLineage.json").read_text(encoding="utf-8")))


@cache
def _kind_validators() -> dict[str, Draft202012Validator]:
    return {kind: _validator({"$ref": f"{CORE_URL}#/$defs/{kind}"}) for kind in KINDS}


@cache
def _facet_validators() -> dict[tuple[str, str], tuple[str, Draft202012Validator]]:
    found: dict[tuple[str, str], tuple[str, Draft202012Validator]] = {}
    for path in sorted((SCHEMAS_DIR / "facets").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        validator = _validator(schema)
        for key, prop in schema["properties"].items():
            for container in _containers(prop, schema.get("$defs", {})):
                if (key, container) in found:
                    raise AssertionError(f"two official facets claim {key!r} in {container}")
                found[(key, container)] = (path.stem, validator)
    return found


def _containers(schema: Mapping[str, Any], defs: Mapping[str, Any], seen: frozenset[str] = frozenset()) -> set[str]:
    """Containers of the core base facets a definition extends (through $ref and combinators only)."""
    containers: set[str] = set()
    ref = schema.get("$ref", "")
    core = _CORE_REF.search(ref)
    if core and core.group(1) in _BASE_CONTAINERS:
        containers.add(_BASE_CONTAINERS[core.group(1)])
    elif ref.startswith("#/$defs/") and ref not in seen:
        containers |= _containers(defs[ref.removeprefix("#/$defs/")], defs, seen | {ref})
    for combinator in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(combinator, ()):
            containers |= _containers(branch, defs, seen)
    return containers


def _facet_messages(key: str, container: str, facet: Any) -> list[str] | None:
    entry = _facet_validators().get((key, container))
    if entry is None:
        return None
    # The facet files validate the {key: facet} object, as a facets map would hold it.
    return [f"{_path(e.absolute_path)}: {e.message}" for e in entry[1].iter_errors({key: facet})]


# --- where facets sit ---------------------------------------------------------------------------


def _sites(event: Any, kind: str) -> Iterator[tuple[tuple[Any, ...], str, str, Any]]:
    if not isinstance(event, Mapping):
        return
    places: list[tuple[tuple[Any, ...], Any, str, str]] = []
    if kind == "DatasetEvent":
        places.append((("dataset",), event.get("dataset"), "facets", "dataset"))
    else:
        if kind == "RunEvent":
            places.append((("run",), event.get("run"), "facets", "run"))
        places.append((("job",), event.get("job"), "facets", "job"))
        for side, own in (("inputs", "inputFacets"), ("outputs", "outputFacets")):
            datasets = event.get(side)
            for index, dataset in enumerate(datasets if isinstance(datasets, list) else ()):
                places.append(((side, index), dataset, "facets", "dataset"))
                places.append(((side, index), dataset, own, own))
    for path, owner, field, container in places:
        facets = owner.get(field) if isinstance(owner, Mapping) else None
        if isinstance(facets, Mapping):
            for key, facet in facets.items():
                yield (*path, field, key), container, key, facet


def _likely_kind(event: Any) -> str:
    if isinstance(event, Mapping) and "run" not in event:
        if "dataset" in event:
            return "DatasetEvent"
        if "job" in event:
            return "JobEvent"
    return "RunEvent"


def _path(parts: Any) -> str:
    return "/" + "/".join(str(part) for part in parts)
