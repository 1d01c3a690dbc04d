"""Custom facets checked against the schema their own `_schemaURL` names.

A custom facet (a key that is not a standard facet in its place) promises, through `_schemaURL`,
a JSON Schema that consumers can check it with. This module is the pure half of that check: it
finds the custom facets, and given the fetched schema documents it validates each facet and words
every finding for a data steward, located at the facet's own JSON pointer. Fetching (network,
cache) belongs to `composer.services.facet_schemas`, which hands the documents in.

A schema may refer to other documents. References to the OpenLineage spec are answered from our
own copies (`official_refs`); any other document the caller has not handed in comes back as
`SchemaCheck.needs`, so the caller can fetch it and ask again, or say it could not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote, urldefrag

import jsonschema_rs

from composer.core.facets import Container, facet_sites, guess_kind, lookup
from composer.core.official_refs import is_official, local_document
from composer.core.pointer import PointerError, format_pointer, parse_pointer, resolve
from composer.core.problems import Problem, Severity
from composer.core.schemas import SchemaError, compile_schema, schema_errors
from composer.core.validation.context import label
from composer.core.validation.wording import explain

RULE_SET = "schemaURL"
# The drafts jsonschema-rs knows; any other `$schema` would have to be fetched to be understood.
_KNOWN_DIALECT = re.compile(
    r"https?://json-schema\.org/(?:draft-0[467]/schema|draft/20(?:19-09|20-12)/schema)#?", re.IGNORECASE
)
FetchFailure = Literal["not_found", "http_error", "unreachable", "too_big", "not_json", "refused"]


@dataclass(frozen=True)
class CustomFacet:
    """A custom facet in the event, with the schema URL it names."""

    pointer: str
    key: str
    container: Container
    facet: Any
    schema_url: str

    @property
    def document_url(self) -> str:
        return split_schema_url(self.schema_url)[0]


@dataclass(frozen=True)
class SchemaCheck:
    """The verdict on one facet; `needs` names a document to fetch before it can be given."""

    problems: tuple[Problem, ...] = ()
    needs: str | None = None


def split_schema_url(url: str) -> tuple[str, str]:
    """(document URL, fragment) with the fragment's percent-escapes undone (`%24defs` -> `$defs`)."""
    document, fragment = urldefrag(url)
    return document, unquote(fragment)


def custom_facets(event: Any) -> list[CustomFacet]:
    """Facets that are not standard in their place and name a schema of their own.

    Facets whose `_schemaURL` is on the OpenLineage spec site are left out: the openlineage rule
    set already checks them against our copies, and nothing needs fetching.
    """
    found: list[CustomFacet] = []
    for site in facet_sites(event, guess_kind(event)):
        if lookup(site.key, site.container) is not None or not isinstance(site.facet, Mapping):
            continue
        url = site.facet.get("_schemaURL")
        if isinstance(url, str) and url.strip() and not is_official(url):
            found.append(
                CustomFacet(format_pointer(site.path), site.key, site.container, site.facet, url.strip())
            )
    return found


def check_custom_facet(facet: CustomFacet, documents: Mapping[str, Any]) -> SchemaCheck:
    """Validate `facet` against the schema its URL names; `documents` maps document URLs
    (without fragment) to parsed JSON and must hold the facet's own document."""
    document_url, fragment = split_schema_url(facet.schema_url)
    document = documents[document_url]
    if not isinstance(document, dict | bool):
        return _only(facet, "warning", "is JSON but not a JSON Schema (it is not an object)", "notSchema")
    dialect = document.get("$schema") if isinstance(document, dict) else None
    if dialect is not None and not _KNOWN_DIALECT.fullmatch(str(dialect)):
        return _only(
            facet, "warning", f"declares $schema {dialect}, which is no JSON Schema draft", "notSchema"
        )
    if fragment == "" or fragment.startswith("/"):
        try:
            resolve(document, fragment)
        except PointerError:
            return _only(
                facet, "warning", f"names #{fragment}, which its schema document does not hold", "fragment"
            )
    missing: list[str] = []

    def retrieve(uri: str) -> Any:
        base = urldefrag(uri)[0]
        known = documents.get(base)
        if known is None:
            known = local_document(base)
        if known is None:
            missing.append(base)
            raise ValueError(f"{base} was not fetched")
        return known

    resources = [(url, doc) for url, doc in documents.items() if isinstance(doc, dict | bool)]
    try:
        registry = jsonschema_rs.Registry(resources, retriever=retrieve)
        validator = compile_schema({"$ref": facet.schema_url}, registry, retrieve)
    except (ValueError, jsonschema_rs.ReferencingError) as exc:
        if missing:
            return SchemaCheck(needs=missing[0])
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "does not exist" in text:
            return _only(
                facet, "warning", f"names #{fragment}, which its schema document does not hold", "fragment"
            )
        return _only(facet, "warning", f"is not a usable JSON Schema ({text})", "notSchema")
    problems = tuple(_violation(facet, error) for error in schema_errors(validator, facet.facet))
    return SchemaCheck(problems)


