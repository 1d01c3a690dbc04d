"""The sheet's slow parts off the GUI thread: reading the file, making and checking the events.

Each runs on the window's `TaskRunner`; progress comes back as a queued signal (phase, done,
total) so a progress bar moves while 10,000 rows are read and 2,000 events checked, and a
newer request or `cancel()` makes an older one stop at its next progress step and be ignored.

The work is pure Python in chunks (the reader's 200 rows, grouping's 250, checking's 25
events), and it holds the GIL all the while. A worker that never waits can win the GIL back at
each forced switch, and every Python call the GUI thread makes (a timer, each cell a paint asks
a model for) queues behind it: the window stalls for hundreds of milliseconds (measured:
docs/benchmarks.md). So the GUI thread paces the worker (`_Pacer`): at each chunk's end the
worker posts a report and waits, without the GIL, until the GUI thread has handled it, so the
window gets a turn after every few milliseconds of work, however loaded the machine, and only
one report is ever in flight. The progress bar itself moves at most every `SHOW_EVERY_S`. The
wait is bounded (`CATCH_UP_S`): a window busy elsewhere slows the work down, never stops it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from composer.core.problems import Problem
from composer.core.sheet import (
    CancelledError,
    ColumnMapping,
    EventOptions,
    SheetResult,
    build_events,
)
from composer.core.sheet.checks import TenantFindings, check_events, tenant_findings
from composer.core.sheet.events import SheetEvent
from composer.services.sheet.reader import ReadSheet, read_sheet
from composer.ui.sheet.tenant_link import TenantCheck
from composer.ui.tasks import Lane, TaskRunner

READING, GROUPING, CHECKING = "Reading the sheet", "Making events", "Checking events"
TENANT = "Asking the tenant"
SHOW_EVERY_S = 0.05  # a progress bar needs no more than 20 updates a second
CATCH_UP_S = 0.25  # the longest the worker waits for the GUI thread to handle a report


@dataclass(frozen=True)
class SheetRequest:
    path: Path
    sheet: str | None = None
    encoding: str = "auto"
    delimiter: str | None = None


@dataclass
class SheetOutcome:
    """Everything the review shows: the events, the rows that could not be read, the problems."""

    label: str
    result: SheetResult
    problems: list[list[Problem]]
    target: str


class _Pacer:
    """The progress callback a worker's chunks call, in step with the GUI thread.

    Called on the worker at each chunk's end; raises `CancelledError` once `stop` is set.
    `report` emits a queued signal (phase, done, total, this pacer, whether to show it) whose
    GUI-thread slot calls `caught_up`."""

    def __init__(
        self, phase: str, stop: threading.Event, report: Callable[[str, int, int, _Pacer, bool], None]
    ) -> None:
        self._phase = phase
        self._stop = stop
        self._report = report
        self._handled = threading.Event()
        self._handled.set()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        self._handled.wait(CATCH_UP_S)  # blocks without the GIL until the GUI thread had its turn
        if self._stop.is_set():  # checked after the wait: a Stop pressed meanwhile counts at once
            raise CancelledError
        self._handled.clear()
        now = time.monotonic()
        show = now - self._last >= SHOW_EVERY_S or bool(total and done >= total)
        if show:
            self._last = now
        self._report(self._phase, done, total, self, show)

    def caught_up(self) -> None:
        """On the GUI thread: the last report was handled, the worker may go on."""
        self._handled.set()


class SheetWork(QObject):
    progress = Signal(str, int, int)  # phase, done, total (0: not known)
    _reported = Signal(str, int, int, object, bool)  # from a worker: the same, its _Pacer, shown?

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reported.connect(self._relay)  # queued: this object lives on the GUI thread
        self._runner = Lane(runner, "sheet-work")  # busy / wait_idle speak of the sheet's work alone
        self._stop = threading.Event()
        self._tenant_runner = Lane(runner, "sheet-tenant")  # network waits: beside the local checks
        self._tenant_stop = threading.Event()

    @property
    def busy(self) -> bool:
        """Some reading, making or checking has not had its outcome delivered yet."""
        return self._runner.busy

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until the sheet's work ran (its callbacks still come on a later turn)."""
        return self._runner.wait_idle(timeout_ms)

    @property
    def tenant_busy(self) -> bool:
        return self._tenant_runner.busy

    def cancel(self) -> None:
        """Stop reading, making or checking (a review's tenant pre-flight goes on)."""
        self._stop.set()

    def cancel_tenant(self) -> None:
        """Stop the tenant pre-flight at its next event (what it found so far is delivered)."""
        self._tenant_stop.set()

    def _fresh(self) -> threading.Event:
        self._stop.set()  # whatever runs now is superseded
        self._stop = threading.Event()
        return self._stop

    def _reporter(self, phase: str, stop: threading.Event) -> _Pacer:
        return _Pacer(phase, stop, self._reported.emit)

    def _relay(self, phase: str, done: int, total: int, pacer: _Pacer, show: bool) -> None:
        if show:
            self.progress.emit(phase, done, total)
        pacer.caught_up()

    def read(
        self, request: SheetRequest, done: Callable[[ReadSheet], None], failed: Callable[[Exception], None]
    ) -> None:
        stop = self._fresh()
        report = self._reporter(READING, stop)
        self._runner.run(
            lambda: read_sheet(
                request.path,
                sheet=request.sheet,
                encoding=request.encoding,
                delimiter=request.delimiter,
                progress=report,
            ),
            lambda read: None if stop.is_set() else done(read),
            lambda error: None if isinstance(error, CancelledError) or stop.is_set() else failed(error),
        )

    def make(
        self,
        read: ReadSheet,
        mapping: ColumnMapping,
        options: EventOptions,
        *,
        rule_sets: Sequence[str],
        done: Callable[[SheetResult, list[list[Problem]]], None],
        failed: Callable[[Exception], None],
    ) -> None:
        stop = self._fresh()

        def work() -> tuple[SheetResult, list[list[Problem]]]:
            result = build_events(
                read.table, mapping, options, progress=self._reporter(GROUPING, stop), cancelled=stop.is_set
            )
            return result, self._check(result.events, rule_sets, stop)

        self._runner.run(
            work,
            lambda made: None if stop.is_set() else done(*made),
            lambda error: None if isinstance(error, CancelledError) or stop.is_set() else failed(error),
        )

    def check(
        self,
        events: Sequence[SheetEvent],
        rule_sets: Sequence[str],
        done: Callable[[list[list[Problem]]], None],
        failed: Callable[[Exception], None],
    ) -> None:
        stop = self._fresh()
        self._runner.run(
            lambda: self._check(events, rule_sets, stop),
            lambda found: None if stop.is_set() else done(found),
            lambda error: None if isinstance(error, CancelledError) or stop.is_set() else failed(error),
        )

    def _check(self, events: Sequence[SheetEvent], rule_sets: Sequence[str], stop: threading.Event) -> Any:
        return check_events(events, rule_sets, progress=self._reporter(CHECKING, stop), cancelled=stop.is_set)

    def check_tenant(
        self,
        events: Sequence[SheetEvent],
        check: TenantCheck,
        done: Callable[[TenantFindings], None],
        *,
        fresh: bool = True,
    ) -> None:
        """The tenant pre-flight of `events`, one after another on one worker: the data-source
        list is fetched once and each table looked up once (the check's backend remembers both).
        `fresh` stops a run still going (a new full run); a one-event re-check queues behind it."""
        if fresh:
            self._tenant_stop.set()
            self._tenant_stop = threading.Event()
        stop = self._tenant_stop
        # The documents as they are now: the editor link replaces an event's document, never
        # changes it in place, so the worker may read these while the person edits.
        documents = {id(event): event.document for event in events}
        events = list(events)

        def work() -> TenantFindings:
            return tenant_findings(
                events, lambda event: check(documents[id(event)].to_json()), progress=self._reporter(TENANT, stop)
            )

        def finished(findings: TenantFindings) -> None:
            if not fresh or stop is self._tenant_stop:  # a newer full run supersedes this one
                done(findings)

        def failed(error: Exception) -> None:
            finished(TenantFindings([None] * len(events), str(error)))

        self._tenant_runner.run(work, finished, failed)
