"""Share each turn of the event loop between the user and the window's background work.

Background work runs on GUI-thread timers: the preview written in slices, the event's text
serialised ahead of need, the lineage redraw, a dataset card opening after a load, the garbage
collector. Timers that are due together all run in the same turn of the event loop (Qt's glib
dispatcher even runs a zero-interval timer twice in one turn), and nothing else — no key press,
no paint — gets in between. Slices of 5 ms each therefore added up to 60-90 ms in which the
window could not react while a large event loaded.

`TurnBudget` knows when the current turn started (the event dispatcher's `aboutToBlock` and
`awake` signals, one of which every dispatcher emits once per turn) and hands out at most
`BUDGET_S` of each turn to background work. It counts the GUI thread's CPU time, not the clock:
glib's dispatcher signals `aboutToBlock` before it waits for the next event, and that wait is
idle time, not work. (On Windows the thread CPU clock moves in 15.6 ms steps, too coarse for an
8 ms budget; there the clock is used, which is right there: its dispatcher signals `awake` after
the wait.)

- sliced work asks `deadline(...)` before each slice and gets None once the turn's share is
  spent; its timer fires again on a later turn. Timers due together fire in the same order
  every turn, so the share goes round: whoever has waited longest since its last slice goes
  first;
- work that cannot be cut (building a dataset card, a redraw, a collection) asks `claim()`: it
  runs only at the start of a quiet turn (the turns just before it were light too: Qt runs posted
  events such as a paint in a turn of their own, which a timer-driven probe sees as one stall with
  the next) and spends the rest of it. A claim turned down with `reserve=True` keeps sliced work
  out until it is served (or, if it stops asking, for `_RESERVED_SIGNALS` dispatcher signals),
  so a steady stream of slices cannot starve it; after `_PATIENCE` refusals it is served at the
  start of the next fresh turn, quiet or not.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QObject

# The share of one turn that background work may take, in seconds: with a paint (~10 ms) and a
# user's key press it keeps a turn well inside the 50 ms in which a window feels responsive.
BUDGET_S = 0.008
# Unsliceable work starts only while the turn has used less than this ...
FRESH_S = 0.002
# ... and the last two turns each used less than this.
QUIET_S = 0.010
# A turn "longer" than this means the dispatcher's signals were not seen (another dispatcher,
# a nested loop that ended): count a new turn rather than refuse background work for good.
_STALE_S = 0.5
_PATIENCE = 8
# A reservation lapses after this many dispatcher signals without the reserver asking again.
_RESERVED_SIGNALS = 8
# Sliced work that asked within this many dispatcher signals is still taking turns.
_ACTIVE_SIGNALS = 4
_NAME = "lineageComposerTurnBudget"

cpu_clock = time.perf_counter if sys.platform == "win32" else time.thread_time
"""The GUI thread's busy time, in seconds (see the module's docstring)."""


class TurnBudget(QObject):
    """The application's clock of event-loop turns and what background work has left of this one.

    A "turn" here runs from one dispatcher signal to the next; glib's dispatcher signals twice
    per loop iteration (`awake` after its work, `aboutToBlock` before waiting), so "the last two
    turns" covers at least the last whole iteration on every dispatcher.
    """

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(_NAME)
        self._started_cpu = cpu_clock()
        self._first_ask: float | None = None  # when background work first asked in this turn
        self._recent = (0.0, 0.0)  # CPU seconds of the two turns before this one
        self._turn = 0  # dispatcher signals so far
        self._asked: dict[str, int] = {}  # sliced work -> turn it last asked in
        self._served: dict[str, int] = {}  # sliced work -> turn it last got a slice in
        self._spent = False
        self._reserved = 0  # dispatcher signals the reservation still holds for
        self._refusals = 0
        dispatcher = QAbstractEventDispatcher.instance(app.thread())
        if dispatcher is not None:
            dispatcher.aboutToBlock.connect(self._new_turn)
            dispatcher.awake.connect(self._new_turn)

    def _new_turn(self) -> None:
        cpu = cpu_clock()
        self._recent = (self._recent[1], cpu - self._started_cpu)
        self._started_cpu = cpu
        self._first_ask = None
        self._spent = False
        self._turn += 1
        if self._reserved:
            self._reserved -= 1
            if not self._reserved:  # lapsed: its reserver stopped asking
                self._refusals = 0

    def _used(self, now: float) -> float:
        """Seconds of GUI-thread CPU this turn has used so far.

        Staleness counts from the first question in the turn, not from its signal: glib signals
        before it waits, and a turn that starts after a long idle wait is no less a turn.
        """
        if self._first_ask is None:
            self._first_ask = now
        elif now - self._first_ask > _STALE_S:
            self._new_turn()
            self._first_ask = now
            return 0.0
        return cpu_clock() - self._started_cpu

    def deadline(self, longest_s: float, who: str) -> float | None:
        """When `who`'s slice, which may take up to `longest_s`, must stop (a `perf_counter()`
        time); None when this turn has nothing left for it: try again on a later turn."""
        now = time.perf_counter()
        used = self._used(now)
        self._asked[who] = self._turn
        if self._spent or self._reserved or used >= BUDGET_S or self._someone_waited_longer(who):
            return None
        self._served[who] = self._turn
        return now + min(longest_s, BUDGET_S - used)

    def _someone_waited_longer(self, who: str) -> bool:
        mine = self._served.get(who, -1)
        for other, asked in list(self._asked.items()):
            if asked < self._turn - _ACTIVE_SIGNALS:
                del self._asked[other]  # done, or gone: no longer taking turns
                self._served.pop(other, None)
            elif other != who and self._served.get(other, -1) < mine:
                return True
        return False

    def claim(self, *, reserve: bool = False) -> bool:
        """For work that cannot be sliced: True at the start of a quiet turn, which is then spent.
        False otherwise; with `reserve`, sliced work waits until the caller asks again (its timer
        must fire again soon) and is served, or the reservation lapses. While a reservation
        holds, claims without `reserve` are turned down."""
        used = self._used(time.perf_counter())  # (first: it also notices a stale turn)
        fresh = not self._spent and used < FRESH_S
        if self._reserved and not reserve:
            return False  # kept for the work that reserved it
        if fresh and (max(self._recent) < QUIET_S or self._refusals >= _PATIENCE):
            self._spent = True
            if reserve:
                self._reserved = 0
                self._refusals = 0
            return True
        if reserve:
            self._reserved = _RESERVED_SIGNALS
            self._refusals += 1
        return False


def turn_budget() -> TurnBudget:
    """The running application's budget, created on first use (one per application)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the turn budget needs a running QCoreApplication")
    existing = app.findChild(TurnBudget, _NAME)
    return existing if existing is not None else TurnBudget(app)

