"""Tools › Check custom facets against their _schemaURL, on request or automatically after edits.

Fetching schemas is network and disk work, so every check runs on a `TaskRunner` worker from a
text snapshot of the event (the worker parses its own copy), one at a time; a request made while
one runs waits, and only the newest waits. Results whose event has since changed are not shown:
the next check (automatic, or the user's) gives the current ones.

The automatic mode is a setting kept in the window's `settings.ini`. It is debounced and asks the
fetcher to reuse any answer younger than `FetchLimits.reuse_s` (cache first), so typing in a facet
never turns into a stream of requests to someone's schema host. The results are kept apart from
the live validation and merged into the problems list by the window (`problems`); an edit drops
the results of the facet it touched at once, so no stale finding points at changed text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from composer.core.pointer import format_pointer, parse_pointer
from composer.core.problems import Problem, by_severity, count_summary
from composer.ui.editor.document_model import DocumentModel
from composer.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:  # httpx and the cache load with the first check, not with the window
    from composer.services.facet_schemas import SchemaFetcher

AUTO_KEY = "checks/autoCheckSchemaUrls"
AUTO_DELAY_MS = 1500  # after the last edit; the fetcher's reuse interval limits the network further
_FACET_FIELDS = ("facets", "inputFacets", "outputFacets")


class SchemaUrlChecks(QObject):
    """Owns the two actions, runs the checks, and holds the latest results for the window."""

    problemsChanged = Signal()
    checked = Signal(list)  # every finished check's problems, shown or not (tests wait on it)
    status = Signal(str)

    def __init__(
        self,
        model: DocumentModel,
        settings_path: Path,
        fetcher: SchemaFetcher | None = None,
        parent: QObject | None = None,
        *,
        tasks: TaskRunner,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._settings = QSettings(str(settings_path), QSettings.Format.IniFormat, self)
        self._fetcher = fetcher
        self._runner = tasks
        self._task: Task[Any] | None = None  # the check in flight, until its outcome is handled
        self._revision = 0
        self._waiting: bool | None = None  # a request made while a check ran: its `throttle`
        self.problems: list[Problem] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTO_DELAY_MS)
        self._timer.timeout.connect(lambda: self.check(throttle=True))
        self.check_action = QAction("Check custom facets against their _schemaURL", self)
        self.check_action.setObjectName("checkCustomFacetsAction")
        self.check_action.setToolTip(
            "Fetch the schema each custom facet names in _schemaURL and check the facet against it "
            "(https only; no token or profile setting is sent; a saved copy is used offline)"
        )
        self.check_action.triggered.connect(lambda: self.check(throttle=False))
        self.auto_action = QAction("Check _schemaURLs automatically after edits", self)
        self.auto_action.setObjectName("autoCheckSchemaUrls")
        self.auto_action.setCheckable(True)
        self.auto_action.setChecked(self._settings.value(AUTO_KEY, False, type=bool) is True)
        self.auto_action.toggled.connect(self._auto_toggled)
        model.changed.connect(self._on_changed)

    def install(self, window: QMainWindow) -> None:
        """A Tools menu with both actions; outcomes go to the status bar."""
        menu = window.menuBar().addMenu("&Tools")
        menu.addAction(self.check_action)
        menu.addAction(self.auto_action)
        self.status.connect(lambda text: window.statusBar().showMessage(text, 10_000))
        if self.auto_action.isChecked():
            self._timer.start()

    @property
    def fetcher(self) -> SchemaFetcher:
        if self._fetcher is None:
            from composer.services.facet_schemas import SchemaFetcher  # noqa: PLC0415

            self._fetcher = SchemaFetcher()
        return self._fetcher

    @fetcher.setter
    def fetcher(self, fetcher: SchemaFetcher) -> None:
        self._fetcher = fetcher

    @property
    def busy(self) -> bool:
        return self._task is not None

    def check(self, *, throttle: bool = False) -> None:
        """Check the event as it is now, off the GUI thread; `throttle` for automatic checks."""
        self._timer.stop()
        if self.busy:
            self._waiting = throttle if self._waiting is None else self._waiting and throttle
            return
        revision = self._revision
        text = self._model.to_json()
        fetcher = self.fetcher

        def work() -> tuple[int, list[Problem]]:
            from composer.core.validation.custom_facets import custom_facets  # noqa: PLC0415
            from composer.services.schema_url_check import check_schema_urls  # noqa: PLC0415

            event = json.loads(text)
            return len(custom_facets(event)), check_schema_urls(event, fetcher, throttle=throttle)

        if not throttle:
            self.status.emit("Checking custom facets against their _schemaURL…")
        self._task = self._runner.run(work, lambda result: self._done(revision, *result), self._failed)

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block until the check in flight ran (its outcome is handled on a later turn)."""
        return self._task is None or self._task.wait(timeout_ms)

    def _done(self, revision: int, count: int, problems: list[Problem]) -> None:
        self._task = None
        if revision == self._revision:
            self._show(problems)
            self.status.emit(_summary(count, problems))
        self.checked.emit(problems)
        if self._waiting is not None:
            throttle, self._waiting = self._waiting, None
            self.check(throttle=throttle)
        elif revision != self._revision and self.auto_action.isChecked():
            self._timer.start()

    def _failed(self, error: Exception) -> None:
        problem = Problem(
            "info",
            "",
            f"The _schemaURL check stopped: {type(error).__name__}: {error}",
            "",
            "schemaURL",  # custom_facets.RULE_SET, without loading the rules for a failure
            "schemaURL.failed",
        )
        self._done(self._revision, 0, [problem])

    def _on_changed(self, pointer: str) -> None:
        self._revision += 1
        kept = [problem for problem in self.problems if not _touched(pointer, problem.path)]
        if kept != self.problems:
            self._show(kept)
        if self.auto_action.isChecked():
            self._timer.start()

    def _auto_toggled(self, on: bool) -> None:
        self._settings.setValue(AUTO_KEY, on)
        self._settings.sync()
        if on:
            self.check(throttle=True)
        else:
            self._timer.stop()

    def _show(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.problemsChanged.emit()


def merged(live: list[Problem], checked: list[Problem]) -> list[Problem]:
    """The live problems with the latest `_schemaURL` findings, most severe first."""
    if not checked:
        return live
    return by_severity([*live, *checked])


def _summary(count: int, problems: list[Problem]) -> str:
    if count == 0:
        return "No custom facet names a schema of its own: nothing to check."
    facets = "1 custom facet" if count == 1 else f"{count} custom facets"
    return f"Checked {facets} against their _schemaURL: {count_summary(problems)}."


def _touched(changed: str, path: str) -> bool:
    """Whether an edit at `changed` may have changed what a problem at `path` says: the edit is
    inside the problem's facet, or encloses it."""
    facet = _facet_root(path)
    inside = changed in ("", path) or path.startswith(changed + "/")
    return inside or changed == facet or changed.startswith(facet + "/")


def _facet_root(path: str) -> str:
    parts: list[Any] = parse_pointer(path) if path else []
    for index, part in enumerate(parts[:-1]):
        if part in _FACET_FIELDS:
            return format_pointer(parts[: index + 2])
    return path
