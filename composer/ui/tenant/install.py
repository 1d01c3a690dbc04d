"""Puts the tenant features into a main window beside its send UI, following the chosen profile.

When the profile changes, whether it has catalog access is found out on a worker (a file read);
with access, the pickers get its data sources, the problems list its pre-flight, and a send its
automatic verification; without, all three are quiet. The window only calls
`install_tenant_ui` once its send UI exists, and `TenantUi.shutdown()` when it closes. What the
features use of the window is `TenantWindow`, so this module never imports the window that
installs it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from composer.core.problems import Problem
from composer.services.catalog import VerificationResult
from composer.services.history import Verification
from composer.services.profiles import Profile
from composer.ui.checks.problems_panel import ProblemsPanel
from composer.ui.editor.document_model import DocumentModel
from composer.ui.history.dock import HistoryDock
from composer.ui.send.backend import Delivery
from composer.ui.send.profiles_dialog import ProfilesDialog
from composer.ui.tasks import Lane, TaskRunner
from composer.ui.tenant.access_box import RefreshTokenPrompter, RefreshTokenPrompts, extend_profiles_dialog
from composer.ui.tenant.backend import TenantBackend
from composer.ui.tenant.preflight import TenantChecks
from composer.ui.tenant.source_choices import SourceChoices
from composer.ui.tenant.sources import TenantSources
from composer.ui.tenant.verification import TenantVerification

if TYPE_CHECKING:
    from composer.ui.send.install import SendUi


class TenantWindow(Protocol):
    """The parts of the main window the tenant features work with (the main window is one)."""

    @property
    def model(self) -> DocumentModel: ...
    @property
    def tasks(self) -> TaskRunner: ...
    @property
    def problems(self) -> ProblemsPanel: ...
    @property
    def home(self) -> Path: ...
    @property
    def history(self) -> HistoryDock: ...
    def add_problem_source(self, problems: Callable[[], list[Problem]], changed: SignalInstance) -> None: ...


class TenantUi(QObject):
    """The tenant features of one window; `profile_ready` after each profile's set-up."""

    profileReady = Signal(str, bool)  # profile name, whether it has catalog access

    def __init__(self, window: QMainWindow, parts: TenantWindow, send_ui: SendUi, backend: TenantBackend) -> None:
        super().__init__(window)
        self.window = window
        self.send_ui = send_ui
        self.backend = backend
        self._history = parts.history  # the row a send's verification updates
        self._runner = Lane(parts.tasks, "tenant-setup")
        self.choices = SourceChoices(window)  # found by every picker through the object tree
        self.sources = TenantSources(self.choices, parts.tasks, self)
        self.checks = TenantChecks(parts.model, parts.tasks, self)
        self.verification = TenantVerification(send_ui.controller, backend, send_ui.verification, parts.tasks, self)
        self.verification.finished.connect(self._verified)
        self.verification.started.connect(self._verifying)
        self.verification.failed.connect(
            lambda delivery, why: self._store_verification(delivery, f"not checked: {why}", "unreachable")
        )
        parts.add_problem_source(lambda: self.checks.problems, self.checks.problemsChanged)
        parts.problems.fixRequested.connect(self.checks.apply_fix)
        self.refresh_action = QAction("&Refresh Data Sources", window)
        self.refresh_action.setObjectName("refreshSources")
        self.refresh_action.setToolTip("List the selected profile's data sources from the tenant again")
        self.refresh_action.triggered.connect(self.refresh)
        self.refresh_action.setEnabled(False)
        send_ui.menu.addAction(self.refresh_action)
        self.sources.loaded.connect(lambda status: window.statusBar().showMessage(status, 8000))
        send_ui.controller.currentChanged.connect(self._profile_changed)
        send_ui.controller.profilesChanged.connect(lambda: self._profile_changed(send_ui.controller.current.name))
        self.current: Profile | None = None
        self._closed = False
        self.prompter: RefreshTokenPrompts = RefreshTokenPrompter(window)  # tests answer instead
        send_ui.profiles_extensions.append(self._extend_profiles)
        self._profile_changed(send_ui.controller.current.name)

    def _extend_profiles(self, dialog: ProfilesDialog) -> None:
        def saved(_name: str) -> None:
            if self.current is not None:
                self._profile_changed(self.current.name)  # its access may be what changed

        extend_profiles_dialog(self.backend, self.prompter, saved)(dialog)

    def refresh(self) -> None:
        self.sources.refresh()
        self.checks.set_checker(self.checks.checker)  # the lookups start again with the new list

    def shutdown(self) -> None:
        """Stop polling and checking, and forget every minted token (they were only in memory)."""
        self._closed = True
        self.verification.shutdown()
        self.checks.shutdown()
        self.sources.shutdown()
        self._runner.wait_idle(30_000)
        self.backend.close()

    def _profile_changed(self, name: str) -> None:
        profile = next((p for p in self.send_ui.controller.profiles if p.name == name), None)
        if profile is None:
            return
        self.current = profile
        backend = self.backend
        self._runner.run(lambda: backend.access(profile).enabled, lambda on: self._set_up(profile, on))

    def _set_up(self, profile: Profile, enabled: bool) -> None:
        if profile is not self.current or self._closed:
            return  # another profile was chosen meanwhile
        backend = self.backend
        if enabled:
            self.sources.set_fetch(lambda fresh: backend.sources(profile, fresh=fresh))
            self.checks.set_checker(lambda text: backend.preflight(profile, text))
        else:
            self.sources.set_fetch(None)
            self.checks.set_checker(None)
        self.refresh_action.setEnabled(enabled)
        self.profileReady.emit(profile.name, enabled)

    def _verifying(self, delivery: Delivery) -> None:
        if delivery.history_id is not None:
            self._history.mark_verifying(delivery.history_id)

    def _verified(self, delivery: Delivery, result: VerificationResult) -> None:
        """The poll ended: its outcome joins the send's history record, and its row shows it."""
        self._store_verification(delivery, result.summary(), result.state)

    def _store_verification(self, delivery: Delivery, summary: str, state: str) -> None:
        record = delivery.history_id
        if record is None:
            return
        history = self.backend.send.history

        def shown(stored: Verification) -> None:
            if not self._closed:
                self._history.update_verification(record, stored)

        self._runner.run(lambda: history.set_verification(record, summary, state=state), shown)


def install_tenant_ui(window: QMainWindow, parts: TenantWindow, send_ui: SendUi) -> TenantUi:
    """The tenant features for `window` (its object tree and status bar; `parts`: what they use of
    it, the main window itself), whose send UI is `send_ui` (stores beside its own)."""
    send_backend = send_ui.controller.backend
    backend = TenantBackend(send_backend, send_backend.profiles.path.parent, parts.home)
    return TenantUi(window, parts, send_ui, backend)
