"""A cataloged table's page (`/table/<id>/`): what the window's "Open the output table" opens
against the sandbox, as Alation's table `url` opens the table's catalog page on a tenant.

It shows the table, its key and data source, and its lineage as the catalog APIs answer it, with
temporary (TMP) objects marked. Values come from whoever sent an event, so all are escaped, and
the page is served with the same no-script Content-Security-Policy as the sandbox's main page.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from composer.services.sandbox.rest_catalog import RestCatalog

_PATH = re.compile(r"^/table/(?P<id>[0-9]{1,9})/?$")
_STYLE = (
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
    "code{font:12px/1.4 ui-monospace,monospace}.tmp{background:#fde8c8;color:#7a4b00;padding:0 .4em}"
    "li{margin:.2em 0}"
)


def table_id(path: str) -> int | None:
    """The table id of a `/table/<id>/` path, else None."""
    found = _PATH.match(path)
    return int(found["id"]) if found else None


def render_table_page(rest: RestCatalog, ident: int) -> str | None:
    """The page of table `ident`, or None when the sandbox has no such table."""
    table = rest.table_by("id", str(ident))
    if table is None:
        return None
    source = rest.source(table.ds_id)
    lineage = rest.lineage(table)
    rows = [_path_item(path) for path in lineage["paths"]]
    listed = "".join(rows) if rows else "<li>No lineage yet (ingestion may still be running).</li>"
    title = escape(f"{table.schema_name}.{table.name}")
    where = escape(source.title) if source is not None else f"data source {table.ds_id}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} — Lineage Composer sandbox</title><style>{_STYLE}</style></head><body>"
        f"<h1>{title}</h1><p>Table {table.id} of {where} (data source {table.ds_id}); key "
        f"<code>{escape(table.key)}</code>.</p><h2>Lineage</h2><ul>{listed}</ul></body></html>"
    )


def _path_item(path: list[list[dict[str, Any]]]) -> str:
    return "<li>" + " → ".join(", ".join(_node(node) for node in segment) for segment in path) + "</li>"


def _node(node: dict[str, Any]) -> str:
    text = f"<code>{escape(str(node.get('key', '')))}</code>"
    if node.get("otype") == "dataflow":
        return f"dataflow {text}"
    return f'{text} <span class="tmp">TMP</span>' if node.get("is_temp") else text
