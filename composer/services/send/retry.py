"""When a failed send is worth repeating, and how long to wait first.

Alation's page asks senders to "implement retry logic for transient failures". Transient means
the request may well succeed unchanged a moment later: a connection that failed or timed out,
429 (slow down), 500/502/503/504 (the service or a gateway in front of it is struggling). A 400,
401, 403, 404 or 413 will fail identically every time, so repeating it only adds load and delay.

Waits use exponential backoff with full jitter (a random wait between 0 and the exponential
ceiling), so many clients that failed together do not retry together. A server's `Retry-After`
wins over our own guess: it knows when it will be back. Everything is bounded by a retry count
and a total time budget, because a person is usually waiting for the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# Failures before or during the exchange that a later attempt can plausibly get past.
RETRYABLE_ERRORS = frozenset(
    {"connect", "refused", "connect-timeout", "read-timeout", "timeout", "reset", "closed", "dns-temporary"}
)


@dataclass(frozen=True)
class RetryPolicy:
    """At most `max_retries` repeats, all within `budget_seconds` from the first attempt."""

    max_retries: int = 5
    budget_seconds: float = 30.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.budget_seconds < 0 or self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("retry settings cannot be negative")

    def backoff(self, retry_number: int, random_fraction: float) -> float:
        """Full jitter: uniform in [0, min(max_delay, base * 2^(n-1))] for the n-th retry."""
        ceiling = min(self.max_delay, self.base_delay * (2.0 ** max(0, retry_number - 1)))
        return max(0.0, min(1.0, random_fraction)) * ceiling


NO_RETRIES = RetryPolicy(max_retries=0)


def should_retry(status: int | None, error_kind: str) -> bool:
    if status is not None:
        return status in RETRYABLE_STATUSES
    return error_kind in RETRYABLE_ERRORS


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110).

    None for a missing or unreadable value, so the caller falls back to its own backoff; a
    date in the past means "now" (0).
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT, even when written without a zone
        when = when.replace(tzinfo=now.tzinfo)
    return max(0.0, (when - now).total_seconds())
