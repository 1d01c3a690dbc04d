"""Build a namespace from field values, and read one back into its platform, form and values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .catalog import NamespaceError, NamespaceForm, Platform, PlatformField, platform, platforms

_IPV6 = re.compile(r"[0-9A-Fa-f:.]+")


@dataclass(frozen=True)
class NamespaceMatch:
    """What an existing namespace decodes to; `values` holds only the fields present in it."""

    platform: Platform
    form: NamespaceForm
    values: Mapping[str, str]


def build_namespace(platform_id: str, values: Mapping[str, str], form: str | None = None) -> str:
    """The namespace for `values`; `form=None` means the form Alation matches (the first).

    Defaults (ports, BigQuery's API host) fill empty fields so a steward types only what differs.
    """
    target = platform(platform_id)
    chosen = target.form(form)
    filled = {}
    for key in chosen.fields:
        spec = target.field(key)
        value = (values.get(key) or "").strip() or (spec.default or "")
        if not value:
            if key in chosen.template.optional_fields:
                continue
            raise NamespaceError(
                f"{target.label} needs the {spec.in_sentence} for this namespace, e.g. {spec.placeholder}.",
                field=key,
            )
        filled[key] = check_value(target, spec, normalise_value(spec, value))
    return chosen.template.render(filled)


def parse_namespace(namespace: str) -> NamespaceMatch | None:
    """The platform and form `namespace` is written in, or None when it fits no known pattern.

    The text is taken exactly as written (no trimming, no case folding), because Alation compares
    it as written. When several forms fit, the one that explains more fields wins: a Redshift
    `cluster.region:5439` is OpenLineage's form even though it also looks like a host:port.
    """
    best: tuple[int, NamespaceMatch] | None = None
    for candidate in platforms():
        for chosen in candidate.forms:
            found = chosen.template.match(namespace)
            if found is None or not _all_valid(candidate, found):
                continue
            if best is None or len(found) > best[0]:
                best = (len(found), NamespaceMatch(candidate, chosen, MappingProxyType(found)))
    return best[1] if best else None


def normalise_value(spec: PlatformField, value: str) -> str:
    """Put IPv6 hosts in brackets, as URIs require, so `::1` typed into a form still works."""
    if spec.kind.id == "host" and value.count(":") >= 2 and _IPV6.fullmatch(value):
        return f"[{value}]"
    return value


def check_value(target: Platform, spec: PlatformField, value: str) -> str:
    if not spec.pattern.fullmatch(value) or (spec.kind.id == "port" and not 1 <= int(value) <= 65535):
        raise NamespaceError(
            f"{value!r} is not a valid {spec.in_sentence} for {target.label}; expected {spec.kind.describe}.",
            field=spec.key,
        )
    return value


def _all_valid(target: Platform, values: Mapping[str, str]) -> bool:
    try:
        for key, value in values.items():
            check_value(target, target.field(key), value)
    except NamespaceError:
        return False
    return True
