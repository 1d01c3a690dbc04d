"""Keeps the window's `SourceChoices` holding the selected profile's data sources.

Listing every data source of a tenant takes one request per page of both REST APIs, so it runs on
a worker; the rows are built there too (`source_items`), and the GUI thread only swaps them in.
The backend decides between its disk cache and the tenant (fresh enough, or the tenant cannot be
reached: the cache, saying how old it is); Refresh always asks the tenant. A profile switch made
while a list is on its way wins: the late list is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QStandardItem

from composer.core.tenant import DataSource
from composer.ui.tasks import Lane, TaskRunner
from composer.ui.tenant.source_choices import SourceChoices, source_items
from composer.ui.theme import colour

# The work (on a worker): fresh -> the list and its header's words; raises with a plain-words
# message on failure.
Fetch = Callable[[bool], tuple[list[DataSource], str]]


class TenantSources(QObject):
    """Loads `choices` for the current profile, off the GUI thread."""

    loaded = Signal(str)  # the header's words, after each load (tests and the status bar)

    def __init__(self, choices: SourceChoices, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self._runner = Lane(runner, "tenant-sources")
        self._fetch: Fetch | None = None
        self._generation = 0
        self._closed = False
        choices.refreshRequested.connect(self.refresh)

    def set_fetch(self, fetch: Fetch | None) -> None:
        """List with `fetch` from now on (None: the profile has no catalog access: no rows)."""
        self._fetch = fetch
        self._generation += 1
        self.choices.clear_sources()
        if fetch is not None:
            self._load(fresh=False)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def refresh(self) -> None:
        """Ask the tenant again now, whatever the cache holds."""
        if self._fetch is not None:
            self._load(fresh=True)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        return self._runner.wait_idle(timeout_ms)

    def shutdown(self) -> None:
        """The window is closing: a list still on its way is dropped."""
        self._closed = True
        self._fetch = None
        self._runner.wait_idle(30_000)

    def _load(self, *, fresh: bool) -> None:
        fetch, generation = self._fetch, self._generation
        if fetch is None:
            return
        muted = colour("muted")  # the palette is read here, on the GUI thread

        def work() -> tuple[list[QStandardItem], str]:
            sources, status = fetch(fresh)
            return source_items(sources, muted), status

        def done(result: tuple[list[QStandardItem], str]) -> None:
            if generation == self._generation and not self._closed:
                self.choices.show_sources(*result)
                self.loaded.emit(result[1])

        def failed(error: Exception) -> None:
            if generation == self._generation and not self._closed:
                status = f"No data sources: {error}"
                if self.choices.source_count:  # a refresh failed: keep what was shown, say why
                    status = f"{self.choices.status} — refresh failed: {error}"
                    self.choices.set_status(status)
                else:
                    self.choices.show_sources([], status)
                self.loaded.emit(status)

        self._runner.run(work, done, failed)
