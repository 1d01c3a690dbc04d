"""The tenant pre-flight: look up the tables an event names, and build the rules' snapshot.

Lookups are remembered per `TenantChecker`, so the background check that runs while the user
types asks the tenant only about datasets it has not seen; a table that was missing is asked
again when `recheck_missing` is set (the verifier does, as ingestion may catalog it).
"""

from __future__ import annotations

import threading

from composer.core.tenant import DataSource, TableLookup, TableQuery, TenantSnapshot, queries_for
from composer.services.catalog.client import CatalogClient


class TenantChecker:
    """Snapshots of one tenant for the "tenant" rule set; thread-safe."""

    def __init__(
        self, client: CatalogClient, sources: tuple[DataSource, ...], *, tenant: str = "the tenant"
    ) -> None:
        self.client = client
        self.sources = sources
        self.tenant = tenant
        self._lookups: dict[TableQuery, TableLookup] = {}
        self._lock = threading.Lock()

    def snapshot(self, event: object, *, recheck_missing: bool = False) -> TenantSnapshot:
        """The snapshot for `event`; raises `CatalogError` when the tenant cannot be asked at all."""
        tables: dict[TableQuery, TableLookup] = {}
        for query in queries_for(event, self.sources):
            with self._lock:
                known = self._lookups.get(query)
            if known is None or known.state == "failed" or (recheck_missing and known.state != "found"):
                known = self.client.lookup(query)
                with self._lock:
                    self._lookups[query] = known
            tables[query] = known
        return TenantSnapshot(self.sources, tables, self.tenant)

    def forget(self) -> None:
        """Drop remembered lookups (after a Refresh)."""
        with self._lock:
            self._lookups.clear()
