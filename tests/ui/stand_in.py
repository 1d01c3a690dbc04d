"""How a window test is given a profile for the tenant stand-in (tests/conftest.py's `tenant`):
"Staging", its token in the test keyring. The `staging` fixture (tests/ui/conftest.py) calls it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.sandbox import SandboxServer
from composer.ui.main_window import MainWindow
from tests.stand_in import TENANT_TOKEN


def add_staging_profile(qtbot: QtBot, window: MainWindow, tenant: SandboxServer) -> str:
    """A profile for the stand-in, its token in the keyring, as the Profiles dialog leaves it."""
    assert window.send_ui is not None
    controller = window.send_ui.controller
    ProfileStore(controller.backend.profiles.path).add(Profile(name="Staging", base_url=tenant.url))
    controller.backend.set_token("Staging", TENANT_TOKEN)
    controller.reload_profiles()
    qtbot.waitUntil(lambda: any(p.name == "Staging" for p in controller.profiles))
    return "Staging"
