"""The official `openlineage-python` HTTP transport delivers to the sandbox, and events arrive intact.

Configured as Alation's page says: the tenant's base URL, endpoint `open_lineage_event/`, and the
API token as an `api_key` (sent as `Authorization: Bearer <token>`).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
import requests
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport

from composer.core.document import EventDocument
from composer.core.validation import validate
from composer.services.sandbox import Fault, SandboxServer
from tests.services.sandbox_client import Clients

SOURCE = "postgres://prod-db.example.com:5432"
TARGET = "snowflake://account.region.snowflakecomputing.com"


class RecordingTransport(HttpTransport):
    """The real transport, remembering each body exactly as it goes on the wire."""

    def __init__(self, config: HttpConfig) -> None:
        super().__init__(config)
        self.bodies: list[str] = []

    def _prepare_request(self, event_str: str) -> tuple[bytes | str, dict[str, str]]:
        self.bodies.append(event_str)
        return super()._prepare_request(event_str)


def transport_for(sandbox: SandboxServer, token: str) -> RecordingTransport:
    config = HttpConfig(
        url=sandbox.url,
        endpoint="open_lineage_event/",
        auth=ApiKeyTokenProvider({"api_key": token}),
        timeout=10,
    )
    return RecordingTransport(config)


def run_event() -> RunEvent:
    return RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=datetime.now(UTC).isoformat(),
        run=Run(runId=str(uuid.uuid4())),
        job=Job(namespace="my-etl-system", name="daily-sales-aggregation"),
        inputs=[InputDataset(namespace=SOURCE, name="sales_db.public.transactions")],
        outputs=[OutputDataset(namespace=TARGET, name="analytics.public.daily_sales")],
    )


def test_the_openlineage_client_delivers_an_intact_event(sandbox: SandboxServer, connect: Clients) -> None:
    transport = transport_for(sandbox, sandbox.token)
    client = OpenLineageClient(transport=transport)
    sent = run_event()
    client.emit(sent)
    client.close()

    [body] = transport.bodies
    [stored] = connect().get("/sandbox/api/events").json()["events"]
    assert stored["event"] == body  # byte for byte what went on the wire
    received = json.loads(stored["event"])
    assert received["run"]["runId"] == sent.run.runId
    assert (received["job"]["namespace"], received["job"]["name"]) == (
        "my-etl-system",
        "daily-sales-aggregation",
    )
    assert received["eventType"] == "COMPLETE" and received["producer"] == sent.producer
    assert stored["lineageRecorded"] is True
    document = EventDocument.from_json(stored["event"])
    assert [p for p in validate(document.value, ["alation"]) if p.severity == "error"] == []

    query = urlencode({"namespace": TARGET, "name": "analytics.public.daily_sales"})
    lineage = connect().get(f"/sandbox/api/lineage?{query}")
    [link] = lineage.json()["upstream"]
    assert link["dataset"]["namespace"] == SOURCE and link["dataset"]["resolved"] is True


def test_the_clients_own_retry_rides_out_a_503(sandbox: SandboxServer) -> None:
    sandbox.inject(Fault("503", retry_after=0))
    transport = transport_for(sandbox, sandbox.token)
    transport.emit(run_event())
    assert sandbox.faults.pending() == []
    assert sandbox.store.count_events() == 1


@pytest.mark.parametrize(("which", "status"), [("wrong", 401), ("read-only", 403)])
def test_the_client_sees_401_and_403(sandbox: SandboxServer, which: str, status: int) -> None:
    token = "wrong-token" if which == "wrong" else sandbox.read_only_token
    with pytest.raises(requests.HTTPError) as raised:
        transport_for(sandbox, token).emit(run_event())
    assert raised.value.response is not None and raised.value.response.status_code == status
    assert sandbox.store.count_events() == 0
