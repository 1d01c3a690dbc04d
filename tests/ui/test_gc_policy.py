"""The cyclic collector runs from the GUI thread's event loop, never inside a Qt destructor."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from composer.app import application
from composer.ui.gc_policy import PATIENCE_TICKS, GuiThreadCollector, install_gc_policy


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_app_switches_automatic_collection_off_and_collects_on_its_timer(
    qtbot: QtBot, qapp: QApplication
) -> None:
    collector = install_gc_policy(application())
    assert install_gc_policy(qapp) is collector  # once per application
    assert not gc.isenabled()
    gc.collect()
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    for _ in range(gc.get_threshold()[0] * 3):  # well past what sets off an automatic collection
        _Cycle()
    still_there = gone() is not None  # (a plain assert's temporaries would keep the object alive)
    assert still_there  # nothing collected behind the event loop's back
    qtbot.waitUntil(lambda: gone() is None, timeout=5_000)  # the GUI thread's timer did it


def test_a_worker_thread_never_collects(qapp: QApplication) -> None:
    install_gc_policy(qapp)
    gc.collect()
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle

    def churn() -> None:
        for _ in range(gc.get_threshold()[0] * 5):
            _Cycle()

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()
    still_there = gone() is not None
    assert still_there
    assert qapp.findChild(GuiThreadCollector).collect_due() >= 0
    assert gone() is None



def test_a_collection_waits_for_a_quiet_turn_but_not_forever(qapp: QApplication) -> None:
    """Ticks in one busy turn (no event loop in between): the first claims the turn, the next
    are turned down, and after PATIENCE_TICKS of them the collection runs anyway."""
    collector = install_gc_policy(qapp)
    collector._waited = 0  # (the collector is the session's: earlier tests' busy ticks count)
    gc.collect()
    runs: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        for _ in range(gc.get_threshold()[0] * 2):  # make a collection due
            _Cycle()
        ticks = 0
        while not runs and ticks < PATIENCE_TICKS + 3:
            collector._tick()  # what its timer calls
            ticks += 1
            if ticks == 1 and runs:  # the turn was quiet: that first tick collected
                runs.clear()
                for _ in range(gc.get_threshold()[0] * 2):
                    _Cycle()
        assert runs, "no collection after the patience ran out"
        assert ticks >= PATIENCE_TICKS
    finally:
        gc.callbacks.remove(seen)
