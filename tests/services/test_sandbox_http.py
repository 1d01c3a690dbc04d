"""The sandbox's ingestion endpoint over real HTTP: every status a sender can meet."""

from __future__ import annotations

import base64
import json

import pytest

from composer.services.sandbox import (
    DEFAULT_MAX_BODY_BYTES,
    RequestRecord,
    SandboxConfig,
    SandboxConfigError,
    SandboxServer,
)
from tests.services.sandbox_client import INGEST, Client, Clients, event, raw_exchange


def test_a_good_event_is_accepted_with_its_lineage(client: Client) -> None:
    response = client.post_event(event())
    assert response.status == 200
    body = response.json()
    assert body["status"] == 200 and isinstance(body["eventId"], int) and body["problems"] == []
    assert body["lineage"]["recorded"] is True
    assert [(d["role"], d["resolved"], d["badge"]) for d in body["lineage"]["datasets"]] == [
        ("input", True, None),
        ("output", True, None),
    ]
    assert response.headers["Server"].startswith("LineageComposerSandbox/")


def test_warnings_come_back_with_the_200(client: Client) -> None:
    response = client.post_event(event(eventType="START", run={"runId": "test-run-001"}))
    assert response.status == 200
    body = response.json()
    assert body["lineage"] == {"recorded": False, "datasets": []}
    assert {p["code"] for p in body["problems"]} == {"alation.not-complete", "format.uuid"}
    assert all(p["severity"] == "warning" for p in body["problems"])
    assert "only from COMPLETE" in body["message"]


def test_malformed_json_is_400_naming_line_and_column(client: Client) -> None:
    response = client.post_event(b'{\n  "eventType": "COMPLETE",\n  "run": {"runId": }\n}\n')
    assert response.status == 400
    body = response.json()
    assert (body["error"], body["line"], body["column"]) == ("malformed-json", 3, 20)
    assert "line 3, column 20" in body["message"] and body["reason"]


def test_a_body_that_is_not_utf8_is_malformed(client: Client) -> None:
    response = client.post_event(b'{"eventType": "\xff"}')
    assert response.status == 400
    assert response.json()["error"] == "malformed-json"
    assert response.json()["column"] == 16


def test_an_event_breaking_alations_rules_is_400_with_the_problems(client: Client) -> None:
    response = client.post_event(event(outputs=[], eventType="START"))
    assert response.status == 400
    body = response.json()
    assert body["error"] == "invalid-event"
    problems = {p["path"]: p for p in body["problems"]}
    assert problems["/outputs"]["severity"] == "error"
    assert problems["/outputs"]["code"] == "alation.outputs.empty"
    assert problems["/outputs"]["hint"]
    assert problems["/eventType"]["severity"] == "warning"
    assert body["problems"][0]["severity"] == "error"  # most severe first


def test_no_token_is_401_with_a_bearer_challenge(sandbox: SandboxServer, connect: Clients) -> None:
    response = connect(None).post_event(event())
    assert response.status == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert response.json()["error"] == "unauthorized"


def test_a_wrong_token_is_401(sandbox: SandboxServer, connect: Clients) -> None:
    response = connect("not-the-token").post_event(event())
    assert response.status == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert sandbox.token not in response.body.decode()


def test_basic_auth_is_not_how_events_are_sent(sandbox: SandboxServer, connect: Clients) -> None:
    client = connect(None)
    basic = "Basic " + base64.b64encode(f"user:{sandbox.token}".encode()).decode()
    body = json.dumps(event()).encode()
    response = client.request(
        "POST", INGEST, body, {"Content-Type": "application/json", "Authorization": basic}
    )
    assert response.status == 401


def test_the_read_only_token_is_403(sandbox: SandboxServer, connect: Clients) -> None:
    response = connect(sandbox.read_only_token).post_event(event())
    assert response.status == 403
    assert response.json()["error"] == "forbidden"
    assert sandbox.store.count_events() == 0


def test_a_body_over_the_limit_is_413_without_reading_it() -> None:
    with SandboxServer(SandboxConfig(max_body_bytes=1000)) as sandbox, Clients(sandbox) as connect:
        client = connect()
        response = client.post_event(event(job={"namespace": "x" * 2000, "name": "big"}))
        assert response.status == 413
        assert response.headers["Connection"] == "close"
        assert response.json()["error"] == "payload-too-large"


