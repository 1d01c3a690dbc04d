"""The one way the window leaves the GUI thread: a callable on the window's `QThreadPool` worker.

Sending, keyring calls, files, history, drafts and the sandbox's verification API all block, so
each runs as a `Task`; its outcome comes back to the GUI thread as a queued signal and is handed
to the caller's callback there. `composer.app` builds one runner per window and hands it to every
part that needs one. Work that must not overlap with its own kind (history's store operations,
Open/Save) names a `lane`: tasks of one lane run one at a time, in the order given, while other
work keeps the remaining workers. A caller waits for its own task (`Task.wait`), never for the
whole pool, so a slow send does not hold up a draft write.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_T = TypeVar("_T")


def _nothing() -> Any:
    return None


class _Outcome(QObject):
    """Lives on the GUI thread; `done` is emitted from the worker and delivered queued.

    The handler is dropped once called: the pool may keep a finished runnable, and it must not
    keep the caller (a window part, through its callback) alive with it."""

    done = Signal(object, object)  # (value, exception or None)

    def __init__(self) -> None:
        super().__init__()
        self.handler: Callable[[object, object], None] | None = None
        self.done.connect(self._handle)

    def _handle(self, value: object, error: object) -> None:
        handler, self.handler = self.handler, None
        if handler is not None:
            handler(value, error)


class Task(QRunnable, Generic[_T]):
    def __init__(self, work: Callable[[], _T], then: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner drops it once its outcome was delivered
        self._work = work
        self._then = then  # on the worker, after the outcome: starts the lane's next task
        self._finished = threading.Event()
        self.outcome = _Outcome()

    def run(self) -> None:
        try:
            value: Any = self._work()
        except Exception as exc:  # handed to the GUI thread; nothing may escape a worker
            self.outcome.done.emit(None, exc)
        else:
            self.outcome.done.emit(value, None)
        finally:
            self._finished.set()
            self._then()

    def release(self) -> None:
        """Drop the work (and all it refers to) once its outcome was delivered."""
        self._work = _nothing

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until the work ran (its callback still comes on a later turn of the loop)."""
        return self._finished.wait(timeout_ms / 1000)


class TaskRunner(QObject):
    """Runs blocking work off the GUI thread and calls back on it."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[Task[Any]] = set()
        self._lanes: dict[str, deque[Task[Any]]] = {}  # lane -> tasks waiting behind its running one
        self._lanes_lock = threading.Lock()  # lanes advance on workers

    def run(
        self,
        work: Callable[[], _T],
        done: Callable[[_T], None],
        failed: Callable[[Exception], None] | None = None,
        *,
        lane: str | None = None,
    ) -> Task[_T]:
        """`done(value)` or `failed(exception)` is called later, on the GUI thread."""
        task: Task[_T] = Task(work, (lambda: self._advance(lane)) if lane is not None else (lambda: None))

        def deliver(value: object, error: object) -> None:
            self._running.discard(task)
            task.release()
            if isinstance(error, Exception):
                if failed is None:
                    raise error
                failed(error)
            else:
                done(value)  # type: ignore[arg-type]

        task.outcome.handler = deliver
        self._running.add(task)
        if lane is None:
            self._pool.start(task)
            return task
        with self._lanes_lock:
            waiting = self._lanes.get(lane)
            if waiting is not None:
                waiting.append(task)
                return task
            self._lanes[lane] = deque()
        self._pool.start(task)
        return task

    def _advance(self, lane: str) -> None:
        with self._lanes_lock:
            waiting = self._lanes[lane]
            if not waiting:
                del self._lanes[lane]
                return
            following = waiting.popleft()
        self._pool.start(following)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """For shutdown and tests: wait for the workers (their callbacks run on the next turn)."""
        return self._pool.waitForDone(timeout_ms)


class Lane:
    """One part of the window's work on the shared runner: its tasks run one at a time, in
    order, and `busy` / `wait_idle` speak of this part alone, not of every task the window has."""

    def __init__(self, runner: TaskRunner, name: str) -> None:
        self._runner = runner
        self.name = name
        self._pending: list[Task[Any]] = []  # run or waiting, outcome not yet delivered

    def run(
        self, work: Callable[[], _T], done: Callable[[_T], None], failed: Callable[[Exception], None] | None = None
    ) -> Task[_T]:
        task: Task[_T] | None = None

        def delivered() -> None:
            if task in self._pending:
                self._pending.remove(task)

        def on_done(value: _T) -> None:
            delivered()
            done(value)

        def on_failed(error: Exception) -> None:
            delivered()
            if failed is None:
                raise error
            failed(error)

        task = self._runner.run(work, on_done, on_failed, lane=self.name)
        self._pending.append(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until this lane's work ran (callbacks still come on a later turn)."""
        return all(task.wait(timeout_ms) for task in list(self._pending))
