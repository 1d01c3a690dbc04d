"""What the tenant rules see: the data sources and the table lookups, fetched beforehand.

The rules stay pure (no network): a service fetches the data-source list (or reads the cache)
and asks for the tables `queries_for` names, then hands both over as one snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from composer.core.document import SIDES, DatasetRef
from composer.core.tenant.matching import TableQuery, matching_sources, table_query
from composer.core.tenant.models import CatalogTable, DataSource

LookupState = Literal["found", "missing", "forbidden", "failed"]


@dataclass(frozen=True)
class TableLookup:
    """The answer for one `TableQuery`: found (with the table), missing (none in any schema
    tried), forbidden (a private source, 403) or failed (`detail` says why)."""

    state: LookupState
    table: CatalogTable | None = None
    detail: str = ""


@dataclass(frozen=True)
class TenantSnapshot:
    """The catalog as the rules see it. `tenant` names it in messages ("Acme prod")."""

    sources: tuple[DataSource, ...]
    tables: Mapping[TableQuery, TableLookup] = field(default_factory=lambda: MappingProxyType({}))
    tenant: str = "the tenant"

    def lookup(self, query: TableQuery) -> TableLookup | None:
        return self.tables.get(query)


def datasets_of(event: Any) -> Iterator[DatasetRef]:
    """The event's datasets that have a text namespace and name, inputs first."""
    if not isinstance(event, dict):
        return
    for side in SIDES:
        items = event.get(side)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                namespace, name = item.get("namespace"), item.get("name")
                if isinstance(namespace, str) and isinstance(name, str) and namespace and name:
                    yield DatasetRef(side, index, namespace, name)


def queries_for(event: Any, sources: tuple[DataSource, ...]) -> list[TableQuery]:
    """The table lookups the tenant rules want for `event`, each once, in the event's order."""
    found: dict[TableQuery, None] = {}
    for dataset in datasets_of(event):
        for source in matching_sources(dataset.namespace, sources)[:1]:
            query = table_query(source, dataset.name)
            if query is not None:
                found[query] = None
    return list(found)


__all__ = ["DatasetRef", "LookupState", "TableLookup", "TenantSnapshot", "datasets_of", "queries_for"]
