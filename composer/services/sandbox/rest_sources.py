"""The sandbox's cataloged sources as Alation data sources: an id, a title and a JDBC URI.

The REST APIs list data sources by their JDBC URI (the client derives each one's namespace with
the namespace catalog), so each cataloged namespace is written back as the URI a steward would
see on the data source's settings page. A source with no host (`bigquery`) gets its bare name as
its URI, which reads as "no namespace": the case the client must list and mark.

Postgres and MySQL sources are native ones (`/integration/v1/datasource/`, with host, port and
dbtype), the others OCF connectors (`/integration/v2/datasource/`), so both APIs are exercised.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from composer.services.sandbox.catalog import DEFAULT_PORTS

_NATIVE = {"postgres": "postgresql", "postgresql": "postgresql", "mysql": "mysql"}
_JDBC_SUFFIX = {
    "postgres": "/{db}",
    "postgresql": "/{db}",
    "mysql": "/{db}",
    "redshift": "/dev",
    "sqlserver": ";databaseName={db}",
    "snowflake": "/?db={db}",
}
PRIVATE_SOURCE_TITLE = "Finance (private)"
PRIVATE_SOURCE_URI = "jdbc:postgresql://finance-db.example.com:5432/finance"


@dataclass(frozen=True)
class RestSource:
    id: int
    title: str
    uri: str
    api: str  # "v1" | "v2"
    dbtype: str = ""
    host: str = ""
    port: int | None = None
    private: bool = False

    def to_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "uri": self.uri,
            "url": f"/data/{self.id}/",
            "private": self.private,
            "otype": "data",
        }
        if self.api == "v1":
            found.update(dbtype=self.dbtype, host=self.host, port=self.port)
        return found


def rest_source(ident: int, text: str) -> RestSource:
    """The data source for a cataloged source's written form (see `sandbox.catalog`)."""
    if "://" not in text:
        if ":" in text:  # host:port: a Postgres server, as that is the sandbox's default platform
            host, _, port = text.rpartition(":")
            return RestSource(
                ident,
                f"{host} (Postgres)",
                f"jdbc:postgresql://{text}/db",
                "v1",
                "postgresql",
                host,
                int(port),
            )
        return RestSource(ident, text.capitalize(), text, "v2")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    number = parts.port or DEFAULT_PORTS.get(scheme)
    authority = f"{host}:{number}" if number else host
    database = "db"
    jdbc_scheme = _NATIVE.get(scheme, scheme)
    uri = f"jdbc:{jdbc_scheme}://{authority}" + _JDBC_SUFFIX.get(scheme, "").format(db=database)
    if scheme in ("s3", "kafka", "gs", "hdfs"):
        uri = text  # their connection URIs are the namespace itself
    title = f"{host.split('.')[0]} ({scheme})"
    if scheme in _NATIVE:
        return RestSource(ident, title, uri, "v1", _NATIVE[scheme], host, number)
    return RestSource(ident, title, uri, "v2")
