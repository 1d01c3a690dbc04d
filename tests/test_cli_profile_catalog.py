"""`profile edit --rename` and `profile remove` take a profile's catalog access along: its setting
in catalog-access.json, its refresh token in the keyring (the file-backed test keyring, a real
`keyring` backend shared with child processes) and its cached data-source list on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.services.catalog import ACCESS_FILE_NAME, SourceCache
from composer.services.sandbox import SandboxServer
from tests.cli_driver import FAKE_TOKEN, cli
from tests.stand_in import TENANT_REFRESH_TOKEN as REFRESH
from tests.test_cli_tenant import _add_tenant

pytestmark = pytest.mark.usefixtures("file_keyring")


CATALOG = "lineage-composer-catalog"


def keyring_entries(path: Path) -> dict[str, str]:
    return json.loads(path.read_text()) if path.exists() else {}


def access_file(home: Path) -> dict[str, object]:
    path = home / ACCESS_FILE_NAME
    return json.loads(path.read_text()) if path.exists() else {}


def test_rename_moves_and_remove_forgets_the_catalog_access(
    tenant: SandboxServer, file_keyring: Path, app_home: Path
) -> None:
    _add_tenant(tenant, "Staging")
    assert cli("sources", "--profile", "Staging").code == 0  # caches its list
    cache = SourceCache.in_data_dir(app_home)
    assert cache.path_for("Staging").exists()
    assert keyring_entries(file_keyring)[f"{CATALOG}\nStaging"] == REFRESH

    renamed = cli("profile", "edit", "Staging", "--rename", "Stage")
    assert renamed.code == 0 and "warning" not in renamed.err, renamed.text
    entries = keyring_entries(file_keyring)
    assert entries == {"lineage-composer\nStage": FAKE_TOKEN, f"{CATALOG}\nStage": REFRESH}
    assert access_file(app_home) == {"Stage": {"mode": "refresh-token", "userId": 1}}
    assert not cache.path_for("Staging").exists() and cache.path_for("Stage").exists()
    cached = cli("sources", "--profile", "Stage")  # the moved list serves, and the access works
    assert cached.code == 0 and "(cached, fetched just now" in cached.out, cached.text
    assert cli("catalog-access", "Stage", "--check").code == 0

    removed = cli("profile", "remove", "Stage")
    assert removed.code == 0 and "warning" not in removed.err, removed.text
    assert keyring_entries(file_keyring) == {}
    assert access_file(app_home) == {}
    assert not cache.path_for("Stage").exists()
    # A new profile of the old name starts without catalog access.
    assert cli("profile", "add", "Stage", "--url", tenant.url).code == 0
    again = cli("sources", "--profile", "Stage")
    assert again.code == 1 and "has no catalog access" in again.err


def test_remove_keep_token_keeps_both_tokens_but_not_the_access(
    tenant: SandboxServer, file_keyring: Path, app_home: Path
) -> None:
    _add_tenant(tenant, "Staging")
    assert cli("profile", "remove", "Staging", "--keep-token").code == 0
    assert keyring_entries(file_keyring) == {"lineage-composer\nStaging": FAKE_TOKEN, f"{CATALOG}\nStaging": REFRESH}
    assert access_file(app_home) == {}
