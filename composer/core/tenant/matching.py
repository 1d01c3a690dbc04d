"""How an event's namespace finds a data source, the way Alation matches them: by host:port.

Alation compares the host and port of a dataset's namespace with those of each data source's
JDBC URI. A source's namespace is derived from that URI with the namespace catalog
(`core.namespaces.from_jdbc`), so the picker offers exactly the text that will match. Hosts are
compared without regard to case (DNS names are case-insensitive); ports exactly. A namespace
with no host (`bigquery`) only matches a source whose derived namespace is the same text.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from composer.core.namespaces import NamespaceError, from_jdbc, split_name
from composer.core.tenant.models import DataSource, SourceApi

_AUTHORITY_ENDS = "/?;#"


def address(namespace: str) -> str | None:
    """The lower-cased host[:port] of a namespace URI, or None when it has no host."""
    scheme, separator, rest = namespace.strip().partition("://")
    if not separator or not scheme:
        return None
    end = min((index for index in (rest.find(ch) for ch in _AUTHORITY_ENDS) if index >= 0), default=len(rest))
    authority = rest[:end].rsplit("@", 1)[-1]
    return authority.lower() or None


def data_source(
    id: int, title: str, uri: str, api: SourceApi, *, host: str = "", port: int | None = None, url: str = ""
) -> DataSource:
    """A data source with its namespace derived from `uri`; an unreadable URI is kept, with no
    namespace and a note saying why, and native sources fall back on their `host`/`port` fields."""
    namespace: str | None = None
    note = ""
    try:
        namespace = from_jdbc(uri).namespace if uri.strip() else None
        if namespace is None:
            note = "the data source has no URI"
    except NamespaceError as exc:
        note = str(exc)
    found = address(namespace) if namespace else None
    if found is None and host.strip():
        found = f"{host.strip().lower()}:{port}" if port else host.strip().lower()
    return DataSource(id, title, uri, namespace, api, found, url, note)


def matching_sources(namespace: str, sources: Iterable[DataSource]) -> list[DataSource]:
    """Every source the namespace lands on (Alation picks one; more than one is worth a note)."""
    wanted = address(namespace)
    if wanted is None:
        return [
            source for source in sources if source.namespace is not None and source.namespace == namespace
        ]
    return [source for source in sources if source.address == wanted]


@dataclass(frozen=True)
class Closest:
    source: DataSource
    namespace: str


def closest_source(namespace: str, sources: Sequence[DataSource]) -> Closest | None:
    """The source whose host:port reads most like the namespace's: a likely typo's fix.

    Thousands of sources would take difflib a while, so the ones sharing most character pairs
    with the namespace's host:port are picked first (a cheap set overlap), and only those few
    are scored with difflib's ratio."""
    wanted = address(namespace) or namespace.lower()
    pairs = _pairs(wanted)
    named = [(source.address or source.namespace.lower(), source) for source in sources if source.namespace]
    likely = heapq.nlargest(_SHORTLIST, named, key=lambda item: _overlap(pairs, _pairs(item[0])))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best: tuple[float, str, DataSource] | None = None
    for text, source in likely:
        matcher.set_seq1(text)
        score = matcher.ratio()
        if best is None or score > best[0]:
            best = (score, text, source)
    if best is None or best[2].namespace is None:
        return None
    return Closest(best[2], best[2].namespace)


_SHORTLIST = 25


@lru_cache(maxsize=20_000)
def _pairs(text: str) -> frozenset[str]:
    return frozenset(text[index : index + 2] for index in range(len(text) - 1))


def _overlap(first: frozenset[str], second: frozenset[str]) -> float:
    union = len(first | second)
    return len(first & second) / union if union else 0.0


@dataclass(frozen=True)
class TableQuery:
    """What to ask `/integration/v2/table/` for one dataset: the source, the table name and the
    schema names to try in order. A name `db.schema.table` is tried as schema `db.schema` (how
    Alation names schemas on sources with databases) and then as `schema`."""

    ds_id: int
    name: str
    schemas: tuple[str, ...]


def table_query(source: DataSource, dataset_name: str) -> TableQuery | None:
    """The lookup for a dataset on `source`, or None when its name has no schema part."""
    parts = split_name(dataset_name)
    if parts is None or len(parts) < 2 or not all(parts):
        return None
    schemas = [".".join(parts[:-1])]
    if len(parts) >= 3:
        schemas.append(parts[-2])
    return TableQuery(source.id, parts[-1], tuple(dict.fromkeys(schemas)))
