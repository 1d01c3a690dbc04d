"""Which data sources the emulated catalog knows, and whether a dataset's namespace finds one.

Alation resolves a dataset by matching its namespace to a cataloged data source by host and
port; a dataset that matches none still gets accepted, but shows up as a temporary (TMP) object
with no lineage into the real catalog. That "200 but no lineage" trap is what this module lets
the app teach. The sandbox emulates data sources only, not their tables: any name in a known
source resolves.

A source is written one of three ways:
- a namespace URI, `postgres://prod-db.example.com:5432`: scheme, host and port must match;
- `host:port`, `prod-db.example.com:5432`: any scheme on that host and port matches;
- a bare namespace without host, `bigquery`: the dataset's namespace must be exactly that.
A missing port means the platform's default port (postgres 5432, mysql 3306, ...), so
`postgres://db` and `postgres://db:5432` are the same source, as they are the same server.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {
    "postgres": 5432,
    "postgresql": 5432,
    "mysql": 3306,
    "mariadb": 3306,
    "redshift": 5439,
    "sqlserver": 1433,
    "mssql": 1433,
    "oracle": 1521,
    "db2": 50000,
    "teradata": 1025,
}
_HOST_PORT = re.compile(r"^(?P<host>[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>\d{1,5})$")
_BARE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")


@dataclass(frozen=True)
class _Address:
    scheme: str | None
    host: str
    port: int | None


@dataclass(frozen=True)
class CatalogSource:
    text: str
    address: _Address | None  # None: a bare namespace compared whole
    any_scheme: bool


def _address(namespace: str) -> _Address | None:
    """Scheme, host and port of a namespace URI; None when it has no host (`bigquery`)."""
    if "://" not in namespace:
        return None
    try:
        parts = urlsplit(namespace)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    return _Address(scheme, parts.hostname.lower(), port if port is not None else DEFAULT_PORTS.get(scheme))


def parse_source(text: str) -> CatalogSource:
    """A catalog entry from its written form; ValueError says what a valid one looks like."""
    spec = text.strip()
    if not spec or any(ch.isspace() for ch in spec):
        raise ValueError(
            "a data source is a namespace (postgres://host:5432), host:port, or a bare name like bigquery"
        )
    if "://" in spec:
        address = _address(spec)
        if address is None:
            raise ValueError(
                f"{spec!r} is not a namespace with a host (like postgres://prod-db.example.com:5432)"
            )
        return CatalogSource(spec, address, any_scheme=False)
    match = _HOST_PORT.match(spec)
    if match:
        port = int(match.group("port"))
        if not 0 < port < 65536:
            raise ValueError(f"{spec!r}: port {port} is out of range")
        host = match.group("host").strip("[]").lower()
        return CatalogSource(spec, _Address(None, host, port), any_scheme=True)
    if _BARE.match(spec):
        return CatalogSource(spec, None, any_scheme=False)
    raise ValueError(f"{spec!r} is neither a namespace URI, host:port, nor a bare namespace like bigquery")


def _key(source: CatalogSource) -> tuple[object, ...]:
    return (source.address, source.any_scheme) if source.address else (source.text.lower(),)


class Catalog:
    """The cataloged data sources of one sandbox; safe to use from every request thread."""

    def __init__(self, sources: tuple[str, ...] = ()) -> None:
        self._lock = threading.Lock()
        self._sources: list[CatalogSource] = []
        self._keys: set[tuple[object, ...]] = set()  # so thousands of sources add in linear time
        for text in sources:
            self.add(text)

    def sources(self) -> list[str]:
        with self._lock:
            return [source.text for source in self._sources]

    def add(self, text: str) -> bool:
        """Catalog a source; False when an equivalent one is already there."""
        source = parse_source(text)
        key = _key(source)
        with self._lock:
            if key in self._keys:
                return False
            self._keys.add(key)
            self._sources.append(source)
            return True

    def remove(self, text: str) -> bool:
        """Forget a source (or the one equivalent to it); False when it was not cataloged."""
        key = _key(parse_source(text))
        with self._lock:
            kept = [known for known in self._sources if _key(known) != key]
            removed = len(kept) != len(self._sources)
            self._sources = kept
            self._keys.discard(key)
            return removed

    def resolve(self, namespace: str) -> str | None:
        """The cataloged source a dataset namespace belongs to, or None (Alation's TMP object)."""
        address = _address(namespace)
        with self._lock:
            for source in self._sources:
                if source.address is None:
                    if namespace.strip().lower() == source.text.lower():
                        return source.text
                elif address is not None and _same_server(source, address):
                    return source.text
        return None


def _same_server(source: CatalogSource, address: _Address) -> bool:
    assert source.address is not None
    if source.address.host != address.host:
        return False
    if source.any_scheme:
        return source.address.port == address.port
    return source.address.scheme == address.scheme and source.address.port == address.port
