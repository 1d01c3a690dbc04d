"""Each sheet event checked with the rules the window uses, before anything is sent; and with
the tenant pre-flight, where the profile has catalog access."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from composer.core.problems import Problem, by_severity
from composer.core.sheet.events import PROGRESS_EVERY, CancelledError, Progress, SheetEvent
from composer.core.validation import validate_document

STOPPED = "stopped"


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


@dataclass(frozen=True)
class TenantFindings:
    """The tenant pre-flight's problems per event (None: not checked), and why not, if not."""

    found: list[list[Problem] | None]
    reason: str = ""  # "" when every event was checked; STOPPED when cancelled

    @property
    def complete(self) -> bool:
        return not self.reason


def tenant_findings(
    events: Sequence[SheetEvent],
    check: Callable[[SheetEvent], list[Problem]],
    *,
    progress: Progress | None = None,
) -> TenantFindings:
    """`check` (the "tenant" rule set against one tenant) on each event, in order.

    The tenant is asked over the network, so a failure is an answer here, not a crash: the
    first event the tenant cannot be asked about ends the run (the next would wait as long and
    fail the same way), its reason is kept, and the events not reached are None. `progress`
    may raise `CancelledError`: what was checked by then is kept.
    """
    found: list[list[Problem] | None] = []
    reason = ""
    total = len(events)
    try:
        for done, event in enumerate(events, start=1):
            try:
                found.append(by_severity(check(event)))
            except CancelledError:
                raise
            except Exception as exc:  # the tenant out of reach, a refused token: said, not raised
                reason = str(exc) or type(exc).__name__
                break
            if progress is not None:
                progress(done, total)
    except CancelledError:
        reason = STOPPED
    return TenantFindings([*found, *([None] * (total - len(found)))], reason)
