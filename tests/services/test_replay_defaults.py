"""Replay fills the round trip by default, and never reorders a run.

A loopback receiver that takes a while per answer stands in for a tenant across a network. At
the default concurrency several runs are on the wire at once (counted by the receiver, not
timed), each run's events still arrive in file order; `concurrency=1` keeps the whole file's
order with one request in flight. How fast that is lives in tests/benchmarks/bench_send.py.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from composer.cli import send_cmd
from composer.core.eventlog import read_events
from composer.core.send_plan import DEFAULT_CONCURRENCY, Prepared, prepare
from composer.services.batch import BatchItem, send_batch
from composer.services.replay import ReplayControl, replay
from composer.services.send.sender import Sender, SendTarget
from tests.services.sandbox_client import event
from tests.services.scripted_server import ScriptedServer, _Handler, _Server

DELAY_SECONDS = 0.02  # the receiver's think time per answer, so requests overlap if they can


class _Counting:
    """How many requests are being answered right now, and the most there ever were."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0


class _SlowHandler(_Handler):
    def _handle(self) -> None:
        counting: _Counting = self.server.counting  # type: ignore[attr-defined]
        with counting.lock:
            counting.now += 1
            counting.most = max(counting.most, counting.now)
        try:
            time.sleep(DELAY_SECONDS)  # the receiver's latency, not a test waiting
            super()._handle()
        finally:
            with counting.lock:
                counting.now -= 1


class _SlowServer(_Server):
    def __init__(self, address: tuple[str, int], shared: object, counting: _Counting) -> None:
        self.counting = counting
        self.shared = shared  # type: ignore[assignment]
        super(_Server, self).__init__(address, _SlowHandler)


class SlowReceiver(ScriptedServer):
    """Answers 200 to everything after `DELAY_SECONDS`, counting requests in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.counting = _Counting()

    def _make_server(self) -> _Server:
        return _SlowServer(("127.0.0.1", 0), self.shared, self.counting)


@pytest.fixture
def receiver() -> Iterator[SlowReceiver]:
    with SlowReceiver() as server:
        yield server


def interleaved_log(runs: int) -> list[Prepared]:
    """START, RUNNING, COMPLETE of `runs` runs, interleaved as a scheduler's log is."""
    run_ids = [str(uuid.uuid4()) for _ in range(runs)]
    lines = [
        json.dumps(event(eventType=kind, run={"runId": run}))
        for kind in ("START", "RUNNING", "COMPLETE")
        for run in run_ids
    ]
    return [prepare(entry, "alation", False) for entry in read_events("\n".join(lines))]


def per_run(bodies: list[bytes]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for body in bodies:
        value = json.loads(body)
        found.setdefault(value["run"]["runId"], []).append(value["eventType"])
    return found


def test_the_default_is_8_everywhere() -> None:
    assert DEFAULT_CONCURRENCY == 8
    assert ReplayControl().concurrency == DEFAULT_CONCURRENCY
    parser = argparse.ArgumentParser()
    send_cmd.register(parser.add_subparsers())
    assert parser.parse_args(["send", "log.ndjson"]).concurrency == DEFAULT_CONCURRENCY
    assert parser.parse_args(["send", "log.ndjson", "--concurrency", "1"]).concurrency == 1


def test_by_default_runs_overlap_and_each_run_keeps_its_order(receiver: SlowReceiver) -> None:
    items = interleaved_log(runs=24)
    with Sender(SendTarget(url=receiver.url(), token="t"), max_connections=DEFAULT_CONCURRENCY) as sender:
        results = replay(sender, items)  # the default concurrency
    assert all(result is not None and result.ok for result in results)
    bodies = [request.body for request in receiver.received]
    assert sorted(bodies) == sorted(item.body for item in items)
    assert all(kinds == ["START", "RUNNING", "COMPLETE"] for kinds in per_run(bodies).values())
    assert 2 <= receiver.counting.most <= DEFAULT_CONCURRENCY  # the round trips overlapped


def test_concurrency_1_keeps_the_files_exact_order(receiver: SlowReceiver) -> None:
    items = interleaved_log(runs=6)
    with Sender(SendTarget(url=receiver.url(), token="t")) as sender:
        replay(sender, items, concurrency=1)
    assert [request.body for request in receiver.received] == [item.body for item in items]
    assert receiver.counting.most == 1


def test_a_run_longer_than_the_pool_stays_in_order_while_others_pass_it(receiver: SlowReceiver) -> None:
    """One long run among many short ones: the long one is one worker's queue, never split."""
    long_run = str(uuid.uuid4())
    job = lambda i: {"namespace": "n", "name": str(i)}  # noqa: E731
    texts = [json.dumps(event(eventType="RUNNING", run={"runId": long_run}, job=job(i))) for i in range(12)]
    texts += [json.dumps(event(eventType="COMPLETE")) for _ in range(12)]
    items = [prepare(entry, "alation", False) for entry in read_events("\n".join(texts))]
    with Sender(SendTarget(url=receiver.url(), token="t"), max_connections=DEFAULT_CONCURRENCY) as sender:
        send_batch(sender, [BatchItem(p.index, p.body, p.run_key, p.event_type) for p in items])
    names = [json.loads(r.body)["job"]["name"] for r in receiver.received if long_run in r.body.decode()]
    assert names == [str(i) for i in range(12)]

