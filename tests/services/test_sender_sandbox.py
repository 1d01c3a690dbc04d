"""The sender against the real sandbox: its faults, its status codes, batches and the Local sandbox."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from composer.services.batch import BatchItem, PauseGate, RateLimiter, group_by_run, send_batch
from composer.services.local_sandbox import SANDBOX_DB_FILE_NAME, LocalSandbox
from composer.services.profiles import LOCAL_SANDBOX
from composer.services.sandbox import Fault, SandboxConfig, SandboxServer
from composer.services.send.result import SendResult
from composer.services.send.sender import Sender, SendTarget
from tests.services.sandbox_client import event
from tests.services.sender_helpers import FakeTime, assert_no_token, body, make_sender


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(max_body_bytes=20_000)) as server:
        yield server


def test_sandbox_faults_are_ridden_out_with_their_retry_after(sandbox: SandboxServer) -> None:
    sandbox.inject(
        Fault("503", count=2, retry_after=4), Fault("429", retry_after=1), Fault("500"), Fault("drop")
    )
    fake = FakeTime()
    with make_sender(sandbox.endpoint_url, fake, token=sandbox.token, jitter=0.5) as sender:
        result = sender.send(body())
    assert result.ok and sandbox.store.count_events() == 1
    assert [a.status for a in result.attempts] == [503, 503, 429, 500, None, 200]
    assert fake.waits[:3] == [4.0, 4.0, 1.0]  # Retry-After wins; then jittered backoff
    assert fake.waits[3:] == [0.5 * (0.5 * 2**3), 0.5 * (0.5 * 2**4)]  # 4th and 5th retries
    assert_no_token(result, sandbox.token)


@pytest.mark.parametrize(
    ("case", "status", "words"),
    [
        (
            "good",
            200,
            ["proves the event arrived", "Lineage tab", "JDBC URI", "Additional Datasource Connections"],
        ),
        ("invalid", 400, ["invalid event format or missing required fields"]),
        ("wrong token", 401, ["missing or invalid", "API Access Tokens"]),
        ("read-only token", 403, ["required permissions"]),
        ("no trailing slash", 404, ["/open_lineage_event/", "trailing slash"]),
        ("too big", 413, ["bigger than the receiver accepts"]),
    ],
)
def test_each_sandbox_answer_is_explained(
    sandbox: SandboxServer, case: str, status: int, words: list[str]
) -> None:
    token = {"wrong token": "not-the-token-at-all", "read-only token": sandbox.read_only_token}.get(
        case, sandbox.token
    )
    url = sandbox.url + "/open_lineage_event" if case == "no trailing slash" else sandbox.endpoint_url
    sent = {
        "invalid": json.dumps(event(outputs=[])).encode(),
        "too big": json.dumps(event(padding="x" * 30_000)).encode(),
    }.get(case, body())
    with make_sender(url, token=token) as sender:
        result = sender.send(sent)
    assert result.status == status and result.ok == (status == 200) and len(result.attempts) == 1
    for word in words:
        assert word in result.explanation.text()
    assert_no_token(result, token)


def test_a_200_for_a_start_event_says_it_makes_no_lineage(sandbox: SandboxServer) -> None:
    with make_sender(sandbox.endpoint_url, token=sandbox.token) as sender:
        result = sender.send(json.dumps(event(eventType="START")).encode(), event_type="START")
    assert result.ok and "START event, so it creates no lineage" in result.explanation.text()


def test_other_receivers_get_neutral_wording(sandbox: SandboxServer) -> None:
    with make_sender(sandbox.endpoint_url, token=sandbox.token, kind="openlineage") as sender:
        result = sender.send(body())
    assert (
        result.explanation.headline.startswith("Accepted (200)")
        and "Alation" not in result.explanation.text()
    )


def _run_events(runs: int, per_run: tuple[str, ...]) -> list[BatchItem]:
    items: list[BatchItem] = []
    run_ids = [str(uuid.uuid4()) for _ in range(runs)]
    for event_type in per_run:  # interleaved, as a real log is
        for run_id in run_ids:
            value = event(eventType=event_type, run={"runId": run_id})
            items.append(BatchItem(len(items), json.dumps(value).encode(), run_id, event_type))
    return items


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_batch_keeps_each_runs_order(sandbox: SandboxServer, concurrency: int) -> None:
    items = _run_events(12, ("START", "RUNNING", "COMPLETE"))
    seen: list[int] = []
    lock = threading.Lock()

    def on_result(item: BatchItem, result: SendResult) -> None:
        with lock:
            seen.append(item.index)

    with Sender(
        SendTarget(url=sandbox.endpoint_url, token=sandbox.token), max_connections=concurrency
    ) as sender:
        results = send_batch(sender, items, concurrency=concurrency, on_result=on_result)
    assert all(r is not None and r.ok for r in results) and sorted(seen) == list(range(len(items)))
    stored = list(reversed(sandbox.store.events(1000)))
    per_run: dict[str, list[str]] = {}
    for stored_event in stored:
        per_run.setdefault(stored_event.run_id or "", []).append(stored_event.event_type or "")
    assert len(per_run) == 12 and all(types == ["START", "RUNNING", "COMPLETE"] for types in per_run.values())
    if concurrency == 1:
        assert [s.raw for s in stored] == [i.body for i in items]  # file order, exactly


def test_a_cancelled_batch_stops_sending(sandbox: SandboxServer) -> None:
    items = _run_events(5, ("COMPLETE",))
    cancel = threading.Event()

    def stop_after_two(item: BatchItem, result: SendResult) -> None:
        if item.index == 1:
            cancel.set()

    with Sender(SendTarget(url=sandbox.endpoint_url, token=sandbox.token)) as sender:
        results = send_batch(sender, items, concurrency=1, cancel=cancel, on_result=stop_after_two)
    assert [r is not None for r in results] == [True, True, False, False, False]
    assert sandbox.store.count_events() == 2


def test_the_rate_limiter_spaces_slots_evenly() -> None:
    fake = FakeTime()
    limiter = RateLimiter(4, clock=fake.clock, waiter=fake.wait)
    cancel = threading.Event()
    assert all(limiter.acquire(cancel) for _ in range(4))
    assert fake.waits == [0.25, 0.25, 0.25]  # the first slot is now; the clock moves with each wait
    cancel.set()
    assert limiter.acquire(cancel) is False


def test_group_by_run_keeps_first_appearance_order() -> None:
    items = [BatchItem(i, b"{}", key) for i, key in enumerate(["b", "a", "b", "c", "a"])]
    assert [[i.index for i in group] for group in group_by_run(items)] == [[0, 2], [1, 4], [3]]


def test_the_local_sandbox_starts_lazily_and_answers(tmp_path: Path) -> None:
    with LocalSandbox(tmp_path) as local:
        assert not local.started
        target = SendTarget.for_profile(LOCAL_SANDBOX, local.token(), base_url=local.base_url)
        assert target.url == local.endpoint_url and target.url.startswith("http://127.0.0.1:")
        with Sender(target) as sender:
            assert sender.send(body()).ok
        token = local.token()
    assert not local.started
    database = tmp_path / SANDBOX_DB_FILE_NAME
    assert database.exists() and token.encode() not in database.read_bytes()
    with LocalSandbox(tmp_path) as again:
        assert again.token() != token  # random for each process (here: each instance)


def test_a_paused_batch_holds_before_the_next_event_and_resumes(sandbox: SandboxServer) -> None:
    items = _run_events(2, ("START", "COMPLETE"))
    gate = PauseGate()
    paused_at = threading.Event()

    def pause_after_first(item: BatchItem, result: SendResult) -> None:
        if item.index == 0:
            gate.pause()
            paused_at.set()

    with Sender(SendTarget(url=sandbox.endpoint_url, token=sandbox.token)) as sender:
        worker = threading.Thread(
            target=send_batch,
            args=(sender, items),
            kwargs={"concurrency": 1, "pause": gate, "on_result": pause_after_first},
        )
        worker.start()
        assert paused_at.wait(10)
        worker.join(0.5)  # paused: it must still be waiting, with one event sent
        assert worker.is_alive() and gate.paused and sandbox.store.count_events() == 1
        gate.resume()
        worker.join(10)
    assert not worker.is_alive() and sandbox.store.count_events() == 4


def test_cancel_releases_a_paused_batch() -> None:
    gate = PauseGate()
    gate.pause()
    cancel = threading.Event()
    cancel.set()
    assert gate.wait(cancel) is False
    sent: list[bytes] = []

    class NoSender:
        def send(self, body: bytes, **_: object) -> SendResult:
            sent.append(body)
            raise AssertionError("nothing may be sent")

    items = [BatchItem(0, b"{}", "r")]
    assert send_batch(NoSender(), items, cancel=cancel, pause=gate) == [None]  # type: ignore[arg-type]
    assert sent == []
