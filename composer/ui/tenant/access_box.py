"""The Profiles dialog's "Catalog access" section: how a profile reads Alation's REST APIs.

Off, a user id plus a refresh token (typed into a hidden prompt and sent straight to the OS
keyring, like the ingest token, never into a widget), or the ingest token for the REST APIs too.
Whether one token serves both endpoints is not documented, so the choice is the user's, and
"Check catalog access" (mint when minting, then one cheap GET) says in plain words what failed:
a refused token (401), missing permission (403), an expired refresh token, an unreachable tenant.
The choice is saved with "Save profile"; the check uses what is entered, saved or not. Every
keyring, file and network call runs on the dialog's workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from composer.core.receivers import receiver
from composer.services.catalog import AccessCheck, AccessMode, CatalogAccess
from composer.services.profiles import Profile
from composer.services.secrets import SecretStoreError
from composer.ui.send.profiles_dialog import ProfilesDialog
from composer.ui.tasks import Lane, TaskRunner
from composer.ui.tenant.backend import TenantBackend

# The check's plain-words lead for each failure kind (the message after it names the endpoint).
_LEADS = {
    "unauthorized": "The token was refused (401).",
    "forbidden": "The token works but lacks permission (403).",
    "refresh-expired": "The refresh token has expired, was revoked, or is not this user's.",
    "unreachable": "The tenant cannot be reached.",
    "no-credentials": "Catalog access is not set up yet.",
    "not-found": "This address answered 404: it may not be an Alation tenant.",
    "bad-answer": "The tenant answered something that is not Alation's API.",
}


class RefreshTokenPrompts(Protocol):
    def ask_refresh_token(self, profile_name: str, where: str) -> str | None: ...


class RefreshTokenPrompter:
    """Asks for a refresh token in a hidden field (tests answer from a script instead)."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask_refresh_token(self, profile_name: str, where: str) -> str | None:
        token, accepted = QInputDialog.getText(
            self.parent,
            "Set refresh token",
            f"Alation refresh token for profile “{profile_name}”\n"
            f"(Alation: your user settings › API Access Tokens; stored in: {where})",
            QLineEdit.EchoMode.Password,
        )
        return token if accepted and token else None


