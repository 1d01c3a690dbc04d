"""Events/s the sandbox accepts from one keep-alive client, every event persisted.

Goal: at least 1000 events/s. The client is `http.client.HTTPConnection` on one
keep-alive connection, sending Alation's "complete event with metadata" example (a fresh runId
each time) and reading every answer; the sandbox runs in the same process on its own thread, as
the window runs it, so client and server share one interpreter. Measured for a database file
(WAL, synchronous=NORMAL) and in memory; after each run the stored count is checked.

Run: `.venv/bin/python tests/benchmarks/bench_sandbox.py [EVENTS]`.
"""

from __future__ import annotations

import http.client
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from composer.services.sandbox import SandboxConfig, SandboxServer
from tests.benchmarks.report import write_section

GOAL = 1000.0
WARM_UP = 200
_PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python"


def _facet(schema: str, **fields: Any) -> dict[str, Any]:
    return {
        "_producer": _PRODUCER,
        "_schemaURL": f"https://openlineage.io/spec/facets/1-0-0/{schema}.json",
        **fields,
    }


def complete_event() -> dict[str, Any]:
    """The "Complete Event Example with Metadata" of Alation's Direct API page."""
    schema = [("transaction_id", "INTEGER"), ("amount", "DECIMAL"), ("transaction_date", "TIMESTAMP")]
    return {
        "eventType": "COMPLETE",
        "eventTime": "2024-02-20T10:30:00.000Z",
        "run": {
            "runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e",
            "facets": {
                "nominalTime": _facet(
                    "NominalTimeRunFacet",
                    nominalStartTime="2024-02-20T00:00:00.000Z",
                    nominalEndTime="2024-02-20T23:59:59.000Z",
                )
            },
        },
        "job": {
            "namespace": "my-etl-system",
            "name": "daily-sales-aggregation",
            "facets": {
                "documentation": _facet("DocumentationJobFacet", description="Aggregates daily sales"),
                "sql": _facet("SqlJobFacet", query="INSERT INTO analytics.public.daily_sales SELECT ..."),
            },
        },
        "inputs": [
            {
                "namespace": "postgres://prod-db.example.com:5432",
                "name": "sales_db.public.transactions",
                "facets": {
                    "schema": _facet("SchemaDatasetFacet", fields=[{"name": n, "type": t} for n, t in schema])
                },
            }
        ],
        "outputs": [
            {
                "namespace": "snowflake://account.region.snowflakecomputing.com",
                "name": "analytics.public.daily_sales",
            }
        ],
        "producer": "https://github.com/myorg/custom-etl/v1.0.0",
    }


def measure(config: SandboxConfig, events: int) -> tuple[float, int]:
    """(events/s, body bytes) over one keep-alive connection; fails if any event went missing."""
    template = complete_event()
    bodies = []
    for _ in range(events + WARM_UP):
        template["run"]["runId"] = str(uuid.uuid4())
        bodies.append(json.dumps(template).encode("utf-8"))
    with SandboxServer(config) as sandbox:
        connection = http.client.HTTPConnection("127.0.0.1", sandbox.port)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {sandbox.token}"}

        def send(body: bytes) -> None:
            connection.request("POST", "/open_lineage_event/", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"unexpected status {response.status}")

        for body in bodies[:WARM_UP]:
            send(body)
        started = time.perf_counter()
        for body in bodies[WARM_UP:]:
            send(body)
        elapsed = time.perf_counter() - started
        connection.close()
        stored = sandbox.store.count_events()
    if stored != events + WARM_UP:
        raise SystemExit(f"only {stored} of {events + WARM_UP} events were stored")
    return events / elapsed, len(bodies[0])


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        on_file, size = measure(SandboxConfig(db_path=Path(folder) / "bench.sqlite3"), events)
    in_memory, _ = measure(SandboxConfig(db_path=None), events)
    verdict = "meets" if on_file >= GOAL else "MISSES"
    rows = [
        "| storage | events/s |",
        "|---|---|",
        f"| SQLite file (WAL, synchronous=NORMAL) | {on_file:,.0f} |",
        f"| in memory | {in_memory:,.0f} |",
    ]
    body = (
        f"One `http.client` keep-alive connection posts {events} events ({size} bytes each: Alation's "
        "complete example with a fresh runId) to `POST /open_lineage_event/` and reads every answer; the "
        "sandbox runs on a thread of the same process, as in the window. Every event is parsed, checked "
        f"against Alation's rules, stored and its lineage recorded; the stored count is verified.\n\n"
        + "\n".join(rows)
        + f"\n\nGoal: at least {GOAL:,.0f} events/s with every event persisted — **{verdict}** it."
    )
    print(body)
    write_section("Sandbox ingestion", body)


if __name__ == "__main__":
    main()
