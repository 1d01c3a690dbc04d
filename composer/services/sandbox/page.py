"""The read-only page at `/`: the sandbox's stand-in for "open it in the catalog".

Everything shown came from whoever could send an event, so every value is HTML-escaped and the
page is served with a Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

from html import escape

from composer.services.sandbox.api import SandboxParts
from composer.services.sandbox.ingest import TMP_BADGE
from composer.services.sandbox.store import DatasetNode, LineageLink, StoredEvent

PAGE_EVENTS = 50
PAGE_DATASETS = 200
RAW_PREVIEW_CHARS = 20_000
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em;
  color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; vertical-align: top;
  padding: .3em .5em; border-bottom: 1px solid #eee; } th { background: #f5f5f5; }
code, pre { font: 12px/1.4 ui-monospace, monospace; } pre { white-space: pre-wrap; word-break: break-all;
  background: #f8f8f8; padding: .5em; max-height: 30em; overflow: auto; }
.badge { font-size: 11px; padding: 0 .4em; border-radius: 3px; white-space: nowrap; }
.resolved { background: #dff3e3; color: #185c2b; } .tmp { background: #fde8c8; color: #7a4b00; }
.muted { color: #777; } ul.links { margin: 0; padding-left: 1.1em; }
"""


def render_page(parts: SandboxParts, endpoint_url: str) -> str:
    events = parts.store.events(PAGE_EVENTS)
    total = parts.store.count_events()
    datasets = parts.store.datasets()
    sections = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Lineage Composer sandbox</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Lineage Composer sandbox</h1>",
        f"<p>Answers like Alation's <code>POST {escape(endpoint_url)}</code>. "
        f"{total} event(s) received; {len(datasets)} dataset(s) in lineage. "
        "Lineage is made only from COMPLETE events; datasets whose namespace matches no cataloged "
        f'data source get the <span class="badge tmp">{TMP_BADGE}</span> badge, as in Alation.</p>',
        _datasets_section(parts, datasets),
        _events_section(events, total),
        _sources_section(parts.catalog.sources()),
        "</body></html>",
    ]
    return "\n".join(sections)


def _badge(node: DatasetNode) -> str:
    if node.resolved:
        title = escape(f"matches cataloged data source {node.data_source}")
        return f'<span class="badge resolved" title="{title}">resolved</span>'
    return f'<span class="badge tmp" title="matches no cataloged data source">{TMP_BADGE}</span>'


def _dataset_label(node: DatasetNode) -> str:
    return f"<code>{escape(node.namespace)}</code> <b>{escape(node.name)}</b> {_badge(node)}"


def _links(links: list[LineageLink], arrow: str) -> str:
    if not links:
        return '<span class="muted">none</span>'
    items = [
        f"<li>{_dataset_label(link.dataset)} <span class='muted'>{arrow} job</span> "
        f"<code>{escape(link.job_namespace)}</code> {escape(link.job_name)}</li>"
        for link in links
    ]
    return '<ul class="links">' + "".join(items) + "</ul>"


def _datasets_section(parts: SandboxParts, datasets: list[DatasetNode]) -> str:
    if not datasets:
        return "<h2>Lineage</h2><p class='muted'>No lineage yet: send a COMPLETE event.</p>"
    rows = []
    for node in datasets[:PAGE_DATASETS]:
        found = parts.store.lineage(node.namespace, node.name)
        upstream = _links(found.upstream, "via") if found else ""
        downstream = _links(found.downstream, "via") if found else ""
        rows.append(f"<tr><td>{_dataset_label(node)}</td><td>{upstream}</td><td>{downstream}</td></tr>")
    more = (
        f"<p class='muted'>Showing {PAGE_DATASETS} of {len(datasets)}; the API lists all.</p>"
        if len(datasets) > PAGE_DATASETS
        else ""
    )
    return (
        "<h2>Lineage</h2><table><thead><tr><th>Dataset</th><th>Upstream (reads from)</th>"
        "<th>Downstream (feeds)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + more
    )


def _raw_preview(event: StoredEvent) -> str:
    text = event.raw.decode("utf-8")
    if len(text) > RAW_PREVIEW_CHARS:
        return escape(text[:RAW_PREVIEW_CHARS]) + f"\n… ({len(text) - RAW_PREVIEW_CHARS} more characters)"
    return escape(text)


def _events_section(events: list[StoredEvent], total: int) -> str:
    if not events:
        return "<h2>Events</h2><p class='muted'>No events received yet.</p>"
    rows = []
    for event in events:
        lineage = "lineage" if event.lineage_recorded else '<span class="muted">no lineage</span>'
        rows.append(
            f"<tr><td>{event.id}</td><td>{escape(event.received_at)}</td>"
            f"<td>{escape(event.event_type or '')}</td>"
            f"<td><code>{escape(event.job_namespace or '')}</code> {escape(event.job_name or '')}</td>"
            f"<td><code>{escape(event.run_id or '')}</code></td><td>{lineage}</td></tr>"
            f"<tr><td></td><td colspan='5'><details><summary>event JSON as received</summary>"
            f"<pre>{_raw_preview(event)}</pre></details></td></tr>"
        )
    shown = f"newest {len(events)} of {total}" if total > len(events) else f"{total}"
    return (
        f"<h2>Events ({shown})</h2><table><thead><tr><th>#</th><th>Received</th><th>Type</th><th>Job</th>"
        "<th>Run</th><th></th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _sources_section(sources: list[str]) -> str:
    items = "".join(f"<li><code>{escape(source)}</code></li>" for source in sources)
    return (
        "<h2>Cataloged data sources</h2><p>A dataset resolves when its namespace matches one of these "
        "by host and port.</p>" + (f"<ul>{items}</ul>" if items else "<p class='muted'>none</p>")
    )
