"""Where the app keeps its own data (sandbox database, history, profiles).

`LINEAGE_COMPOSER_HOME` relocates all of it: tests give every test a fresh one, and a portable
install points it next to the app. Otherwise the platform's per-user data folder is used,
worked out with the stdlib so the app needs no extra dependency for it. Nothing here creates
folders: whoever writes a file creates its parent, so merely asking never touches the disk.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HOME_VARIABLE = "LINEAGE_COMPOSER_HOME"
APP_FOLDER = "lineage-composer"
APP_FOLDER_TITLED = "Lineage Composer"


def app_home(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The folder for the app's data: `$LINEAGE_COMPOSER_HOME`, else the user data folder."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    override = env.get(HOME_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser()
    found_home = env.get("HOME") or env.get("USERPROFILE")
    home = Path(found_home) if found_home else Path.home()
    if platform.startswith("win"):
        local = env.get("LOCALAPPDATA") or env.get("APPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / APP_FOLDER_TITLED
    if platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER_TITLED
    xdg = env.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_FOLDER


def data_dir(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """Where history and the sandbox database live: the app home itself."""
    return app_home(environ, platform)


def config_dir(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """Where profiles live. Settings are not data: on Linux they go under `$XDG_CONFIG_HOME`,
    so a backup tool or dotfile manager that treats the two differently does the right thing.
    `LINEAGE_COMPOSER_HOME` still relocates them into the one folder it names."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if env.get(HOME_VARIABLE, "").strip() or platform.startswith("win") or platform == "darwin":
        return app_home(env, platform)
    found_home = env.get("HOME")
    home = Path(found_home) if found_home else Path.home()
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".config"
    return base / APP_FOLDER


@dataclass(frozen=True)
class AppPaths:
    """The app's folders, worked out once by the composition root (`composer.app`) and handed
    to whatever writes there, so no window part asks the environment itself."""

    home: Path  # window state, drafts, recent values
    data: Path  # history and the sandbox's database
    config: Path  # profiles

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, platform: str | None = None) -> AppPaths:
        return cls(app_home(environ, platform), data_dir(environ, platform), config_dir(environ, platform))
