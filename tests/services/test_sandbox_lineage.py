"""What the sandbox keeps and the lineage it makes: storage, COMPLETE-only lineage, the catalog."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from composer.core.templates import instantiate, templates
from composer.services.sandbox import DEFAULT_SOURCES, Catalog, SandboxConfig, SandboxServer
from tests.services.sandbox_client import Client, Clients, dataset, event

PROD = "postgres://prod-db.example.com:5432"
SNOWFLAKE = "snowflake://account.region.snowflakecomputing.com"
UNKNOWN = "postgres://localhost:5432"


def lineage_of(client: Client, namespace: str, name: str) -> tuple[int, dict[str, Any]]:
    response = client.get("/sandbox/api/lineage?" + urlencode({"namespace": namespace, "name": name}))
    return response.status, response.json()


def test_the_event_is_kept_byte_for_byte(client: Client) -> None:
    # Layout, key order, number spelling and non-ASCII text a re-serialising server would lose.
    raw = (
        '{ "producer":"https://x.example/p", "eventType" : "START",\r\n'
        ' "eventTime": "2024-02-20T10:30:00.000Z",\r\n'
        '  "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e",'
        ' "facets": {"n": 1.0E5, "big": 12345678901234567890}},'
        '  "job": {"namespace": "Zürich-etl", "name": "t\\u00e4glich"},\n'
        f'  "inputs": [{{"namespace": "{PROD}", "name": "a.b.c"}}],'
        f' "outputs": [{{"namespace": "{PROD}", "name": "d.e.f"}}],'
        '  "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent" }  \n'
    ).encode()
    assert client.post_event(raw).status == 200
    [stored] = client.get("/sandbox/api/events?limit=5").json()["events"]
    assert stored["event"].encode("utf-8") == raw
    assert stored["eventType"] == "START" and stored["job"] == {"namespace": "Zürich-etl", "name": "täglich"}
    assert stored["runId"] == "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e" and stored["lineageRecorded"] is False
    assert stored["receivedAt"].endswith("Z") and stored["eventTime"] == "2024-02-20T10:30:00.000Z"


def test_events_are_listed_newest_first_with_a_limit(client: Client) -> None:
    ids = [client.post_event(event()).json()["eventId"] for _ in range(3)]
    listed = client.get("/sandbox/api/events?limit=2").json()
    assert listed["total"] == 3
    assert [e["id"] for e in listed["events"]] == ids[::-1][:2]
    for bad in ("0", "x", "10001", "-1"):
        assert client.get(f"/sandbox/api/events?limit={bad}").status == 400


def test_events_persist_across_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "sandbox.sqlite3"
    with SandboxServer(SandboxConfig(db_path=db)) as first, Clients(first) as connect:
        sent = event()
        assert connect().post_event(sent).status == 200
        assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SandboxServer(SandboxConfig(db_path=db)) as second, Clients(second) as connect:
        client = connect()
        [stored] = client.get("/sandbox/api/events").json()["events"]
        assert stored["runId"] == sent["run"]["runId"]
        status, found = lineage_of(client, PROD, "analytics.public.daily_sales")
        assert status == 200 and found["upstream"]


def test_lineage_comes_only_from_complete_events(client: Client) -> None:
    job = {"namespace": "my-etl-system", "name": "daily-sales-aggregation"}
    inputs = [dataset(PROD, "sales_db.public.transactions")]
    outputs = [dataset(SNOWFLAKE, "analytics.public.daily_sales")]
    for event_type in ("START", "RUNNING", "FAIL", "ABORT"):
        response = client.post_event(event(eventType=event_type, job=job, inputs=inputs, outputs=outputs))
        assert response.status == 200 and response.json()["lineage"]["recorded"] is False
    assert client.get("/sandbox/api/datasets").json()["datasets"] == []
    assert lineage_of(client, SNOWFLAKE, "analytics.public.daily_sales")[0] == 404

    complete = client.post_event(event(job=job, inputs=inputs, outputs=outputs)).json()
    status, found = lineage_of(client, SNOWFLAKE, "analytics.public.daily_sales")
    assert status == 200
    assert found["dataset"] == {
        "namespace": SNOWFLAKE,
        "name": "analytics.public.daily_sales",
        "resolved": True,
        "dataSource": SNOWFLAKE,
        "badge": None,
    }
    [link] = found["upstream"]
    assert link["job"] == job and link["eventId"] == complete["eventId"]
    assert link["dataset"]["name"] == "sales_db.public.transactions" and link["dataset"]["resolved"] is True
    assert found["downstream"] == []
    _, source = lineage_of(client, PROD, "sales_db.public.transactions")
    assert [d["dataset"]["name"] for d in source["downstream"]] == ["analytics.public.daily_sales"]


def test_lineage_chains_and_merges_repeated_runs(client: Client) -> None:
    a, b, c = dataset(PROD, "s.p.a"), dataset(PROD, "s.p.b"), dataset(PROD, "s.p.c")
    for _ in range(2):  # the same run twice must not double the links
        client.post_event(event(job={"namespace": "etl", "name": "a_to_b"}, inputs=[a], outputs=[b]))
    client.post_event(event(job={"namespace": "etl", "name": "b_to_c"}, inputs=[b, b], outputs=[c]))
    _, middle = lineage_of(client, PROD, "s.p.b")
    assert [(u["job"]["name"], u["dataset"]["name"]) for u in middle["upstream"]] == [("a_to_b", "s.p.a")]
    assert [(d["job"]["name"], d["dataset"]["name"]) for d in middle["downstream"]] == [("b_to_c", "s.p.c")]
    names = [(d["namespace"], d["name"]) for d in client.get("/sandbox/api/datasets").json()["datasets"]]
    assert names == [(PROD, "s.p.a"), (PROD, "s.p.b"), (PROD, "s.p.c")]


def test_the_lineage_query_needs_both_parameters(client: Client) -> None:
    assert client.get("/sandbox/api/lineage?namespace=x").status == 400
    assert client.get("/sandbox/api/lineage").json()["error"] == "bad-request"


def test_an_uncataloged_namespace_is_accepted_but_unresolved(client: Client) -> None:
    response = client.post_event(event(outputs=[dataset(UNKNOWN, "db.public.target")]))
    assert response.status == 200
    body = response.json()
    output = next(d for d in body["lineage"]["datasets"] if d["role"] == "output")
    assert output == {
        "role": "output",
        "namespace": UNKNOWN,
        "name": "db.public.target",
        "resolved": False,
        "dataSource": None,
        "badge": "TMP",
    }
    assert "TMP" in body["message"] and UNKNOWN in body["message"]
    nodes = {d["namespace"]: d for d in client.get("/sandbox/api/datasets").json()["datasets"]}
    assert nodes[UNKNOWN]["resolved"] is False and nodes[PROD]["resolved"] is True

    # Cataloging the source and sending again resolves it, as re-sending does in Alation.
    added = client.request("POST", "/sandbox/api/sources", b'{"source": "localhost:5432"}')
    assert added.status == 200 and "localhost:5432" in added.json()["sources"]
    client.post_event(event(outputs=[dataset(UNKNOWN, "db.public.target")]))
    _, found = lineage_of(client, UNKNOWN, "db.public.target")
    assert found["dataset"]["resolved"] is True and found["dataset"]["dataSource"] == "localhost:5432"


def test_sources_api_adds_lists_and_removes(sandbox: SandboxServer, connect: Clients, client: Client) -> None:
    listed = client.get("/sandbox/api/sources").json()["sources"]
    assert PROD in listed and "postgres://your-cataloged-db:5432" in listed and "bigquery" in listed
    assert client.request("POST", "/sandbox/api/sources", b'{"source": "not a source"}').status == 400
    assert client.request("POST", "/sandbox/api/sources", b"{}").status == 400
    removed = client.request("DELETE", "/sandbox/api/sources?" + urlencode({"source": PROD}))
    assert removed.status == 200 and PROD not in removed.json()["sources"]
    assert client.request("DELETE", "/sandbox/api/sources?" + urlencode({"source": PROD})).status == 404
    reader = connect(sandbox.read_only_token)
    assert reader.get("/sandbox/api/sources").status == 200
    assert reader.request("POST", "/sandbox/api/sources", b'{"source": "h:1"}').status == 403


def test_reset_needs_the_write_token_and_clears_events_and_lineage(
    sandbox: SandboxServer, connect: Clients, client: Client
) -> None:
    client.post_event(event())
    reader = connect(sandbox.read_only_token)
    assert reader.get("/sandbox/api/events").json()["total"] == 1
    assert reader.request("POST", "/sandbox/api/reset").status == 403
    assert connect(None).get("/sandbox/api/events").status == 401
    assert client.request("POST", "/sandbox/api/reset").status == 200
    assert client.get("/sandbox/api/events").json()["total"] == 0
    assert client.get("/sandbox/api/datasets").json()["datasets"] == []
    assert PROD in client.get("/sandbox/api/sources").json()["sources"]


@pytest.mark.parametrize(
    ("namespace", "source"),
    [
        (PROD, PROD),
        ("postgres://PROD-DB.example.com:5432", PROD),
        ("postgres://prod-db.example.com", PROD),  # the platform's default port
        ("postgres://prod-db.example.com:5433", None),
        ("mysql://prod-db.example.com:5432", None),  # a URI source also pins the scheme
        ("postgres://other-db:5432", None),
        (SNOWFLAKE, SNOWFLAKE),
        ("snowflake://other.snowflakecomputing.com", None),
        ("bigquery", "bigquery"),
        ("redshift://cluster.example.com:5439", "cluster.example.com:5439"),  # host:port matches any scheme
        ("postgres://cluster.example.com:5439", "cluster.example.com:5439"),
        ("s3://bucket", None),
        ("not a uri", None),
    ],
)
def test_the_catalog_matches_by_host_and_port(namespace: str, source: str | None) -> None:
    catalog = Catalog((PROD, SNOWFLAKE, "bigquery", "cluster.example.com:5439"))
    assert catalog.resolve(namespace) == source


def test_the_catalog_refuses_nonsense_and_ignores_duplicates() -> None:
    catalog = Catalog()
    assert catalog.add("db.example.com:5432") is True
    assert catalog.add("DB.example.com:5432") is False
    assert catalog.add("postgres://db.example.com") is True  # a URI source is a different entry
    assert catalog.add("postgres://db.example.com:5432") is False  # ... equal to this one
    for bad in ("", "two words", "postgres://", "host:99999", "http://:80"):
        with pytest.raises(ValueError):
            catalog.add(bad)
    assert catalog.remove("postgres://db.example.com:5432") is True
    assert catalog.sources() == ["db.example.com:5432"]


def test_every_template_sent_unchanged_makes_resolved_lineage() -> None:
    """Demos send the templates as they are: their namespaces are in the sandbox's catalog."""
    catalog = Catalog(DEFAULT_SOURCES)
    for entry in templates():
        if entry.file is None:
            continue
        value = instantiate(entry.id).value
        for side in ("inputs", "outputs"):
            for found in value[side]:
                assert catalog.resolve(found["namespace"]) is not None, (entry.id, found["namespace"])
