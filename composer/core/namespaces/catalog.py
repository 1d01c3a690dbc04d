"""The platform catalog as typed, immutable objects.

Everything a steward might want to change (platforms, fields, templates, notes, the regexes that
read URIs) lives in `resources/namespaces.json`; this module only gives it types, so the GUI, the
lint rules and templates all see one catalog and a new platform needs no code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from composer.resources import load_json_resource

from .template import Template

CATALOG_RESOURCE = "namespaces.json"

NameKind = Literal["parts", "path", "pattern"]
LeadingSlash = Literal["required", "forbidden", "any"]


class NamespaceError(ValueError):
    """Input a steward can fix; the message says what was expected, in plain words.

    `field` names the platform field at fault (when there is one) so a form can highlight it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ValueKind:
    """A reusable rule for one kind of value (host, port, bucket ...), shared across platforms."""

    id: str
    regex: str
    describe: str


@dataclass(frozen=True)
class PlatformField:
    key: str
    label: str
    kind: ValueKind
    placeholder: str
    required: bool
    default: str | None
    help: str

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.kind.regex)

    @property
    def in_sentence(self) -> str:
        """The label for use mid-sentence: 'host', but 'AWS region' keeps its acronym."""
        return self.label if self.label[:2].isupper() else self.label[0].lower() + self.label[1:]


@dataclass(frozen=True)
class NamespaceForm:
    """One way of writing a platform's namespace.

    Platforms where OpenLineage's convention and Alation's host:port matching disagree have more
    than one form; `alation_match` marks the one Alation compares with a data source's URI.
    """

    id: str
    label: str
    template: Template
    alation_match: bool
    note: str

    @property
    def fields(self) -> tuple[str, ...]:
        return self.template.fields


@dataclass(frozen=True)
class NameRule:
    """The shape a dataset name must have on a platform, checked by `check_name`."""

    kind: NameKind
    shape: str
    example: str
    parts: tuple[str, ...] = ()
    leading_slash: LeadingSlash = "any"
    regex: str = ""


@dataclass(frozen=True)
class UriRule:
    """How to read a connection URI for this platform; see the `about` text in the resource."""

    prefixes: tuple[str, ...]
    style: Literal["url", "regex"]
    example: str
    host_field: str | None = None
    port_field: str | None = None
    userinfo_field: str | None = None
    host_optional: bool = False
    port_in_path: bool = False
    host_regex: str = ""
    host_error: str = ""
    host_extract: tuple[str, ...] = ()
    param_fields: tuple[tuple[str, str], ...] = ()
    database: tuple[str, ...] = ()
    name_from_path: bool = False
    regexes: tuple[str, ...] = ()
    regex_error: str = ""


@dataclass(frozen=True)
class Platform:
    id: str
    label: str
    fields: tuple[PlatformField, ...]
    forms: tuple[NamespaceForm, ...]
    name_rule: NameRule
    notes: tuple[str, ...]
    uri: UriRule

    @property
    def name_shape(self) -> str:
        return self.name_rule.shape

    @property
    def name_example(self) -> str:
        return self.name_rule.example

    @property
    def alation_form(self) -> NamespaceForm | None:
        """The form Alation compares with its data sources, if the platform has one."""
        return next((form for form in self.forms if form.alation_match), None)

    def field(self, key: str) -> PlatformField:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(f"{self.label} has no field {key!r}")

    def form(self, form_id: str | None = None) -> NamespaceForm:
        """The named form, or the first (Alation-matching) one, so callers can leave it out."""
        if form_id is None:
            return self.forms[0]
        for candidate in self.forms:
            if candidate.id == form_id:
                return candidate
        known = ", ".join(f.id for f in self.forms)
        raise NamespaceError(f"{self.label} has no namespace form {form_id!r}; it has: {known}.")


def platforms() -> tuple[Platform, ...]:
    """Every platform in catalog order (Alation's list first), read from the resource once."""
    return _load(CATALOG_RESOURCE)


def platform(platform_id: str) -> Platform:
    for candidate in platforms():
        if candidate.id == platform_id:
            return candidate
    known = ", ".join(p.id for p in platforms())
    raise NamespaceError(f"Unknown platform {platform_id!r}; known platforms: {known}.")


@cache
def _compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


@cache
def _load(resource: str) -> tuple[Platform, ...]:
    data: dict[str, Any] = load_json_resource(resource)
    kinds = {key: ValueKind(key, raw["regex"], raw["describe"]) for key, raw in data["value_kinds"].items()}
    return tuple(_platform(raw, kinds) for raw in data["platforms"])


def _platform(raw: dict[str, Any], kinds: Mapping[str, ValueKind]) -> Platform:
    fields = tuple(
        PlatformField(
            key=f["key"],
            label=f["label"],
            kind=kinds[f["kind"]],
            placeholder=f["placeholder"],
            required=bool(f["required"]),
            default=f.get("default"),
            help=f.get("help", ""),
        )
        for f in raw["fields"]
    )
    patterns = {f.key: f.kind.regex for f in fields}
    forms = tuple(
        NamespaceForm(
            id=f["id"],
            label=f["label"],
            template=Template.compile(f["template"], patterns),
            alation_match=bool(f["alation_match"]),
            note=f.get("note", ""),
        )
        for f in raw["forms"]
    )
    name = raw["name"]
    parts = tuple(name.get("parts", ()))
    name_rule = NameRule(
        kind=name["kind"],
        shape=name.get("shape") or ".".join(parts),
        example=name["example"],
        parts=parts,
        leading_slash=name.get("leading_slash", "any"),
        regex=name.get("regex", ""),
    )
    uri = raw["uri"]
    uri_rule = UriRule(
        prefixes=tuple(uri["prefixes"]),
        style=uri["style"],
        example=uri["example"],
        host_field=uri.get("host_field"),
        port_field=uri.get("port_field"),
        userinfo_field=uri.get("userinfo_field"),
        host_optional=bool(uri.get("host_optional", False)),
        port_in_path=bool(uri.get("port_in_path", False)),
        host_regex=uri.get("host_regex", ""),
        host_error=uri.get("host_error", ""),
        host_extract=tuple(uri.get("host_extract", ())),
        param_fields=tuple(uri.get("param_fields", {}).items()),
        database=tuple(uri.get("database", ())),
        name_from_path=bool(uri.get("name_from_path", False)),
        regexes=tuple(uri.get("regexes", ())),
        regex_error=uri.get("regex_error", ""),
    )
    return Platform(
        id=raw["id"],
        label=raw["label"],
        fields=fields,
        forms=forms,
        name_rule=name_rule,
        notes=tuple(raw.get("notes", ())),
        uri=uri_rule,
    )
