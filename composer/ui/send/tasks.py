"""The one way the send UI leaves the GUI thread: a callable on a `QThreadPool` worker.

Sending, keyring calls, profile files, history and the sandbox's verification API all block, so
each runs as a `Task`; its outcome comes back to the GUI thread as a queued signal and is handed
to the caller's callback there. The pool is this object's own (not the global instance), so
shutting the send UI down waits for its work and nobody else's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_T = TypeVar("_T")


class _Outcome(QObject):
    """Lives on the GUI thread; `done` is emitted from the worker and delivered queued."""

    done = Signal(object, object)  # (value, exception or None)


class Task(QRunnable, Generic[_T]):
    def __init__(self, work: Callable[[], _T]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner drops it once its outcome was delivered
        self._work = work
        self.outcome = _Outcome()

    def run(self) -> None:
        try:
            value: Any = self._work()
        except Exception as exc:  # handed to the GUI thread; nothing may escape a worker
            self.outcome.done.emit(None, exc)
            return
        self.outcome.done.emit(value, None)


class TaskRunner(QObject):
    """Runs blocking work off the GUI thread and calls back on it."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[Task[Any]] = set()

    def run(
        self,
        work: Callable[[], _T],
        done: Callable[[_T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """`done(value)` or `failed(exception)` is called later, on the GUI thread."""
        task: Task[_T] = Task(work)

        def deliver(value: object, error: object) -> None:
            self._running.discard(task)
            if isinstance(error, Exception):
                if failed is None:
                    raise error
                failed(error)
            else:
                done(value)  # type: ignore[arg-type]

        task.outcome.done.connect(deliver)
        self._running.add(task)
        self._pool.start(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """For shutdown and tests: wait for the workers (their callbacks run on the next turn)."""
        return self._pool.waitForDone(timeout_ms)
