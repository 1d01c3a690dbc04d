"""Send ▸ Profiles… ▸ Catalog access, against a real sandbox on loopback: the refresh token goes to
the keyring (never to a file), the choice is saved with the profile, and "Check catalog access"
says in plain words what went wrong: an expired refresh token, a refused token, no tenant."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.services.catalog import REFRESH_TOKEN_SERVICE
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.ui.main_window import MainWindow
from composer.ui.send.profiles_dialog import ProfilesDialog
from composer.ui.tenant.access_box import CatalogAccessBox
from tests.services.fake_keyring import MemoryKeyring
from tests.ui.tenant.conftest import FakeRefreshPrompter


@pytest.fixture
def tenant() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:  # in memory
        yield server


def open_dialog(qtbot: QtBot, window: MainWindow, profile: Profile) -> tuple[ProfilesDialog, CatalogAccessBox]:
    assert window.send_ui is not None
    ProfileStore(window.send_ui.controller.backend.profiles.path).add(profile)
    window.send_ui.controller.reload_profiles()
    qtbot.waitUntil(lambda: any(p.name == profile.name for p in window.send_ui.controller.profiles))
    dialog = window.send_ui.open_profiles()
    qtbot.addWidget(dialog)
    box = dialog.findChild(CatalogAccessBox)
    assert box is not None
    dialog.list.setCurrentRow([p.name for p in dialog.book.profiles].index(profile.name))
    qtbot.waitUntil(lambda: box.profile is not None and box.profile.name == profile.name)
    qtbot.waitUntil(lambda: bool(box.token_status.text()))
    return dialog, box


def check(qtbot: QtBot, box: CatalogAccessBox) -> str:
    box.check_button.click()
    qtbot.waitUntil(lambda: box.result.text().startswith(("✔", "✘")), timeout=20_000)
    return box.result.text()


def test_a_refresh_token_is_kept_in_the_keyring_saved_with_the_profile_and_checked(
    qtbot: QtBot, window: MainWindow, tenant: SandboxServer, memory_keyring: MemoryKeyring, app_home: Path
) -> None:
    dialog, box = open_dialog(qtbot, window, Profile(name="acme", base_url=tenant.url))
    assert "No refresh token is set" in box.token_status.text()
    box.modes["refresh-token"].setChecked(True)
    box.user_id.setText(str(tenant.catalog_user_id))
    prompter = window.tenant.prompter
    assert isinstance(prompter, FakeRefreshPrompter)
    prompter.token = "not-the-refresh-token"
    box.token_button.click()
    qtbot.waitUntil(lambda: "A refresh token is set" in box.token_status.text())
    said = check(qtbot, box)
    assert said.startswith("✘ The refresh token has expired") and "not-the-refresh-token" not in said

    prompter.token = tenant.refresh_token
    box.token_button.click()
    qtbot.waitUntil(lambda: memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "acme") == tenant.refresh_token)
    assert check(qtbot, box).startswith("✔ Catalog access works")

    dialog.save()  # "Save profile" keeps the choice beside the profile: user id, no token
    qtbot.waitUntil(lambda: box.result.text() == "Catalog access saved.")
    access = json.loads(next(app_home.rglob("catalog-access.json")).read_text())
    assert access["acme"] == {"mode": "refresh-token", "userId": tenant.catalog_user_id}
    for path in app_home.rglob("*"):
        assert not path.is_file() or tenant.refresh_token.encode() not in path.read_bytes(), path


def test_a_refused_ingest_token_and_an_unreachable_tenant_are_said_plainly(
    qtbot: QtBot, window: MainWindow, tenant: SandboxServer
) -> None:
    assert window.send_ui is not None
    _dialog, box = open_dialog(qtbot, window, Profile(name="ingest", base_url=tenant.url))
    window.send_ui.controller.backend.set_token("ingest", "wrong-ingest-token")
    box.modes["ingest-token"].setChecked(True)
    said = check(qtbot, box)
    assert said.startswith("✘ The token was refused (401).") and "wrong-ingest-token" not in said

    with socket.socket() as spare:  # a port nobody listens on
        spare.bind(("127.0.0.1", 0))
        gone = f"http://127.0.0.1:{spare.getsockname()[1]}"
    _dialog, box = open_dialog(qtbot, window, Profile(name="gone", base_url=gone, timeout=2))
    window.send_ui.controller.backend.set_token("gone", "some-ingest-token")
    box.modes["ingest-token"].setChecked(True)
    assert check(qtbot, box).startswith("✘ The tenant cannot be reached.")


def test_removing_a_profile_forgets_its_catalog_access_and_refresh_token(
    qtbot: QtBot, window: MainWindow, tenant: SandboxServer, memory_keyring: MemoryKeyring, app_home: Path
) -> None:
    dialog, box = open_dialog(qtbot, window, Profile(name="old", base_url=tenant.url))
    box.modes["refresh-token"].setChecked(True)
    box.user_id.setText("7")
    prompter = window.tenant.prompter
    assert isinstance(prompter, FakeRefreshPrompter)
    prompter.token = "refresh-old-1"
    box.token_button.click()
    qtbot.waitUntil(lambda: memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "old") is not None)
    dialog.save()
    qtbot.waitUntil(lambda: box.result.text() == "Catalog access saved.")
    dialog.remove_current()
    qtbot.waitUntil(lambda: memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "old") is None)
    qtbot.waitUntil(lambda: "old" not in json.loads(next(app_home.rglob("catalog-access.json")).read_text()))


def test_renaming_a_profile_moves_its_refresh_token_setting_and_cached_sources(
    qtbot: QtBot, window: MainWindow, tenant: SandboxServer, memory_keyring: MemoryKeyring, app_home: Path
) -> None:
    profile = Profile(name="before", base_url=tenant.url)
    dialog, box = open_dialog(qtbot, window, profile)
    box.modes["refresh-token"].setChecked(True)
    box.user_id.setText(str(tenant.catalog_user_id))
    prompter = window.tenant.prompter
    assert isinstance(prompter, FakeRefreshPrompter)
    prompter.token = tenant.refresh_token
    box.token_button.click()
    qtbot.waitUntil(lambda: memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "before") is not None)
    dialog.save()
    qtbot.waitUntil(lambda: box.result.text() == "Catalog access saved.")
    backend = window.tenant.backend
    listed, _status = backend.sources(profile, fresh=True)  # what the window does on a worker
    assert listed and backend.cache.path_for("before").exists()

    qtbot.waitUntil(lambda: box.entered().mode == "refresh-token")  # the box shows what was saved
    dialog.form.name.setText("after")
    box.result.setText("")
    with qtbot.waitSignal(dialog.bookChanged, timeout=20_000):
        dialog.save()
    qtbot.waitUntil(lambda: box.result.text() == "Catalog access saved.")
    assert memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "before") is None
    assert memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "after") == tenant.refresh_token
    access = json.loads(next(app_home.rglob("catalog-access.json")).read_text())
    assert access == {"after": {"mode": "refresh-token", "userId": tenant.catalog_user_id}}
    assert not backend.cache.path_for("before").exists() and backend.cache.path_for("after").exists()
    renamed = Profile(name="after", base_url=tenant.url)
    assert backend.check_access(renamed, backend.access(renamed)).ok  # the moved token still mints

    dialog.remove_current()
    qtbot.waitUntil(lambda: memory_keyring.get_password(REFRESH_TOKEN_SERVICE, "after") is None)
    qtbot.waitUntil(lambda: not backend.cache.path_for("after").exists())
    assert json.loads(next(app_home.rglob("catalog-access.json")).read_text()) == {}
