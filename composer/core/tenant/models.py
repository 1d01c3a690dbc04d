"""What a tenant's catalog says, as plain values: data sources, tables and lineage.

The REST client (`composer.services.catalog`) reads Alation's answers into these, the sandbox's
tests compare with them, and the pure rules (`composer.core.validation.tenant`) and the
verification verdict (`composer.core.tenant.verdict`) judge them, so nothing that judges needs
the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SourceApi = Literal["v1", "v2"]


@dataclass(frozen=True)
class DataSource:
    """One cataloged data source. `namespace` is what an event should carry to land on it (None
    when its URI cannot be read: listed as "no namespace", with `note` saying why); `address` is
    the host:port Alation compares with an event's namespace."""

    id: int
    title: str
    uri: str
    namespace: str | None
    api: SourceApi
    address: str | None = None
    url: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        """How a list names it: "<title> (data source <id>)"."""
        return f"{self.title or 'untitled'} (data source {self.id})"


@dataclass(frozen=True)
class CatalogTable:
    """A table the catalog has; `key` is `<ds_id>.[<db>.]<schema>.<table>`, `url` its page."""

    id: int
    name: str
    key: str
    url: str
    ds_id: int
    schema_name: str


@dataclass(frozen=True)
class LineageObject:
    """A node of a lineage answer: a table, a dataflow, or a temporary (TMP) object."""

    otype: str
    key: str
    is_temp: bool = False
    id: int | None = None
    title: str = ""


@dataclass(frozen=True)
class LineageEdge:
    """A neighbour of the asked-for table and the dataflow between them (None when the answer
    shows none)."""

    neighbour: LineageObject
    dataflow: LineageObject | None


@dataclass(frozen=True)
class TableLineage:
    """The nearest upstream and downstream objects of one table."""

    key: str
    upstream: tuple[LineageEdge, ...] = ()
    downstream: tuple[LineageEdge, ...] = ()
