"""Python's cyclic garbage collector runs only on the GUI thread, between events.

Left automatic, the collector starts wherever an allocation crosses its threshold. Two of those
places break a Qt app: inside a Qt destructor (PySide asks Python for overrides while a QObject
dies; collecting another widget tree there deadlocks on Qt's connection mutex — seen as a hang in
`QFormLayout.removeRow` -> `~QObject` -> gc -> `~QObject` -> `QBasicMutex::lockInternal`), and on a
worker thread, which must never destroy widgets. So the automatic collector is switched off and a
plain timer on the GUI thread collects at the event loop's top level, where nothing is half
destroyed, with the same generation thresholds Python would have used. Once the window is up,
what exists is frozen (`freeze_long_lived`), which keeps a full collection short.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QTimer

COLLECT_INTERVAL_MS = 500


def install_gc_policy(app: QCoreApplication) -> QTimer | None:
    """Switch automatic collection off and collect from a timer of `app`'s instead; the timer.

    The collector is the process's, so this acts once: while automatic collection is off, the
    policy is in force already and nothing is done (None).
    """
    if not gc.isenabled():
        return None
    gc.disable()
    timer = QTimer(app)
    timer.setInterval(COLLECT_INTERVAL_MS)
    timer.timeout.connect(collect_due)
    timer.start()
    return timer


def collect_due() -> int:
    """Collect the oldest generation whose count passed its threshold (what the automatic
    collector would have done by now); the generation, -1 when none was due."""
    generation = -1
    for index, (count, threshold) in enumerate(zip(gc.get_count(), gc.get_threshold(), strict=True)):
        if threshold and count >= threshold:
            generation = index
    if generation >= 0:
        gc.collect(generation)
    return generation


def freeze_long_lived() -> None:
    """Once the window is up: collect, then freeze whatever is left (`gc.freeze`).

    What exists by then — modules, the Qt bindings, the window and its docks — lives as long as
    the app. PySide's objects are slow to traverse, and walking them made every full collection
    a stall the user felt; frozen, they are skipped. Cycles among frozen objects are never
    collected: the price is whatever start-up garbage would have gone later.
    """
    gc.collect()
    gc.freeze()