def test_the_default_limit_is_judged_from_content_length_alone(sandbox: SandboxServer) -> None:
    assert DEFAULT_MAX_BODY_BYTES == 5 * 1024 * 1024
    head = (
        f"POST {INGEST} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {sandbox.token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {DEFAULT_MAX_BODY_BYTES + 1}\r\n\r\n"
    )
    answer = raw_exchange(sandbox, head.encode())  # no body sent: a server that waited would time out
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_expect_100_continue_gets_413_instead_of_continue(sandbox: SandboxServer) -> None:
    head = (
        f"POST {INGEST} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {sandbox.token}\r\n"
        f"Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {10**9}\r\n\r\n"
    )
    assert raw_exchange(sandbox, head.encode()).startswith(b"HTTP/1.1 413 ")


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({"Content-Type": "text/plain"}, "text/plain is not accepted"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, "application/json"),
        ({"Content-Type": "application/json; charset=latin-1"}, "charset"),
        ({"Content-Type": "application/json", "Content-Encoding": "gzip"}, "uncompressed"),
        ({}, "no Content-Type"),
    ],
)
def test_anything_but_json_is_415(client: Client, headers: dict[str, str], words: str) -> None:
    response = client.request("POST", INGEST, json.dumps(event()).encode(), headers)
    assert response.status == 415
    assert words in response.json()["message"]


def test_json_with_a_utf8_charset_is_fine(client: Client) -> None:
    assert client.post_event(event(), content_type="Application/JSON; charset=UTF-8").status == 200


def test_a_chunked_body_is_411(sandbox: SandboxServer) -> None:
    head = (
        f"POST {INGEST} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {sandbox.token}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    )
    assert raw_exchange(sandbox, head.encode()).startswith(b"HTTP/1.1 411 ")


def test_a_wrong_path_is_404_and_the_missing_slash_is_named(client: Client) -> None:
    assert client.get("/api/v1/lineage").status == 404
    response = client.request("POST", "/open_lineage_event", b"{}", {"Content-Type": "application/json"})
    assert response.status == 404
    assert "trailing slash" in response.json()["message"]


def test_a_wrong_method_is_405_with_allow(client: Client) -> None:
    for method in ("GET", "PUT", "DELETE", "OPTIONS"):
        response = client.request(method, INGEST)
        assert response.status == 405, method
        assert response.headers["Allow"] == "POST"
    assert client.request("DELETE", "/sandbox/api/events").headers["Allow"] == "GET"


def test_one_connection_survives_every_kind_of_refusal(sandbox: SandboxServer, connect: Clients) -> None:
    """Keep-alive senders must not be broken by an error answer: unread bodies are drained."""
    client = connect()
    body = json.dumps(event()).encode()
    assert connect(None).post_event(event()).status == 401
    assert client.request("POST", INGEST, body, {"Content-Type": "text/plain"}).status == 415
    assert client.request("POST", INGEST, body, {"Authorization": "Bearer nope"}).status == 401
    assert client.request("GET", INGEST, body).status == 405
    assert client.request("POST", "/nowhere", body).status == 404
    assert client.post_event(b"{oops").status == 400
    assert client.post_event(event()).status == 200
    client.close()


def test_a_non_loopback_host_header_is_refused(client: Client) -> None:
    response = client.request("GET", "/", headers={"Host": "evil.example.com"})
    assert response.status == 421
    assert client.request("GET", "/", headers={"Host": "localhost:1234"}).status == 200


def test_request_records_never_carry_a_token() -> None:
    records: list[RequestRecord] = []
    with SandboxServer(SandboxConfig(), on_request=records.append) as sandbox, Clients(sandbox) as connect:
        client = connect()
        client.post_event(event())
        client.get(f"/sandbox/api/events?limit=1&leak={sandbox.token}")
        token = sandbox.token
    assert [(r.method, r.status) for r in records] == [("POST", 200), ("GET", 200)]
    assert records[0].path == INGEST and records[0].duration_ms >= 0
    assert all(token not in r.line() for r in records)
    assert "[token]" in records[1].path


def test_config_checks_and_never_shows_tokens() -> None:
    with pytest.raises(SandboxConfigError, match="allow-remote"):
        SandboxServer(SandboxConfig(host="0.0.0.0"))
    with pytest.raises(SandboxConfigError, match="differ"):
        SandboxConfig(token="same", read_only_token="same").with_tokens()
    config = SandboxConfig(token="s3cret-token", read_only_token="r3ad-only").with_tokens()
    assert "s3cret" not in repr(config) and "r3ad" not in repr(config)
    for bad in ("has space", "tök", "tab\there", "new\nline"):
        with pytest.raises(SandboxConfigError, match="ASCII"):
            SandboxConfig(token=bad).with_tokens()
    generated = SandboxConfig().with_tokens()
    assert len(generated.token) >= 24 and generated.token != generated.read_only_token


def test_start_stop_are_idempotent_and_urls_follow_the_port() -> None:
    server = SandboxServer()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url
    url = server.start()
    assert url == server.url == f"http://127.0.0.1:{server.port}"
    assert server.endpoint_url == url + INGEST
    with pytest.raises(RuntimeError, match="already running"):
        server.start()
    server.stop()
    server.stop()
    assert not server.running
