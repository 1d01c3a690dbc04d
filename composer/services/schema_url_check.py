"""Check every custom facet of an event against its `_schemaURL`: fetch, then the core verdict.

One function for the window (on request, or automatically with `throttle=True`) and for
`lineage-composer validate --check-schema-urls`. Each document URL is fetched once per check,
however many facets name it; documents a schema refers to are fetched through the same capped,
cached fetcher (official OpenLineage ones never: the core answers those from our own copies).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from composer.core.problems import Problem, by_severity
from composer.core.validation.custom_facets import (
    CustomFacet,
    cannot_refer,
    check_custom_facet,
    custom_facets,
    fetch_problem,
    from_saved_copy,
)
from composer.services.facet_schemas import Fetched, SchemaFetcher

# A schema that needs more documents than this to be read is not checked (and says so).
MAX_REFERRED_DOCUMENTS = 8


def check_schema_urls(
    event: Any, fetcher: SchemaFetcher, *, throttle: bool = False, fetched: dict[str, Fetched] | None = None
) -> list[Problem]:
    """Problems of the event's custom facets against their own schemas, most severe first.

    `fetched` remembers answers across calls: a file of many events asks each URL once.
    """
    fetched = {} if fetched is None else fetched
    now = fetcher.now()

    def get(url: str) -> Fetched:
        if url not in fetched:
            fetched[url] = fetcher.fetch(url, throttle=throttle)
        return fetched[url]

    problems: list[Problem] = []
    for facet in custom_facets(event):
        problems.extend(_check_one(facet, get, now))
    return by_severity(problems)


def _check_one(facet: CustomFacet, get: Callable[[str], Fetched], now: datetime) -> list[Problem]:
    own = get(facet.document_url)
    problems: list[Problem] = []
    if own.failure is not None and not (own.failure == "unreachable" and own.document is not None):
        problems.append(fetch_problem(facet, own.failure, own.detail))
    if own.document is None:
        return problems
    if own.saved_at is not None:
        problems.append(from_saved_copy(facet, describe_age(own.saved_at, now), own.detail))
    documents: dict[str, Any] = {facet.document_url: own.document}
    for _ in range(MAX_REFERRED_DOCUMENTS):
        verdict = check_custom_facet(facet, documents)
        if verdict.needs is None:
            return [*problems, *verdict.problems]
        referred = get(verdict.needs)
        if referred.document is None:
            reason = f"{_failure_words(referred)}"
            return [*problems, cannot_refer(facet, verdict.needs, reason)]
        documents[verdict.needs] = referred.document
    return [*problems, cannot_refer(facet, "other documents", f"number more than {MAX_REFERRED_DOCUMENTS}")]


def _failure_words(fetched: Fetched) -> str:
    if fetched.failure == "not_found":
        return f"answers {fetched.detail}"
    if fetched.failure == "unreachable":
        return f"could not be reached ({fetched.detail})"
    if fetched.failure == "refused":
        return f"was not fetched ({fetched.detail})"
    return f"could not be used ({fetched.detail})"


def describe_age(saved_at: datetime, now: datetime | None = None) -> str:
    """`on 2026-12-01 10:00 UTC (3 days ago)`: the date, and how old that is in words."""
    now = now or datetime.now(UTC)
    seconds = max(0, int((now - saved_at).total_seconds()))
    if seconds < 120:
        ago = "just now"
    elif seconds < 2 * 3600:
        ago = f"{seconds // 60} minutes ago"
    elif seconds < 2 * 86400:
        ago = f"{seconds // 3600} hours ago"
    else:
        ago = f"{seconds // 86400} days ago"
    return f"on {saved_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC ({ago})"
