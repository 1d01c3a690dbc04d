"""Puts the send UI into a main window: a toolbar, a dock and a Send menu, wired to one controller.

The main window only calls `install_send_ui` and, when it closes, `SendUi.shutdown()`; nothing
else in it knows how sending works. The send service and the task runner are passed in: the
composition root (`composer.app`) builds them, over the same folders the CLI uses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDockWidget, QMainWindow, QMenu, QPushButton, QSplitter, QToolBar

from composer.services.profile_store import ProfileBook
from composer.ui.editor.document_model import DocumentModel
from composer.ui.icons import action_icon
from composer.ui.send.backend import SendBackend
from composer.ui.send.controller import SendController
from composer.ui.send.profiles_dialog import ProfilesDialog
from composer.ui.send.prompter import SendPrompter, SendPrompts
from composer.ui.send.result_view import SendResultView
from composer.ui.send.verification import VerificationPanel
from composer.ui.tasks import TaskRunner
from composer.ui.widget_parts import scrolling

SEND_DOCK_MIN_WIDTH = 300


class SendUi(QObject):
    """The send UI's widgets, actions and controller, installed into `window`."""

    sent = Signal(int)  # a history record id, after every send
    unresolved = Signal(object)  # frozenset of (namespace, name) the sandbox marked TMP

    def __init__(self, window: QMainWindow, controller: SendController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.profiles_dialog: ProfilesDialog | None = None
        self.profiles_extensions: list[Callable[[ProfilesDialog], None]] = []
        controller.sent.connect(self.sent)
        controller.unresolved.connect(self.unresolved)
        self._build_widgets()
        self.toolbar = self._build_toolbar()
        self.dock = self._build_dock()
        self.menu = self._build_menu()
        controller.profilesChanged.connect(self._fill_profiles)
        controller.currentChanged.connect(self.profile_combo.setCurrentText)
        controller.busyChanged.connect(self._busy)
        controller.started.connect(self.result_view.show_progress)
        controller.refused.connect(self.result_view.show_refused)
        controller.failed.connect(self.result_view.show_failure)
        controller.cancelled.connect(self.result_view.show_cancelled)
        controller.delivered.connect(self.result_view.show_delivery)
        controller.walkthroughReady.connect(self.verification.show_walkthrough)
        self._fill_profiles()

    @property
    def prompter(self) -> SendPrompts:
        return self.controller.prompter

    @prompter.setter
    def prompter(self, prompter: SendPrompts) -> None:
        """Tests put a scripted prompter here (it answers without modal dialogs)."""
        self.controller.prompter = prompter

    def _build_widgets(self) -> None:
        controller = self.controller
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profile")
        self.profile_combo.setAccessibleName("Send to profile")
        self.profile_combo.setToolTip("Where Send posts the event (Send ▸ Profiles… to add one)")
        self.profile_combo.setMinimumContentsLength(16)
        self.profile_combo.currentTextChanged.connect(controller.select)
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("sendButton")
        self.send_button.setIcon(action_icon("mail-send"))
        self.send_button.setToolTip("Validate and send exactly the previewed event (Ctrl+Enter)")
        self.send_button.clicked.connect(controller.send)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelSend")
        self.cancel_button.setIcon(action_icon("process-stop"))
        self.cancel_button.setToolTip("Stop retrying the send in progress")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(controller.cancel)
        self.result_view = SendResultView()
        self.verification = VerificationPanel()
        self.verification.openRequested.connect(self._open_url)

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar("Send")
        toolbar.setObjectName("sendToolbar")
        toolbar.addWidget(self.profile_combo)
        toolbar.addWidget(self.send_button)
        toolbar.addWidget(self.cancel_button)
        self.window.addToolBar(toolbar)
        return toolbar

    def _build_dock(self) -> QDockWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("sendSplitter")
        splitter.addWidget(self.result_view)
        splitter.addWidget(scrolling(self.verification, "verificationScroll"))
        splitter.setSizes([220, 380])
        dock = QDockWidget("Send && verify", self.window)
        dock.setObjectName("sendDock")
        splitter.setMinimumWidth(SEND_DOCK_MIN_WIDTH)  # its texts wrap and scroll below this
        dock.setWidget(splitter)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _build_menu(self) -> QMenu:
        menu = self.window.menuBar().addMenu("&Send")
        self.send_action = QAction("&Send", self.window)
        self.send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.send_action.triggered.connect(self._send_if_idle)
        self.profiles_action = QAction("&Profiles…", self.window)
        self.profiles_action.triggered.connect(self.open_profiles)
        self.check_action = QAction("&Check connection", self.window)
        self.check_action.triggered.connect(self._check_current)
        menu.addActions([self.send_action, self.profiles_action, self.check_action])
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())
        return menu

    def _open_url(self, url: str) -> None:
        self.prompter.open_url(url)  # the prompter of the moment: tests swap it after installing

    def _check_current(self) -> None:
        self.controller.check_connection()

    def _send_if_idle(self) -> None:
        if not self.controller.busy:
            self.controller.send()

    def _fill_profiles(self) -> None:
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        self.profile_combo.addItems([p.name for p in self.controller.profiles])
        self.profile_combo.setCurrentText(self.controller.current.name)
        self.profile_combo.blockSignals(False)

    def _busy(self, busy: bool) -> None:
        """One send at a time (a pair's order must hold): every way to start one waits."""
        for action in (self.send_action, self.check_action):
            action.setEnabled(not busy)
        self.send_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.profile_combo.setEnabled(not busy)

    def start_afresh(self, *_why: object) -> None:
        """Another event is in the window (opened, new, from history): the last send's result and
        walk-through were of the previous one, so they go (the history keeps them)."""
        if self.controller.busy:
            return  # the send in flight reports as itself
        self.controller.last_delivery = None
        self.result_view.show_not_sent()
        self.verification.show_planned()

    def open_profiles(self) -> ProfilesDialog:
        """Show the Profiles dialog (through the prompter); the selector follows its changes."""
        book = ProfileBook(tuple(self.controller.profiles), self.controller.current.name)
        dialog = ProfilesDialog(
            self.controller.backend, self.controller.runner, self.prompter, book, self.window
        )
        dialog.bookChanged.connect(self.controller.set_book)
        dialog.checked.connect(self.result_view.show_delivery)
        for extend in self.profiles_extensions:  # other features' sections (catalog access)
            extend(dialog)
        self.profiles_dialog = dialog
        self.prompter.run_dialog(dialog)
        return dialog

    def shutdown(self) -> None:
        """Stop workers and the local sandbox; call from the window's closeEvent."""
        self.controller.shutdown()


def install_send_ui(
    window: QMainWindow,
    model: DocumentModel,
    backend: SendBackend,
    runner: TaskRunner,
    *,
    last_profile: str = "",
    remember_profile: Callable[[str], None] | None = None,
) -> SendUi:
    """Add the Send toolbar, the "Send & verify" dock and the Send menu to `window`.

    `last_profile` / `remember_profile` keep the chosen profile across runs (e.g. with
    `WindowState.last_profile`). `SendUi.shutdown()` closes `backend`.
    """
    controller = SendController(
        model,
        backend,
        runner,
        SendPrompter(window),
        last_profile=last_profile,
        remember_profile=remember_profile,
        parent=window,
    )
    ui = SendUi(window, controller)
    controller.reload_profiles()
    return ui
