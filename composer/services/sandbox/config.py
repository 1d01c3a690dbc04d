"""How one sandbox is set up: address, tokens, storage, limits, catalog and faults.

Everything a sandbox needs is passed in here rather than read from the environment, so the
window, the CLI and the tests can each run their own sandbox side by side.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from composer.services.loopback import is_loopback
from composer.services.sandbox.faults import Fault

LOOPBACK_HOST = "127.0.0.1"
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024

# Matches the namespaces of the built-in templates and of Alation's page, so a template sent
# unchanged makes resolved lineage, plus a few platforms a demo is likely to show.
DEFAULT_SOURCES: tuple[str, ...] = (
    "postgres://prod-db.example.com:5432",
    "snowflake://account.region.snowflakecomputing.com",
    "postgres://your-cataloged-db:5432",
    "mysql://mysql-prod.example.com:3306",
    "redshift://examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439",
    "bigquery",
    # the template gallery's sources (Postgres -> Snowflake, S3 -> Redshift, BigQuery, Kafka)
    "postgres://orders-db.prod.acme.example.com:5432",
    "snowflake://acme-xy12345.us-east-1.snowflakecomputing.com",
    "redshift://analytics.c8xk2pqz1abc.us-east-1.redshift.amazonaws.com:5439",
    "s3://acme-clickstream-raw",
    "bigquery://www.googleapis.com:443",
    "kafka://broker-1.kafka.prod.acme.example.com:9092",
)


class SandboxConfigError(ValueError):
    """A sandbox set-up that must not start; the message is meant for the person who asked."""


@dataclass(frozen=True)
class SandboxConfig:
    """A sandbox's settings. Tokens left empty are generated at random when it is built.

    `db_path=None` keeps everything in memory (tests, throw-away demos). The tokens are excluded
    from `repr` so that a logged or printed config never shows them.
    """

    host: str = LOOPBACK_HOST
    port: int = 0
    token: str = field(default="", repr=False)
    read_only_token: str = field(default="", repr=False)
    db_path: Path | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    sources: tuple[str, ...] = DEFAULT_SOURCES
    faults: tuple[Fault, ...] = ()
    allow_remote: bool = False
    # Idle keep-alive connections are closed after this many seconds, so they cannot hold a
    # thread forever.
    idle_timeout: float = 30.0
    # Catalog REST APIs (`rest_api`): seconds before an accepted event shows there (Alation
    # ingests asynchronously), tables cataloged from the start as (namespace, name), and the
    # refresh token that mints access tokens for user 1 (random when empty).
    ingest_delay: float = 0.0
    tables: tuple[tuple[str, str], ...] = ()
    refresh_token: str = field(default="", repr=False)

    def with_tokens(self) -> SandboxConfig:
        """This config with both tokens filled in and checked."""
        token = self.token or secrets.token_urlsafe(24)
        read_only = self.read_only_token or secrets.token_urlsafe(24)
        if token == read_only:
            raise SandboxConfigError("the write token and the read-only token must differ")
        for value in (token, read_only):
            # What an Authorization header can carry unchanged through every HTTP client.
            if not (value.isascii() and value.isprintable()) or any(ch.isspace() for ch in value):
                raise SandboxConfigError("a token must be printable ASCII text without spaces")
        return replace(self, token=token, read_only_token=read_only)

    def check(self) -> None:
        if not self.allow_remote and not is_loopback(self.host):
            raise SandboxConfigError(
                f"refusing to listen on {self.host}: the sandbox accepts events from anyone who can "
                "reach it, so a non-loopback address needs --allow-remote (allow_remote=True)"
            )
        if not 0 <= self.port <= 65535:
            raise SandboxConfigError(f"port {self.port} is out of range (0-65535; 0 picks a free port)")
        if self.max_body_bytes < 1:
            raise SandboxConfigError("the body size limit must be at least 1 byte")
        if not 0 <= self.ingest_delay <= 3600:
            raise SandboxConfigError("the ingest delay is 0 to 3600 seconds")
