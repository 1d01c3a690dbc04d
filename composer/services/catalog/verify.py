"""After a 200: poll each output's lineage until it appears, turns out TMP, or the deadline passes.

Alation ingests OpenLineage events asynchronously, so an edge can appear seconds to minutes after
the 200. Waits grow from `first_wait` by `factor` up to `max_wait`, and the deadline is kept to
the second; `cancel` (a `threading.Event`) stops the wait at once. Judging an answer is pure
(`composer.core.tenant.verdict`); this module only asks and waits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from composer.core.tenant import (
    CAUSE_WORDS,
    OutputVerdict,
    TenantSnapshot,
    datasets_of,
    judge_output,
    matching_sources,
    table_query,
)
from composer.core.tenant.models import CatalogTable, TableLineage
from composer.core.tenant.snapshot import DatasetRef
from composer.core.tenant.verdict import VerdictState
from composer.services.catalog.errors import CatalogError
from composer.services.catalog.preflight import TenantChecker

DEFAULT_DEADLINE = 180.0
# A verification's outcome as history keeps it ("pending" only while it polls).
LineageState = Literal["verified", "tmp", "missing", "timed-out", "unreachable", "cancelled", "pending"]


@dataclass(frozen=True)
class PollSettings:
    deadline: float = DEFAULT_DEADLINE
    first_wait: float = 2.0
    max_wait: float = 20.0
    factor: float = 1.6


@dataclass(frozen=True)
class VerificationResult:
    """Each output's verdict when polling ended; `cancelled` when the user stopped it."""

    verdicts: tuple[OutputVerdict, ...]
    cancelled: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.verdicts) and all(verdict.state == "ok" for verdict in self.verdicts)

    @property
    def state(self) -> LineageState:
        """The one word a history row shows: the worst output's outcome, TMP first (re-sending
        will not change it), and a miss because ingestion had not finished told apart."""
        if self.ok:
            return "verified"
        if self.cancelled:
            return "cancelled"
        states = {(v.state, v.cause) for v in self.verdicts if v.state != "ok"}
        if not states:
            return "missing"
        kinds = {state for state, _cause in states}
        if "tmp" in kinds:
            return "tmp"
        if any(state == "missing" and cause != "still-ingesting" for state, cause in states):
            return "missing"
        if "missing" in kinds:
            return "timed-out"
        return "unreachable" if "unreachable" in kinds else "pending"

    def summary(self) -> str:
        """One line for the history row: "lineage appeared (2 outputs)" or each failing output."""
        if self.ok:
            return f"lineage appeared ({len(self.verdicts)} output{'s' if len(self.verdicts) != 1 else ''})"
        if self.cancelled:
            return "verification cancelled before the lineage appeared"
        failing = [v for v in self.verdicts if v.state != "ok"]
        if not failing:
            return "no outputs to verify"
        words = {"tmp": "TMP", "missing": "missing", "pending": "pending", "unreachable": "not checked"}
        return "; ".join(
            f"{v.output.name}: {words.get(v.state, v.state)}"
            + (f" ({CAUSE_WORDS[v.cause]})" if v.cause else "")
            for v in failing
        )


Progress = Callable[[tuple[OutputVerdict, ...]], None]


class LineageVerifier:
    """Polls one tenant; `clock` is injectable so tests can drive time without sleeping."""

    def __init__(
        self,
        checker: TenantChecker,
        settings: PollSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.checker = checker
        self.settings = settings or PollSettings()
        self._clock = clock

    def verify(
        self, event: object, *, cancel: threading.Event | None = None, on_progress: Progress | None = None
    ) -> VerificationResult:
        """Poll until every output's verdict is final, or the deadline, or `cancel`."""
        stop = cancel or threading.Event()
        started = self._clock()
        deadline = started + self.settings.deadline
        outputs = [item for item in datasets_of(event) if item.side == "outputs"]
        final: dict[DatasetRef, OutputVerdict] = {}
        wait = self.settings.first_wait
        while True:
            at_deadline = self._clock() >= deadline
            verdicts = tuple(final.get(out) or self._judge(event, out, at_deadline) for out in outputs)
            final.update((v.output, v) for v in verdicts if v.final)
            if on_progress is not None:
                on_progress(verdicts)
            if at_deadline or all(v.final for v in verdicts):
                return VerificationResult(verdicts, False, self._clock() - started)
            pause = max(0.0, min(wait, deadline - self._clock()))
            if stop.wait(pause):
                return VerificationResult(verdicts, True, self._clock() - started)
            wait = min(wait * self.settings.factor, self.settings.max_wait)

    def _judge(self, event: object, output: DatasetRef, at_deadline: bool) -> OutputVerdict:
        try:
            snapshot = self.checker.snapshot(event, recheck_missing=True)
            table = _table_of(output, snapshot)
            lineage: TableLineage | None = (
                self.checker.client.lineage(table.key) if table is not None else None
            )
        except CatalogError as exc:
            state: VerdictState = "unreachable" if at_deadline else "pending"
            return OutputVerdict(output, state, "tenant-unreachable", str(exc))
        return judge_output(event, output, snapshot, table, lineage, at_deadline=at_deadline)


def _table_of(output: DatasetRef, snapshot: TenantSnapshot) -> CatalogTable | None:
    for source in matching_sources(output.namespace, snapshot.sources)[:1]:
        query = table_query(source, output.name)
        lookup = snapshot.lookup(query) if query is not None else None
        if lookup is not None:
            return lookup.table
    return None
