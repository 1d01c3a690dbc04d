"""Each sheet event checked with the rules the window uses, before anything is sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from composer.core.problems import Problem
from composer.core.sheet.events import PROGRESS_EVERY, CancelledError, Progress, SheetEvent
from composer.core.validation import validate_document


def check_events(
    events: Sequence[SheetEvent],
    rule_sets: Sequence[str],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[list[Problem]]:
    """The problems of every event, aligned with `events` (most severe first in each)."""
    found: list[list[Problem]] = []
    total = len(events)
    step = max(1, PROGRESS_EVERY // 10)  # an event takes far longer than a row
    for done, event in enumerate(events, start=1):
        found.append(validate_document(event.document, rule_sets))
        if done % step == 0:
            if cancelled():
                raise CancelledError
            if progress is not None:
                progress(done, total)
    if progress is not None:
        progress(total, total)
    return found
