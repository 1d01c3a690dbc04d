"""Window speed: start to first paint, keystroke to updated preview and problems, GUI-thread stalls.

Goals (issue 5, point 8):
(a) `lineage-composer gui --smoke`, start to first paint, within 3x (goal 2x) of a bare PySide6
    `QMainWindow` that exits on its first paint; both as subprocesses, medians of several runs.
(b) one keystroke in a real field (jobName) to the preview showing it and the problems list
    refreshed: p95 < 16 ms on Alation's complete example, < 100 ms on the large event (500
    datasets x 50 schema fields).
(c) the GUI thread is never blocked over 50 ms while typing a burst into a field of the large
    event, nor while the large event loads; a 1-ms `QTimer` probe records the longest gap.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_gui.py` (offscreen is
forced; a throw-away app home keeps the user's files out of it).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["LINEAGE_COMPOSER_HOME"] = tempfile.mkdtemp(prefix="lc-bench-gui-")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QLineEdit  # noqa: E402

from composer.app import application, build_main_window  # noqa: E402
from composer.core.document import EventDocument  # noqa: E402
from composer.core.templates import instantiate  # noqa: E402
from composer.ui.checks.live import AFTER_LOAD_MS, LARGE_EVENT_PAUSE_MS  # noqa: E402
from composer.ui.main_window import MainWindow  # noqa: E402
from tests.benchmarks.bench_validation import large_event  # noqa: E402
from tests.benchmarks.report import write_section  # noqa: E402

STARTUP_RUNS = 15
KEYSTROKES = 20
SMALL_KEYSTROKES = 60  # enough for a 95th percentile
BURST_INTERVAL_MS = 30  # a fast typist: ~33 characters a second

_BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(f"first paint at unix time {time.time():.3f}")
            QTimer.singleShot(0, app.quit)
        return False
painter = FirstPaint(window)
window.installEventFilter(painter)
window.show()
sys.exit(app.exec())
"""


# --- (a) start to first paint ---------------------------------------------------------------


