"""Every malformed body is the client's 400 naming line and column, never a 500 to retry.

Over real HTTP, on both the ingestion endpoint and the verification API (whose faults route
once answered 500 to a deep body or an over-long number, so senders retried it five times).
"""

from __future__ import annotations

import json

import pytest

from composer.core.jsontext import MAX_DEPTH
from composer.services.sandbox import SandboxServer
from tests.services.sandbox_client import Client, Response, event

FAULTS = "/sandbox/api/faults"
GOOD = json.dumps(event())
DEEP = "[" * (MAX_DEPTH + 50) + "]" * (MAX_DEPTH + 50)
BODIES = {
    "a deep value": (GOOD[:-1] + ',\n "x": ' + DEEP + "}").encode(),
    "a deep body": DEEP.encode(),
    "invalid UTF-8": GOOD[:40].encode() + b"\xff" + GOOD[40:].encode(),
    "a syntax error": b'{"kind": "503",\n "count" 2}',
}


def _post(client: Client, path: str, body: bytes) -> Response:
    return client.request("POST", path, body, {"Content-Type": "application/json"})


@pytest.mark.parametrize("path", ["/open_lineage_event/", FAULTS])
@pytest.mark.parametrize("name", list(BODIES))
def test_a_malformed_body_is_a_400_naming_line_and_column(
    sandbox: SandboxServer, client: Client, path: str, name: str
) -> None:
    response = _post(client, path, BODIES[name])
    assert response.status == 400, response.json()
    answer = response.json()
    assert answer["error"] == "malformed-json"
    assert f"line {answer['line']}, column {answer['column']}" in answer["message"]
    assert (answer["line"], answer["column"]) != (1, 1) or name == "a deep body"


def test_deep_nesting_is_located_at_the_bracket_past_the_limit(
    sandbox: SandboxServer, client: Client
) -> None:
    answer = _post(client, "/open_lineage_event/", BODIES["a deep value"]).json()
    assert answer["line"] == 2
    # the event object is level 1, so the 256th bracket of the value is level 257, past the limit
    assert answer["column"] == len(' "x": ') + MAX_DEPTH
    assert "nested deeper than" in answer["reason"]


def test_an_over_long_number_is_read_not_a_500(sandbox: SandboxServer, client: Client) -> None:
    huge = "9" * 5000
    stored = _post(client, "/open_lineage_event/", (GOOD[:-1] + f', "x": {huge}}}').encode())
    assert stored.status == 200, stored.json()
    assert huge in sandbox.store.events(1)[0].raw.decode()  # stored byte for byte
    fault = _post(client, FAULTS, f'{{"kind": "503", "retryAfter": {huge}}}'.encode())
    assert fault.status == 400 and "retryAfter must be at most" in fault.json()["message"]


@pytest.mark.parametrize("name", list(BODIES))
def test_a_malformed_token_request_to_the_catalog_api_is_a_400(
    sandbox: SandboxServer, client: Client, name: str
) -> None:
    response = _post(client, "/integration/v1/createAPIAccessToken/", BODIES[name])
    assert response.status == 400, response.body[:200]
    assert "user_id and refresh_token are required" in response.json()["detail"]
