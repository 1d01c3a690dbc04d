"""What the tenant features keep: the per-profile data-source cache (no token, with its date,
offline fallback), the catalog access settings, refresh tokens in the keyring, and the way a
profile becomes a client (the Local sandbox needs nothing set up)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from composer.core.tenant import data_source
from composer.services.catalog import (
    AccessStore,
    CatalogAccess,
    CatalogClient,
    CatalogCredentials,
    CatalogError,
    SourceCache,
    SourceList,
    access_of,
    connect,
    credentials_for,
    load_sources,
    refresh_token_store,
)
from composer.services.local_sandbox import LocalSandbox
from composer.services.profiles import LOCAL_SANDBOX, Profile
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.services.secrets import SessionTokens
from tests.services.fake_keyring import MemoryKeyring
from tests.services.test_catalog_client import Counting

TENANT = Profile(name="Acme prod", kind="alation", base_url="https://acme.alationcloud.com")
SOURCES = (
    data_source(1, "Sales", "jdbc:postgresql://prod-db.example.com:5432/sales", "v1"),
    data_source(2, "Odd", "odbc:thing", "v2"),
    data_source(3, "Native", "", "v1", host="legacy.example.com", port=1521),
)


def test_the_cache_round_trips_per_profile_and_base_url(tmp_path: Path) -> None:
    cache = SourceCache(tmp_path / "catalog-sources")
    fetched = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    cache.save("Acme prod", "https://acme.alationcloud.com/", SOURCES, fetched)
    loaded = cache.load("Acme prod", "https://acme.alationcloud.com")
    assert loaded is not None and loaded.sources == SOURCES and loaded.fetched_at == fetched
    assert loaded.age(fetched + timedelta(hours=3, minutes=5)) == "fetched 3 hours ago"
    assert cache.load("Acme prod", "https://other.alationcloud.com") is None  # another tenant
    assert cache.load("Acme test", "https://acme.alationcloud.com") is None
    cache.path_for("Acme prod").write_text("{torn", encoding="utf-8")
    assert cache.load("Acme prod", "https://acme.alationcloud.com") is None


def test_access_settings_hold_no_secret_and_the_refresh_token_goes_to_the_keyring(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = AccessStore.in_dir(tmp_path)
    assert store.get("Acme prod") == CatalogAccess()
    with pytest.raises(CatalogError):
        store.set("Acme prod", CatalogAccess("refresh-token", None))
    store.set("Acme prod", CatalogAccess("refresh-token", 42))
    refresh_token_store().set("Acme prod", "rt-secret-value-1234")
    assert store.get("Acme prod") == CatalogAccess("refresh-token", 42)
    assert "rt-secret-value-1234" not in store.path.read_text(encoding="utf-8")
    assert ("lineage-composer-catalog", "Acme prod") in memory_keyring.entries
    credentials = credentials_for(
        TENANT, store.get("Acme prod"), ingest_token=lambda: "unused", refresh_tokens=refresh_token_store()
    )
    assert credentials == CatalogCredentials.from_refresh_token(42, "rt-secret-value-1234")
    assert "rt-secret-value-1234" not in repr(credentials)
    store.rename("Acme prod", "Acme production")
    assert store.get("Acme production").user_id == 42 and not store.get("Acme prod").enabled


def test_no_access_set_up_says_what_to_do(tmp_path: Path) -> None:
    store = AccessStore.in_dir(tmp_path)
    with pytest.raises(CatalogError) as raised:
        credentials_for(
            TENANT, store.get(TENANT.name), ingest_token=lambda: "x", refresh_tokens=SessionTokens()
        )
    assert raised.value.kind == "no-credentials" and "Profiles dialog" in str(raised.value)
    store.set(TENANT.name, CatalogAccess("refresh-token", 7))
    with pytest.raises(CatalogError) as missing:
        credentials_for(
            TENANT, store.get(TENANT.name), ingest_token=lambda: "x", refresh_tokens=SessionTokens()
        )
    assert "none is stored" in str(missing.value)
    store.set(TENANT.name, CatalogAccess("ingest-token"))
    used = credentials_for(
        TENANT, store.get(TENANT.name), ingest_token=lambda: "ingest-1", refresh_tokens=SessionTokens()
    )
    assert used == CatalogCredentials.from_ingest_token("ingest-1")


def test_the_local_sandbox_has_catalog_access_out_of_the_box(tmp_path: Path) -> None:
    store = AccessStore.in_dir(tmp_path)
    assert access_of(LOCAL_SANDBOX, store).enabled
    marquez = Profile(name="Lab", kind="marquez", base_url="http://127.0.0.1:5000")
    assert not access_of(marquez, store).enabled
    with LocalSandbox(None) as sandbox:
        client = connect(
            LOCAL_SANDBOX,
            access=store,
            refresh_tokens=SessionTokens(),
            ingest_token=lambda: "",
            sandbox=sandbox,
        )
        with client:
            assert client.check_access().ok
        with pytest.raises(CatalogError) as raised:
            connect(
                marquez,
                access=store,
                refresh_tokens=SessionTokens(),
                ingest_token=lambda: "",
                sandbox=sandbox,
            )
    assert raised.value.kind == "no-credentials"


def test_sources_are_fetched_cached_and_used_offline_with_their_age(tmp_path: Path) -> None:
    cache = SourceCache(tmp_path)
    server = SandboxServer(SandboxConfig())
    server.start()
    url = server.url
    credentials = CatalogCredentials.from_refresh_token(server.catalog_user_id, server.refresh_token)
    try:
        with CatalogClient(url, credentials) as client:
            fresh = load_sources(client, cache, "Demo", refresh=False)
            cached = load_sources(client, cache, "Demo", refresh=False)
    finally:
        server.stop()
    assert not fresh.from_cache and fresh.describe().endswith("fetched just now")
    assert cached.from_cache and cached.sources == fresh.sources and "cached" in cached.describe()
    saved = cache.path_for("Demo").read_text(encoding="utf-8")
    assert server.refresh_token not in saved and server.token not in saved
    with CatalogClient(url, credentials, timeout=2) as client:
        offline = load_sources(client, cache, "Demo", refresh=True)
        assert offline.offline_reason and "offline: the cached list, fetched just now" in offline.describe()
        assert offline.sources == fresh.sources
        with pytest.raises(CatalogError):
            load_sources(client, SourceCache(tmp_path / "empty"), "Demo", refresh=True)


def test_a_cached_list_older_than_max_age_is_fetched_again(tmp_path: Path) -> None:
    cache = SourceCache(tmp_path)
    with SandboxServer(SandboxConfig()) as server:
        credentials = CatalogCredentials.from_refresh_token(server.catalog_user_id, server.refresh_token)
        with CatalogClient(server.url, credentials) as client:
            cache.save("Demo", client.base_url, SOURCES, datetime.now(UTC) - timedelta(hours=2))
            young = load_sources(client, cache, "Demo", refresh=False, max_age=timedelta(hours=3))
            old = load_sources(client, cache, "Demo", refresh=False, max_age=timedelta(hours=1))
            kept_nowhere = load_sources(client, None, "Other", refresh=False)
    assert young.from_cache and young.sources == SOURCES
    assert not old.from_cache and len(old.sources) > len(SOURCES)
    assert not kept_nowhere.from_cache and not cache.path_for("Other").exists()


def test_a_list_held_from_earlier_is_the_answer_while_young(tmp_path: Path) -> None:
    """The window keeps the list it loaded; the same function decides when that list is stale."""
    cache = SourceCache(tmp_path)
    with SandboxServer(SandboxConfig()) as server:
        credentials = CatalogCredentials.from_refresh_token(server.catalog_user_id, server.refresh_token)
        transport = Counting()
        with CatalogClient(server.url, credentials, transport=transport) as client:
            first = load_sources(client, None, "Local", refresh=False, max_age=timedelta(hours=1))
            asked = len(transport.paths)
            again = load_sources(client, None, "Local", refresh=False, max_age=timedelta(hours=1), held=first)
            assert again is first and len(transport.paths) == asked  # not asked, not read from disk
            stale = SourceList(SOURCES, datetime.now(UTC) - timedelta(hours=2), False)
            fetched = load_sources(client, cache, "Demo", refresh=False, max_age=timedelta(hours=1), held=stale)
            refreshed = load_sources(client, None, "Local", refresh=True, max_age=timedelta(hours=1), held=first)
    assert not fetched.from_cache and len(fetched.sources) > len(SOURCES) and cache.path_for("Demo").exists()
    assert refreshed is not first and refreshed.sources == first.sources
