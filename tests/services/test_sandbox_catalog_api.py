"""The sandbox's catalog REST APIs at the HTTP level: Alation's paths, TOKEN auth and its error
words, paging bounds, the lineage shape with `is_temp`, and tables seeded with `tables=`."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from composer.services import catalog_paths
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.services.send.sender import Sender, SendTarget

SEEDED = ("postgres://prod-db.example.com:5432", "sales_db.public.seeded_table")


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(tables=(SEEDED,))) as server:
        yield server


@pytest.fixture
def http(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url) as client:
        yield client


def _token(http: httpx.Client, sandbox: SandboxServer) -> str:
    answer = http.post(catalog_paths.MINT, json={"user_id": 1, "refresh_token": sandbox.refresh_token})
    assert answer.status_code == 200 and answer.json()["token_status"] == "ACTIVE"
    return str(answer.json()["api_access_token"])


def test_auth_answers_in_alations_words(http: httpx.Client, sandbox: SandboxServer) -> None:
    none = http.get(catalog_paths.DATASOURCES_V2)
    assert (
        none.status_code == 403 and none.json()["detail"] == "Authentication credentials were not provided."
    )
    wrong = http.get(catalog_paths.DATASOURCES_V2, headers={"TOKEN": "nope"})
    assert wrong.status_code == 401 and "detail" in wrong.json()
    bearer = http.get(catalog_paths.DATASOURCES_V2, headers={"Authorization": f"Bearer {sandbox.token}"})
    assert bearer.status_code == 403  # the REST APIs read TOKEN, not Authorization
    assert http.post(catalog_paths.MINT, content=b"").status_code == 400
    assert (
        http.post(catalog_paths.MINT, json={"user_id": 2, "refresh_token": sandbox.refresh_token}).status_code
        == 401
    )
    assert http.get(catalog_paths.MINT).status_code == 405


def test_lists_page_with_limit_and_skip(http: httpx.Client, sandbox: SandboxServer) -> None:
    headers = {"TOKEN": _token(http, sandbox)}
    everything = http.get(catalog_paths.DATASOURCES_V1, headers=headers, params={"limit": 1000}).json()
    native = [item for item in everything if item["dbtype"]]
    assert native == everything and {"id", "title", "uri", "host", "port", "url"} <= set(everything[0])
    page = http.get(catalog_paths.DATASOURCES_V1, headers=headers, params={"limit": 2, "skip": 1}).json()
    assert page == everything[1:3]
    offset = http.get(catalog_paths.DATASOURCES_V1, headers=headers, params={"limit": 2, "offset": 1}).json()
    assert offset == page
    assert http.get(catalog_paths.DATASOURCES_V1, headers=headers, params={"limit": 0}).status_code == 400


def test_a_seeded_table_and_the_lineage_an_event_makes(http: httpx.Client, sandbox: SandboxServer) -> None:
    headers = {"TOKEN": _token(http, sandbox)}
    [seeded] = http.get(catalog_paths.TABLES, headers=headers, params={"name": "seeded_table"}).json()
    assert seeded["schema_name"] == "sales_db.public" and seeded["key"].endswith(
        ".sales_db.public.seeded_table"
    )
    event = {
        "eventType": "COMPLETE",
        "eventTime": "2024-02-20T10:30:00.000Z",
        "producer": "https://example.com/test",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5e8"},
        "job": {"namespace": "etl", "name": "copy"},
        "inputs": [{"namespace": "postgres://unknown-host:5432", "name": "x.y.z"}],
        "outputs": [{"namespace": SEEDED[0], "name": SEEDED[1]}],
    }
    with Sender(SendTarget(sandbox.endpoint_url, sandbox.token)) as sender:
        assert sender.send(json.dumps(event).encode("utf-8")).status == 200
    answer = http.get(
        catalog_paths.LINEAGE,
        headers=headers,
        params={"otype": "table", "keyField": "key", "oid": seeded["key"]},
    )
    assert answer.status_code == 200
    [path] = answer.json()["paths"]
    inputs, [flow], outputs = path
    assert inputs == [{"otype": "table", "key": "unknown-host:5432/x.y.z", "is_temp": True}]
    assert flow["otype"] == "dataflow" and flow["key"] == "api/openlineage/etl/copy"
    assert outputs[0]["key"] == seeded["key"] and outputs[0]["is_temp"] is False
    by_id = http.get(catalog_paths.LINEAGE, headers=headers, params={"keyField": "id", "oid": seeded["id"]})
    assert by_id.json()["paths"] == answer.json()["paths"]
    missing = http.get(catalog_paths.LINEAGE, headers=headers, params={"keyField": "key", "oid": "9.no.such"})
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found.", "code": "404000"}


def test_a_tables_url_opens_its_page_with_the_lineage_escaped(
    http: httpx.Client, sandbox: SandboxServer
) -> None:
    sandbox.rest.seed_table(SEEDED[0], "sales_db.public.<b>odd</b>")
    headers = {"TOKEN": _token(http, sandbox)}
    [odd] = http.get(catalog_paths.TABLES, headers=headers, params={"name": "<b>odd</b>"}).json()
    page = http.get(odd["url"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "&lt;b&gt;odd&lt;/b&gt;" in page.text and "<b>odd</b>" not in page.text
    assert "No lineage yet" in page.text
    assert http.get("/table/999999/").status_code == 404
    assert http.post(odd["url"]).status_code == 405
