"""Keeps the preview and the problems list in step with the document as the user types.

Small events are rendered and validated on the next turn of the event loop (well under a frame).
Large ones must not stall the window (issue 5: no GUI-thread block over 50 ms), so:
- the text comes from `model.to_json()`, whose `EventTextCache` re-serialises only the dataset
  that changed (serialising 500 datasets x 50 fields whole takes ~160 ms), and after a load the
  controller has it serialise the datasets in idle-time slices so the first keystroke does not
  pay for them all;
- validation runs in a child process from a text snapshot (`ValidationProcess`: the child parses
  it, so the GUI thread may keep editing, and the checking never holds this process's GIL); at
  most one runs and one waits, the waiting one always the newest, and a result that arrives after
  a newer edit is dropped. Where no child process can run, a worker thread does the same.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from composer.core.problems import Problem
from composer.ui.document_model import DocumentModel
from composer.ui.turns import turn_budget

if TYPE_CHECKING:
    from composer.services.validation_process import ValidationProcess

# The validation child's module (with multiprocessing) loads this long after the window is made
# (in a quiet turn: see `turns`).
_PRELOAD_MS = 300
# Above this many characters of JSON, validation moves off the GUI thread.
LARGE_EVENT_CHARS = 200_000
# Idle-time serialisation works in slices this long, well under a frame.
_WARM_SLICE_S = 0.005


def _make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(pairs)


class _Result(QObject):
    done = Signal(int, list)
    failed = Signal(int)  # the child process could not validate this revision


class _ValidateJob(QRunnable):
    def __init__(
        self, revision: int, text: str, rule_sets: tuple[str, ...], duplicates: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.revision = revision
        self.text = text
        self.rule_sets = rule_sets
        self.duplicates = duplicates
        self.result = _Result()

    def run(self) -> None:
        from composer.core.validation import validate_text  # noqa: PLC0415 (see LiveController.refresh)

        # The hook is Python on purpose: plain `json.loads` holds the GIL for all ~25 ms of a
        # large event, stalling the GUI thread; with a Python call per object the interpreter
        # can hand the GIL over every few milliseconds.
        problems = validate_text(
            self.text, self.rule_sets, duplicate_keys=self.duplicates, object_pairs_hook=_make_object
        )
        self.result.done.emit(self.revision, problems)


class LiveController(QObject):
    """Re-renders the preview and re-validates after each burst of edits."""

    problemsChanged = Signal(list)
    # The event's text; `object`, not `str`: a megabyte string is not copied through a QString.
    textChanged = Signal(object)

    def __init__(
        self, model: DocumentModel, rule_sets: Callable[[], tuple[str, ...]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._rule_sets = rule_sets
        self._revision = 0
        self._published = -1
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Made with the first large event (its module loads multiprocessing: not before the first
        # paint); `_use_child` goes False for good when no child can start, or at shutdown.
        self._process: ValidationProcess | None = None
        self._use_child = True
        self._preload = QTimer(self)  # ... or in idle time soon after, whichever comes first
        self._preload.setSingleShot(True)
        self._preload.setInterval(_PRELOAD_MS)
        self._preload.timeout.connect(self._load_child_module)
        self._preload.start()
        self._child_idle = threading.Event()  # set while the child has no check of ours in hand
        self._child_idle.set()
        self._relay = _Result(self)
        self._relay.done.connect(self._finished)
        self._relay.failed.connect(self._child_failed)
        self._running: _ValidateJob | None = None
        self._waiting: _ValidateJob | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self._warmer = QTimer(self)
        self._warmer.setInterval(0)
        self._warmer.timeout.connect(self._warm)
        model.changed.connect(self._on_changed)
        self.problems: list[Problem] = []
        self._closed = False

    def _on_changed(self, pointer: str) -> None:
        if pointer == "" and not self._closed:
            self._warmer.start()
        self.schedule()

    def schedule(self, _changed: str = "") -> None:
        self._revision += 1
        if not self._closed:  # an edit after `shutdown` (a load the close waited for) is not checked
            self._timer.start()

    def text(self) -> str:
        """The document's text: `model.to_json()` (cached there)."""
        return self._model.to_json()

    def idle(self) -> bool:
        """Nothing left to do: text current, problems published for it, no background work."""
        return (
            not self._timer.isActive()
            and not self._warmer.isActive()
            and self._running is None
            and self._published == self._revision
        )

    def refresh(self, *, problems_later: bool = False) -> None:
        """Show the text now and validate it; `problems_later` leaves the problems to the caller's
        next `schedule()` (the window's first paint: the rules and schema engine load after it)."""
        self._timer.stop()
        text = self.text()
        self.textChanged.emit(text)
        if problems_later:
            return
        from composer.core.validation import validate_document  # noqa: PLC0415 (loaded on first use)

        document = self._model.document
        rule_sets = self._rule_sets()
        if len(text) < LARGE_EVENT_CHARS:
            self._waiting = None
            self._publish(self._revision, validate_document(document, rule_sets))
            return
        job = _ValidateJob(self._revision, text, rule_sets, document.duplicate_keys)
        job.setAutoDelete(False)
        job.result.done.connect(self._finished)
        self._waiting = job
        self._start_waiting()

    def _start_waiting(self) -> None:
        if self._running is None and self._waiting is not None:
            self._running, self._waiting = self._waiting, None
            if not self._start_in_child(self._running):
                self._pool.start(self._running)

    def start_child_early(self) -> None:
        """Start the validation child now instead of with the first large event (the gui command
        does, after its first paint). Its start takes ~130 ms of CPU; begun in the middle of a
        large load it slowed that load's turns by 10-20 ms, and the first check waited for it.
        The price: an idle process of ~27 MB for as long as the window is open."""
        if not self._use_child or self._process is not None:
            return
        from composer.services.validation_process import ValidationProcess  # noqa: PLC0415 (see __init__)

        self._process = ValidationProcess()
        self._process.submit("{}", ("openlineage",), (), lambda _problems: None)  # also loads its rules

    def _load_child_module(self) -> None:
        if "composer.services.validation_process" in sys.modules:
            return  # the gui command's early child, or a large event, loaded it already
        if not turn_budget().claim():
            self._preload.start()  # a busy turn: try again a little later
            return
        import composer.services.validation_process  # noqa: F401, PLC0415 (see __init__)

    def _start_in_child(self, job: _ValidateJob) -> bool:
        if not self._use_child:
            return False
        from composer.services.validation_process import (  # noqa: PLC0415 (see __init__)
            ValidationProcess,
            ValidationProcessError,
        )

        if self._process is None:
            self._process = ValidationProcess()
        relay, revision, finished = self._relay, job.revision, self._child_idle

        def done(problems: list[Problem] | None) -> None:  # on the process pool's helper thread
            finished.set()
            if problems is None:
                relay.failed.emit(revision)
            else:
                relay.done.emit(revision, problems)

        finished.clear()
        try:
            self._process.submit(job.text, job.rule_sets, job.duplicates, done)
        except ValidationProcessError:
            finished.set()
            self._process, self._use_child = None, False
            return False
        return True

    def _child_failed(self, revision: int) -> None:
        """The child died or could not start: validate in this process from now on."""
        self._use_child = False
        if self._closed:  # (queued before the close): nobody reads a check now
            self._running = None
            return
        if self._process is not None:
            self._process.shutdown()
            self._process = None
        if self._running is not None and self._running.revision == revision:
            self._pool.start(self._running)

    def _finished(self, revision: int, problems: list[Problem]) -> None:
        self._running = None
        if self._closed:  # a result queued before the close: the window is gone
            return
        self._publish(revision, problems)
        self._start_waiting()

    def _publish(self, revision: int, problems: list[Problem]) -> None:
        if revision != self._revision:
            return  # a newer edit is on its way
        self._published = revision
        self.problems = problems
        self.problemsChanged.emit(problems)

    def _warm(self) -> None:
        deadline = turn_budget().deadline(_WARM_SLICE_S, "event text")
        if deadline is not None and self._model.warm_text(deadline - time.perf_counter()):
            self._warmer.stop()

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """For shutdown and tests: let a running validation finish (after `shutdown`, only one
        on this process's worker thread: the child's check was dropped)."""
        return self._child_idle.wait(timeout_ms / 1000) and self._pool.waitForDone(timeout_ms)

    def shutdown(self) -> None:
        """The window is closing: nothing new is scheduled, and the child process stops without
        its check being waited for (nobody will read it; the process drops its result)."""
        self._closed = True
        self._timer.stop()
        self._warmer.stop()
        self._preload.stop()
        self._waiting = None
        self._use_child = False
        if self._process is not None:
            self._process.shutdown()
            self._process = None
        self._running = None  # a check in the child, or one whose result is queued: never published
        self._child_idle.set()
