"""The catalog work one window does for its profiles, behind one plain object (no Qt).

Every method blocks (keyring, disk, the tenant's REST APIs) and is called on a `TaskRunner`
worker, never on the GUI thread. A `CatalogClient` is kept per profile for as long as its
settings stay the same, so an access token is minted once and lives only in that client's memory
(`close()` forgets them all); the data-source list and each table lookup are remembered with it,
so the pre-flight that runs while the user types only asks about datasets it has not seen.
The Local sandbox always has catalog access, with its own per-run token.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from composer.core.problems import Problem
from composer.core.tenant import DataSource
from composer.core.validation import validate
from composer.services.catalog import (
    AccessCheck,
    AccessStore,
    CatalogAccess,
    CatalogClient,
    CatalogError,
    LineageVerifier,
    PollSettings,
    SourceCache,
    TenantChecker,
    VerificationResult,
    access_of,
    connect,
    credentials_for,
    refresh_token_store,
)
from composer.services.catalog.source_list import SourceList, load_sources
from composer.services.catalog.verify import Progress
from composer.services.profiles import Profile
from composer.services.secrets import TokenStore, resolve_token
from composer.ui.send.backend import SendBackend

# A cached list younger than this is used without asking the tenant (Refresh always asks).
FRESH_ENOUGH = timedelta(hours=1)


@dataclass
class _Connection:
    access: CatalogAccess
    client: CatalogClient
    checker: TenantChecker | None = None
    listed: SourceList | None = None


class TenantBackend:
    """Catalog access, data sources, pre-flight and verification for the window's profiles."""

    def __init__(
        self,
        send: SendBackend,
        config_dir: Path,
        data_dir: Path,
        *,
        refresh_tokens: TokenStore | None = None,
        poll: PollSettings | None = None,
    ) -> None:
        self.send = send
        self.access_store = AccessStore.in_dir(config_dir)
        self.cache = SourceCache.in_data_dir(data_dir)
        self.refresh_tokens = refresh_tokens or refresh_token_store()
        self.poll = poll or PollSettings()
        self._connections: dict[str, _Connection] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, {}
        for connection in connections.values():
            connection.client.close()

    # --- settings ------------------------------------------------------------------------

    def access(self, profile: Profile) -> CatalogAccess:
        return access_of(profile, self.access_store)

    def save_access(self, old_name: str | None, profile_name: str, access: CatalogAccess) -> None:
        """Store a profile's catalog access as entered. A renamed profile's setting, refresh token
        and cached sources were moved with it (`SendService.save_profile`); its client goes."""
        if old_name and old_name != profile_name:
            self.forget(old_name)
        self.access_store.set(profile_name, access)
        self.forget(profile_name)

    def forget_access(self, profile_name: str) -> None:
        """A removed profile's client goes; its setting, refresh token and cached sources were
        forgotten with it (`SendService.remove_profile`)."""
        self.forget(profile_name)

    def has_refresh_token(self, profile_name: str) -> bool:
        return bool(self.refresh_tokens.get(profile_name))

    def set_refresh_token(self, profile_name: str, token: str) -> str:
        """Into the OS keyring (raises `KeyringUnavailableError` without one); where it went."""
        self.refresh_tokens.set(profile_name, token)
        self.forget(profile_name)
        return self.refresh_tokens.describe_backend()

    def forget(self, profile_name: str) -> None:
        """Drop the profile's client (its minted token) and what it remembered."""
        with self._lock:
            connection = self._connections.pop(profile_name, None)
        if connection is not None:
            connection.client.close()

    # --- the tenant ----------------------------------------------------------------------

    def check_access(self, profile: Profile, access: CatalogAccess) -> AccessCheck:
        """Mint (when minting) and one cheap GET with `access` as entered, saved or not."""
        try:
            if profile.is_local_sandbox:
                client = self._connect(profile)
            else:
                credentials = credentials_for(
                    profile, access, ingest_token=self._ingest_token(profile), refresh_tokens=self.refresh_tokens
                )
                client = CatalogClient.for_profile(profile, credentials)
        except CatalogError as exc:
            return AccessCheck(False, str(exc), exc.kind)
        with client:
            return client.check_access()

    def sources(self, profile: Profile, *, fresh: bool) -> tuple[list[DataSource], str]:
        """The data-source list and, in words, whose and how old: the cache when young enough
        (and not `fresh`), else the tenant; an unreachable tenant falls back on the cache."""
        connection = self._connection(profile)
        cache = None if profile.is_local_sandbox else self.cache  # its address changes every run
        held = load_sources(
            connection.client,
            cache,
            profile.name,
            refresh=fresh,
            max_age=FRESH_ENOUGH,
            held=connection.listed,  # what this run listed already (the pre-flight asks too)
        )
        self._listed(connection, profile, held)
        notes = "; ".join(held.notes)
        status = f"Data sources of “{profile.name}”: {held.describe()}" + (f" — {notes}" if notes else "")
        return list(held.sources), status

    def preflight(self, profile: Profile, text: str) -> list[Problem]:
        """The "tenant" rule set's problems for the event's exact text."""
        checker = self._checker(profile)
        try:
            event = json.loads(text)
        except ValueError:
            return []  # not JSON: the live check already says where
        return validate(event, ("tenant",), tenant=checker.snapshot(event))

    def verify(
        self,
        profile: Profile,
        body: str,
        cancel: threading.Event,
        on_progress: Progress | None = None,
    ) -> VerificationResult:
        """Poll each output's lineage until it appears, turns out TMP, the deadline, or `cancel`."""
        verifier = LineageVerifier(self._checker(profile), self.poll)
        return verifier.verify(json.loads(body), cancel=cancel, on_progress=on_progress)

    # --- plumbing ------------------------------------------------------------------------

    def _ingest_token(self, profile: Profile) -> Callable[[], str]:
        send = self.send
        return lambda: resolve_token(profile.name, store=send.tokens, session=send.session).value

    def _connect(self, profile: Profile) -> CatalogClient:
        return connect(
            profile,
            access=self.access_store,
            refresh_tokens=self.refresh_tokens,
            ingest_token=self._ingest_token(profile),
            sandbox=self.send.sandbox,
        )

    def _connection(self, profile: Profile) -> _Connection:
        """The profile's connection, made at most once for its settings: looked up and made under
        the lock, so two workers (the source list and the pre-flight start together) share one
        client instead of each making one and closing the other's under its requests."""
        access = self.access(profile)
        with self._lock:
            known = self._connections.get(profile.name)
            if known is not None and known.access == access:
                return known
            made = self._connections[profile.name] = _Connection(access, self._connect(profile))
        if known is not None:
            known.client.close()  # its requests in flight finish first (CatalogClient.close)
        return made

    def _listed(self, connection: _Connection, profile: Profile, listed: SourceList) -> None:
        if connection.listed is not listed:
            connection.listed = listed
            connection.checker = TenantChecker(connection.client, listed.sources, tenant=f"“{profile.name}”")

    def _checker(self, profile: Profile) -> TenantChecker:
        connection = self._connection(profile)
        if connection.checker is None:
            self.sources(profile, fresh=False)
        assert connection.checker is not None  # set by sources()
        return connection.checker


