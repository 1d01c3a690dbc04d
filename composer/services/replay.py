"""Sending a chosen set of prepared events: the one engine behind `send` and the window's Replay.

Both hand the events to `composer.services.batch` (in order within a run, parallel across runs,
a rate cap, cancel and pause), keep every send in history with the token redacted, and end with
the same summary line, so a replay from the window and from a terminal behave the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from composer.core.send_plan import DEFAULT_CONCURRENCY, Prepared
from composer.services.batch import BatchItem, PauseGate, send_batch
from composer.services.history import HistoryEntry, HistoryStore, RecordOutcome
from composer.services.send.result import SendResult
from composer.services.send.sender import Sender

PreparedCallback = Callable[[Prepared, SendResult], None]


def record_send(
    history: HistoryStore, profile_name: str, body: bytes, result: SendResult, *, token: str
) -> RecordOutcome:
    """Keep one send in history; the token is redacted from everything stored."""
    entry = HistoryEntry.for_send(profile_name, body.decode("utf-8", errors="replace"), result)
    return history.record(entry, redact=(token,))


def replay(
    sender: Sender,
    items: Sequence[Prepared],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float | None = None,
    cancel: threading.Event | None = None,
    pause: PauseGate | None = None,
    on_result: PreparedCallback | None = None,
) -> list[SendResult | None]:
    """Send `items` (none of them refused); results aligned with them, None where not sent.

    `on_result` runs on worker threads as each event finishes and must be thread-safe.
    """
    by_index = {item.index: item for item in items}

    def finished(batch_item: BatchItem, result: SendResult) -> None:
        if on_result is not None:
            on_result(by_index[batch_item.index], result)

    batch = [BatchItem(item.index, item.body, item.run_key, item.event_type) for item in items]
    return send_batch(
        sender, batch, concurrency=concurrency, rate=rate, cancel=cancel, pause=pause, on_result=finished
    )


ReportCallback = Callable[[Prepared, SendResult, RecordOutcome], None]


@dataclass
class ReplayControl:
    """How a replay runs and how it is steered from elsewhere (the window): cancel, pause, results.

    `report` is called on worker threads with each result and its history record.
    """

    concurrency: int = DEFAULT_CONCURRENCY
    rate: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    pause: PauseGate = field(default_factory=PauseGate)
    report: ReportCallback = lambda _item, _result, _outcome: None


@dataclass(frozen=True)
class ReplaySummary:
    """How a batch went: `sent` counts events that got an answer (or gave up), ok or not."""

    total: int
    sent: int
    failed: int
    refused: int
    seconds: float

    @property
    def ok(self) -> int:
        return self.sent - self.failed

    @property
    def not_sent(self) -> int:
        return self.total - self.sent

    @property
    def all_ok(self) -> bool:
        return self.failed == 0 and self.refused == 0 and self.not_sent == 0

    def text(self, *, cancelled: bool = False) -> str:
        speed = self.sent / self.seconds if self.seconds > 0 else 0.0
        line = (
            f"sent {self.sent} event(s) in {self.seconds:.2f} s ({speed:.0f} events/s): "
            f"{self.ok} ok, {self.failed} failed, {self.refused} refused"
        )
        if cancelled or self.not_sent:
            line += f", {self.not_sent} not sent (cancelled)"
        return line
