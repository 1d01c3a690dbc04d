"""The catalog of standard OpenLineage facets: where each attaches, which URL it carries, which fields it has.

The catalog is data (`resources/facets.json`) so that following a new spec release means editing
one file and adding one schema; the code only reads it. A facet is identified by its key *and* its
container, because the same key means different facets in different places (`tags` on a run, a
job or a dataset; `dataQualityMetrics` on a dataset or on an input) and OpenLineage decides which
schema applies from both.

Form fields are read from our own facet schemas, so a tooltip and a validation rule can never
disagree about what a field is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast, get_args

from composer.resources import load_json_resource

Container = Literal["run", "job", "dataset", "inputFacets", "outputFacets"]
EventKind = Literal["RunEvent", "DatasetEvent", "JobEvent"]
CONTAINERS: tuple[Container, ...] = get_args(Container)
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)

# Base-facet fields every facet inherits; forms show them apart from the facet's own fields.
BASE_FIELDS = frozenset({"_producer", "_schemaURL", "_deleted"})


@dataclass(frozen=True)
class FacetField:
    """One top-level field of a facet, as a form needs it."""

    name: str
    type: str  # the JSON type ("string", "integer", "array"...), or "any" when the schema leaves it open
    description: str
    required: bool
    format: str | None = None  # "date-time", "uri", "uuid" where the spec asks for one
    enum: tuple[str, ...] = ()  # the allowed values, when the spec lists them


@dataclass(frozen=True)
class FacetSpec:
    """A standard facet in one container."""

    key: str
    container: Container
    name: str  # the official schema file's name, e.g. SchemaDatasetFacet
    version: str  # the current version, e.g. 1-2-0
    schema_url: str  # what a facet written today should carry in `_schemaURL`
    known_versions: tuple[str, ...]
    title: str
    description: str
    fields: tuple[FacetField, ...]
    schema_file: str  # our schema, relative to resources/
    # The definition inside the schema file that this container uses. It equals `name` except for
    # facets whose one file serves several containers (LineageFacet, BaseSubsetDatasetFacet).
    definition: str


@dataclass(frozen=True)
class FacetSite:
    """Where a facet sits in an event: its JSON path, its container and its key."""

    path: tuple[str | int, ...]
    container: Container
    key: str
    facet: Any


def all_facets() -> tuple[FacetSpec, ...]:
    return _catalog()[0]


def facets_for(container: Container) -> tuple[FacetSpec, ...]:
    return tuple(spec for spec in all_facets() if spec.container == container)


def lookup(key: str, container: Container) -> FacetSpec | None:
    return _catalog()[1].get((key, container))


def core_version() -> str:
    """The core spec version our event schema implements (and new events should declare)."""
    return cast(str, _raw()["core"]["version"])


def core_versions() -> tuple[str, ...]:
    """Every published core spec version, oldest first."""
    return tuple(_raw()["core"]["knownVersions"])


def core_schema_url(kind: EventKind) -> str:
    """The `schemaURL` a new event of this kind should carry."""
    return f"{_raw()['core']['schemaURL']}#/$defs/{kind}"


def base_facet_url(container: Container) -> str:
    """The `_schemaURL` of the core base facet for a container: what custom facets usually carry."""
    return cast(str, _raw()["core"]["baseFacets"][container])


def new_facet(key: str, container: Container, producer: str) -> dict[str, Any]:
    """A facet holding only its base fields, ready for a form to fill.

    A key that is not a standard facet in this container gets the container's core base-facet URL,
    which is what OpenLineage clients put on custom facets that have no schema of their own.
    """
    spec = lookup(key, container)
    return {"_producer": producer, "_schemaURL": spec.schema_url if spec else base_facet_url(container)}


_SPEC_PREFIX = re.compile(r"https?://openlineage\.io/spec/", re.IGNORECASE)
_FACET_URL = re.compile(r"facets/(\d+-\d+-\d+)/(\w+)\.json(?:#.*)?")
_CORE_URL = re.compile(r"(\d+-\d+-\d+)/OpenLineage\.json(?:#(?:/(?:\$defs|definitions)/(\w+))?.*)?")


def parse_schema_url(url: str) -> tuple[str, str] | None:
    """(name, version) named by an openlineage.io spec URL, or None for any other URL.

    For a facet URL the name is the schema file's (SchemaDatasetFacet), since that is what gets
    versioned. For a core URL it is the definition the fragment points at (RunEvent, RunFacet, or a
    facet of the 1-0-x era such as SchemaDatasetFacet), or "OpenLineage" when there is no fragment,
    because one core file holds many definitions and the fragment says which one is meant.
    """
    parsed = _parse_spec_url(url)
    return None if parsed is None else (parsed[1], parsed[2])


def is_known_version(url: str) -> bool | None:
    """Whether an openlineage.io spec URL names a version that was actually published.

    None when the URL is not an openlineage.io spec URL at all (a custom facet's own schema, a
    placeholder), since then there is nothing to compare against.
    """
    if _SPEC_PREFIX.match(url) is None:
        return None
    parsed = _parse_spec_url(url)
    if parsed is None:
        return False
    where, name, version = parsed
    if where == "core":
        return version in core_versions()
    return version in _published_facets().get(name, ())


def _parse_spec_url(url: str) -> tuple[Literal["core", "facet"], str, str] | None:
    prefix = _SPEC_PREFIX.match(url)
    if prefix is None:
        return None
    rest = url[prefix.end() :]
    facet = _FACET_URL.fullmatch(rest)
    if facet:
        return "facet", facet.group(2), facet.group(1)
    core = _CORE_URL.fullmatch(rest)
    if core:
        return "core", core.group(2) or "OpenLineage", core.group(1)
    return None


def guess_kind(event: Any) -> EventKind:
    """The kind an event most plausibly means, from which top-level keys it has.

    Used to explain a broken event against the kind its author was aiming at, rather than against
    all three kinds at once.
    """
    if not isinstance(event, Mapping):
        return "RunEvent"
    if "run" in event:
        return "RunEvent"
    if "dataset" in event:
        return "DatasetEvent"
    if "job" in event:
        return "JobEvent"
    return "RunEvent"


def facet_sites(event: Any, kind: EventKind) -> Iterator[FacetSite]:
    """Every facet in the places the core schema defines for this kind of event.

    Places that are not objects (or lists, for inputs/outputs) are skipped: the core schema already
    reports them, and there is no facet to look at inside.
    """
    if not isinstance(event, Mapping):
        return
    if kind == "DatasetEvent":
        yield from _facets_in(event.get("dataset"), ("dataset",), "facets", "dataset")
        return
    if kind == "RunEvent":
        yield from _facets_in(event.get("run"), ("run",), "facets", "run")
    yield from _facets_in(event.get("job"), ("job",), "facets", "job")
    for side, extra in (("inputs", "inputFacets"), ("outputs", "outputFacets")):
        datasets = event.get(side)
        if not isinstance(datasets, list):
            continue
        for index, dataset in enumerate(datasets):
            yield from _facets_in(dataset, (side, index), "facets", "dataset")
            yield from _facets_in(dataset, (side, index), extra, cast(Container, extra))


def _facets_in(owner: Any, path: tuple[str | int, ...], field: str, container: Container) -> Iterator[FacetSite]:
    if not isinstance(owner, Mapping):
        return
    facets = owner.get(field)
    if not isinstance(facets, Mapping):
        return
    for key, facet in facets.items():
        yield FacetSite((*path, field, key), container, key, facet)


# --- loading ---------------------------------------------------------------------------------


def _raw() -> dict[str, Any]:
    return cast(dict[str, Any], load_json_resource("facets.json"))


@cache
def _published_facets() -> dict[str, tuple[str, ...]]:
    published = {name: tuple(versions) for name, versions in _raw()["otherPublishedFacets"].items()}
    for entry in _raw()["facets"]:
        published[entry["name"]] = tuple(entry["knownVersions"])
    return published


@cache
def _catalog() -> tuple[tuple[FacetSpec, ...], dict[tuple[str, Container], FacetSpec]]:
    specs = tuple(_spec(entry) for entry in _raw()["facets"])
    return specs, {(spec.key, spec.container): spec for spec in specs}


def _spec(entry: Mapping[str, Any]) -> FacetSpec:
    container = entry["container"]
    if container not in CONTAINERS:
        raise ValueError(f"facets.json: {entry['key']} has an unknown container {container!r}")
    definition = entry.get("definition", entry["name"])
    schema = load_json_resource(*entry["schemaFile"].split("/"))
    node = schema["$defs"][definition] if "definition" in entry else schema
    return FacetSpec(
        key=entry["key"],
        container=container,
        name=entry["name"],
        version=entry["version"],
        schema_url=entry["schemaURL"],
        known_versions=tuple(entry["knownVersions"]),
        title=entry["title"],
        description=entry["description"],
        fields=_fields(node, schema),
        schema_file=entry["schemaFile"],
        definition=definition,
    )


def _fields(node: Mapping[str, Any], root: Mapping[str, Any]) -> tuple[FacetField, ...]:
    required = set(node.get("required", ()))
    fields = []
    for name, prop in node.get("properties", {}).items():
        if name in BASE_FIELDS:
            continue
        target = _resolve_local(prop, root)
        fields.append(
            FacetField(
                name=name,
                type=str(prop.get("type") or target.get("type") or "any"),
                description=str(prop.get("description") or target.get("description") or ""),
                required=name in required,
                format=prop.get("format"),
                enum=tuple(str(value) for value in prop.get("enum", ())),
            )
        )
    return tuple(fields)


def _resolve_local(prop: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = prop.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return cast(Mapping[str, Any], root["$defs"][ref.removeprefix("#/$defs/")])
    return prop
