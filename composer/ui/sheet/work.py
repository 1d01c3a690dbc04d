"""The sheet's slow parts off the GUI thread: reading the file, making and checking the events.

Each runs on the window's `TaskRunner`; progress comes back as a queued signal (phase, done,
total) so a progress bar moves while 10,000 rows are read and 2,000 events checked, and a
newer request or `cancel()` makes an older one stop at its next progress step and be ignored.

The work is pure Python, so it holds the GIL; CPython asks a busy thread to let go every few
milliseconds, but hands the GIL back to whichever thread grabs it first, and a worker that never
waits can win it again and again, leaving the window's timers and paints waiting for hundreds of
milliseconds (measured: docs/benchmarks.md). So at each progress step the worker sleeps for a
millisecond: the GUI thread then surely gets its turn, for about 0.1 s over a 10,000-row sheet.
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
from composer.core.sheet.checks import check_events
from composer.core.sheet.events import SheetEvent
from composer.services.sheet_reader import ReadSheet, read_sheet
from composer.ui.tasks import Lane, TaskRunner

READING, GROUPING, CHECKING = "Reading the sheet", "Making events", "Checking events"
YIELD_SECONDS = 0.001


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


class SheetWork(QObject):
    progress = Signal(str, int, int)  # phase, done, total (0: not known)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = Lane(runner, "sheet-work")  # busy / wait_idle speak of the sheet's work alone
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        """Some reading, making or checking has not had its outcome delivered yet."""
        return self._runner.busy

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until the sheet's work ran (its callbacks still come on a later turn)."""
        return self._runner.wait_idle(timeout_ms)

    def cancel(self) -> None:
        self._stop.set()

    def _fresh(self) -> threading.Event:
        self._stop.set()  # whatever runs now is superseded
        self._stop = threading.Event()
        return self._stop

    def _reporter(self, phase: str, stop: threading.Event) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if stop.is_set():
                raise CancelledError
            self.progress.emit(phase, done, total)
            time.sleep(YIELD_SECONDS)  # hand the GIL to the GUI thread: see the module's docstring

        return report

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