class CatalogAccessBox(QGroupBox):
    saved = Signal(str)  # a profile's catalog access was stored

    def __init__(
        self, backend: TenantBackend, runner: TaskRunner, prompter: RefreshTokenPrompts
    ) -> None:
        super().__init__("Catalog access (Alation's REST APIs: data sources, pre-flight, verification)")
        self.setObjectName("catalogAccess")
        self.backend, self.prompter = backend, prompter
        # One at a time, in order: the read after "Save profile" must see what the save wrote.
        self.runner = Lane(runner, "catalog-access")
        self.profile: Profile | None = None
        self.modes: dict[AccessMode, QRadioButton] = {
            "off": QRadioButton("Off"),
            "refresh-token": QRadioButton("My user id and a refresh token"),
            "ingest-token": QRadioButton("Use the ingest token for the REST APIs too"),
        }
        self._group = QButtonGroup(self)
        for mode, button in self.modes.items():
            button.setObjectName(f"catalogAccess_{mode}")
            self._group.addButton(button)
            button.toggled.connect(self._enable)
        self.user_id = QLineEdit()
        self.user_id.setObjectName("catalogUserId")
        self.user_id.setAccessibleName("Alation user id")
        self.user_id.setPlaceholderText("e.g. 42 (the number in your profile page's URL)")
        self.user_id.setValidator(QIntValidator(1, 2_147_483_647, self.user_id))
        self.token_button = QPushButton("Set refresh token…")
        self.token_button.setObjectName("setRefreshToken")
        self.token_button.clicked.connect(self.set_refresh_token)
        self.token_status = QLabel()
        self.token_status.setObjectName("refreshTokenStatus")
        self.token_status.setWordWrap(True)
        self.check_button = QPushButton("Check catalog access")
        self.check_button.setObjectName("checkCatalogAccess")
        self.check_button.setToolTip("Mint an access token (when using a refresh token) and read one data source")
        self.check_button.clicked.connect(self.check)
        self.result = QLabel()
        self.result.setObjectName("catalogCheckResult")
        self.result.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.note, 0, 0, 1, 3)
        for row, mode in enumerate(self.modes, start=1):
            grid.addWidget(self.modes[mode], row, 0, 1, 3)
        token_row = QHBoxLayout()
        token_row.addWidget(QLabel("User id"))
        token_row.addWidget(self.user_id, 1)
        token_row.addWidget(self.token_button)
        grid.addLayout(token_row, 4, 0, 1, 3)
        grid.addWidget(self.token_status, 5, 0, 1, 3)
        grid.addWidget(self.check_button, 6, 0)
        grid.addWidget(self.result, 6, 1, 1, 2)
        self.show_profile(None)

    # --- following the dialog -----------------------------------------------------------

    def show_profile(self, profile: Profile | None) -> None:
        self.profile = profile
        self.result.clear()
        self.token_status.clear()
        builtin = profile is not None and profile.is_local_sandbox
        alation = profile is not None and receiver(profile.kind).catalog_access
        if builtin:
            self.note.setText("The Local sandbox answers the catalog APIs itself: catalog access is built in.")
        elif profile is not None and not alation:
            self.note.setText("Only Alation profiles have a catalog to read.")
        else:
            self.note.setText("Lets the app list the tenant's data sources, check datasets before a send "
                              "and watch the lineage appear after it. Nothing here is needed to send.")
        self.modes["refresh-token" if builtin else "off"].setChecked(True)  # (the sandbox mints its own)
        self.user_id.clear()
        for button in self.modes.values():
            button.setEnabled(alation and not builtin)
        self.check_button.setEnabled(profile is not None and (alation or builtin))
        self._enable()
        if profile is not None and alation and not builtin:
            backend = self.backend
            self.runner.run(
                lambda: (backend.access(profile), _has_token(backend, profile.name)),
                lambda found: self._loaded(profile, *found),
            )

    def _loaded(self, profile: Profile, access: CatalogAccess, has_token: bool | str) -> None:
        if profile is not self.profile:
            return
        self.modes[access.mode].setChecked(True)
        self.user_id.setText(str(access.user_id) if access.user_id is not None else "")
        self._token_said(has_token)

    def _token_said(self, has_token: bool | str) -> None:
        if isinstance(has_token, str):  # the keyring's problem, in words
            self.token_status.setText(has_token)
            return
        where = self.backend.refresh_tokens.describe_backend()
        self.token_button.setText("Replace refresh token…" if has_token else "Set refresh token…")
        said = "A refresh token is set" if has_token else "No refresh token is set"
        self.token_status.setText(f"{said}. Refresh tokens are kept in: {where}.")

    def _enable(self) -> None:
        refresh = self.modes["refresh-token"].isChecked() and self.modes["refresh-token"].isEnabled()
        self.user_id.setEnabled(refresh)
        self.token_button.setEnabled(refresh)

    def entered(self) -> CatalogAccess:
        mode = next(mode for mode, button in self.modes.items() if button.isChecked())
        text = self.user_id.text().strip()
        return CatalogAccess(mode, int(text) if text.isdigit() else None)

    # --- actions (on workers) -----------------------------------------------------------

    def save(self, old_name: str, name: str) -> None:
        """After "Save profile": keep the entered choice for the saved profile."""
        profile = self.profile
        if profile is None or profile.is_local_sandbox or not receiver(profile.kind).catalog_access:
            return
        access, backend = self.entered(), self.backend
        self.runner.run(
            lambda: backend.save_access(old_name or None, name, access),
            lambda _none: self._saved(name),
            lambda error: self.result.setText(f"✘ Catalog access was not saved: {error}"),
        )

    def _saved(self, name: str) -> None:
        self.result.setText("Catalog access saved.")
        self.saved.emit(name)

    def set_refresh_token(self) -> None:
        profile = self.profile
        if profile is None:
            return
        token = self.prompter.ask_refresh_token(profile.name, self.backend.refresh_tokens.describe_backend())
        if token is None:
            return
        backend, name = self.backend, profile.name
        self.runner.run(
            lambda: backend.set_refresh_token(name, token),
            lambda _where: self._token_stored(name),
            lambda error: self.token_status.setText(f"✘ {error}"),
        )

    def _token_stored(self, name: str) -> None:
        self._token_said(True)
        self.saved.emit(name)  # the window's client for it is gone: set the profile up again

    def check(self) -> None:
        profile = self.profile
        if profile is None:
            return
        access, backend = self.entered(), self.backend
        self.check_button.setEnabled(False)
        self.result.setText("Checking catalog access…")
        self.runner.run(lambda: backend.check_access(profile, access), self._checked, self._check_failed)

    def _checked(self, outcome: AccessCheck) -> None:
        self.check_button.setEnabled(True)
        if outcome.ok:
            self.result.setText(f"✔ {outcome.message}")
        else:
            lead = _LEADS.get(outcome.kind, "Catalog access does not work.")
            self.result.setText(f"✘ {lead} {outcome.message}")

    def _check_failed(self, error: Exception) -> None:
        self.check_button.setEnabled(True)
        self.result.setText(f"✘ {error}")


def _has_token(backend: TenantBackend, profile_name: str) -> bool | str:
    try:
        return backend.has_refresh_token(profile_name)
    except SecretStoreError as exc:
        return str(exc)


def extend_profiles_dialog(
    backend: TenantBackend, prompter: RefreshTokenPrompts, saved: Callable[[str], None]
) -> Callable[[ProfilesDialog], None]:
    """The hook `SendUi.profiles_extensions` calls with each new Profiles dialog; `saved(name)`
    after a profile's catalog access was stored (the window sets the profile up again)."""

    def extend(dialog: ProfilesDialog) -> None:
        box = CatalogAccessBox(backend, dialog.runner, prompter)
        box.saved.connect(saved)
        dialog.add_section(box)
        dialog.profileShown.connect(box.show_profile)
        dialog.profileSaved.connect(box.save)
        dialog.profileRemoved.connect(
            lambda name: dialog.runner.run(lambda: backend.forget_access(name), lambda _none: None)
        )
        box.show_profile(dialog.selected())
        dialog.resize(dialog.width(), max(dialog.height(), 860))

    return extend
