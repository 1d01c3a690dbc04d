"""Injected faults (for retry logic and demos), concurrency, and a prompt stop."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from composer.services.sandbox import Fault, FaultKind, SandboxConfig, SandboxServer
from tests.services.sandbox_client import Client, Clients, event

FAULTS = "/sandbox/api/faults"


@pytest.mark.parametrize(("kind", "retry_after"), [("503", "3"), ("429", "3"), ("500", None)])
def test_status_faults_hit_the_next_n_requests_only(
    sandbox: SandboxServer, client: Client, kind: FaultKind, retry_after: str | None
) -> None:
    sandbox.inject(Fault(kind, count=2, retry_after=3))
    for _ in range(2):
        response = client.post_event(event())
        assert response.status == int(kind)
        assert response.headers["Retry-After"] == retry_after
        assert response.json()["error"] == "injected-fault"
    assert client.post_event(event()).status == 200
    assert sandbox.store.count_events() == 1  # a faulted request is not an accepted event


def test_a_delay_fault_answers_normally_but_late(sandbox: SandboxServer, client: Client) -> None:
    sandbox.inject(Fault("delay", delay_ms=150))
    started = time.perf_counter()
    assert client.post_event(event()).status == 200
    assert time.perf_counter() - started >= 0.15
    started = time.perf_counter()
    assert client.post_event(event()).status == 200
    assert time.perf_counter() - started < 0.15


def test_a_drop_fault_closes_the_connection_without_an_answer(
    sandbox: SandboxServer, connect: Clients, client: Client
) -> None:
    sandbox.inject(Fault("drop"))
    with pytest.raises(ConnectionError):  # RemoteDisconnected, or a reset if the body was unread
        client.post_event(event())
    client.close()
    assert connect().post_event(event()).status == 200
    assert sandbox.store.count_events() == 1


def test_faults_are_armed_listed_and_cleared_over_http(sandbox: SandboxServer, client: Client) -> None:
    armed = client.request("POST", FAULTS, json.dumps({"kind": "503", "count": 2, "retryAfter": 0}).encode())
    assert armed.status == 200
    assert armed.json()["faults"] == [{"kind": "503", "count": 2, "retryAfter": 0}]
    more = {"faults": [{"kind": "delay", "delayMs": 5}, {"kind": "drop"}]}
    listed = client.request("POST", FAULTS, json.dumps(more).encode()).json()["faults"]
    assert [f["kind"] for f in listed] == ["503", "delay", "drop"]
    assert client.post_event(event()).status == 503
    assert client.get(FAULTS).json()["faults"][0]["count"] == 1  # the API itself is never faulted
    assert client.request("DELETE", FAULTS).json()["faults"] == []
    assert client.post_event(event()).status == 200


@pytest.mark.parametrize(
    "body",
    [
        b'{"kind": "418"}',
        b'{"kind": "503", "count": 0}',
        b'{"kind": "delay"}',
        b'{"kind": "503", "count": "2"}',
        b'{"kind": "503", "colour": "red"}',
        b'{"faults": []}',
        b"[1]",
        b"{not json",
    ],
)
def test_a_wrong_fault_is_400(client: Client, body: bytes) -> None:
    response = client.request("POST", FAULTS, body)
    assert response.status == 400
    assert client.get(FAULTS).json()["faults"] == []


def test_arming_faults_needs_the_write_token(sandbox: SandboxServer, connect: Clients) -> None:
    reader = connect(sandbox.read_only_token)
    assert reader.request("POST", FAULTS, b'{"kind": "500"}').status == 403
    assert reader.get(FAULTS).status == 200


def test_faults_from_the_config_are_armed_at_start() -> None:
    with (
        SandboxServer(SandboxConfig(faults=(Fault("429", retry_after=7),))) as sandbox,
        Clients(sandbox) as connect,
    ):
        response = connect().post_event(event())
        assert (response.status, response.headers["Retry-After"]) == (429, "7")


def test_four_concurrent_clients_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.sqlite3"
    with SandboxServer(SandboxConfig(db_path=db)) as sandbox, Clients(sandbox) as connect:
        sent: list[list[str]] = [[] for _ in range(4)]
        statuses: list[int] = []
        lock = threading.Lock()

        def send(index: int) -> None:
            client = connect()
            for _ in range(250):
                body = event()
                status = client.post_event(body).status
                sent[index].append(body["run"]["runId"])
                with lock:
                    statuses.append(status)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200] * 1000
        stored = connect().get("/sandbox/api/events?limit=10000").json()
        assert stored["total"] == 1000
        assert sorted(e["runId"] for e in stored["events"]) == sorted(r for ids in sent for r in ids)
        assert len({e["id"] for e in stored["events"]}) == 1000


def test_stop_is_prompt_with_idle_keep_alive_clients() -> None:
    sandbox = SandboxServer(SandboxConfig())
    sandbox.start()
    with Clients(sandbox) as connect:
        for client in [connect() for _ in range(3)]:
            assert client.post_event(event()).status == 200  # each connection now idles in keep-alive
        started = time.perf_counter()
        sandbox.stop()
        assert time.perf_counter() - started < 2


def test_stop_cuts_a_pending_delay_short() -> None:
    sandbox = SandboxServer(SandboxConfig(faults=(Fault("delay", delay_ms=30_000),)))
    sandbox.start()
    answered: list[int] = []
    client = Client(sandbox)

    def send() -> None:
        try:
            answered.append(client.post_event(event()).status)
        except OSError:
            answered.append(0)

    thread = threading.Thread(target=send)
    thread.start()
    deadline = time.monotonic() + 5
    while sandbox.faults.pending() and time.monotonic() < deadline:
        time.sleep(0.01)  # wait-until: nothing signals that a request took the fault
    started = time.perf_counter()
    sandbox.stop()
    thread.join(5)
    assert time.perf_counter() - started < 2
    assert answered in ([200], [0])
    client.close()
