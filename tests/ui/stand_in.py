"""A second sandbox as a tenant stand-in for the window tests: its token (kept in the test
keyring under the "Staging" profile) and how the window is given that profile. The `tenant`
and `staging` fixtures (tests/ui/conftest.py) hand them out."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.sandbox import SandboxServer
from composer.ui.main_window import MainWindow

STAND_IN_TOKEN = "lc-replay-token-5d1e2f3a4b"


def add_staging_profile(qtbot: QtBot, window: MainWindow, tenant: SandboxServer) -> str:
    """A profile for the stand-in, its token in the keyring, as the Profiles dialog leaves it."""
    assert window.send_ui is not None
    controller = window.send_ui.controller
    ProfileStore(controller.backend.profiles.path).add(Profile(name="Staging", base_url=tenant.url))
    controller.backend.set_token("Staging", STAND_IN_TOKEN)
    controller.reload_profiles()
    qtbot.waitUntil(lambda: any(p.name == "Staging" for p in controller.profiles))
    return "Staging"
