"""What one send produced, as plain frozen data the window, the CLI and history all read.

A result is safe to show, log and store as is: it never holds the token (the sender scrubs it
from anything a server might echo back) and the response body is capped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

ErrorKind = Literal[
    "",
    "connect",
    "refused",
    "dns",
    "dns-temporary",
    "connect-timeout",
    "read-timeout",
    "timeout",
    "reset",
    "closed",
    "tls-verify",
    "tls",
    "proxy",
    "too-many-redirects",
    "insecure-redirect",
    "cross-origin-redirect",
    "network",
]


@dataclass(frozen=True)
class Explanation:
    """A verdict in plain words: a one-line headline, what it means, and what to do next."""

    headline: str
    detail: str = ""
    steps: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.headline]
        if self.detail:
            lines.append(self.detail)
        lines.extend(f"  - {step}" for step in self.steps)
        return "\n".join(lines)


def readable_response(body: str) -> str:
    """A JSON answer indented (so it wraps in a narrow pane and reads on a terminal); anything
    else as it came."""
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


@dataclass(frozen=True)
class Attempt:
    """One try. `wait_after` is how long the sender waited before the next one (None: last)."""

    number: int
    status: int | None
    error_kind: ErrorKind
    error: str
    seconds: float
    wait_after: float | None = None
    retry_after: float | None = None
    redirects: tuple[str, ...] = ()
    # The whole body went out and then the answer was lost (a read timeout, a reset): the
    # receiver may have stored the event, so a retry may store it again.
    maybe_delivered: bool = False

    def describe(self) -> str:
        what = f"HTTP {self.status}" if self.status is not None else f"{self.error_kind}: {self.error}"
        if self.maybe_delivered:
            what += " after the whole event was sent (it may have arrived)"
        hops = "".join(f" -> {hop}" for hop in self.redirects)
        redirected = f", redirected{hops}" if hops else ""
        waited = f", waited {self.wait_after:.2f} s" if self.wait_after is not None else ""
        return f"attempt {self.number}: {what}{redirected} in {self.seconds * 1000:.0f} ms{waited}"


@dataclass(frozen=True)
class SendResult:
    """The outcome of sending one event, after any retries.

    `status` is the last HTTP status received (None when no answer came); `ok` means 2xx.
    `stopped_because` says why retrying ended early (retry limit, time budget, a Retry-After
    longer than the budget), empty when it did not apply.
    """

    url: str
    status: int | None
    ok: bool
    attempts: tuple[Attempt, ...]
    total_seconds: float
    request_bytes: int
    explanation: Explanation
    response_headers: tuple[tuple[str, str], ...] = ()
    response_body: bytes = b""
    response_truncated: bool = False
    error_kind: ErrorKind = ""
    cancelled: bool = False
    stopped_because: str = ""

    @property
    def response_text(self) -> str:
        return self.response_body.decode("utf-8", errors="replace")

    @property
    def attempt_seconds(self) -> tuple[float, ...]:
        return tuple(attempt.seconds for attempt in self.attempts)

    @property
    def waits(self) -> tuple[float, ...]:
        return tuple(a.wait_after for a in self.attempts if a.wait_after is not None)

    @property
    def hops(self) -> tuple[str, ...]:
        """Every URL the event went to, first to last: the profile's, then each redirect's."""
        redirects = self.attempts[-1].redirects if self.attempts else ()
        return (self.url, *redirects)

    @property
    def possible_deliveries(self) -> int:
        """How many copies the receiver may hold: each attempt whose answer was lost after the
        body was sent, and the accepted one. 0 when no attempt was ambiguous (the count is known)."""
        lost = sum(1 for attempt in self.attempts if attempt.maybe_delivered)
        return lost + int(self.ok) if lost else 0

    def notes(self) -> tuple[str, ...]:
        """Sentences a result and its history record add to the explanation: the redirect hops,
        and copies that may have been delivered."""
        found = []
        if len(self.hops) > 1:
            found.append("Redirected: " + " -> ".join(self.hops) + ".")
        if self.possible_deliveries:
            found.append(f"{self.duplicate_warning()}.")
        return tuple(found)

    def duplicate_warning(self) -> str:
        count = self.possible_deliveries
        times = "once" if count == 1 else f"{count} times"
        return f"The event may have been delivered {times}" if count else ""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.response_headers if key.lower() == wanted), None)

    def outcome(self) -> str:
        """A few words for a list or a log line: "200", "503 after 6 attempts", "timeout"."""
        if self.cancelled:
            return "cancelled"
        what = str(self.status) if self.status is not None else (self.error_kind or "no answer")
        if len(self.attempts) > 1:
            what += f" after {len(self.attempts)} attempts"
        if self.possible_deliveries:
            count = self.possible_deliveries
            what += f"; may have been delivered {count} time{'s' if count != 1 else ''}"
        return what
