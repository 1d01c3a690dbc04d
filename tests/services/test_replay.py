"""The replay engine both `send` and the window use: plan, send in order, record, summarise."""

from __future__ import annotations

import json
import threading

from composer.core.eventlog import read_events
from composer.core.send_plan import Prepared, prepare
from composer.services.history import HistoryStore
from composer.services.replay import ReplaySummary, record_send, replay
from composer.services.sandbox import SandboxServer
from composer.services.send.result import SendResult
from composer.services.send.sender import Sender, SendTarget
from tests.services.sandbox_client import event


def test_plan_send_record_and_summarise(sandbox: SandboxServer) -> None:
    texts = [json.dumps(event(eventType=t, run={"runId": "run-1"})) for t in ("START", "COMPLETE")]
    texts.append(json.dumps(event(outputs=[])))
    entries = read_events("\n".join([*texts, "{oops"]))
    planned = [prepare(entry, "alation", False) for entry in entries]
    assert [bool(p.refusal) for p in planned] == [False, False, True, True]
    assert "--force" in planned[2].refusal and planned[3].refusal.startswith("malformed JSON")
    assert planned[0].run_key == "run-1" and planned[0].job == "my-etl-system daily-sales-aggregation"
    anyway = prepare(entries[2], "alation", True, force_hint="x")
    assert anyway.refusal == "" and anyway.errors

    history = HistoryStore(None)
    seen: list[tuple[int, bool]] = []
    lock = threading.Lock()

    def finished(item: Prepared, result: SendResult) -> None:
        record_send(history, "Local sandbox", item.body, result, token=sandbox.token)
        with lock:
            seen.append((item.index, result.ok))

    sendable = [p for p in planned if not p.refusal] + [anyway]
    with Sender(SendTarget(url=sandbox.endpoint_url, token=sandbox.token)) as sender:
        results = replay(sender, sendable, concurrency=1, on_result=finished)  # file order, to compare
    assert [r.status for r in results if r is not None] == [200, 200, 400]
    assert seen == [(0, True), (1, True), (2, False)]
    assert [json.loads(r.event)["eventType"] for r in reversed(history.recent())] == [
        "START",
        "COMPLETE",
        "COMPLETE",
    ]
    summary = ReplaySummary(total=3, sent=3, failed=1, refused=1, seconds=0.5)
    assert summary.text() == "sent 3 event(s) in 0.50 s (6 events/s): 2 ok, 1 failed, 1 refused"
    assert not summary.all_ok
    cut = ReplaySummary(total=5, sent=2, failed=0, refused=0, seconds=1.0)
    assert cut.text().endswith(", 3 not sent (cancelled)") and cut.not_sent == 3
