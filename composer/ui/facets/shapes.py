"""What shape a facet's nested values have, read from our facet schemas.

Forms follow the schemas rather than hand-written layouts: a list of flat objects becomes a
table whose column tooltips are the schema's descriptions, a small object becomes a group of
fields, and anything freer gets raw JSON. A new facet schema therefore gets a sensible editor
without new UI code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from composer.core.facets import FacetSpec

SIMPLE_TYPES = frozenset({"string", "integer", "number", "boolean"})


@dataclass(frozen=True)
class Member:
    """One property of an object in a facet schema, with `$ref`s already followed."""

    name: str
    schema: Mapping[str, Any]
    required: bool

    @property
    def type(self) -> str:
        return str(self.schema.get("type") or "any")

    @property
    def description(self) -> str:
        return str(self.schema.get("description") or "")


@dataclass(frozen=True)
class FacetShape:
    root: Mapping[str, Any]  # the schema file, for resolving local `$ref`s
    members: Mapping[str, Member]  # the facet's own top-level properties


@cache
def facet_shape(spec: FacetSpec) -> FacetShape:
    """The facet's top-level properties; cached because every editor of this facet asks."""
    from composer.core.schemas import load_schema_set  # noqa: PLC0415 (the schema engine loads with the first facet)

    schema = load_schema_set().facet_schema(spec.key, spec.container) or {}
    definitions = schema.get("$defs", {})
    node = definitions.get(spec.definition, schema) if spec.definition != spec.name else schema
    return FacetShape(schema, {member.name: member for member in members(node, schema)})


def resolve(prop: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local `$ref`, keeping the referring property's own description when it has one."""
    ref = prop.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return prop
    target = cast(Mapping[str, Any], root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}))
    merged = dict(resolve(target, root))
    if "description" in prop:
        merged["description"] = prop["description"]
    return merged


def members(node: Mapping[str, Any], root: Mapping[str, Any]) -> list[Member]:
    required = set(node.get("required", ()))
    return [
        Member(name, resolve(prop, root), name in required)
        for name, prop in node.get("properties", {}).items()
        if not name.startswith("_")
    ]


def table_columns(prop: Mapping[str, Any], root: Mapping[str, Any]) -> list[Member] | None:
    """The columns of an array of flat string-valued objects, or None when a table would not fit it."""
    if prop.get("type") != "array":
        return None
    items = resolve(prop.get("items", {}), root)
    if items.get("type") != "object" or items.get("additionalProperties"):
        return None
    found = members(items, root)
    strings = [member for member in found if member.type == "string" and "enum" not in member.schema]
    return strings if strings and len(strings) == len(found) else None


def group_members(prop: Mapping[str, Any], root: Mapping[str, Any]) -> list[Member] | None:
    """The fields of a small fixed object (a reference, a pattern), or None for a free-form one.

    Members a group cannot show (a nested facet map, say) are left out of the form and, since
    fields only ever write their own key, kept in the event untouched.
    """
    if prop.get("type") != "object" or "properties" not in prop or prop.get("additionalProperties"):
        return None
    shown = [
        member for member in members(prop, root) if is_simple(member) or group_members(member.schema, root)
    ]
    return shown or None


def is_simple(member: Member) -> bool:
    return member.type in SIMPLE_TYPES
