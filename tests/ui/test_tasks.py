"""The window's one task runner: work off the GUI thread, lanes that never overlap, waits per task."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import weakref
from typing import Any

from pytestqt.qtbot import QtBot

from composer.ui.tasks import Lane, TaskRunner


def test_a_lane_runs_one_task_at_a_time_in_order_while_other_work_goes_on(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=4)
    release = threading.Event()
    order: list[str] = []
    inside = 0
    most_inside = 0
    lock = threading.Lock()

    def step(name: str, hold: bool = False) -> str:
        nonlocal inside, most_inside
        with lock:
            inside += 1
            most_inside = max(most_inside, inside)
        if hold:
            assert release.wait(10)
        with lock:
            order.append(name)
            inside -= 1
        return name

    delivered: list[str] = []
    first = runner.run(lambda: step("first", hold=True), delivered.append, lane="store")
    second = runner.run(lambda: step("second"), delivered.append, lane="store")
    third = runner.run(lambda: step("third"), delivered.append, lane="store")
    elsewhere = runner.run(lambda: "elsewhere", delivered.append)  # not in the lane: not held up
    assert elsewhere.wait(5_000)
    assert not second.wait(100)  # still queued behind the held first task
    release.set()
    assert first.wait(5_000) and second.wait(5_000) and third.wait(5_000)
    qtbot.waitUntil(lambda: len(delivered) == 4)
    assert order == ["first", "second", "third"] and most_inside == 1
    assert [name for name in delivered if name != "elsewhere"] == ["first", "second", "third"]
    assert not runner.busy


def test_a_failure_reaches_its_own_callback_and_the_lane_goes_on(qtbot: QtBot) -> None:
    runner = TaskRunner()
    failures: list[str] = []
    done: list[int] = []

    def broken() -> int:
        raise OSError("disk gone")

    runner.run(broken, done.append, lambda error: failures.append(str(error)), lane="disk")
    runner.run(lambda: 2, done.append, lane="disk")
    qtbot.waitUntil(lambda: done == [2] and failures == ["disk gone"])


def test_waiting_for_one_task_does_not_wait_for_the_others(qtbot: QtBot) -> None:
    runner = TaskRunner()
    slow_release = threading.Event()
    slow = runner.run(lambda: slow_release.wait(10), lambda _ok: None)
    quick = runner.run(lambda: 1, lambda _value: None)
    assert quick.wait(5_000) and not slow.wait(50)
    slow_release.set()
    assert slow.wait(5_000)
    qtbot.waitUntil(lambda: not runner.busy)


def test_a_lane_view_is_busy_only_with_its_own_work_and_waits_only_for_it(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=4)
    held = threading.Event()
    sources, checks = Lane(runner, "sources"), Lane(runner, "checks")
    got: list[str] = []
    failures: list[str] = []

    def listed() -> str:
        assert held.wait(10)
        return "listed"

    def broken() -> str:
        raise ZeroDivisionError

    sources.run(listed, got.append)
    checks.run(lambda: "checked", got.append)
    checks.run(broken, got.append, lambda error: failures.append(type(error).__name__))
    qtbot.waitUntil(lambda: not checks.busy)
    assert sources.busy and got == ["checked"] and failures == ["ZeroDivisionError"]
    assert not sources.wait_idle(50)  # still held: the wait gives up
    held.set()
    assert sources.wait_idle(5_000)
    qtbot.waitUntil(lambda: not sources.busy)
    assert got == ["checked", "listed"] and not runner.busy


class _Payload:
    """Stands for what a task's work refers to (a window part, through its closure)."""


def test_finished_tasks_and_their_work_are_let_go_on_the_gui_thread(qtbot: QtBot) -> None:
    """A runner lives as long as its window: what it ran must not pile up behind it (a
    QRunnable subclass per task was kept by the pool until the runner died), and the work's
    referents die on the GUI thread, never on a worker."""
    runner = TaskRunner(max_threads=4)
    deaths: list[bool] = []
    tasks: list[weakref.ref[Any]] = []
    payloads: list[weakref.ref[_Payload]] = []
    delivered: list[int] = []

    def died(_ref: object) -> None:
        deaths.append(threading.current_thread() is threading.main_thread())

    for number in range(200):
        payload = _Payload()
        payloads.append(weakref.ref(payload, died))
        task = runner.run(lambda payload=payload, number=number: (payload, number)[1], delivered.append)  # type: ignore[misc]
        tasks.append(weakref.ref(task))
        del task, payload

    def all_delivered() -> bool:
        return len(delivered) == 200

    qtbot.waitUntil(all_delivered, timeout=10_000)
    assert runner.wait_idle(5_000)
    gc.collect()
    assert [ref for ref in tasks if ref() is not None] == []
    assert len(deaths) == 200 and all(deaths)


_DROPPED_WINDOWS = """
import gc, time
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from composer.ui.tasks import Lane, TaskRunner

app = QApplication([])
gc.disable()
for _ in range(40):
    window = QWidget()
    labels = [QLabel(str(i), window) for i in range(20)]
    runner = TaskRunner(window, max_threads=4)
    lane = Lane(runner, "history")
    for _ in range(30):
        lane.run(lambda: time.sleep(0.0005) or [object() for _ in range(50)], lambda _v, w=window: None)
        runner.run(lambda: sum(range(1000)), lambda _v, labels=labels: None)
    for _ in range(3):
        app.processEvents()
    window.me = window  # dropped as cyclic garbage while its work runs and waits
    del window, labels, runner, lane
    gc.collect()
print("survived")
"""


def test_windows_collected_while_their_work_runs_and_waits_take_nothing_apart() -> None:
    """A window dropped and collected while its work runs and more waits in a lane (as the test
    suite drops windows): the collector must not take apart work a worker is about to run. With a
    QRunnable subclass per task it did: 'Task' object has no attribute ..., and a segfault in
    the suite."""
    result = subprocess.run(
        [sys.executable, "-c", _DROPPED_WINDOWS],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived" and "Error" not in result.stderr, result.stderr[-2000:]
