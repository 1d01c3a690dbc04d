"""The "tenant" pre-flight while editing: will each dataset land on a cataloged source and table?

Checking needs the tenant's data sources and a `/table/` lookup per dataset, so it never runs on
the GUI thread: an edit restarts a short timer, then one check runs on a worker from a text
snapshot (one at a time; a request made meanwhile waits, only the newest). Answers are cached
by event text, so undoing back to a checked event shows its findings at once without asking the
tenant again. An edit drops the findings of the dataset it touched at once, so a fixed
namespace stops being flagged before the next answer.

A finding with a `replacement` (a namespace that matches no data source, with the closest one's
namespace) is fixed with one click in the problems list, as one undoable step.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from composer.core.problems import Problem
from composer.core.validation.tenant import TenantProblem
from composer.ui.editor.document_model import DocumentModel
from composer.ui.tasks import Lane, TaskRunner

DELAY_MS = 800  # after the last edit: the lookups go to someone's tenant
_CACHED = 32
# The work function: the event's text in, the tenant rule set's problems out (on a worker).
Checker = Callable[[str], list[Problem]]


class TenantChecks(QObject):
    """Holds the latest tenant findings for the window's problems list (`problems`)."""

    problemsChanged = Signal()
    checked = Signal(list)  # every finished check's problems, shown or not (tests wait on it)

    def __init__(self, model: DocumentModel, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._runner = Lane(runner, "tenant-preflight")
        self._checker: Checker | None = None
        self._generation = 0  # bumped when the checker changes: older answers are not shown
        self._waiting = False
        self._cache: OrderedDict[tuple[int, str], list[Problem]] = OrderedDict()
        self.problems: list[Problem] = []
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.check)
        model.changed.connect(self._on_changed)

    def set_checker(self, checker: Checker | None) -> None:
        """Check with `checker` from now on (None: the profile has no catalog access)."""
        self._checker = checker
        self._generation += 1
        self._cache.clear()
        self._show([])
        if checker is not None:
            self.check()

    @property
    def checker(self) -> Checker | None:
        return self._checker

    @property
    def busy(self) -> bool:
        return self._runner.busy or self._timer.isActive()

    def check(self) -> None:
        """Check the event as it is now, off the GUI thread (or from the cache)."""
        self._timer.stop()
        checker = self._checker
        if checker is None:
            return
        text = self._model.to_json()
        key = (self._generation, text)
        if key in self._cache:
            self._cache.move_to_end(key)
            self._show(self._cache[key])
            self.checked.emit(self._cache[key])
            return
        if self._runner.busy:
            self._waiting = True
            return
        generation = self._generation
        self._runner.run(
            lambda: checker(text),
            lambda problems: self._done(generation, text, problems),
            lambda error: self._done(generation, text, [_stopped(error)], cache=False),
        )

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        return self._runner.wait_idle(timeout_ms)

    def shutdown(self) -> None:
        """The window is closing: nothing new starts, and an answer still queued is dropped."""
        self._closed = True
        self._checker = None
        self._timer.stop()
        self._runner.wait_idle(30_000)

    def apply_fix(self, problem: Problem) -> bool:
        """Put the problem's replacement into the document (one undoable step)."""
        fix = problem.replacement if isinstance(problem, TenantProblem) else None
        if fix is None or not self._model.exists(fix.path):
            return False
        self._model.set(fix.path, fix.value, text=fix.label or "Apply fix")
        return True

    def _done(self, generation: int, text: str, problems: list[Problem], *, cache: bool = True) -> None:
        if self._closed:
            return
        if generation == self._generation:
            if cache:
                self._cache[(generation, text)] = problems
                while len(self._cache) > _CACHED:
                    self._cache.popitem(last=False)
            if text == self._model.to_json():
                self._show(problems)
        self.checked.emit(problems)
        if self._waiting:
            self._waiting = False
            self.check()

    def _on_changed(self, pointer: str) -> None:
        kept = [problem for problem in self.problems if not _touched(pointer, problem.path)]
        if kept != self.problems:
            self._show(kept)
        if self._checker is not None:
            self._timer.start()

    def _show(self, problems: list[Problem]) -> None:
        if problems != self.problems:
            self.problems = problems
            self.problemsChanged.emit()


def _stopped(error: Exception) -> Problem:
    return Problem(
        "info",
        "",
        f"The tenant pre-flight could not run: {error}",
        "Check catalog access in Send ▸ Profiles…; the other checks are unaffected.",
        "tenant",
        "tenant.unchecked",
    )


def _touched(changed: str, path: str) -> bool:
    """Whether an edit at `changed` may change a finding at `path`: the same dataset (or an
    edit that encloses it: a load, a removed dataset)."""
    dataset = "/".join(path.split("/")[:3])  # "/outputs/0/namespace" -> "/outputs/0"
    return changed in ("", dataset) or dataset.startswith(changed + "/") or changed.startswith(dataset + "/")
