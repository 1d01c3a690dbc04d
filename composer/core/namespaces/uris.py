"""Derive namespaces from a connection URI copied from an Alation data source's settings page.

Alation ties events to data sources by the host:port in that URI, so starting from the URI is
the surest way for a steward to get a namespace that matches. How each platform's URI is read is
data (`uri` in the catalog); this module holds only the generic URL and regex readers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import unquote

from .catalog import NamespaceError, NamespaceForm, Platform, UriRule, platforms
from .forms import build_namespace

_PORT = re.compile(r"[0-9]{1,5}")


@dataclass(frozen=True)
class DerivedNamespace:
    form: NamespaceForm
    namespace: str


@dataclass(frozen=True)
class Derivation:
    """What a URI tells us. `namespaces` has every form we could build, Alation's first."""

    platform: Platform
    values: Mapping[str, str]
    namespaces: tuple[DerivedNamespace, ...]
    database_hint: str | None
    name_hint: str | None
    notes: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.namespaces[0].namespace


@dataclass
class _Reading:
    """The pieces of one URI before they become platform field values."""

    host: str = ""
    port: str = ""
    userinfo: str = ""
    path: str = ""
    params: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def from_jdbc(uri: str) -> Derivation:
    """Platform, field values, namespaces and hints for a JDBC or connection URI.

    Raises NamespaceError, saying what was expected, for empty, garbled or unknown URIs.
    """
    text = uri.strip()
    if not text:
        raise NamespaceError(
            "Paste the data source's JDBC or connection URI, "
            "e.g. jdbc:postgresql://prod-db.example.com:5432/sales_db."
        )
    target, rest = _find_platform(text)
    rule = target.uri
    reading = _read_regex(rest, rule) if rule.style == "regex" else _read_url(rest, rule)
    values = _values(target, reading)
    namespaces, skipped = _build_all(target, values)
    database = _database_hint(rule, reading)
    name = _name_hint(target, reading)
    notes = [*reading.notes, *skipped, *_hint_notes(target, values, reading, database, name)]
    return Derivation(target, MappingProxyType(values), namespaces, database, name, tuple(notes))


def _find_platform(text: str) -> tuple[Platform, str]:
    lowered = text.lower()
    found: tuple[int, Platform] | None = None
    for candidate in platforms():
        for prefix in candidate.uri.prefixes:
            if lowered.startswith(prefix.lower()) and (found is None or len(prefix) > found[0]):
                found = (len(prefix), candidate)
    if found is None:
        scheme = text.split("//", 1)[0] + "//" if "//" in text else text[:30]
        known = ", ".join(p.uri.prefixes[0] for p in platforms())
        raise NamespaceError(
            f"Can't read URIs that start with {scheme!r}. Expected one that starts with: {known}."
        )
    return found[1], text[found[0] :]


def _read_regex(rest: str, rule: UriRule) -> _Reading:
    for regex in rule.regexes:
        found = re.fullmatch(regex, rest)
        if found:
            groups = {k: v.strip() for k, v in found.groupdict().items() if v and v.strip()}
            reading = _Reading(groups=groups)
            reading.host = groups.pop("host", "")
            reading.port = groups.pop("port", "")
            _check_port(reading.port)
            return reading
    raise NamespaceError(rule.regex_error or f"Expected a URI like {rule.example}.")


def _read_url(rest: str, rule: UriRule) -> _Reading:
    reading = _Reading()
    end = _authority_end(rest)
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        reading.userinfo, authority = authority.rsplit("@", 1)
    if "=" in authority:  # e.g. jdbc:awsathena://AwsRegion=us-east-1;...
        tail, authority = ";" + authority + tail, ""
    if "," in authority:
        authority = authority.split(",", 1)[0]
        reading.notes.append(f"The URI lists several hosts; this uses the first, {authority}.")
    reading.host, reading.port = _host_port(authority)
    if "\\" in reading.host:
        reading.host, instance = reading.host.split("\\", 1)
        reading.notes.append(
            f"Left out the instance name {instance!r}: a namespace carries host and port only, "
            "so use the port that instance listens on."
        )
    path, _, params = tail.partition(";")
    path, _, query = path.partition("?")
    if re.match(r"/?\w+=", path):  # Teradata: /DATABASE=sales,DBS_PORT=1025
        params, path = path.lstrip("/").replace(",", ";") + ";" + params, ""
    if rule.port_in_path and not reading.port:
        in_path = re.search(r":([^/:]*)$", path)
        if in_path:
            reading.port, path = in_path[1], path[: in_path.start()]
    reading.path = unquote(path)
    reading.params = _params(query.replace("&", ";") + ";" + params)
    _check_port(reading.port)
    if rule.host_regex and reading.host and not re.fullmatch(rule.host_regex, reading.host):
        raise NamespaceError(rule.host_error or f"Expected a URI like {rule.example}.")
    return reading


