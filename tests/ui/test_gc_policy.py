"""The cyclic collector runs from the GUI thread's event loop, never inside a Qt destructor."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from composer.app import application
from composer.ui.gc_policy import collect_due, install_gc_policy


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_app_switches_automatic_collection_off_and_collects_on_its_timer(
    qtbot: QtBot, qapp: QApplication
) -> None:
    application()  # installs the policy (the session's first Qt test did already)
    assert not gc.isenabled()
    assert install_gc_policy(qapp) is None  # once per process: no second timer
    gc.collect()
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    for _ in range(gc.get_threshold()[0] * 3):  # well past what sets off an automatic collection
        _Cycle()
    still_there = gone() is not None  # (a plain assert's temporaries would keep the object alive)
    assert still_there  # nothing collected behind the event loop's back

    def collected() -> bool:
        for _ in range(gc.get_threshold()[0]):  # keep allocating, as a running app does (objects
            _Cycle()  # freed meanwhile, say a closed window's, lower the count again)
        return gone() is None

    qtbot.waitUntil(collected, timeout=5_000)  # the GUI thread's timer did it


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
    assert collect_due() >= 0
    assert gone() is None