def _wall_ms(command: list[str]) -> float:
    """From launching the process to its first paint (it prints the wall-clock time of that paint).

    Bytecode caching is on, as for an installed app (pip and the bundle ship compiled modules);
    the first, warming run writes the caches of a source checkout.
    """
    env = dict(os.environ, LINEAGE_COMPOSER_HOME=tempfile.mkdtemp(prefix="lc-bench-start-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    launched = time.time()
    done = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=120)
    painted = re.search(r"at unix time ([0-9.]+)", done.stdout)
    if painted is None:
        raise RuntimeError(f"no first-paint time in the output of {command[-1]!r}: {done.stdout!r}")
    return (float(painted.group(1)) - launched) * 1000


def startup() -> tuple[float, float]:
    """(median ms of the app's smoke start, median ms of a bare window), interleaved runs."""
    app_cmd = [sys.executable, "-m", "composer", "gui", "--smoke"]
    bare_cmd = [sys.executable, "-c", _BARE_WINDOW]
    _wall_ms(app_cmd), _wall_ms(bare_cmd)  # warm the file cache for both
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(STARTUP_RUNS):
        ours.append(_wall_ms(app_cmd))
        bare.append(_wall_ms(bare_cmd))
    return statistics.median(ours), statistics.median(bare)


# --- (b) keystroke to preview + problems ----------------------------------------------------


class GapProbe(QObject):
    """A 1-ms timer that records the longest time the event loop did not come round."""

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self.longest_ms = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.longest_ms = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return self.longest_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now


def run_loop_until(done: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Run the event loop (so timers and thread results are delivered) until `done()`."""
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(1)
    check.timeout.connect(lambda: loop.quit() if done() else None)
    check.start()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(timeout_s * 1000))
    loop.exec()
    check.stop()
    if not done():
        raise TimeoutError("the window did not settle")


class Settled:
    """Tracks the LiveController: when did the preview get new text, when did problems arrive."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.text_at = 0.0
        self.problems_at = 0.0
        # Connected after the preview's own slot: by the time this runs, the preview shows the text.
        window.live.textChanged.connect(self._text)
        window.live.problemsChanged.connect(self._problems)

    def _text(self, _text: str) -> None:
        self.text_at = time.perf_counter()

    def _problems(self, _problems: object) -> None:
        self.problems_at = time.perf_counter()

    def reset(self) -> None:
        self.text_at = self.problems_at = 0.0

    def both(self) -> bool:
        return bool(self.text_at and self.problems_at)


def settle(window: MainWindow) -> None:
    """Everything the last change set off has finished: preview current, problems published, idle,
    and the dataset editor cards that open after a load are open."""
    run_loop_until(lambda: window.live.idle() and _cards_open(window))
    assert_preview_exact(window)


def assert_preview_exact(window: MainWindow) -> None:
    """The preview shows the event's exact text: all of it, or the part its banner names."""
    text, part = window.model.to_json(), window.preview.part
    assert window.preview.editor.toPlainText() == (text if part is None else text[part.start : part.end])


def _cards_open(window: MainWindow) -> bool:
    return window.inputs.settled and window.outputs.settled


def keystroke_latency(window: MainWindow, field: QLineEdit, keys: int = KEYSTROKES) -> list[float]:
    tracker = Settled(window)
    field.setFocus()
    field.end(False)
    timings: list[float] = []
    for index in range(keys):
        settle(window)
        tracker.reset()
        letter = "abcdefghijklmnopqrstuvwxyz"[index % 26]
        start = time.perf_counter()
        QTest.keyClicks(field, letter)
        run_loop_until(tracker.both)
        timings.append((max(tracker.text_at, tracker.problems_at) - start) * 1000)
        assert f'"name": "{field.text()}"' in window.preview.editor.toPlainText(), "preview missed a key"
    return timings


# --- (c) the GUI thread is never blocked ------------------------------------------------------


def burst_gap(window: MainWindow, field: QLineEdit) -> float:
    """Longest stall typing a burst, until the preview and problems show the last key."""
    settle(window)
    field.setFocus()
    tracker = Settled(window)
    probe = GapProbe()
    sent = [0]
    last_key_at = [0.0]

    def type_one() -> None:
        if sent[0] < KEYSTROKES:
            QTest.keyClicks(field, "xyz"[sent[0] % 3])
            sent[0] += 1
            last_key_at[0] = time.perf_counter()

    def caught_up() -> bool:
        after = last_key_at[0]
        return sent[0] >= KEYSTROKES and tracker.text_at > after and tracker.problems_at > after

    typist = QTimer()
    typist.setTimerType(Qt.TimerType.PreciseTimer)
    typist.setInterval(BURST_INTERVAL_MS)
    typist.timeout.connect(type_one)
    probe.start()
    typist.start()
    run_loop_until(caught_up)
    typist.stop()
    longest = probe.stop()
    settle(window)
    return longest


def load_gap(window: MainWindow, text: str) -> tuple[float, float]:
    """(longest GUI-thread stall, ms until all is done) loading the large event into the window."""
    window.model.load(instantiate("alation-complete", fresh_run=False))
    settle(window)
    document = EventDocument.from_json(text)  # reading and parsing the file is not the window's part
    probe = GapProbe()
    started = [0.0]

    def load() -> None:
        started[0] = time.perf_counter()
        window.model.load(document)

    probe.start()
    QTimer.singleShot(5, load)
    run_loop_until(lambda: bool(started[0]) and window.live.idle() and _cards_open(window), 300)
    finished = (time.perf_counter() - started[0]) * 1000
    longest = probe.stop()
    settle(window)
    assert window.model.to_json() == text and window.preview.part is not None
    assert window.inputs.rows.rowCount() + window.outputs.rows.rowCount() == 500
    return longest, finished


# --- report ---------------------------------------------------------------------------------


def show_all_ms(window: MainWindow) -> float:
    """How long "Show all" takes to put the whole large event into the preview (on demand)."""
    button = window.preview.part_banner.show_all
    start = time.perf_counter()
    button.click()
    elapsed = (time.perf_counter() - start) * 1000
    assert window.preview.part is None and window.preview.editor.toPlainText() == window.model.to_json()
    button.click()  # back to the part
    settle(window)
    return elapsed


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} ms, p95 {_p95(values):.1f} ms, max {max(values):.1f} ms"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    load_before = os.getloadavg()[0]
    ours, bare = startup()
    print(f"start: ours {ours:.0f} ms, bare {bare:.0f} ms")
    application()
    window = build_main_window(defer_docks=True)  # as the gui command builds it
    window.resize(1300, 900)
    window.show()
    run_loop_until(lambda: window.docks_ready)
    job_name = window.findChild(QLineEdit, "jobName")
    assert job_name is not None

    window.model.load(instantiate("alation-complete", fresh_run=False))
    settle(window)
    small = keystroke_latency(window, job_name, SMALL_KEYSTROKES)
    print("complete example keystroke:", _ms(small))

    big_text = json.dumps(large_event(), indent=2) + "\n"
    gap_load, shown_ms = load_gap(window, big_text)
    print(f"load large: longest gap {gap_load:.0f} ms, all done after {shown_ms:.0f} ms")
    big = keystroke_latency(window, job_name)
    print("large keystroke:", _ms(big))
    gap_typing = burst_gap(window, job_name)
    print(f"typing burst on large: longest gap {gap_typing:.0f} ms")
    whole_ms = show_all_ms(window)
    print(f"show all of the large event: {whole_ms:.0f} ms")
    window.model.undo_stack.setClean()
    window.close()

    ratio = ours / bare
    load_after = os.getloadavg()[0]

    def verdict(ok: bool) -> str:
        return "met" if ok else "**NOT met**"

    body = f"""
`tests/benchmarks/bench_gui.py`, offscreen (`QT_QPA_PLATFORM=offscreen`), a fresh app home. Load
average (1 min) {load_before:.1f} at the start of the run, {load_after:.1f} at its end: the machine's
cores are shared, so single runs are noisy (compare runs made side by side, see below).

| measure | result | goal |
|---|---|---|
| start to first paint: `python -m composer gui --smoke` vs a bare PySide6 `QMainWindow` (both subprocesses: from launch to the wall-clock time of the first paint, bytecode cached as installed, median of {STARTUP_RUNS} interleaved runs) | {ours:.0f} ms vs {bare:.0f} ms: **{ratio:.2f}x** | ≤ 2.5x: {verdict(ratio <= 2.5)}; stretch ≤ 2x: {verdict(ratio <= 2)} |
| keystroke in jobName → preview shows it and problems refreshed, Alation's complete example ({SMALL_KEYSTROKES} keys) | {_ms(small)} | p95 ≤ 16 ms: {verdict(_p95(small) <= 16)} |
| the same on the large event (500 datasets x 50 schema fields, {len(big_text) / 1e6:.1f} MB of JSON; {KEYSTROKES} keys) | {_ms(big)} | ≤ 100 ms: {verdict(max(big) <= 100)} |
| longest GUI-thread stall typing {KEYSTROKES} keys ({BURST_INTERVAL_MS} ms apart) into jobName of the large event | {gap_typing:.0f} ms | ≤ 50 ms: {verdict(gap_typing <= 50)} |
| longest GUI-thread stall loading the large event into the window (`model.load` of the parsed event until preview, lists, the opened dataset cards and problems are all done: {shown_ms:.0f} ms) | {gap_load:.0f} ms | ≤ 50 ms: {verdict(gap_load <= 50)} |
| "Show all": the whole large event into the preview, on demand | {whole_ms:.0f} ms | (no goal: asked for) |

Latency is from sending the key event until both the preview shows the new text and the problems
list has been refreshed for it (the `LiveController`'s signals), with the event loop running.
The stall probe is a 1-ms `QTimer`; its longest interval is how long the window could not react.
Reading and parsing the file (File > Open) is outside the load row.

How the large event stays responsive, all on the GUI thread: the preview holds a part of it
(the lines around the last change, ~32k characters; a banner names them and offers "Show all"),
so neither a load nor a keystroke copies 4 MB into the editor; its text comes from the
per-dataset cache, warmed by a plain timer after a load; validation (a few milliseconds to
~15 ms for this event) runs once typing pauses for {LARGE_EVENT_PAUSE_MS} ms ({AFTER_LOAD_MS} ms after a
load, clear of the dataset cards it opens), from the live document; the cyclic collector runs from a plain 500 ms timer, and what exists once the window
is up is frozen (`gc.freeze`), so a full collection skips PySide's slow-to-traverse objects.

What the start does before its first paint: the forms, the preview (filled) and the menus; the
send, history and lineage docks, the other commands' modules, the rule sets and the schema engine
load right after it (`MainWindow(defer_docks=True)`, `LiveController.refresh(problems_later=True)`,
`composer.cli.COMMANDS` imported on demand).
"""
    print(body)
    write_section("Window speed", body)


if __name__ == "__main__":
    main()
