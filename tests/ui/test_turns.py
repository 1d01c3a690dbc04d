"""The turn budget shares each turn of the real event loop between the user and background work."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from composer.ui.gc_policy import install_gc_policy
from composer.ui.turns import BUDGET_S, turn_budget

SLICE_S = 0.006  # two of these would overrun the budget in one turn


class TurnLog:
    """What ran in each turn, as the dispatcher's own signals cut them."""

    def __init__(self) -> None:
        self.turns: list[list[tuple[str, float]]] = [[]]
        dispatcher = QAbstractEventDispatcher.instance()
        assert dispatcher is not None
        self._dispatcher = dispatcher
        dispatcher.aboutToBlock.connect(self._cut)
        dispatcher.awake.connect(self._cut)

    def _cut(self) -> None:
        if self.turns[-1]:
            self.turns.append([])

    def record(self, name: str, seconds: float) -> None:
        self.turns[-1].append((name, seconds))

    def close(self) -> None:
        self._dispatcher.aboutToBlock.disconnect(self._cut)
        self._dispatcher.awake.disconnect(self._cut)


def busy_until(deadline: float) -> None:
    while time.perf_counter() < deadline:
        pass


def busy_for_cpu(seconds: float) -> None:
    """Work for `seconds` of this thread's CPU (however busy the machine is)."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def slicer(log: TurnLog, name: str, slices: list[int]) -> Callable[[], None]:
    """A zero-interval timer's slot doing `SLICE_S` slices within the budget."""

    def run() -> None:
        deadline = turn_budget().deadline(SLICE_S, name)
        if deadline is None:
            return
        started = time.thread_time()  # the budget counts the GUI thread's CPU, not the clock
        busy_until(deadline)
        log.record(name, time.thread_time() - started)
        slices[0] += 1

    return run


def zero_timer(slot: Callable[[], None]) -> QTimer:
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


def test_sliced_work_of_several_timers_stays_within_one_budget_per_turn(qtbot: QtBot) -> None:
    log = TurnLog()
    done = [0]
    timers = [zero_timer(slicer(log, name, done)) for name in "abc"]
    for timer in timers:
        timer.start()
    qtbot.waitUntil(lambda: done[0] >= 60, timeout=10_000)
    for timer in timers:
        timer.stop()
    log.close()

    busy = [sum(seconds for _, seconds in turn) for turn in log.turns if turn]
    # Unbudgeted, three timers due together would run 3 x 6 ms back to back in every turn.
    assert max(busy) <= BUDGET_S + 0.0015, max(busy)
    # ... and the work still goes on, turn after turn, from every timer.
    assert {name for turn in log.turns for name, _ in turn} == {"a", "b", "c"}


def test_unsliceable_work_gets_a_turn_of_its_own_despite_a_stream_of_slices(qtbot: QtBot) -> None:
    log = TurnLog()
    slices = [0]
    claimed: list[int] = []
    stream = [zero_timer(slicer(log, f"slice {n}", slices)) for n in range(3)]

    def build_card() -> None:
        if not turn_budget().claim(reserve=True):
            card.start()  # asks again on a later turn
            return
        started = time.perf_counter()
        busy_until(started + 0.015)
        log.record("card", time.perf_counter() - started)
        claimed.append(len(log.turns) - 1)

    card = QTimer()
    card.setSingleShot(True)
    card.setInterval(0)
    card.timeout.connect(build_card)
    for timer in stream:
        timer.start()
    qtbot.waitUntil(lambda: slices[0] >= 10, timeout=10_000)
    card.start()
    qtbot.waitUntil(lambda: bool(claimed), timeout=5_000)
    for timer in stream:
        timer.stop()
    log.close()

    turn = log.turns[claimed[0]]
    assert [name for name, _ in turn] == ["card"]  # no slice ran in the card's turn
    assert slices[0] >= 10


def test_unsliceable_work_waits_for_a_quiet_turn(qtbot: QtBot) -> None:
    """A heavy turn (here 20 ms of some other work) is not followed at once by a claim."""
    answers: list[bool] = []

    def heavy_then_claim() -> None:
        busy_for_cpu(0.020)
        QTimer.singleShot(0, lambda: answers.append(turn_budget().claim()))

    QTimer.singleShot(0, heavy_then_claim)
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    assert answers == [False]

    later: list[bool] = []

    def ask_until_served() -> None:
        if turn_budget().claim():
            later.append(True)
        else:
            QTimer.singleShot(1, ask_until_served)

    QTimer.singleShot(0, ask_until_served)
    qtbot.waitUntil(lambda: bool(later), timeout=5_000)


def test_a_claim_spends_the_rest_of_its_turn(qtbot: QtBot) -> None:
    seen: list[tuple[bool, float | None, bool]] = []

    def ask() -> None:
        budget = turn_budget()
        if not budget.claim():
            QTimer.singleShot(1, ask)
            return
        seen.append((True, budget.deadline(0.005, "test"), budget.claim()))

    QTimer.singleShot(0, ask)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [(True, None, False)]


def test_a_reservation_nobody_comes_back_for_lapses(qtbot: QtBot, qapp: QApplication) -> None:
    """A card's timer stopped (another dataset was picked first): the slices go on soon."""
    collector = install_gc_policy(qapp)  # its claims would clear the reservation too: not now
    collector._timer.stop()
    try:
        _reserve_and_walk_away(qtbot)
    finally:
        collector._timer.start()


def _reserve_and_walk_away(qtbot: QtBot) -> None:
    log = TurnLog()
    slices = [0]
    stream = zero_timer(slicer(log, "slice", slices))
    stream.start()
    qtbot.waitUntil(lambda: slices[0] >= 3, timeout=10_000)

    def reserve_and_vanish() -> None:
        if turn_budget().claim(reserve=True):  # granted at once: try again in a busy turn
            QTimer.singleShot(0, reserve_and_vanish)
        else:
            reserved_at.append(slices[0])

    reserved_at: list[int] = []

    def busy_then_reserve() -> None:
        busy_for_cpu(0.012)  # a turn used: the claim is turned down, and reserves
        reserve_and_vanish()

    QTimer.singleShot(0, busy_then_reserve)
    qtbot.waitUntil(lambda: bool(reserved_at), timeout=5_000)
    # Lapsed within a few turns, not at the collector's next tick (500 ms) that would clear it too.
    qtbot.waitUntil(lambda: slices[0] >= reserved_at[0] + 5, timeout=300)
    stream.stop()
    log.close()


def test_without_the_dispatchers_signals_turns_still_end(qapp: QApplication) -> None:
    """Another dispatcher, or a native modal loop, may not signal: after a while a turn counts
    as over anyway, so claims and slices are not turned down for good."""
    budget = turn_budget()
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None
    dispatcher.aboutToBlock.disconnect(budget._new_turn)
    dispatcher.awake.disconnect(budget._new_turn)
    try:
        budget.claim()  # whatever this turn had left is spent now ...
        assert not budget.claim() and budget.deadline(0.005, "test") is None
        time.sleep(0.55)  # ... and no signal comes to end it
        budget.claim()  # a stale turn is over (it may not count as quiet: tests ran in it)
        time.sleep(0.55)
        assert budget.claim(), "claims are not turned down for good"
        time.sleep(0.55)
        assert budget.deadline(0.005, "test") is not None, "nor are slices"
    finally:
        dispatcher.aboutToBlock.connect(budget._new_turn)
        dispatcher.awake.connect(budget._new_turn)
