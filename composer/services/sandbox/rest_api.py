"""The catalog REST APIs the sandbox answers, with Alation's paths, shapes, paging and auth.

- ``POST /integration/v1/createAPIAccessToken/`` ``{"user_id", "refresh_token"}`` ->
  ``{"api_access_token", "user_id", "token_status": "ACTIVE", ...}``; a wrong pair is 401.
- ``GET /integration/v2/datasource/`` (OCF) and ``/integration/v1/datasource/`` (native, with
  ``host``, ``port``, ``dbtype``): JSON arrays of ``{"id", "title", "uri", "url", "private"}``.
- ``GET /integration/v2/table/?ds_id=&schema_name=&name=``: ``[{"id", "name", "key", "url",
  "ds_id", "schema_id", "schema_name"}]``; on the private source 403.
- ``GET /integration/v2/lineage/?otype=table&keyField=key|id&oid=``: ``{"paths": [[inputs,
  [dataflow], outputs], ...], "dataflow_objects": [...]}``; an unknown table is 404.

Lists page with ``limit`` (default 100, at most 1000) and ``skip`` (or ``offset``). Every request
but minting needs a ``TOKEN`` header: none is 403 ("Authentication credentials were not
provided.", as Alation words it), an unknown or expired one 401. Errors are ``{"detail", "code"}``.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from typing import Any

from composer.core.jsontext import loads_bounded
from composer.services import catalog_paths
from composer.services.sandbox.rest_catalog import RestCatalog

REST_PATHS: dict[str, str] = {
    catalog_paths.MINT: "POST",
    catalog_paths.DATASOURCES_V2: "GET",
    catalog_paths.DATASOURCES_V1: "GET",
    catalog_paths.TABLES: "GET",
    catalog_paths.LINEAGE: "GET",
}
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
_HTML = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>"


@dataclass(frozen=True)
class RestAnswer:
    status: int
    body: bytes
    content_type: str = "application/json"


def answer(
    rest: RestCatalog,
    path: str,
    *,
    method: str,
    query: dict[str, str],
    body: bytes,
    token: str | None,
    ingest_tokens: tuple[str, ...],
) -> RestAnswer:
    """The answer to one REST request; `ingest_tokens` also pass as access tokens."""
    if method != REST_PATHS[path]:
        return _json(405, {"detail": f'Method "{method}" not allowed.', "code": "405000"})
    fault = rest.take_fault()
    if fault == "html":
        return RestAnswer(200, _HTML, "text/html; charset=utf-8")
    if fault == "garbage":
        return RestAnswer(200, b"\x00\x9f not json {", "application/json")
    if path == catalog_paths.MINT:
        return _mint(rest, body)
    if not token:
        return _json(403, {"detail": "Authentication credentials were not provided.", "code": "403000"})
    if not (rest.knows_token(token) or any(hmac.compare_digest(token, known) for known in ingest_tokens)):
        return _json(401, {"detail": "Invalid token.", "code": "401000"})
    if path in (catalog_paths.DATASOURCES_V1, catalog_paths.DATASOURCES_V2):
        api = "v1" if path == catalog_paths.DATASOURCES_V1 else "v2"
        listed = [s.to_json() for s in rest.sources()[0] if s.api == api]
        return _page(listed, query)
    if path == catalog_paths.TABLES:
        return _tables(rest, query)
    return _lineage(rest, query)


def _mint(rest: RestCatalog, body: bytes) -> RestAnswer:
    try:
        given = loads_bounded(body.decode("utf-8")) if body.strip() else None
    except (ValueError, RecursionError):  # not JSON, not UTF-8, too deep: a 400 like any other
        given = None
    if not isinstance(given, dict) or "user_id" not in given or "refresh_token" not in given:
        return _json(400, {"detail": "user_id and refresh_token are required.", "code": "400000"})
    user, token = given["user_id"], given["refresh_token"]
    right = (
        str(user) == str(rest.user_id)
        and isinstance(token, str)
        and hmac.compare_digest(token, rest.refresh_token)
    )
    if not right:
        return _json(401, {"detail": "Invalid user_id or refresh_token.", "code": "401000"})
    if rest.refresh_token_expired:
        return _json(
            401, {"detail": "Refresh token has expired.", "code": "401001", "token_status": "EXPIRED"}
        )
    return _json(200, {"api_access_token": rest.mint(), "user_id": rest.user_id, "token_status": "ACTIVE"})


def _tables(rest: RestCatalog, query: dict[str, str]) -> RestAnswer:
    ds_text = query.get("ds_id")
    if ds_text is not None and not ds_text.isdigit():
        return _json(400, {"detail": "ds_id must be a number.", "code": "400000"})
    ds_id = int(ds_text) if ds_text is not None else None
    listed = rest.source(ds_id) if ds_id is not None else None
    if listed is not None and listed.private:
        return _json(403, {"detail": "You do not have permission to perform this action.", "code": "403000"})
    found = rest.tables(ds_id, query.get("schema_name"), query.get("name"))
    return _page([table.to_json() for table in found], query)


def _lineage(rest: RestCatalog, query: dict[str, str]) -> RestAnswer:
    if query.get("otype", "table") != "table":
        return _json(
            400, {"detail": "the sandbox answers lineage of tables only (otype=table).", "code": "400000"}
        )
    key_field = query.get("keyField", "id")
    oid = query.get("oid", "")
    if key_field not in ("id", "key") or not oid:
        return _json(400, {"detail": "give oid, and keyField id or key.", "code": "400000"})
    table = rest.table_by(key_field, oid)
    if table is None:
        return _json(404, {"detail": "Not found.", "code": "404000"})
    return _json(200, rest.lineage(table))


def _page(items: list[Any], query: dict[str, str]) -> RestAnswer:
    limit_text = query.get("limit", str(DEFAULT_LIMIT))
    skip_text = query.get("skip", query.get("offset", "0"))
    if not limit_text.isdigit() or not skip_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
        return _json(400, {"detail": f"limit is 1 to {MAX_LIMIT} and skip a whole number.", "code": "400000"})
    skip, limit = int(skip_text), int(limit_text)
    return _json(200, items[skip : skip + limit])


def _json(status: int, value: Any) -> RestAnswer:
    return RestAnswer(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))
