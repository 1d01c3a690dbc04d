"""Python's cyclic garbage collector runs only on the GUI thread, between events.

Left automatic, the collector starts wherever an allocation crosses its threshold. Two of those
places break a Qt app: inside a Qt destructor (PySide asks Python for overrides while a QObject
dies; collecting another widget tree there deadlocks on Qt's connection mutex — seen as a hang in
`QFormLayout.removeRow` -> `~QObject` -> gc -> `~QObject` -> `QBasicMutex::lockInternal`), and on a
worker thread, which must never destroy widgets. So the automatic collector is switched off and a
timer on the GUI thread collects at the event loop's top level, where nothing is half destroyed,
with the same generation thresholds Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from composer.ui.turns import turn_budget

COLLECT_INTERVAL_MS = 500
# Ticks a collection may wait for a quiet turn before it runs anyway (memory must not grow
# without bound under steady GUI load).
PATIENCE_TICKS = 10
_INSTALLED = "lineageComposerCollector"


class GuiThreadCollector(QObject):
    """Owns the timer; `collect_due()` does what the automatic collector would have done by now."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(_INSTALLED)
        self._thresholds = gc.get_threshold()
        self._waited = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        # A full collection can take 15 ms: only at the start of a quiet turn (see `turns`); a
        # busy turn waits for the next tick, but no more than PATIENCE_TICKS of them. A tick
        # with nothing due claims no turn (that would take it from the window's other work).
        if self.due() < 0:
            self._waited = 0
        elif turn_budget().claim() or self._waited >= PATIENCE_TICKS:
            self._waited = 0
            self.collect_due()
        else:
            self._waited += 1

    def due(self) -> int:
        """The oldest generation whose count passed its threshold; -1 when none did."""
        counts = gc.get_count()
        found = -1
        for generation, (count, threshold) in enumerate(zip(counts, self._thresholds, strict=True)):
            if threshold and count >= threshold:
                found = generation
        return found

    def collect_due(self) -> int:
        """Collect the generation `due()` names (the collector would have by now); -1: none."""
        generation = self.due()
        if generation >= 0:
            gc.collect(generation)
        return generation


def install_gc_policy(app: QCoreApplication) -> GuiThreadCollector:
    """Once per application: later calls return the collector already running."""
    existing = app.findChild(GuiThreadCollector, _INSTALLED)
    return existing if existing is not None else GuiThreadCollector(app)


def freeze_long_lived() -> None:
    """Once the window is up: collect, then freeze whatever is left (`gc.freeze`).

    What exists by then — modules, the Qt bindings, the window and its docks — lives as long as
    the app. Walking it made every full collection take ~50 ms on the test machine (PySide's
    objects are slow to traverse: 11k of them cost more than 70k plain ones), a stall the user
    feels; frozen, a full collection takes well under a millisecond. Cycles among frozen
    objects are never collected: the price is whatever start-up garbage would have gone later.
    """
    gc.collect()
    gc.freeze()

