"""The review's tenant column: the window's pre-flight over the sheet's events, off the GUI thread.

It asks the pre-flight the window's problems list uses for the profile chosen there (`tenant_of`,
read again at each Check Tenant, so changing the profile and checking again follows it), on the
sheet work's tenant lane: its own progress bar, Check Tenant / Stop Tenant Check, and words for
how it went. A tenant that cannot be asked says "tenant: not checked (reason)"; the rules' counts
in the other columns are untouched by anything here.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from composer.core.sheet.checks import STOPPED, TenantFindings
from composer.ui.sheet.models import EventsModel
from composer.ui.sheet.tenant_link import TenantOf, TenantPreflight
from composer.ui.sheet.work import TENANT, SheetWork
from composer.ui.widget_parts import named, show_message, wrapped_label


class ReviewTenant(QObject):
    checked = Signal()  # a run (or one event's re-check) ended

    def __init__(
        self,
        model: EventsModel,
        work: SheetWork,
        tenant_of: TenantOf,
        keep: Callable[[], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._work = work
        self._tenant_of = tenant_of
        self._keep = keep  # the editor's changes into the events, before they are asked about
        self.preflight: TenantPreflight | None = None  # the one the column speaks for
        self.status = wrapped_label("sheetReviewTenant")
        self.button = named(QPushButton("Check Tenant"), "sheetTenantCheck")
        self.button.clicked.connect(lambda _checked=False: self._clicked())
        self.progress = named(QProgressBar(), "sheetTenantProgress", "Tenant pre-flight progress")
        self.progress.hide()
        work.progress.connect(self._progress)

    def row(self) -> QHBoxLayout:
        line = QHBoxLayout()
        line.addWidget(self.status, 1)
        line.addWidget(self.progress)
        line.addWidget(self.button)
        return line

    def check(self) -> bool:
        """Ask the chosen profile's tenant about every event (False: it has no pre-flight)."""
        self.preflight = preflight = self._tenant_of()
        events = self._model.events
        self.button.setEnabled(bool(events))
        if preflight is None or not events:
            self._model.set_tenant(None)
            text = (
                "Tenant pre-flight: none, the profile chosen in the window has no catalog access "
                "(Send ▸ Profiles… ▸ Catalog access)."
            )
            show_message(self.status, text if events else "", error=False)
            return False
        self._keep()
        self._model.set_tenant([None] * len(events), running=True)
        self.button.setText("Stop Tenant Check")
        self.progress.setRange(0, len(events))
        self.progress.setValue(0)
        self.progress.show()
        whose = f"“{preflight.profile}”"
        show_message(self.status, f"Asking the tenant of {whose} about {len(events)} event(s)…", error=False)
        self._work.check_tenant(events, preflight.check, self._done)
        return True

    def stop(self) -> None:
        self._work.cancel_tenant()

    def recheck(self, row: int) -> None:
        """The editor changed event `row`: ask the tenant about it again (queued behind a run)."""
        preflight = self.preflight
        if preflight is None or self._model.tenant is None:
            return
        event = self._model.events[row]

        def done(findings: TenantFindings) -> None:
            if not shiboken6.isValid(self):
                return
            if row < len(self._model.events) and self._model.events[row] is event:
                self._model.set_tenant_row(row, findings.found[0])
            self.checked.emit()

        self._work.check_tenant([event], preflight.check, done, fresh=False)

    def _clicked(self) -> None:
        if self._work.tenant_busy:
            self.stop()
        else:
            self.check()

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == TENANT and self.progress.isVisible() and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, findings: TenantFindings) -> None:
        if not shiboken6.isValid(self):  # its review was replaced by a newer one meanwhile
            return
        self.progress.hide()
        self.button.setText("Check Tenant")
        self._model.set_tenant(findings.found)
        checked = [found for found in findings.found if found is not None]
        flagged = sum(1 for found in checked if any(p.severity != "info" for p in found))
        said = f"{flagged} event(s) with tenant warnings or errors, {len(checked) - flagged} without"
        if findings.reason:
            some = f"; {len(checked)} of {len(findings.found)} event(s) were: {said}" if checked else ""
            show_message(self.status, f"tenant: not checked ({findings.reason}){some}", error=findings.reason != STOPPED)
        else:
            whose = f"“{self.preflight.profile}”" if self.preflight is not None else "the profile"
            show_message(self.status, f"Tenant pre-flight against {whose}: {said}.", error=False)
        self.checked.emit()
