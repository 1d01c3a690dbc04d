"""Replay: send a chosen set of events (from a log or the history) to a profile, in order.

The same engine as `lineage-composer send` (`SendBackend.replay` over `services.replay`): each
run's events in order, runs in parallel up to the concurrency, a rate cap, every send in history
with the token redacted. The rules check runs first and says how many events it would refuse;
"Send anyway" sends them too, for reproducing a customer's broken events. Pause holds the
workers before their next event; Cancel stops them and marks what never went. All of it runs
on a `TaskRunner` worker; results come back as queued signals, so the window never freezes.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from composer.core.eventlog import EventEntry
from composer.core.send_plan import DEFAULT_CONCURRENCY, Prepared, prepare
from composer.services.history import RecordOutcome
from composer.services.profiles import Profile
from composer.services.replay import ReplayControl, ReplaySummary
from composer.services.send.result import SendResult
from composer.ui.replay.results_model import ReplayResultsModel
from composer.ui.send.backend import SendBackend
from composer.ui.table_models import rows_view
from composer.ui.tasks import TaskRunner

FORCE_HINT = 'with "Send anyway"'


class _Bridge(QObject):
    """Carries each result from a worker thread to the dialog (queued)."""

    result = Signal(object, object, object)  # Prepared, SendResult, RecordOutcome


class ReplayDialog(QDialog):
    finishedReplay = Signal(object)  # ReplaySummary
    checked = Signal()  # the rules check finished for the chosen profile

    def __init__(
        self,
        entries: Sequence[EventEntry],
        backend: SendBackend,
        runner: TaskRunner,
        profiles: Sequence[Profile],
        current: str,
        *,
        left_out: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replayDialog")
        self.setWindowTitle(f"Replay {len(entries)} event{'' if len(entries) == 1 else 's'}")
        self._entries = list(entries)
        self._backend = backend
        self._runner = runner
        self._profiles = list(profiles)
        self._left_out = left_out
        self._checked: list[Prepared] = []
        self._check_generation = 0
        self._control: ReplayControl | None = None
        self._started = 0.0
        self._done = self._failed = 0
        self.warnings: list[str] = []
        self.summary: ReplaySummary | None = None
        self._bridge = _Bridge(self)
        self._bridge.result.connect(self._show_result, Qt.ConnectionType.QueuedConnection)
        self.results_model = ReplayResultsModel(self)
        self._build(current)
        self.run_check()

    # --- building -------------------------------------------------------------------------

    def _build(self, current: str) -> None:
        form = self._build_settings(current)
        self.start_button = self._button("Start", "replayStart", self.start)
        self.pause_button = self._button("Pause", "replayPause", self.pause)
        self.resume_button = self._button("Resume", "replayResume", self.resume)
        self.cancel_button = self._button("Cancel", "replayCancel", self.cancel)
        self.close_button = self._button("Close", "replayClose", self.close)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self._build_results()
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.check_label)
        column.addWidget(self.send_anyway)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.results, 1)
        column.addWidget(self.summary_label)
        self.resize(860, 560)
        self._set_running(False)

    def _build_settings(self, current: str) -> QFormLayout:
        self.profile = QComboBox()
        self.profile.setObjectName("replayProfile")
        self.profile.setAccessibleName("Replay to profile")
        self.profile.addItems([p.name for p in self._profiles])
        self.profile.setCurrentText(current)
        self.profile.currentTextChanged.connect(lambda _name: self.run_check())
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("replayRate")
        self.rate.setAccessibleName("Events per second at most")
        self.rate.setRange(0, 10_000)
        self.rate.setDecimals(1)
        self.rate.setSpecialValueText("no limit")
        self.rate.setSuffix(" events/s")
        self.rate.setToolTip("At most this many events per second (for receivers that answer 429 to bursts)")
        self.concurrency = QSpinBox()
        self.concurrency.setObjectName("replayConcurrency")
        self.concurrency.setAccessibleName("Runs sent at once")
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(DEFAULT_CONCURRENCY)
        self.concurrency.setSuffix(" runs at once")
        self.concurrency.setToolTip(
            "Different runs go in parallel, so a distant receiver's round trips overlap; a run's own "
            "events always go in order. 1 sends in the file's exact order."
        )
        self.concurrency_note = QLabel()
        self.concurrency_note.setObjectName("replayConcurrencyNote")
        self.concurrency_note.setWordWrap(True)
        self.concurrency.valueChanged.connect(self._describe_concurrency)
        self._describe_concurrency(self.concurrency.value())
        self.check_label = QLabel("Checking the events…")
        self.check_label.setObjectName("replayCheck")
        self.check_label.setWordWrap(True)
        self.send_anyway = QCheckBox("Send anyway: also send the events with errors (to reproduce them)")
        self.send_anyway.setObjectName("replaySendAnyway")
        form = QFormLayout()
        form.addRow("Profile", self.profile)
        form.addRow("Rate", self.rate)
        form.addRow("Concurrency", self.concurrency)
        form.addRow("", self.concurrency_note)
        return form

    def _describe_concurrency(self, value: int) -> None:
        self.concurrency_note.setText(
            "One event at a time, in the file's exact order."
            if value == 1
            else f"Up to {value} runs at once; each run's events in order (START before COMPLETE)."
        )

    def _build_results(self) -> None:
        self.progress = QProgressBar()
        self.progress.setObjectName("replayProgress")
        self.progress.setAccessibleName("Replay progress")
        self.progress.setFormat("%v of %m sent")
        self.results = rows_view(self.results_model, "replayResults")
        self.results.setWordWrap(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((44, 180, 150, 84, 64)):
            header.resizeSection(column, width)
        self.summary_label = QLabel("Not started.")
        self.summary_label.setObjectName("replaySummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    @property
    def chosen_profile(self) -> Profile:
        return next((p for p in self._profiles if p.name == self.profile.currentText()), self._profiles[0])

    # --- the rules check ------------------------------------------------------------------

    def run_check(self) -> None:
        """Check every event with the chosen profile's rules (on a worker: logs can be long)."""
        self._check_generation += 1
        generation = self._check_generation
        target = self.chosen_profile.validation_target
        entries = self._entries
        self.start_button.setEnabled(False)
        self.check_label.setText(f"Checking {len(entries)} event(s) with the {target} rules…")

        def check() -> list[Prepared]:
            return [prepare(entry, target, False, force_hint=FORCE_HINT) for entry in entries]

        def checked(prepared: list[Prepared]) -> None:
            if generation != self._check_generation:
                return
            self._checked = prepared
            self.results_model.set_plan(prepared)
            self.progress.setRange(0, len(prepared))
            self.progress.setValue(0)
            left_out = (
                f"{self._left_out} unreadable event(s) of the selection cannot be sent and were left out. "
                if self._left_out
                else ""
            )
            self.check_label.setText(left_out + _check_text(prepared, target))
            self._set_running(False)
            self.checked.emit()

        self._runner.run(check, checked, lambda error: self.check_label.setText(f"The check failed: {error}"))

    def planned(self) -> list[Prepared]:
        """The events Start sends: refused ones lose their refusal with "Send anyway" (not bad JSON)."""
        if not self.send_anyway.isChecked():
            return self._checked
        return [dataclasses.replace(p, refusal="") if p.refusal and p.body else p for p in self._checked]

    # --- running --------------------------------------------------------------------------

    def start(self) -> bool:
        if self._control is not None or not self._checked:
            return False
        plan = self.planned()
        self.results_model.set_plan(plan)
        sendable = [item for item in plan if not item.refusal]
        refused = len(plan) - len(sendable)
        self.progress.setRange(0, len(sendable))
        self.progress.setValue(0)
        self._done = self._failed = 0
        self.summary = None
        self.warnings = []
        control = ReplayControl(
            concurrency=self.concurrency.value(),
            rate=self.rate.value() or None,
            report=self._bridge.result.emit,
        )
        self._control = control
        self._started = time.monotonic()
        self._set_running(True)
        self.summary_label.setText(f"Sending {len(sendable)} event(s) to “{self.chosen_profile.name}”…")
        profile, backend = self.chosen_profile, self._backend
        if not sendable:
            self._finish(len(sendable), refused, None)
            return True
        self._runner.run(
            lambda: backend.replay(profile, sendable, control),
            lambda _results: self._finish(len(sendable), refused, None),
            lambda error: self._finish(len(sendable), refused, error),
        )
        return True

    def _show_result(self, item: Prepared, result: SendResult, outcome: RecordOutcome) -> None:
        self.results_model.show_result(item, result)
        self._done += 1
        self._failed += 0 if result.ok else 1
        self.progress.setValue(self._done)
        if outcome.warning and outcome.warning not in self.warnings:
            self.warnings.append(outcome.warning)

    def pause(self) -> None:
        if self._control is not None:
            self._control.pause.pause()
            self.summary_label.setText(
                f"Paused after {self._done} event(s): a send already on its way still finishes."
            )
            self._set_running(True)

    def resume(self) -> None:
        if self._control is not None:
            self._control.pause.resume()
            self.summary_label.setText("Sending…")
            self._set_running(True)

    def cancel(self) -> None:
        if self._control is not None:
            self._control.cancel.set()
            self.summary_label.setText("Cancelling: waiting for the sends on their way…")

    def _finish(self, total: int, refused: int, error: Exception | None) -> None:
        control, self._control = self._control, None
        cancelled = control is not None and control.cancel.is_set()
        self.results_model.mark_unsent()
        summary = ReplaySummary(total, self._done, self._failed, refused, time.monotonic() - self._started)
        self.summary = summary
        text = summary.text(cancelled=cancelled)
        text = text[0].upper() + text[1:] + "."
        if error is not None:
            text += f" The replay stopped: {error}"
        if self.warnings:
            text += " " + " ".join(self.warnings)
        self.summary_label.setText(text)
        self._set_running(False)
        self.finishedReplay.emit(summary)

    def _set_running(self, running: bool) -> None:
        paused = running and self._control is not None and self._control.pause.paused
        self.start_button.setEnabled(not running and bool(self._checked))
        self.pause_button.setEnabled(running and not paused)
        self.resume_button.setEnabled(running and paused)
        self.cancel_button.setEnabled(running)
        for widget in (self.profile, self.rate, self.concurrency, self.send_anyway):
            widget.setEnabled(not running)

    @property
    def running(self) -> bool:
        return self._control is not None

    def reject(self) -> None:
        """Closing while sending cancels first (the sends on their way finish and are recorded)."""
        self.cancel()
        super().reject()


def _check_text(prepared: Sequence[Prepared], target: str) -> str:
    refused = [p for p in prepared if p.refusal]
    if not refused:
        return f"All {len(prepared)} event(s) pass the {target} rules."
    unreadable = sum(1 for p in refused if not p.body)
    first = refused[0]
    text = (
        f"{len(refused)} of {len(prepared)} event(s) have errors under the {target} rules and will be "
        f"skipped unless you tick “Send anyway”. First: {first.where(True)}: {first.refusal}"
    )
    if unreadable:
        text += f" ({unreadable} not valid JSON: never sent.)"
    return text
