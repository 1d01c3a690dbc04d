"""Injected failures, so retry logic and error explanations can be shown and tested on demand.

Faults only ever hit the ingestion endpoint (`POST /open_lineage_event/`): the verification API
keeps answering, so a test can always arm, inspect and clear them. They are queued in the order
given; each ingestion request consumes one use of the fault at the head of the queue.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from composer.services.sandbox.replies import Reply, error

FaultKind = Literal["503", "500", "429", "delay", "drop"]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)


@dataclass(frozen=True)
class Fault:
    """`count` requests answered with `kind`.

    503 and 429 carry `Retry-After: retry_after` (seconds), because that header is what a
    well-behaved sender must honour; `delay` answers normally after `delay_ms`; `drop` closes
    the connection without a response, like a proxy that gave up.
    """

    kind: FaultKind
    count: int = 1
    retry_after: int = 1
    delay_ms: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; choose from {', '.join(FAULT_KINDS)}")
        if self.count < 1:
            raise ValueError("a fault's count must be at least 1")
        if self.retry_after < 0 or self.delay_ms < 0:
            raise ValueError("retryAfter and delayMs cannot be negative")
        if self.kind == "delay" and self.delay_ms == 0:
            raise ValueError("a delay fault needs delayMs above 0")

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"kind": self.kind, "count": self.count}
        if self.kind in ("503", "429"):
            found["retryAfter"] = self.retry_after
        if self.kind == "delay":
            found["delayMs"] = self.delay_ms
        return found

    @classmethod
    def from_json(cls, value: object) -> Fault:
        """A fault from the API's JSON object; raises ValueError with a sentence for the caller."""
        if not isinstance(value, dict):
            raise ValueError('a fault is an object like {"kind": "503", "count": 2}')
        unknown = set(value) - {"kind", "count", "retryAfter", "delayMs"}
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        kind = value.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        defaults = (("count", 1), ("retryAfter", 1), ("delayMs", 0))
        numbers = {key: value.get(key, default) for key, default in defaults}
        for key, number in numbers.items():
            if not isinstance(number, int) or isinstance(number, bool):
                raise ValueError(f"{key} must be a whole number")
            if number > _MOST:  # a header or a sleep cannot take any size of number
                raise ValueError(f"{key} must be at most {_MOST}")
        return cls(
            cast(FaultKind, kind),
            count=numbers["count"],
            retry_after=numbers["retryAfter"],
            delay_ms=numbers["delayMs"],
        )


_MOST = 1_000_000_000


class FaultQueue:
    """Pending faults, shared by every request thread of one sandbox."""

    def __init__(self, faults: tuple[Fault, ...] = ()) -> None:
        self._lock = threading.Lock()
        self._pending: list[Fault] = list(faults)

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self._pending.extend(faults)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._pending)

    def take(self) -> Fault | None:
        """The fault for this request (one use), or None when none is armed."""
        with self._lock:
            if not self._pending:
                return None
            head = self._pending[0]
            if head.count == 1:
                self._pending.pop(0)
            else:
                self._pending[0] = Fault(head.kind, head.count - 1, head.retry_after, head.delay_ms)
            return Fault(head.kind, 1, head.retry_after, head.delay_ms)


def fault_reply(fault: Fault) -> Reply:
    """What a 500, 429 or 503 fault answers; 503 and 429 say when to retry, as a real one would."""
    if fault.kind == "500":
        return error(500, "injected-fault", "injected fault: internal server error (sandbox fault injection)")
    headers = (("Retry-After", str(fault.retry_after)),)
    if fault.kind == "429":
        return error(
            429, "injected-fault", "injected fault: too many requests; retry after the delay", headers=headers
        )
    message = "injected fault: service temporarily unavailable; retry after the delay"
    return error(503, "injected-fault", message, headers=headers)
