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

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

_T = TypeVar("_T")


def _nothing() -> Any:
    return None


class _Relay(QObject):
    """The runner's one messenger: `finished` is emitted on a worker and delivered queued to the
    GUI thread. Tasks are plain Python objects and own no Qt object, so dropping one on a worker
    thread is harmless (a QRunnable subclass per task was kept by the pool for the runner's
    whole life, and a QObject per task could die on the wrong thread)."""

    finished = Signal(object)  # the Task whose work ended


class Task(Generic[_T]):
    """One callable on the pool: runs `work` on a worker, then tells the relay."""

    def __init__(self, work: Callable[[], _T], relay: _Relay, then: Callable[[], None]) -> None:
        self._work = work
        self._relay = relay
        self._then = then  # on the worker, after the outcome: starts the lane's next task
        self._finished = threading.Event()
        self.value: Any = None
        self.error: Exception | None = None
        self.handler: Callable[[Any, Exception | None], None] | None = None  # once, on the GUI thread

    def __call__(self) -> None:
        try:
            self.value = self._work()
        except Exception as exc:  # handed to the GUI thread; nothing may escape a worker
            self.error = exc
        finally:
            with contextlib.suppress(RuntimeError):  # the runner is gone (window closed): nobody to tell
                self._relay.finished.emit(self)
            self._finished.set()
            self._then()

    def deliver(self) -> None:
        """On the GUI thread: hand the outcome to the handler, once, and drop the work (and all
        it refers to, perhaps widgets) here rather than on a worker."""
        handler, self.handler = self.handler, None
        value, error = self.value, self.error
        self._work, self.value, self.error = _nothing, None, None
        if handler is not None:
            handler(value, error)

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
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        work: Callable[[], _T],
        done: Callable[[_T], None],
        failed: Callable[[Exception], None] | None = None,
        *,
        lane: str | None = None,
    ) -> Task[_T]:
        """`done(value)` or `failed(exception)` is called later, on the GUI thread."""
        then: Callable[[], None] = (lambda: self._advance(lane)) if lane is not None else _nothing
        task: Task[_T] = Task(work, self._relay, then)

        def deliver(value: Any, error: Exception | None) -> None:
            self._running.discard(task)
            if error is not None:
                if failed is None:
                    raise error
                failed(error)
            else:
                done(value)

        task.handler = deliver
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

    def _deliver(self, task: object) -> None:
        """On the GUI thread (the relay's queued signal)."""
        if isinstance(task, Task):
            task.deliver()

    def _advance(self, lane: str) -> None:
        with self._lanes_lock:
            waiting = self._lanes[lane]
            if not waiting:
                del self._lanes[lane]
                return
            following = waiting.popleft()
        with contextlib.suppress(RuntimeError):  # the pool went with its window: nothing more runs
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
        self,
        work: Callable[[], _T],
        done: Callable[[_T], None],
        failed: Callable[[Exception], None] | None = None,
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
