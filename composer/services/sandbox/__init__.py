"""A local receiver that answers like Alation's OpenLineage endpoint and shows the lineage made.

Stewards rehearse, support engineers reproduce and demos run against it with no tenant at hand;
the end-to-end tests send to it. Start one with::

    with SandboxServer(SandboxConfig(db_path=None)) as sandbox:
        sandbox.url, sandbox.token          # http://127.0.0.1:PORT, the write token

The URL paths and JSON shapes below are a contract: outside scripts rely on them.

Ingestion: ``POST /open_lineage_event/`` (``Authorization: Bearer <write token>``)

Checked in this order; the first failure answers.

=====  ==========================  ============================================================
code   ``error``                   when
=====  ==========================  ============================================================
421    ``misdirected``             on loopback, a Host header that is not a loopback name
405    ``method-not-allowed``      not POST (``Allow: POST``)
503    ``injected-fault``          an armed fault (also 500, 429; 503/429 send ``Retry-After``;
                                   ``drop`` closes without an answer, ``delay`` answers late)
411    ``length-required``         no Content-Length (chunked bodies are not accepted)
413    ``payload-too-large``       Content-Length above the limit (default 5 MiB), body unread
401    ``unauthorized``            no token, or a wrong one (``WWW-Authenticate: Bearer``)
403    ``forbidden``               the read-only token
415    ``unsupported-media-type``  Content-Type not ``application/json`` (charset, if any,
                                   UTF-8), or any Content-Encoding but identity
400    ``malformed-json``          not UTF-8 JSON; adds ``line``, ``column``, ``reason``
400    ``invalid-event``           breaks Alation's documented rules; adds ``problems``
200                                accepted and stored byte for byte
=====  ==========================  ============================================================

Every answer is JSON: ``{"status": 400, "error": "invalid-event", "message": "...", ...}``
(``error`` only on failures). Alation's page documents status codes only, not bodies: these
bodies are the sandbox's own, so nothing that talks to a tenant may depend on them. A problem
is ``{"severity": "error"|"warning"|"info", "path": JSON pointer, "message", "hint", "code"}``;
a 400 lists all problems, most severe first, and a 200 lists the warnings. The 200 body::

    {"status": 200, "message": "Event accepted; ...", "eventId": 7,
     "lineage": {"recorded": true, "datasets": [
        {"role": "input", "namespace": "postgres://prod-db.example.com:5432",
         "name": "sales_db.public.transactions", "resolved": true,
         "dataSource": "postgres://prod-db.example.com:5432", "badge": null}]},
     "problems": []}

Lineage is recorded only from COMPLETE events (``recorded: false`` otherwise). A dataset whose
namespace matches no cataloged data source is ``resolved: false, dataSource: null, badge: "TMP"``.

Verification API (JSON; either token, as Bearer or as the HTTP Basic password, unless noted)

- ``GET /sandbox/api/events?limit=N`` (1-10000, default 100): ``{"total", "events": [{"id",
  "receivedAt", "eventType", "eventTime", "job": {"namespace", "name"}, "runId",
  "lineageRecorded", "event": <the body exactly as received, as text>}]}``, newest first.
- ``GET /sandbox/api/lineage?namespace=NS&name=NAME``: ``{"dataset": node, "upstream": [link],
  "downstream": [link]}``; a node is ``{"namespace", "name", "resolved", "dataSource", "badge"}``,
  a link ``{"job": {"namespace", "name"}, "dataset": node, "eventId"}``. 404 when no lineage
  names the dataset.
- ``GET /sandbox/api/datasets``: ``{"datasets": [node]}``.
- ``POST /sandbox/api/reset`` (write token): deletes events and lineage; catalog and faults stay.
- ``GET|POST|DELETE /sandbox/api/faults`` (POST/DELETE: write token): POST appends
  ``{"kind": "503"|"500"|"429"|"delay"|"drop", "count": 1, "retryAfter": 1, "delayMs": 0}`` or
  ``{"faults": [...]}``; DELETE clears; all answer ``{"faults": [...]}`` (what is still armed).
- ``GET|POST|DELETE /sandbox/api/sources`` (POST/DELETE: write token): POST ``{"source":
  "postgres://host:5432" | "host:port" | "bigquery"}``, ``DELETE ?source=...``; all answer
  ``{"sources": [...]}``.

``GET /`` is a read-only HTML page of the same. It needs no token while the sandbox listens on
loopback only (so a demo can open it in any browser); with ``allow_remote`` it asks for a token
as the HTTP Basic password. On loopback, requests whose Host is not a loopback name get 421, so a
web page using DNS rebinding cannot read it. Faults hit only the ingestion endpoint.
"""

from composer.services.loopback import is_loopback
from composer.services.sandbox.catalog import Catalog
from composer.services.sandbox.config import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_SOURCES,
    SandboxConfig,
    SandboxConfigError,
)
from composer.services.sandbox.faults import FAULT_KINDS, Fault, FaultKind
from composer.services.sandbox.handler import INGEST_PATH, RequestRecord
from composer.services.sandbox.server import SandboxServer, SandboxStartError
from composer.services.sandbox.store import SandboxStore, SandboxStoreError

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_SOURCES",
    "FAULT_KINDS",
    "INGEST_PATH",
    "Catalog",
    "Fault",
    "FaultKind",
    "RequestRecord",
    "SandboxConfig",
    "SandboxConfigError",
    "SandboxServer",
    "SandboxStartError",
    "SandboxStore",
    "SandboxStoreError",
    "is_loopback",
]