def cannot_refer(facet: CustomFacet, url: str, reason: str) -> Problem:
    """The facet's schema refers to a document that could not be had."""
    return Problem(
        "info",
        facet.pointer,
        f"{label(facet.pointer)}: could not check it against its _schemaURL: the schema refers to {url}, "
        f"which {reason}",
        "Make the referred schema reachable, or check again when you are online.",
        RULE_SET,
        "schemaURL.ref",
    )


_FAILURES: dict[FetchFailure, tuple[Severity, str, str]] = {
    "not_found": (
        "warning",
        "answers {detail}: consumers cannot check this facet",
        "Publish the schema at that address, or correct the _schemaURL.",
    ),
    "http_error": (
        "warning",
        "answers {detail}: consumers cannot check this facet",
        "Check that the address serves the schema to anyone, without signing in.",
    ),
    "unreachable": (
        "info",
        "could not be reached ({detail}), so the facet was not checked",
        "Check your connection, or that the host name is right; the check uses a saved copy when it has one.",
    ),
    "too_big": (
        "warning",
        "is too big to be a facet schema ({detail})",
        "Point _schemaURL at the schema document itself, not at a bundle or a web page.",
    ),
    "not_json": (
        "warning",
        "does not answer with JSON ({detail}): consumers cannot check this facet",
        "Point _schemaURL at the raw JSON Schema file, not at a web page showing it.",
    ),
    "refused": (
        "warning",
        "was not fetched: {detail}",
        "Publish the schema over https.",
    ),
}


def fetch_problem(facet: CustomFacet, failure: FetchFailure, detail: str, url: str | None = None) -> Problem:
    """A finding about the `_schemaURL` itself: 404, unreachable, too big, not JSON, refused."""
    severity, text, hint = _FAILURES[failure]
    return Problem(
        severity,
        format_pointer((*parse_pointer(facet.pointer), "_schemaURL")),
        f"{label(facet.pointer)}: the _schemaURL {url or facet.schema_url} " + text.format(detail=detail),
        hint,
        RULE_SET,
        f"schemaURL.{failure}",
    )


def from_saved_copy(facet: CustomFacet, age: str, reason: str) -> Problem:
    """Said beside the verdict whenever a saved copy stood in for a fresh fetch (offline)."""
    return Problem(
        "info",
        format_pointer((*parse_pointer(facet.pointer), "_schemaURL")),
        f"{label(facet.pointer)}: checked against the copy of its schema saved {age}; "
        f"the _schemaURL {facet.schema_url} could not be fetched now ({reason})",
        "The saved copy may be out of date: check again when the address answers.",
        RULE_SET,
        "schemaURL.cached",
    )


def _only(facet: CustomFacet, severity: Severity, text: str, code: str) -> SchemaCheck:
    message = f"{label(facet.pointer)}: the _schemaURL {facet.schema_url} {text}"
    hint = "Correct the _schemaURL so that it points at the facet's definition, e.g. https://host/schema.json#/$defs/MyFacet."
    pointer = format_pointer((*parse_pointer(facet.pointer), "_schemaURL"))
    return SchemaCheck((Problem(severity, pointer, message, hint, RULE_SET, f"schemaURL.{code}"),))


def _violation(facet: CustomFacet, error: SchemaError) -> Problem:
    path = (*parse_pointer(facet.pointer), *error.path)
    try:
        value = resolve(facet.facet, list(error.path))
    except PointerError:
        value = None
    wording = explain(error, path, "facet", value)
    text, hint = wording.text, wording.hint
    if error.kind == "required":
        text = "missing; the facet's own schema (its _schemaURL) requires it"
        hint = f"Add {error.details.get('property', 'it')}: the schema at the facet's _schemaURL requires it."
    else:
        text += " (by the schema its _schemaURL names)"
    code = f"schemaURL.{wording.code}"
    return Problem("error", wording.path, f"{label(wording.path)}: {text}", hint, RULE_SET, code)
