"""Keeps the preview and the problems list in step with the document as the user types.

Small events are rendered and validated on the next turn of the event loop (well under a frame);
large ones are validated on a worker thread from a text snapshot, and a result that arrives after
a newer edit is dropped, so the window never waits on validation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from composer.core.problems import Problem
from composer.core.validation import validate
from composer.ui.document_model import DocumentModel

# Above this many characters of JSON, validation moves off the GUI thread.
LARGE_EVENT_CHARS = 200_000


class _Result(QObject):
    done = Signal(int, list)


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
        try:
            value: Any = json.loads(self.text)
        except ValueError:
            value = None
        self.result.done.emit(self.revision, validate(value, self.rule_sets, duplicate_keys=self.duplicates))


class LiveController(QObject):
    """Re-renders the preview and re-validates after each burst of edits."""

    problemsChanged = Signal(list)
    textChanged = Signal(str)

    def __init__(
        self, model: DocumentModel, rule_sets: Callable[[], tuple[str, ...]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._rule_sets = rule_sets
        self._revision = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set[_ValidateJob] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        model.changed.connect(self.schedule)
        self.problems: list[Problem] = []

    def schedule(self, _changed: str = "") -> None:
        self._revision += 1
        self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        text = self._model.to_json()
        self.textChanged.emit(text)
        document = self._model.document
        rule_sets = self._rule_sets()
        if len(text) < LARGE_EVENT_CHARS:
            self._publish(
                self._revision, validate(document.value, rule_sets, duplicate_keys=document.duplicate_keys)
            )
            return
        job = _ValidateJob(self._revision, text, rule_sets, document.duplicate_keys)
        job.setAutoDelete(False)
        job.result.done.connect(self._publish)
        self._jobs.add(job)
        self._pool.start(job)

    def _publish(self, revision: int, problems: list[Problem]) -> None:
        self._jobs = {job for job in self._jobs if job.revision > revision}
        if revision != self._revision:
            return  # a newer edit is on its way
        self.problems = problems
        self.problemsChanged.emit(problems)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """For shutdown and tests: let a running validation finish."""
        return self._pool.waitForDone(timeout_ms)
