"""Keeps the preview and the problems list in step with the document as the user types.

Everything runs on the GUI thread, from the live document, so there is no snapshot to take and no
result that can arrive after the window closed:
- the text comes from `model.to_json()`, whose `EventTextCache` re-serialises only the dataset
  that changed (serialising 500 datasets x 50 fields whole takes ~160 ms); after a large load a
  plain timer has it serialise the datasets a few milliseconds at a time, so the first keystroke
  does not pay for them all;
- a small event is validated on the next turn of the event loop; a large one (validating it takes
  about as long as a frame or two) once typing pauses for `LARGE_EVENT_PAUSE_MS`, so a burst of
  keys is checked once, at its end, and its keystrokes show at once;
- nothing here is sliced or scheduled against the rest of the window; timers only keep the steps
  apart: after a large event loads, while the window builds its dataset cards and redraws the
  lineage, the check and the warm-up wait `AFTER_LOAD_MS`, so that neither lands in a card's turn.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from composer.core.problems import Problem
from composer.ui.editor.document_model import DocumentModel
from composer.ui.preview.event_text import LARGE_EVENT_CHARS

__all__ = ["LARGE_EVENT_CHARS", "LARGE_EVENT_PAUSE_MS", "LiveController"]

LARGE_EVENT_PAUSE_MS = 25
AFTER_LOAD_MS = 300
# Idle-time serialisation works in slices this long, one per timer tick, well under a frame.
_WARM_SLICE_S = 0.004
_WARM_INTERVAL_MS = 5


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
        self._timer = _single_shot(self, 0, self.refresh)
        self._check = _single_shot(self, 0, self._validate)
        self._warmer = QTimer(self)
        self._warmer.setInterval(_WARM_INTERVAL_MS)
        self._warmer.timeout.connect(self._warm)
        self._after_load = _single_shot(self, AFTER_LOAD_MS, self._warmer.start)
        self._loaded = False  # the next refresh is a load's
        model.changed.connect(self._on_changed)
        self.problems: list[Problem] = []
        self._closed = False

    def _on_changed(self, pointer: str) -> None:
        if pointer == "":
            self._warmer.stop()
            self._loaded = True
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
        timers = (self._timer, self._check, self._after_load, self._warmer)
        return not any(timer.isActive() for timer in timers) and self._published == self._revision

    def refresh(self, *, problems_later: bool = False) -> None:
        """Show the text now and validate it; `problems_later` leaves the problems to the caller's
        next `schedule()` (the window's first paint: the rules and schema engine load after it)."""
        self._timer.stop()
        loaded, self._loaded = self._loaded, False
        text = self.text()
        self.textChanged.emit(text)
        if problems_later:
            return
        if len(text) < LARGE_EVENT_CHARS:
            self._check.stop()
            self._validate()
        elif loaded:
            self._check.start(AFTER_LOAD_MS)
            self._after_load.start()  # then the warm-up
        else:
            self._check.start(LARGE_EVENT_PAUSE_MS)  # each key of a burst starts the pause again

    def _validate(self) -> None:
        from composer.core.validation import validate_document  # noqa: PLC0415 (loaded on first use)

        if self._closed:
            return
        self.problems = validate_document(self._model.document, self._rule_sets())
        self._published = self._revision
        self.problemsChanged.emit(self.problems)

    def _warm(self) -> None:
        if self._model.warm_text(_WARM_SLICE_S):
            self._warmer.stop()

    def shutdown(self) -> None:
        """The window is closing: nothing new is scheduled or checked."""
        self._closed = True
        for timer in (self._timer, self._check, self._after_load, self._warmer):
            timer.stop()


def _single_shot(parent: QObject, interval_ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
