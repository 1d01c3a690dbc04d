"""Send many events: in order within a run, in parallel across runs, at a capped rate.

A run's events must arrive in the order they happened (START before COMPLETE), so each run is
sent by one worker, one event after the other. Different runs do not depend on each other, so
with `concurrency` above 1 (`DEFAULT_CONCURRENCY`, 8, unless told otherwise) several runs go
out at once over the sender's shared keep-alive connections — the difference between minutes and
seconds for a replayed event log against a tenant that is 100 ms away. `rate` caps events per
second across all workers, for receivers that answer 429 to bursts. With concurrency 1 the file
order is kept exactly. A `PauseGate`
holds every worker before its next event (a send already on the wire finishes), so a replay can
be paused to look at a failure and resumed where it stopped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from composer.core.send_plan import DEFAULT_CONCURRENCY
from composer.services.send.result import SendResult
from composer.services.send.sender import Sender, Waiter


@dataclass(frozen=True)
class BatchItem:
    """One event to send: its exact bytes, and the run it belongs to (`run_key`)."""

    index: int
    body: bytes
    run_key: str
    event_type: str = ""


ResultCallback = Callable[[BatchItem, SendResult], None]


class RateLimiter:
    """Hands out send slots `1/rate` seconds apart to any number of threads; cancellable."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        waiter: Waiter | None = None,
    ) -> None:
        if rate <= 0:
            raise ValueError("the rate must be above 0 events per second")
        self._interval = 1.0 / rate
        self._clock = clock
        self._waiter = waiter or (lambda seconds, cancel: cancel.wait(seconds))
        self._next = clock()
        self._lock = threading.Lock()

    def acquire(self, cancel: threading.Event) -> bool:
        """Wait for this caller's slot; False when cancelled meanwhile."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        delay = slot - now
        if delay > 0:
            return not self._waiter(delay, cancel)
        return not cancel.is_set()


class PauseGate:
    """Open by default; `pause()` closes it, and workers wait at it before each event."""

    POLL_SECONDS = 0.05  # how soon a paused worker notices a cancel

    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()

    def pause(self) -> None:
        self._open.clear()

    def resume(self) -> None:
        self._open.set()

    @property
    def paused(self) -> bool:
        return not self._open.is_set()

    def wait(self, cancel: threading.Event) -> bool:
        """Return once open (True) or cancelled (False)."""
        while not self._open.wait(self.POLL_SECONDS):
            if cancel.is_set():
                return False
        return not cancel.is_set()


def group_by_run(items: Sequence[BatchItem]) -> list[list[BatchItem]]:
    """Runs in order of first appearance, each with its events in file order."""
    groups: dict[str, list[BatchItem]] = {}
    for item in items:
        groups.setdefault(item.run_key, []).append(item)
    return list(groups.values())


def send_batch(
    sender: Sender,
    items: Sequence[BatchItem],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float | None = None,
    cancel: threading.Event | None = None,
    on_result: ResultCallback | None = None,
    limiter: RateLimiter | None = None,
    pause: PauseGate | None = None,
) -> list[SendResult | None]:
    """Results aligned with `items`; None for events not sent because of cancellation.

    `on_result` is called from worker threads as each event finishes (for progress and history);
    it must be thread-safe.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    cancel = cancel or threading.Event()
    limiter = limiter or (RateLimiter(rate) if rate else None)
    results: list[SendResult | None] = [None] * len(items)
    position = {id(item): number for number, item in enumerate(items)}

    def send_in_order(run: list[BatchItem]) -> None:
        for item in run:
            if pause is not None and not pause.wait(cancel):
                return
            if cancel.is_set() or (limiter is not None and not limiter.acquire(cancel)):
                return
            result = sender.send(item.body, cancel=cancel, event_type=item.event_type)
            results[position[id(item)]] = result
            if on_result is not None:
                on_result(item, result)

    if concurrency == 1:
        send_in_order(list(items))
        return results
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="send")
    try:
        for future in [pool.submit(send_in_order, run) for run in group_by_run(items)]:
            future.result()
    except BaseException:  # Ctrl-C included: stop the workers before leaving
        cancel.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results
