"""After a 200 from a profile with catalog access: poll the lineage and let the steps tick.

The verifier waits with back-off for minutes, so it runs on its own worker and reports each
round back through a queued signal; the window never waits for it, and "Stop checking" (or a
newer send) cancels it at once. Each report re-tells steps 2-4 of the walk-through the send
controller showed (`walk_steps.with_verdicts`), so the steps tick themselves when the lineage
appears, and a TMP or missing edge is shown with its most likely cause and the troubleshooting.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

from composer.core.tenant import OutputVerdict
from composer.services.catalog import VerificationResult
from composer.ui.send.backend import Delivery
from composer.ui.send.controller import SendController
from composer.ui.send.verification import VerificationPanel
from composer.ui.send.walkthrough import Walkthrough
from composer.ui.tasks import Lane, TaskRunner
from composer.ui.tenant.backend import TenantBackend
from composer.ui.tenant.walk_steps import with_verdicts


class _Relay(QObject):
    progress = Signal(int, object)  # generation, tuple[OutputVerdict, ...] (from the worker)
    started = Signal(int)  # generation: the profile has catalog access and polling begins


class TenantVerification(QObject):
    """Polls after each accepted send of the window's event; one poll at a time."""

    finished = Signal(object, object)  # Delivery, VerificationResult (history, tests)
    started = Signal(object)  # Delivery whose lineage is being polled (history says "pending")
    failed = Signal(object, str)  # Delivery, why the catalog could not be asked

    def __init__(
        self,
        controller: SendController,
        backend: TenantBackend,
        panel: VerificationPanel,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._backend = backend
        self._panel = panel
        self._runner = Lane(runner, "tenant-verification")
        self._relay = _Relay(self)
        self._relay.progress.connect(self._progress)
        self._relay.started.connect(self._polling_started)
        self._generation = 0
        self._cancel: threading.Event | None = None
        self._delivery: Delivery | None = None
        self._base: Walkthrough | None = None  # the controller's walk-through for this send
        self._shown: Walkthrough | None = None  # ... and the one re-told from the verdicts
        self._verdicts: tuple[OutputVerdict, ...] = ()
        self._started = 0.0
        self.polling = False
        self.stop_button = QPushButton("Stop checking the catalog")
        self.stop_button.setObjectName("stopVerify")
        self.stop_button.setToolTip("Stop polling the tenant's lineage; the steps can still be ticked by hand")
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.cancel)
        layout = panel.layout()
        if layout is not None:
            layout.addWidget(self.stop_button)
        controller.delivered.connect(self._delivered)
        # Connected after the panel's own slot: the re-told steps are what stays shown.
        controller.walkthroughReady.connect(self._walkthrough_shown)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def shutdown(self) -> None:
        """Stop polling; a report still queued is dropped (the window is going)."""
        self._generation += 1
        self.cancel()
        self._runner.wait_idle(30_000)

    def _delivered(self, delivery: Delivery) -> None:
        if delivery is not self._controller.last_delivery:
            return  # a connection check, or a send that did not go all the way
        self.cancel()
        self._generation += 1
        generation = self._generation
        self._delivery, self._base, self._verdicts = delivery, None, ()
        if not delivery.result.ok:
            return
        cancel = self._cancel = threading.Event()
        backend, relay, profile = self._backend, self._relay, delivery.profile

        def work() -> VerificationResult | None:
            if not backend.access(profile).enabled:
                return None
            relay.started.emit(generation)
            return backend.verify(
                profile, delivery.body, cancel, lambda verdicts: relay.progress.emit(generation, verdicts)
            )

        self._started = time.monotonic()
        self._set_polling(True)
        self._runner.run(
            work,
            lambda result: self._done(generation, delivery, result),
            lambda error: self._failed(generation, error),
        )

    def _walkthrough_shown(self, walk: Walkthrough) -> None:
        if self._delivery is self._controller.last_delivery and walk is not self._shown:
            self._base = walk
            self._show()

    def _polling_started(self, generation: int) -> None:
        if generation == self._generation and self._delivery is not None:
            self.started.emit(self._delivery)

    def _progress(self, generation: int, verdicts: tuple[OutputVerdict, ...]) -> None:
        if generation == self._generation:
            self._verdicts = verdicts
            self._show()

    def _done(self, generation: int, delivery: Delivery, result: VerificationResult | None) -> None:
        if generation != self._generation:
            return
        self._set_polling(False)
        if result is None:
            return
        self._verdicts = result.verdicts
        self._show(cancelled=result.cancelled)
        self.finished.emit(delivery, result)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._set_polling(False)
        self._panel.summary.setText(f"The catalog could not be asked about the lineage: {error}")
        if self._delivery is not None:
            self.failed.emit(self._delivery, str(error))

    def _show(self, *, cancelled: bool = False) -> None:
        base = self._base or self._panel.walkthrough
        if base is None or not self._verdicts:
            return
        deadline = self._backend.poll.deadline
        walk = with_verdicts(
            base,
            self._verdicts,
            polling=self.polling,
            elapsed=time.monotonic() - self._started,
            deadline=deadline,
            cancelled=cancelled,
            base_url=self._delivery.base_url if self._delivery is not None else "",
        )
        self._shown = walk
        self._panel.show_walkthrough(walk)
        if walk.catalog_url != base.catalog_url:
            self._panel.open_button.setText("Open the table in the catalog")
            self._panel.open_button.setToolTip(walk.catalog_url)
        if any(step.status == "fail" for step in walk.steps):
            self._panel.troubleshoot_button.setChecked(True)
        if self.polling:
            self._panel.summary.setText("Checking the catalog: the steps tick themselves when the lineage appears.")

    def _set_polling(self, polling: bool) -> None:
        self.polling = polling
        self.stop_button.setVisible(polling)
