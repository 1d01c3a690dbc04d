"""Did a sent event's lineage appear? The verdict on one output from what the catalog answers.

An output is `ok` when every input of the event is among its upstream objects with `is_temp`
false and a dataflow between; `tmp` when an input (or the output) is a temporary object, which
re-polling will not change; `pending` while the edge is not there yet. At the deadline a pending
output becomes `missing`, with the most likely cause: the namespace matched no data source, the
table is not cataloged, or ingestion had not finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from composer.core.tenant.matching import matching_sources, table_query
from composer.core.tenant.models import CatalogTable, LineageEdge, TableLineage
from composer.core.tenant.snapshot import DatasetRef, TenantSnapshot, datasets_of

VerdictState = Literal["ok", "tmp", "missing", "pending", "unreachable"]
Cause = Literal["", "namespace-not-matched", "table-not-cataloged", "still-ingesting", "tenant-unreachable"]
CAUSE_WORDS: dict[Cause, str] = {
    "": "",
    "namespace-not-matched": "the namespace matches no data source's host:port",
    "table-not-cataloged": "the table is not cataloged on its data source",
    "still-ingesting": "Alation was still ingesting the event at the deadline",
    "tenant-unreachable": "the tenant stopped answering",
}

# What to do about each cause: the troubleshooting the window and the CLI show with a verdict.
CAUSE_ADVICE: dict[Cause, str] = {
    "": "",
    "namespace-not-matched": "Use the namespace of a cataloged data source (`lineage-composer sources` lists "
    "them), or add this host:port to the data source's Additional Datasource Connections, then send again.",
    "table-not-cataloged": "Check the table name's spelling and case, or run metadata extraction on the data "
    "source so the table is cataloged, then send again.",
    "still-ingesting": "Ingestion can take minutes: verify again later (`lineage-composer verify FILE`). If it "
    "never appears, check that the event is COMPLETE and that the namespaces match.",
    "tenant-unreachable": "Check the network or VPN, then verify again (`lineage-composer verify FILE`).",
}


@dataclass(frozen=True)
class OutputVerdict:
    """One output's outcome. `table` is the output's catalog table when it was found (its `url`
    is the catalog page to open); `culprit` names the dataset the cause is about."""

    output: DatasetRef
    state: VerdictState
    cause: Cause = ""
    message: str = ""
    table: CatalogTable | None = None
    culprit: str = ""

    @property
    def final(self) -> bool:
        return self.state != "pending"

    @property
    def advice(self) -> str:
        return "" if self.state == "ok" else CAUSE_ADVICE[self.cause]


def judge_output(
    event: object,
    output: DatasetRef,
    snapshot: TenantSnapshot,
    table: CatalogTable | None,
    lineage: TableLineage | None,
    *,
    at_deadline: bool,
) -> OutputVerdict:
    """The verdict on `output` given its table (None: not found yet) and its lineage (None: not
    asked yet or not answered); `at_deadline` turns pending into missing."""
    if not matching_sources(output.namespace, snapshot.sources):
        return OutputVerdict(
            output,
            "tmp",
            "namespace-not-matched",
            _tmp_text(output, "namespace-not-matched"),
            None,
            _named(output),
        )
    if table is None or lineage is None:
        cause: Cause = "table-not-cataloged" if table is None else "still-ingesting"
        return _pending_or_missing(output, cause, table, at_deadline, _named(output))
    inputs = [item for item in datasets_of(event) if item.side == "inputs"]
    waiting: list[DatasetRef] = []
    for item in inputs:
        edge = _edge_for(item, lineage.upstream, snapshot)
        if edge is None:
            waiting.append(item)
        elif edge.neighbour.is_temp:
            reason = _input_cause(item, snapshot)
            return OutputVerdict(output, "tmp", reason, _tmp_text(item, reason), table, _named(item))
        elif edge.dataflow is None:
            waiting.append(item)
    if not waiting:
        text = f"lineage appeared: {len(inputs)} input(s) upstream of {output.name}, with a dataflow between"
        return OutputVerdict(output, "ok", "", text, table)
    first = waiting[0]
    reason = _input_cause(first, snapshot)
    return _pending_or_missing(output, reason, table, at_deadline, _named(first))


def _pending_or_missing(
    output: DatasetRef, cause: Cause, table: CatalogTable | None, at_deadline: bool, culprit: str
) -> OutputVerdict:
    if not at_deadline:
        return OutputVerdict(output, "pending", cause, "waiting for the lineage to appear", table, culprit)
    text = f"no lineage for {output.name} by the deadline: most likely {CAUSE_WORDS[cause]} ({culprit})"
    return OutputVerdict(output, "missing", cause, text, table, culprit)


def _input_cause(item: DatasetRef, snapshot: TenantSnapshot) -> Cause:
    found = matching_sources(item.namespace, snapshot.sources)
    if not found:
        return "namespace-not-matched"
    query = table_query(found[0], item.name)
    lookup = snapshot.lookup(query) if query is not None else None
    if lookup is not None and lookup.state == "missing":
        return "table-not-cataloged"
    return "still-ingesting"


def _edge_for(
    item: DatasetRef, edges: tuple[LineageEdge, ...], snapshot: TenantSnapshot
) -> LineageEdge | None:
    """The upstream edge that is this input: by the table key it should have, else (a TMP
    object, whose key Alation does not document) by a key ending in the dataset's name."""
    wanted = {key.lower() for key in expected_keys(item, snapshot)}
    name = item.name.lower()
    for edge in edges:
        key = edge.neighbour.key.lower()
        if key in wanted or (edge.neighbour.is_temp and key.endswith(name)):
            return edge
    return None


def expected_keys(item: DatasetRef, snapshot: TenantSnapshot) -> list[str]:
    """The catalog keys a dataset's table may have: the looked-up table's own key, else
    `<ds_id>.<name>` and `<ds_id>.<schema>.<table>` (sources without a database part)."""
    found = matching_sources(item.namespace, snapshot.sources)
    if not found:
        return []
    query = table_query(found[0], item.name)
    lookup = snapshot.lookup(query) if query is not None else None
    keys = [lookup.table.key] if lookup is not None and lookup.table is not None else []
    keys.append(f"{found[0].id}.{item.name}")
    if query is not None:
        keys.extend(f"{query.ds_id}.{schema}.{query.name}" for schema in query.schemas)
    return list(dict.fromkeys(keys))


def _tmp_text(item: DatasetRef, cause: Cause) -> str:
    return f"{item.namespace} / {item.name} landed as a temporary (TMP) object: {CAUSE_WORDS[cause]}"


def _named(item: DatasetRef) -> str:
    return f"{item.namespace} / {item.name}"
