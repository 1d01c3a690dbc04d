"""Starting points for a new event: an empty run, Alation's documented examples and the gallery's
realistic events (Postgres -> Snowflake, S3 -> Redshift, BigQuery, Kafka), listed in
`resources/templates/index.json`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from composer.core.document import EventDocument, new_run_id, utc_now_text
from composer.resources import load_json_resource, resource_path


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    description: str
    file: str | None


def templates() -> tuple[Template, ...]:
    entries = load_json_resource("templates", "index.json")["templates"]
    return tuple(Template(e["id"], e["title"], e["description"], e["file"]) for e in entries)


def template(template_id: str) -> Template:
    for candidate in templates():
        if candidate.id == template_id:
            return candidate
    known = ", ".join(t.id for t in templates())
    raise KeyError(f"no template {template_id!r}; the templates are {known}")


def instantiate(template_id: str, *, fresh_run: bool = True, now: datetime | None = None) -> EventDocument:
    """A document from a template; `fresh_run` gives it a new runId and the current time.

    A steward wants a new run each time; a support engineer reproducing the documented event
    exactly passes `fresh_run=False`.
    """
    chosen = template(template_id)
    if chosen.file is None:
        return EventDocument.new(now=now)
    text = resource_path("templates", chosen.file).read_text(encoding="utf-8")
    document = EventDocument.from_json(text)
    if fresh_run:
        document.set("/run/runId", new_run_id())
        document.set("/eventTime", utc_now_text(now))
    return document
