"""A closed window's Qt objects go with the window, never inside a garbage collection.

The collector runs on the GUI thread at the event loop's top level (`composer.ui.gc_policy`), but
what it frees should not run Qt destructors there: a Python-owned QObject caught in a reference
cycle (the task runner and its thread pool, the document model and its undo stack, which says
"clean" to Python slots while it is destroyed) would be torn down in the middle of a collection,
while another window's workers run. The suite's rare segfault in `gc.collect()` came in such a
collection. So the window owns what the composition root made for it, as Qt children: their
C++ objects are deleted with the window's, and the collector frees only dead wrappers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

_CHILD = textwrap.dedent(
    """
    import gc, sys
    gc.disable()
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QObject
    from composer.app import build_main_window
    from composer.ui.files.controller import SaveChoice
    from tests.ui.fakes import FakePrompter

    def closed_window_garbage(defer_docks):
        window = build_main_window(defer_docks=defer_docks)
        window.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
        window.show()
        while not window.docks_ready:
            QCoreApplication.processEvents()
        window.model.set("/job/name", "teardown")  # an undo command
        window.model.set("/job/namespace", "teardown-ns")
        window.history.refresh()  # history work on the shared runner
        window.tasks.wait_idle(30_000)
        QCoreApplication.processEvents()
        assert window.close()
        parts = (window.tasks, window.model)
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del window
        gone = not any(shiboken6.isValid(part) for part in parts)  # deleted with the window
        gc.unfreeze()  # the deferred window froze what lived at its first paint (gc_policy)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        garbage, gc.garbage[:] = list(gc.garbage), []
        gc.set_debug(0)
        return gone, sorted(
            type(obj).__name__ for obj in garbage if isinstance(obj, QObject) and shiboken6.isValid(obj)
        )

    gc.collect()  # start-up garbage is not the window's
    for defer_docks in (False, True):
        print(defer_docks, closed_window_garbage(defer_docks))
    """
)


def test_a_closed_window_leaves_the_collector_no_live_qt_object(app_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LINEAGE_COMPOSER_HOME": str(app_home)}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[:2] == ["False (True, [])", "True (True, [])"], result.stdout
