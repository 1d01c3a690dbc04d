"""The tenant's catalog as pure values and rules: which data source a namespace lands on, which
tables to look up, and whether a sent event's lineage appeared. The network side is
`composer.services.catalog`; the pre-flight rules are `composer.core.validation.tenant`."""

from composer.core.tenant.matching import (
    Closest,
    TableQuery,
    address,
    closest_source,
    data_source,
    matching_sources,
    table_query,
)
from composer.core.tenant.models import CatalogTable, DataSource, LineageEdge, LineageObject, TableLineage
from composer.core.tenant.snapshot import DatasetRef, TableLookup, TenantSnapshot, datasets_of, queries_for
from composer.core.tenant.verdict import CAUSE_ADVICE, CAUSE_WORDS, OutputVerdict, judge_output

__all__ = [
    "CAUSE_ADVICE",
    "CAUSE_WORDS",
    "CatalogTable",
    "Closest",
    "DataSource",
    "DatasetRef",
    "LineageEdge",
    "LineageObject",
    "OutputVerdict",
    "TableLineage",
    "TableLookup",
    "TableQuery",
    "TenantSnapshot",
    "address",
    "closest_source",
    "data_source",
    "datasets_of",
    "judge_output",
    "matching_sources",
    "queries_for",
    "table_query",
]
