"""Shared by the sender tests: a fake clock that waits instantly, and a token check."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from composer.services.send.result import SendResult
from composer.services.send.retry import RetryPolicy
from composer.services.send.sender import Sender, SendTarget
from tests.services.sandbox_client import event

TOKEN = "lc-test-token-5f1e9a7c3b2d4e6f"


@dataclass
class FakeTime:
    """Monotonic clock and waiter in one: a wait is recorded and moves the clock, instantly."""

    now: float = 1000.0
    waits: list[float] = field(default_factory=list)
    cancel_after: int | None = None  # cancel from inside the n-th wait (1-based)

    def clock(self) -> float:
        return self.now

    def wait(self, seconds: float, cancel: threading.Event) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        if self.cancel_after is not None and len(self.waits) >= self.cancel_after:
            cancel.set()
        return cancel.is_set()


WALL_CLOCK = datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)


def make_sender(
    url: str,
    fake: FakeTime | None = None,
    *,
    token: str = TOKEN,
    policy: RetryPolicy | None = None,
    jitter: float = 1.0,
    **target: Any,
) -> Sender:
    fake = fake or FakeTime()
    return Sender(
        SendTarget(url=url, token=token, **target),
        policy=policy,
        waiter=fake.wait,
        clock=fake.clock,
        now=lambda: WALL_CLOCK,
        jitter=lambda: jitter,
    )


def body() -> bytes:
    return json.dumps(event()).encode("utf-8")


def assert_no_token(result: SendResult, token: str = TOKEN) -> None:
    """Nothing a caller can show, log or store holds the token."""
    assert token not in repr(result)
    assert token.encode() not in result.response_body
    assert all(token not in value for _key, value in result.response_headers)
    assert token not in result.explanation.text()