def _authority_end(rest: str) -> int:
    start = rest.find("]") if rest.startswith("[") else 0
    if start < 0:
        raise NamespaceError("The host starts with '[' but has no closing ']'; write IPv6 hosts as [::1].")
    ends = [i for i in (rest.find(c, start) for c in "/?;") if i >= 0]
    return min(ends, default=len(rest))


def _host_port(authority: str) -> tuple[str, str]:
    if authority.startswith("["):
        close = authority.find("]")
        if close < 0:
            raise NamespaceError(
                "The host starts with '[' but has no closing ']'; write IPv6 hosts as [::1]."
            )
        host, after = authority[: close + 1], authority[close + 1 :]
        if after and not after.startswith(":"):
            raise NamespaceError(f"Expected ':port' after {host}, found {after!r}.")
        return host, after[1:]
    host, _, port = authority.partition(":")
    return host, port


def _check_port(port: str) -> None:
    if port and not (_PORT.fullmatch(port) and 1 <= int(port) <= 65535):
        raise NamespaceError(f"The port {port!r} in the URI is not a number from 1 to 65535.", field="port")


def _params(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in text.split(";"):
        key, equals, value = item.partition("=")
        if equals and key.strip():
            params.setdefault(key.strip().casefold(), unquote(value.strip()))
    return params


def _values(target: Platform, reading: _Reading) -> dict[str, str]:
    rule = target.uri
    values = {k: v for k, v in reading.groups.items() if k not in ("database", "name")}
    if rule.host_field and reading.host:
        values[rule.host_field] = reading.host
    if rule.port_field and reading.port:
        values[rule.port_field] = reading.port
    if rule.userinfo_field and reading.userinfo:
        values[rule.userinfo_field] = reading.userinfo
    elif reading.userinfo:
        reading.notes.append("The URI carries a user name or password; it was ignored and is not kept.")
    for param, key in rule.param_fields:
        if not values.get(key) and reading.params.get(param.casefold()):
            values[key] = reading.params[param.casefold()]
    host = values.get(rule.host_field or "", "") or reading.host
    if not host and rule.style == "url" and not rule.host_optional:
        raise NamespaceError(
            f"The URI has no host; expected something like {rule.example}.", field=rule.host_field
        )
    if rule.port_field:
        _check_port(values.get(rule.port_field, ""))
    for regex in rule.host_extract:
        found = re.fullmatch(regex, host)
        for key, value in (found.groupdict() if found else {}).items():
            if value and not values.get(key):
                values[key] = value
    return values


def _build_all(target: Platform, values: Mapping[str, str]) -> tuple[tuple[DerivedNamespace, ...], list[str]]:
    ordered = sorted(
        enumerate(target.forms), key=lambda item: (not item[1].alation_match, -len(item[1].fields), item[0])
    )
    built: list[DerivedNamespace] = []
    skipped: list[str] = []
    first_missing: list[str] = []
    for _, form in ordered:
        missing = [
            key
            for key in form.fields
            if key not in form.template.optional_fields
            and not values.get(key)
            and not target.field(key).default
        ]
        if missing:
            if target.alation_form is not None:
                labels = " and ".join(target.field(key).in_sentence for key in missing)
                skipped.append(f"No {form.label} namespace: the URI doesn't give the {labels}.")
            first_missing = first_missing or missing
            continue
        built.append(DerivedNamespace(form, build_namespace(target.id, values, form.id)))
    if not built:
        labels = " and ".join(target.field(key).in_sentence for key in first_missing)
        raise NamespaceError(
            f"This {target.label} URI doesn't give the {labels}; "
            f"expected something like {target.uri.example}.",
            field=first_missing[0] if first_missing else None,
        )
    return tuple(built), skipped


def _database_hint(rule: UriRule, reading: _Reading) -> str | None:
    for source in rule.database:
        if source == "path":
            first = reading.path.strip("/").split("/", 1)[0].split(":", 1)[0]
            if first:
                return first
        elif source.startswith("param:") and reading.params.get(source[6:].casefold()):
            return reading.params[source[6:].casefold()]
    return reading.groups.get("database")


def _name_hint(target: Platform, reading: _Reading) -> str | None:
    if "name" in reading.groups:
        return reading.groups["name"]
    if not target.uri.name_from_path or reading.path.strip("/") == "":
        return None
    path = reading.path.lstrip("/")
    return "/" + path if target.name_rule.leading_slash == "required" else path


def _hint_notes(
    target: Platform, values: Mapping[str, str], reading: _Reading, database: str | None, name: str | None
) -> list[str]:
    notes = []
    port_field = target.uri.port_field
    if port_field and not values.get(port_field):
        default = target.field(port_field).default
        notes.append(f"The URI gives no port; used {target.label}'s usual {default}.")
    parts = target.name_rule.parts
    if database and len(parts) > 1:
        rest = ".".join(f"<{part}>" for part in parts[1:])
        notes.append(f"Dataset names from this source start with the {parts[0]}: {database}.{rest}")
    if name:
        notes.append(f"The URI points at a dataset; its name would be {name}.")
    return notes
