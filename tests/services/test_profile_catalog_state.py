"""SendService's profile rename and removal take the profile's catalog state along: the access
setting, the refresh token in the keyring and the cached data-source list. Runs against the
in-memory keyring, and against the desktop's Secret Service keyring where one answers."""

from __future__ import annotations

import uuid
from pathlib import Path

from keyring.backend import KeyringBackend

from composer.core.tenant import data_source
from composer.services.catalog import (
    REFRESH_TOKEN_SERVICE,
    CatalogAccess,
    ProfileCatalogState,
)
from composer.services.history import HistoryStore
from composer.services.local_sandbox import LocalSandbox
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.secrets import TokenStore
from composer.services.send.service import SendService
from tests.services.fake_keyring import LockedKeyring, MemoryKeyring
from tests.services.test_secrets import _secret_service_or_skip

SOURCES = (data_source(3, "Sales DB", "postgresql://prod-db.example.com:5432/sales", "v2"),)


def service_with(tmp_path: Path, backend: KeyringBackend) -> SendService:
    config, data = tmp_path / "config", tmp_path / "data"
    catalog = ProfileCatalogState.in_dirs(config, data, refresh_tokens=TokenStore(backend, REFRESH_TOKEN_SERVICE))
    return SendService(
        ProfileStore.in_dir(config),
        HistoryStore.in_dir(data),
        LocalSandbox(data),
        tokens=TokenStore(backend),
        catalog=catalog,
    )


def exercise(service: SendService, backend: KeyringBackend, old: str, new: str) -> None:
    catalog, refresh = service.catalog, f"refresh-{uuid.uuid4().hex}"
    assert catalog.cache is not None
    service.save_profile(None, Profile(name=old, base_url="https://acme.alationcloud.com"))
    catalog.access.set(old, CatalogAccess("refresh-token", 7))
    catalog.refresh_tokens.set(old, refresh)
    catalog.cache.save(old, "https://acme.alationcloud.com", SOURCES)

    service.save_profile(old, Profile(name=new, base_url="https://acme.alationcloud.com"))
    assert backend.get_password(REFRESH_TOKEN_SERVICE, old) is None
    assert backend.get_password(REFRESH_TOKEN_SERVICE, new) == refresh
    assert catalog.access.get(new) == CatalogAccess("refresh-token", 7) and not catalog.access.get(old).enabled
    moved = catalog.cache.load(new, "https://acme.alationcloud.com")
    assert moved is not None and moved.sources == SOURCES and not catalog.cache.path_for(old).exists()
    for kept in (catalog.access.path, catalog.cache.path_for(new)):
        assert refresh not in kept.read_text(encoding="utf-8")

    service.remove_profile(new)
    assert backend.get_password(REFRESH_TOKEN_SERVICE, new) is None
    assert not catalog.access.get(new).enabled and not catalog.cache.path_for(new).exists()


def test_rename_and_remove_through_the_send_service(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    service = service_with(tmp_path, memory_keyring)
    try:
        exercise(service, memory_keyring, "Staging", "Stage")
    finally:
        service.close()


def test_the_default_state_lives_beside_the_profiles_and_the_history(tmp_path: Path) -> None:
    service = SendService.in_dirs(tmp_path / "data", tmp_path / "config")
    try:
        assert service.catalog.access.path.parent == tmp_path / "config"
        assert service.catalog.cache is not None and service.catalog.cache.folder.parent == tmp_path / "data"
    finally:
        service.close()


def test_rename_and_remove_with_the_real_keyring(tmp_path: Path) -> None:
    backend = _secret_service_or_skip()
    service = service_with(tmp_path, backend)
    suffix = uuid.uuid4().hex
    old, new = f"lineage-composer-test-{suffix}-a", f"lineage-composer-test-{suffix}-b"
    try:
        exercise(service, backend, old, new)
    finally:
        for name in (old, new):
            if backend.get_password(REFRESH_TOKEN_SERVICE, name) is not None:
                backend.delete_password(REFRESH_TOKEN_SERVICE, name)
        service.close()


def test_a_keyring_that_fails_is_a_warning_not_a_lost_rename(tmp_path: Path) -> None:
    state = ProfileCatalogState.in_dirs(
        tmp_path, tmp_path, refresh_tokens=TokenStore(LockedKeyring(), REFRESH_TOKEN_SERVICE)
    )
    state.access.set("a", CatalogAccess("ingest-token"))
    warnings = state.rename("a", "b")
    assert state.access.get("b").mode == "ingest-token"
    assert len(warnings) == 1 and "refresh token was not moved" in warnings[0]
    assert any("refresh token" in w for w in state.forget("b"))
    assert not state.access.get("b").enabled

