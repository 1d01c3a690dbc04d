"""Validate large events in a separate process, so the checking never holds the window's GIL.

A 4 MB event takes ~30 ms to parse and check. On a thread of the window's process that time is
shared with the GUI thread through the GIL, and the window stalls for it (and longer: every
GUI-thread task that overlaps it runs slower). A child process has its own interpreter. One
helper thread here starts the child, writes the text into its pipe and waits for the problems,
all without the GIL for the waiting; the caller's thread only queues the request.

The child is started on first use ("spawn": the same on Linux, macOS and Windows, and safe in a
process that already runs Qt's threads) and kept for the next events; starting it takes a few
hundred milliseconds once. If it cannot start or dies, the check gets None (and the next check
starts a new child): the caller validates in-process instead.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from composer.core.problems import Problem

Done = Callable[[list[Problem] | None], None]
_FULL_COLLECTION_EVERY = 50
_Request = tuple[str, tuple[str, ...], tuple[str, ...], Done]


class ValidationProcessError(RuntimeError):
    """This validator was shut down; validate in this process instead."""


def _serve(connection: Connection) -> None:
    """The child's loop: one request in, its problems out, until `None` or the pipe's end.

    Parsing a 4 MB event makes about a million objects, so Python's automatic collector would
    run in the middle of a check now and then, a full collection at every eighth check or so
    (+30 ms on that keystroke's problems). The parsed event has no cycles and goes by reference
    counting; so the child collects only after it has answered, off the user's path, and fully
    every `_FULL_COLLECTION_EVERY` checks.
    """
    from composer.core.validation import validate_text  # noqa: PLC0415 (the child's work: loaded there)

    gc.disable()
    checks = 0
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        text, rule_sets, duplicates = request
        problems = validate_text(text, rule_sets, duplicate_keys=duplicates)
        try:
            connection.send(problems)
        except OSError:  # the window closed (and its process may be gone) while we checked
            return
        checks += 1
        gc.collect(2 if checks % _FULL_COLLECTION_EVERY == 0 else 0)


class ValidationProcess:
    """One child process that validates one event at a time, in the order submitted."""

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._connection: Connection | None = None
        self._child: BaseProcess | None = None
        self._not_starting = threading.Event()  # cleared while the helper thread starts a child
        self._not_starting.set()
        self._lock = threading.Lock()  # `_closed` against a start beginning

    @property
    def running(self) -> bool:
        """A child is up and its pipe open (it starts with the first check)."""
        child = self._child
        return child is not None and child.is_alive()

    def submit(self, text: str, rule_sets: Sequence[str], duplicates: Sequence[str], done: Done) -> None:
        """Queue a check; `done` gets the problems, or None when the child failed.

        Returns at once; `done` runs on this object's helper thread, not the caller's.
        """
        if self._closed:
            raise ValidationProcessError("the validation process was shut down")
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="validation-process", daemon=True)
            self._thread.start()
        self._requests.put((text, tuple(rule_sets), tuple(duplicates), done))

    def shutdown(self) -> None:
        """Stop the child without waiting for a check nobody will read.

        A child half started is waited for (a few milliseconds, at most 2 s): if this process
        ended in the middle of handing it its start-up data, the child would print a traceback.
        """
        with self._lock:
            self._closed = True
        self._requests.put(None)
        self._not_starting.wait(timeout=2)

    def _work(self) -> None:
        while (request := self._requests.get()) is not None:
            with self._lock:
                if self._closed:
                    continue  # queued before the shutdown: no child is started for it
                if self._connection is None:
                    self._not_starting.clear()  # (set again by `_start`)
            text, rule_sets, duplicates, done = request
            try:
                connection = self._connection or self._start()
                connection.send((text, rule_sets, duplicates))
                problems: list[Problem] | None = connection.recv()
            except Exception:  # whatever stops the child, the caller validates in-process
                # OSError/EOFError: the child died or could not run; RuntimeError: multiprocessing
                # refused to start one (this process is itself still bootstrapping).
                problems = None
                self._stop()
            if not self._closed:
                done(problems)
        self._stop()

    def _start(self) -> Connection:
        try:
            context = multiprocessing.get_context("spawn")
            mine, theirs = context.Pipe()
            child = context.Process(
                target=_serve, args=(theirs,), name="lineage-composer-validation", daemon=True
            )
            try:
                child.start()
            finally:
                theirs.close()
        finally:
            self._not_starting.set()
        self._connection, self._child = mine, child
        return mine

    def _stop(self) -> None:
        connection, child = self._connection, self._child
        self._connection = self._child = None
        if connection is not None:
            with contextlib.suppress(OSError, ValueError):  # (a child that is gone already)
                connection.send(None)  # the child returns and exits
            connection.close()
        if child is not None:
            child.join(timeout=2)
            if child.is_alive():
                child.kill()
                child.join()
