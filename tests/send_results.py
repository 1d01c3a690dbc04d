"""A finished send's result, for tests of what is done with one (history, walk-through, wording)."""

from __future__ import annotations

from composer.services.send.result import Attempt, Explanation, SendResult


def answered(url: str, status: int, headline: str = "") -> SendResult:
    """One attempt that got `status` back from `url` at once; a 2xx is a success."""
    return SendResult(
        url=url,
        status=status,
        ok=200 <= status < 300,
        attempts=(Attempt(1, status, "", "", 0.01),),
        total_seconds=0.01,
        request_bytes=2,
        explanation=Explanation(headline or f"headline {status}"),
    )
