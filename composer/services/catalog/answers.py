"""Alation's JSON answers read into `composer.core.tenant` values, tolerating the variants its
SDKs accept; anything else is a `CatalogError("bad-answer")` that says what was expected.

Assumed where the developer pages are silent (the README lists these too):
- a list endpoint answers a JSON array, or an object whose `results` is one;
- ids may come as numbers or as digit strings;
- a lineage answer is `{"paths": [path, ...]}` (or the bare list), a path a list of segments
  from source to target, a segment an object or a list of objects with `otype`, `key` and
  optionally `id`, `is_temp`, `title`; a `dataflow` segment sits between the tables it links.
"""

from __future__ import annotations

from typing import Any

from composer.core.tenant import (
    CatalogTable,
    DataSource,
    LineageEdge,
    LineageObject,
    TableLineage,
    data_source,
)
from composer.core.tenant.models import SourceApi
from composer.services.catalog.errors import CatalogError


def items(body: Any, endpoint: str) -> list[dict[str, Any]]:
    """The objects of a list answer."""
    found = body.get("results") if isinstance(body, dict) else body
    if not isinstance(found, list):
        raise _unexpected(endpoint, "a JSON list")
    return [item for item in found if isinstance(item, dict)]


def source(item: dict[str, Any], api: SourceApi, endpoint: str) -> DataSource:
    ident = _int(item.get("id"))
    if ident is None:
        raise _unexpected(endpoint, "data sources with a numeric id")
    title = _text(item.get("title")) or _text(item.get("name"))
    port = _int(item.get("port"))
    return data_source(
        ident,
        title,
        _text(item.get("uri")),
        api,
        host=_text(item.get("host")),
        port=port,
        url=_text(item.get("url")),
    )


def table(item: dict[str, Any], endpoint: str) -> CatalogTable:
    ident, ds_id, key = _int(item.get("id")), _int(item.get("ds_id")), _text(item.get("key"))
    if ident is None or not key:
        raise _unexpected(endpoint, "tables with an id and a key")
    return CatalogTable(
        ident,
        _text(item.get("name")),
        key,
        _text(item.get("url")),
        ds_id if ds_id is not None else _int(key.split(".", 1)[0]) or 0,
        _text(item.get("schema_name")),
    )


def lineage(body: Any, key: str, endpoint: str) -> TableLineage:
    paths = body.get("paths") if isinstance(body, dict) else body
    if not isinstance(paths, list):
        raise _unexpected(endpoint, 'an object with "paths"')
    upstream: dict[tuple[str, str], LineageEdge] = {}
    downstream: dict[tuple[str, str], LineageEdge] = {}
    for path in paths:
        segments = [_objects(segment) for segment in path] if isinstance(path, list) else []
        at = next((i for i, segment in enumerate(segments) if any(_is(o, key) for o in segment)), None)
        if at is None:
            continue
        _collect(segments[:at][::-1], upstream)
        _collect(segments[at + 1 :], downstream)
    return TableLineage(key, tuple(upstream.values()), tuple(downstream.values()))


def detail(body: Any) -> str:
    """Alation's own words on a failure (`detail`, `title`, `errors`), bounded."""
    if not isinstance(body, dict):
        return ""
    for name in ("detail", "title", "message", "errors"):
        value = body.get(name)
        if value:
            text = value if isinstance(value, str) else str(value)
            return text if len(text) <= 300 else text[:300] + "…"
    return ""


def _collect(segments: list[list[LineageObject]], into: dict[tuple[str, str], LineageEdge]) -> None:
    """Neighbours seen from the table outwards: the first non-dataflow segment, with the dataflow
    segment before it (if any) as the flow between."""
    flow: LineageObject | None = None
    for segment in segments:
        flows = [o for o in segment if o.otype == "dataflow"]
        others = [o for o in segment if o.otype != "dataflow"]
        if flows and not others:
            flow = flow or flows[0]
            continue
        for neighbour in others:
            into.setdefault((neighbour.otype, neighbour.key.lower()), LineageEdge(neighbour, flow))
        return


def _objects(segment: Any) -> list[LineageObject]:
    found = segment if isinstance(segment, list) else [segment]
    objects = []
    for item in found:
        if isinstance(item, dict) and isinstance(item.get("key", item.get("id")), str | int):
            objects.append(
                LineageObject(
                    otype=_text(item.get("otype")) or "table",
                    key=str(item.get("key", item.get("id"))),
                    is_temp=item.get("is_temp") is True,
                    id=_int(item.get("id")),
                    title=_text(item.get("title")),
                )
            )
    return objects


def _is(obj: LineageObject, key: str) -> bool:
    return obj.key.lower() == key.lower()


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _unexpected(endpoint: str, expected: str) -> CatalogError:
    return CatalogError(
        "bad-answer",
        f"{endpoint} answered JSON of an unexpected shape (expected {expected})",
        endpoint=endpoint,
    )
