"""The File menu's disk work, one job at a time, off the GUI thread.

Reading (and parsing, which takes a while for a large event) and writing an event run as `TaskRunner`
work, so a big file or a slow network share never freezes the window. The functions here are
what a worker runs; `FileJobs` is the one-slot queue the `FileController` starts them on. One
slot on purpose: a second Open or Save while one is in flight would race with it (two loads,
or a save of a document an open is about to replace), so a second job is refused and the
controller disables the actions meanwhile.

`wait_idle` exists for the few places that must have the outcome before they go on: building
the window with a file (before the event loop runs), the unsaved-changes prompt's Save (the
window is closing or the event is being replaced), and tests. It delivers the job's outcome
itself (the queued call the worker posted) without running the event loop, so no user input or
timer runs in between.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEvent, QObject, Signal

from composer.core.eventlog import EventEntry
from composer.ui.files.autosave import write_text_atomically
from composer.ui.files.event_picker import Choice, OpenError, parse_events, plain_os_error, read_event_text
from composer.ui.tasks import Task, TaskRunner

_T = TypeVar("_T")


class VanishedError(OpenError):
    """A recent file that is no longer there: the caller drops it from the list."""


def read_and_parse(path: Path, label: str, *, recent: bool = False) -> Choice | list[EventEntry]:
    """Worker side of Open: the file's one event, or its entries to pick from on the GUI thread."""
    try:
        text = read_event_text(path)
    except OpenError:
        if recent and not path.exists():
            raise VanishedError(
                f"{label} no longer exists at {path.parent}. It was removed from the recent files."
            ) from None
        raise
    return parse_events(text, label)


def write_event(path: Path, text: str) -> None:
    """Worker side of Save: the snapshot's exact text, atomically (see `write_text_atomically`)."""
    write_text_atomically(path, text)


def save_problem(path: Path, error: Exception) -> OpenError:
    """A failed save in plain words (what the user can do about it is the caller's to add)."""
    if isinstance(error, UnicodeEncodeError):
        character = f"U+{ord(error.object[error.start]):04X}"
        reason = f"a string holds a lone surrogate ({character}) that UTF-8 cannot store; change it"
    elif isinstance(error, OSError):
        reason = plain_os_error(error)
    else:
        reason = f"{type(error).__name__}: {error}"
    return OpenError(f"“{path.name}” could not be saved: {reason}.")


def _ignore(_value: object) -> None:
    return None


_NO_CALLBACKS = (_ignore, _ignore)


def _deliver(jobs: weakref.ref[FileJobs], which: int, value: object) -> None:
    alive = jobs()
    if alive is not None and shiboken6.isValid(alive):
        alive._finish(which, value)


class FileJobs(QObject):
    """At most one read or write in flight; `busyChanged` lets the File actions follow it."""

    busyChanged = Signal(bool)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = tasks
        self._task: Task[Any] | None = None
        self._busy = False
        self._callbacks: tuple[Callable[[Any], None], Callable[[Any], None]] = _NO_CALLBACKS

    @property
    def busy(self) -> bool:
        return self._busy

    def start(
        self, work: Callable[[], _T], done: Callable[[_T], None], failed: Callable[[Exception], None]
    ) -> bool:
        """Run `work` on the worker; False (and nothing run) while another job is in flight.

        The slot is free again before `done`/`failed` run, so they may start the next job. The
        runner only gets a weak reference to this object: the worker's bookkeeping may outlive
        the job, and must not keep the window (which the callbacks reach) alive with it."""
        if self._busy:
            return False
        self._set_busy(True)
        self._callbacks = (done, failed)
        me = weakref.ref(self)
        self._task = self._runner.run(work, partial(_deliver, me, 0), partial(_deliver, me, 1))
        return True

    def _finish(self, which: int, value: Any) -> None:
        callback = self._callbacks[which]
        self._callbacks = _NO_CALLBACKS
        self._set_busy(False)
        callback(value)

    def wait_idle(self, timeout_ms: int = 60_000) -> bool:
        """Block until the job in flight finished and its outcome was handled (True), or time out."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._busy:
            task = self._task
            if task is not None and not task.wait(max(0, deadline.remainingTime())):
                return False
            # The worker's outcome is a queued call to this thread: deliver it now, and nothing else.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall.value)
            if self._busy and deadline.hasExpired():
                return False
        return True

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busyChanged.emit(busy)
