"""A profile's catalog state outside profiles.json follows the profile when it is renamed or removed.

Three things belong to a profile's catalog access and are kept by its name, away from the
profiles file: its setting in `catalog-access.json`, its refresh token in the OS keyring, and its
cached data-source list on disk. A rename moves all three; a removal forgets all three, so no
refresh token is left behind in the keyring and a new profile of the same name starts clean.
The CLI (`profile edit --rename`, `profile remove`), `SendService` and the window all call this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from composer.services.catalog.access import AccessStore, CatalogAccess, refresh_token_store
from composer.services.catalog.cache import SourceCache
from composer.services.secrets import SecretStoreError, TokenStore


@dataclass
class ProfileCatalogState:
    """The stores of every profile's catalog state; each method returns warnings in words for
    what could not be done (a keyring that is not there, a file that cannot be written)."""

    access: AccessStore
    refresh_tokens: TokenStore
    cache: SourceCache | None  # None: no data folder (a history kept in memory)

    @classmethod
    def in_dirs(
        cls, config_dir: Path, data_dir: Path | None, *, refresh_tokens: TokenStore | None = None
    ) -> ProfileCatalogState:
        return cls(
            AccessStore.in_dir(config_dir),
            refresh_tokens or refresh_token_store(),
            SourceCache.in_data_dir(data_dir) if data_dir is not None else None,
        )

    def rename(self, old_name: str, new_name: str) -> list[str]:
        if old_name == new_name:
            return []
        warnings: list[str] = []
        try:
            self.access.rename(old_name, new_name)
        except OSError as exc:
            warnings.append(f"its catalog access setting was not moved ({exc.strerror or exc})")
        try:
            self.refresh_tokens.move(old_name, new_name)
        except SecretStoreError as exc:
            warnings.append(f"its refresh token was not moved to the new name: {exc}")
        if self.cache is not None:
            try:
                moved = self.cache.path_for(old_name)
                if moved.exists():
                    os.replace(moved, self.cache.path_for(new_name))
                else:
                    self.cache.forget(new_name)  # a list left by an earlier profile of that name
            except OSError as exc:
                warnings.append(f"its cached data-source list was not moved ({exc.strerror or exc})")
        return warnings

    def forget(self, name: str, *, keep_refresh_token: bool = False) -> list[str]:
        warnings: list[str] = []
        try:
            self.access.set(name, CatalogAccess())
        except OSError as exc:
            warnings.append(f"its catalog access setting was not removed ({exc.strerror or exc})")
        try:
            if not keep_refresh_token:
                self.refresh_tokens.delete(name)
        except SecretStoreError as exc:
            warnings.append(f"its refresh token (if any) could not be deleted: {exc}")
        if self.cache is not None:
            try:
                self.cache.forget(name)
            except OSError as exc:
                warnings.append(f"its cached data-source list was not deleted ({exc.strerror or exc})")
        return warnings
