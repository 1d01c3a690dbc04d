"""Profiles on disk: one JSON file in the config folder, each change written atomically.

The file holds settings only — never a token — so it can be backed up, diffed or pasted into a
support ticket. A damaged file is reported with its path and position rather than silently
replaced: it may hold a support engineer's only copy of a customer's connection settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from composer.services.atomic_file import write_atomically
from composer.services.profiles import (
    LOCAL_SANDBOX,
    LOCAL_SANDBOX_NAME,
    Profile,
    ProfileError,
    ProfileNotFoundError,
)

PROFILES_FILE_NAME = "profiles.json"
_FORMAT_VERSION = 1


class ProfileStoreError(RuntimeError):
    """The profiles file cannot be read or written; the message names the file and the fix."""


@dataclass(frozen=True)
class ProfileBook:
    """Everything in the profiles file: the Local sandbox first, then the user's in file order."""

    profiles: tuple[Profile, ...]
    default_name: str

    def find(self, name: str) -> Profile | None:
        for profile in self.profiles:
            if profile.name == name:
                return profile
        folded = name.casefold()
        for profile in self.profiles:
            if profile.name.casefold() == folded:
                return profile
        return None


class ProfileStore:
    """Profiles in one JSON file, each change written atomically (temp file + rename).

    Names are unique ignoring case, because some keyrings (Windows Credential Manager) look
    entries up case-insensitively and two profiles must never share a token by accident.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_dir(cls, config_dir: Path) -> ProfileStore:
        return cls(config_dir / PROFILES_FILE_NAME)

    def load(self) -> ProfileBook:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ProfileBook((LOCAL_SANDBOX,), LOCAL_SANDBOX_NAME)
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileStoreError(f"cannot read {self.path}: {_reason(exc)}") from None
        return self._parse(text)

    def profiles(self) -> list[Profile]:
        return list(self.load().profiles)

    def get(self, name: str) -> Profile:
        found = self.load().find(name)
        if found is None:
            raise ProfileNotFoundError(
                f"no profile named {name!r}; `lineage-composer profile list` shows the profiles"
            )
        return found

    def default(self) -> Profile:
        book = self.load()
        return book.find(book.default_name) or LOCAL_SANDBOX

    def add(self, profile: Profile, *, make_default: bool = False) -> Profile:
        profile.check()
        book = self.load()
        if profile.is_local_sandbox or book.find(profile.name) is not None:
            raise ProfileError(f"a profile named {profile.name!r} already exists")
        default = profile.name if make_default else book.default_name
        self._write(ProfileBook((*book.profiles, profile), default))
        return profile

    def replace(self, name: str, profile: Profile, *, make_default: bool = False) -> Profile:
        """Edit (and maybe rename) profile `name`. Moving its token is the caller's job."""
        book = self.load()
        old = book.find(name)
        if old is None:
            raise ProfileNotFoundError(f"no profile named {name!r}")
        if old.is_local_sandbox:
            raise ProfileError(f"the built-in {LOCAL_SANDBOX_NAME!r} profile cannot be edited")
        profile.check()
        clash = book.find(profile.name)
        if clash is not None and clash.name != old.name:
            raise ProfileError(f"a profile named {profile.name!r} already exists")
        profiles = tuple(profile if p.name == old.name else p for p in book.profiles)
        renamed_default = profile.name if book.default_name == old.name else book.default_name
        self._write(ProfileBook(profiles, profile.name if make_default else renamed_default))
        return profile

    def remove(self, name: str) -> Profile:
        book = self.load()
        old = book.find(name)
        if old is None:
            raise ProfileNotFoundError(f"no profile named {name!r}")
        if old.is_local_sandbox:
            raise ProfileError(f"the built-in {LOCAL_SANDBOX_NAME!r} profile cannot be removed")
        default = LOCAL_SANDBOX_NAME if book.default_name == old.name else book.default_name
        self._write(ProfileBook(tuple(p for p in book.profiles if p.name != old.name), default))
        return old

    def set_default(self, name: str) -> Profile:
        book = self.load()
        found = book.find(name)
        if found is None:
            raise ProfileNotFoundError(f"no profile named {name!r}")
        self._write(replace(book, default_name=found.name))
        return found

    # --- the file -------------------------------------------------------------------------------

    def _parse(self, text: str) -> ProfileBook:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileStoreError(
                f"{self.path} is not valid JSON (line {exc.lineno}, column {exc.colno}): "
                "fix it, or move it aside to start with no profiles"
            ) from None
        if not isinstance(value, dict) or not isinstance(value.get("profiles", []), list):
            raise ProfileStoreError(f"{self.path} is not a profiles file (expected {{'profiles': [...]}})")
        profiles = [LOCAL_SANDBOX]
        for index, item in enumerate(cast(list[object], value.get("profiles", []))):
            try:
                profile = Profile.from_json(item)
            except ProfileError as exc:
                raise ProfileStoreError(f"{self.path}: profile {index + 1}: {exc}") from None
            if profile.is_local_sandbox or any(
                p.name.casefold() == profile.name.casefold() for p in profiles
            ):
                raise ProfileStoreError(f"{self.path}: profile name {profile.name!r} is used twice")
            profiles.append(profile)
        default = value.get("default")
        book = ProfileBook(tuple(profiles), LOCAL_SANDBOX_NAME)
        if isinstance(default, str) and (found := book.find(default)) is not None:
            book = replace(book, default_name=found.name)
        return book

    def _write(self, book: ProfileBook) -> None:
        document = {
            "version": _FORMAT_VERSION,
            "default": book.default_name,
            "profiles": [p.to_json() for p in book.profiles if not p.is_local_sandbox],
        }
        try:
            write_atomically(self.path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise ProfileStoreError(f"cannot write {self.path}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
