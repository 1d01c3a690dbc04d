"""Tab in reading order and a switch between light and dark: what each costs in the real window.

The window works out its Tab order when Tab is pressed (`ui/tab_order`: a walk of its layouts),
and a scheme switch re-colours every widget that colours itself (`ui/theme`). Measured on the
main window with a realistic event loaded (its facet editors and dataset cards built): what each Tab
press runs (`ReadingOrder.step`), once per stop, and forcing dark then light.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_look.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LINEAGE_COMPOSER_HOME"] = tempfile.mkdtemp(prefix="lc-bench-look-")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from composer.app import application, build_main_window
from composer.core.templates import instantiate
from composer.ui.files.controller import SaveChoice
from composer.ui.theme_follow import follow_colour_scheme
from tests.benchmarks.report import write_section
from tests.ui.fakes import FakePrompter


def main() -> None:
    app = application()
    window = build_main_window()
    window.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
    window.resize(1600, 1000)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.model.load(instantiate("postgres-to-snowflake", fresh_run=False))
    window.live.refresh()
    app.processEvents()
    widgets = len(window.findChildren(QWidget))
    stops = len(window.reading_order.widgets())
    presses: list[float] = []
    for _ in range(stops):  # what a Tab press runs: the walk of the layouts, then setFocus
        start = time.perf_counter()
        window.reading_order.step(True)
        presses.append((time.perf_counter() - start) * 1000)
    follower = follow_colour_scheme(app)
    switches: list[float] = []
    for scheme in (Qt.ColorScheme.Dark, Qt.ColorScheme.Light, Qt.ColorScheme.Dark, Qt.ColorScheme.Light):
        start = time.perf_counter()
        follower.request(scheme)
        app.processEvents()
        switches.append((time.perf_counter() - start) * 1000)
    follower.request(Qt.ColorScheme.Unknown)
    window.model.undo_stack.setClean()
    window.close()
    body = f"""
`tests/benchmarks/bench_look.py`: the main window at 1600×1000 with the postgres-to-snowflake
event loaded ({widgets} widgets, {stops} Tab stops), offscreen; the machine is shared by several
engineers' test runs, so single figures can be high.

| what | time |
|---|---|
| one Tab step (the order worked out, the focus moved), median | {statistics.median(presses):.1f} ms |
| one Tab step, slowest of {len(presses)} | {max(presses):.1f} ms |
| switch light ↔ dark (palette, every self-coloured widget, repaint queued), best | {min(switches):.1f} ms |
| switch light ↔ dark, slowest of {len(switches)} | {max(switches):.1f} ms |
"""
    write_section("Tab order and light/dark switch", body)
    print(body)


if __name__ == "__main__":
    main()
