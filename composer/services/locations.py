"""Every file and folder the app writes for a user, in one list.

The About box, `lineage-composer paths` and the README's "reset" advice all read it, so they
cannot drift apart: a reset is deleting these (or pointing `LINEAGE_COMPOSER_HOME` at a new
folder). The file names come from the modules that own the files; the window's own files
(autosave folder, settings, recent files) are named once in `window_files`, which the window
imports too (tests/test_locations.py still checks them against the live window's objects).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from composer.services.catalog_paths import ACCESS_FILE_NAME, REFRESH_TOKEN_SERVICE
from composer.services.catalog_paths import CACHE_FOLDER_NAME as CATALOG_CACHE_FOLDER
from composer.services.history import HISTORY_FILE_NAME
from composer.services.local_sandbox import SANDBOX_DB_FILE_NAME
from composer.services.paths import HOME_VARIABLE, app_home, config_dir, data_dir
from composer.services.profile_store import PROFILES_FILE_NAME
from composer.services.schema_cache import CACHE_SUBFOLDER
from composer.services.secrets import SERVICE_NAME
from composer.services.window_files import (
    AUTOSAVE_FOLDER_NAME,
    RECENT_FILES_FILE_NAME,
    RECENT_JOB_NAMESPACES_FILE_NAME,
    RECENT_NAMESPACES_FILE_NAME,
    SETTINGS_FILE_NAME,
)

KEYRING_SERVICE = SERVICE_NAME


@dataclass(frozen=True)
class Location:
    """One place on disk: `key` for scripts (`paths --json`), `label` for people."""

    key: str
    label: str
    path: Path
    is_folder: bool

    def to_json(self) -> dict[str, str | bool]:
        return {"key": self.key, "label": self.label, "path": str(self.path), "folder": self.is_folder}


def app_locations(environ: Mapping[str, str] | None = None, platform: str | None = None) -> list[Location]:
    """The two folders first (deleting them is a full reset; with `LINEAGE_COMPOSER_HOME` set
    they are one), then the files inside them. Keys are stable, for scripts."""
    config = config_dir(environ, platform)
    data = data_dir(environ, platform)
    # The window keeps its own files in the app home, which is the data folder.
    home = app_home(environ, platform)
    return [
        Location("config", "Config folder", config, True),
        Location("data", "Data folder", data, True),
        Location("profiles", "Profiles", config / PROFILES_FILE_NAME, False),
        Location("history", "Send history", data / HISTORY_FILE_NAME, False),
        Location("sandbox", "Sandbox database", data / SANDBOX_DB_FILE_NAME, False),
        Location("autosave", "Autosaved drafts", home / AUTOSAVE_FOLDER_NAME, True),
        Location("settings", "Window settings", home / SETTINGS_FILE_NAME, False),
        Location("recent_files", "Recent files", home / RECENT_FILES_FILE_NAME, False),
        Location("recent_namespaces", "Recent dataset namespaces", home / RECENT_NAMESPACES_FILE_NAME, False),
        Location(
            "recent_job_namespaces", "Recent job namespaces", home / RECENT_JOB_NAMESPACES_FILE_NAME, False
        ),
        Location("schema_cache", "Cached _schemaURL schemas", data / CACHE_SUBFOLDER, True),
        Location("catalog_access", "Catalog access settings", config / ACCESS_FILE_NAME, False),
        Location("catalog_sources", "Cached data-source lists", data / CATALOG_CACHE_FOLDER, True),
    ]


def reset_advice() -> str:
    """How to start afresh, in words that fit a dialog and a terminal alike."""
    return (
        "To reset, quit the app and delete the config and data folders (tokens stay in the OS "
        f"keyring under the service '{KEYRING_SERVICE}', refresh tokens under "
        f"'{REFRESH_TOKEN_SERVICE}': remove them with 'lineage-composer profile remove NAME' and "
        "'lineage-composer catalog-access NAME --off' first, or in the keyring's own tool). To try a clean start without deleting "
        f"anything, set {HOME_VARIABLE} to an empty folder."
    )
