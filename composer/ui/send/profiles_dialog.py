"""Profiles: add, edit and remove send targets, set their tokens, and check a connection.

Every read and write (profiles file, keyring, network) runs on the runner's workers; the dialog
only shows outcomes. It always says where tokens are kept (`describe_backend`), and when there is
no usable keyring it shows why and offers a session-only token kept in memory until the app
closes. A typed token is never shown, stored in a widget, or passed back to the window.
"""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.services.profile_store import ProfileBook
from composer.services.profiles import Profile, ProfileError
from composer.services.secrets import KeyringUnavailableError
from composer.ui.send.backend import Delivery, SendBackend, TokenStatus
from composer.ui.send.controller import notice_for
from composer.ui.send.profile_form import ProfileForm
from composer.ui.send.prompter import SendPrompts
from composer.ui.tasks import TaskRunner
from composer.ui.theme import css


class ProfilesDialog(QDialog):
    bookChanged = Signal(object)  # ProfileBook, after a save or removal
    tokenChanged = Signal(str)  # where the token went, in words
    checked = Signal(object)  # Delivery of a connection check
    profileShown = Signal(object)  # the Profile now shown (None: a new one), for added sections
    profileSaved = Signal(str, str)  # old name ("" for a new profile), saved name
    profileRemoved = Signal(str)  # its name, once removed

    def __init__(
        self,
        backend: SendBackend,
        runner: TaskRunner,
        prompter: SendPrompts,
        book: ProfileBook,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle("Profiles")
        self.backend, self.runner, self.prompter = backend, runner, prompter
        self.book = book
        self._editing: str | None = None  # name of the saved profile shown; None: a new one
        self._where = ""  # where tokens are kept, as the worker last found out

        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.setAccessibleName("Profiles")
        self.list.currentRowChanged.connect(self._row_changed)
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("addProfile")
        self.add_button.clicked.connect(self.start_new)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeProfile")
        self.remove_button.clicked.connect(self.remove_current)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)

        self.form = ProfileForm()
        self.save_button = QPushButton("Save profile")
        self.save_button.setObjectName("saveProfile")
        self.save_button.clicked.connect(self.save)
        self.form_message = QLabel()
        self.form_message.setObjectName("profileMessage")
        self.form_message.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.form)
        saving = QHBoxLayout()
        saving.addWidget(self.form_message, 1)
        saving.addWidget(self.save_button)
        right.addLayout(saving)
        right.addWidget(self._token_box())
        right.addWidget(self._check_box())
        right.addStretch(1)
        self._sections = right

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.resize(820, 640)
        self.set_book(book)

    def _token_box(self) -> QGroupBox:
        box = QGroupBox("API token")
        self.token_status = QLabel()
        self.token_status.setObjectName("tokenStatus")
        self.token_status.setWordWrap(True)
        self.token_button = QPushButton("Set token…")
        self.token_button.setObjectName("setToken")
        self.token_button.clicked.connect(self.set_token)
        layout = QHBoxLayout(box)
        layout.addWidget(self.token_status, 1)
        layout.addWidget(self.token_button)
        return box

    def _check_box(self) -> QGroupBox:
        box = QGroupBox("Check connection")
        self.check_notice = QLabel()
        self.check_notice.setWordWrap(True)
        self.check_button = QPushButton("Check connection")
        self.check_button.setObjectName("checkConnection")
        self.check_button.clicked.connect(self.check_connection)
        self.check_result = QLabel()
        self.check_result.setObjectName("checkResult")
        self.check_result.setWordWrap(True)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.check_notice, 1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        layout.addWidget(self.check_result)
        return box

    # --- the list ------------------------------------------------------------------------

    def set_book(self, book: ProfileBook, select: str = "") -> None:
        self.book = book
        wanted = select or self._editing or ""
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([p.name for p in book.profiles])
        self.list.blockSignals(False)
        names = [p.name for p in book.profiles]
        self.list.setCurrentRow(names.index(wanted) if wanted in names else 0)
        self._row_changed(self.list.currentRow())

    def selected(self) -> Profile | None:
        row = self.list.currentRow()
        return self.book.profiles[row] if 0 <= row < len(self.book.profiles) else None

    def _row_changed(self, row: int) -> None:
        profile = self.selected()
        self._editing = profile.name if profile is not None else None
        self.form.set_profile(profile)
        self.form_message.clear()
        self.check_result.clear()
        builtin = profile is not None and profile.is_local_sandbox
        self.remove_button.setEnabled(profile is not None and not builtin)
        self.save_button.setEnabled(not builtin)
        self.token_button.setEnabled(profile is not None and not builtin)
        self.check_button.setEnabled(profile is not None)
        self.check_notice.setText(notice_for(profile) if profile is not None else "")
        self.token_status.setText("…")
        if profile is not None:
            self.runner.run(lambda: self.backend.token_status(profile), self._show_token_status)
        self.profileShown.emit(profile)

    def add_section(self, widget: QWidget) -> None:
        """Another feature's part of a profile (catalog access), below the connection check."""
        self._sections.insertWidget(self._sections.count() - 1, widget)

    def _show_token_status(self, status: TokenStatus) -> None:
        self._where = status.where
        if status.problem:
            self.token_status.setText(status.problem)
            return
        has = "A token is set" if status.stored else "No token is set"
        self.token_button.setText("Replace token…" if status.stored else "Set token…")
        self.token_status.setText(f"{has}. Tokens are kept in: {status.where}.")

    def start_new(self) -> None:
        self.list.clearSelection()
        self._editing = None
        self.form.set_profile(None)
        self.form_message.setText("A new profile: fill it in and save it, then set its token.")
        for button in (self.remove_button, self.token_button, self.check_button):
            button.setEnabled(False)
        self.save_button.setEnabled(True)
        self.token_status.clear()
        self.form.name.setFocus()
        self.profileShown.emit(None)

    # --- changes (written on a worker) ---------------------------------------------------

    def save(self) -> None:
        try:
            profile = self.form.profile()
        except ProfileError as exc:
            self._show_form_error(str(exc))
            return
        old = self._editing
        self.runner.run(
            lambda: self.backend.save_profile(old, profile),
            lambda book: self._saved(book, profile.name, old or ""),
            lambda error: self._show_form_error(str(error)),
        )

    def _show_form_error(self, text: str) -> None:
        self.form_message.setText(f"<span style='color:{css('error')}'>{html.escape(text)}</span>")

    def _saved(self, book: ProfileBook, name: str, old: str = "") -> None:
        self.profileSaved.emit(old, name)  # first: sections save what is entered before it is reshown
        self.set_book(book, select=name)
        self.form_message.setText(f"Saved “{name}”.")
        self.bookChanged.emit(book)

    def remove_current(self) -> None:
        profile = self.selected()
        if profile is None or profile.is_local_sandbox or not self.prompter.confirm_remove(profile.name):
            return
        self.runner.run(
            lambda: self.backend.remove_profile(profile.name),
            lambda book: self._removed(book, profile.name),
            lambda error: self.prompter.show_error("Remove profile", str(error)),
        )

    def _removed(self, book: ProfileBook, name: str = "") -> None:
        self.profileRemoved.emit(name)
        self._editing = None
        self.set_book(book)
        self.bookChanged.emit(book)

    def set_token(self) -> None:
        profile = self.selected()
        if profile is None or profile.is_local_sandbox:
            return
        token = self.prompter.ask_token(profile.name, self._where or "the OS keyring")
        if token is None:
            return
        name = profile.name

        def failed(error: Exception) -> None:
            if isinstance(error, KeyringUnavailableError):
                self.token_status.setText(str(error))
                if self.prompter.offer_session_token(str(error)):
                    self.runner.run(
                        lambda: self.backend.set_session_token(name, token),
                        self._token_set,
                        self._token_failed,
                    )
                return
            self._token_failed(error)

        self.runner.run(lambda: self.backend.set_token(name, token), self._token_set, failed)

    def _token_set(self, where: str) -> None:
        self.token_button.setText("Replace token…")
        self.token_status.setText(f"A token is set. Tokens are kept in: {where}.")
        self.tokenChanged.emit(where)

    def _token_failed(self, error: Exception) -> None:
        self.prompter.show_error("Set token", str(error))

    def check_connection(self) -> None:
        profile = self.selected()
        if profile is None or not self.prompter.confirm_check(notice_for(profile)):
            return
        self.check_button.setEnabled(False)
        self.check_result.setText("Checking…")
        self.runner.run(
            lambda: self.backend.check_connection(profile, threading.Event()),
            self._checked,
            self._check_failed,
        )

    def _checked(self, delivery: Delivery) -> None:
        self.check_button.setEnabled(True)
        result = delivery.result
        mark = "✔" if result.ok else "✘"
        self.check_result.setText(f"{mark} {result.outcome()}: {result.explanation.headline}")
        self.checked.emit(delivery)

    def _check_failed(self, error: Exception) -> None:
        self.check_button.setEnabled(True)
        self.check_result.setText(f"✘ {error}")
