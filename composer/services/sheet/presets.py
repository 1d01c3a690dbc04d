"""Named column mappings for mapping sheets, kept in `sheet-presets.json` in the config folder.

A steward's sheet keeps its layout from one quarter to the next, so the mapping chosen once
(which column is the job, which system is which namespace) is saved under a name and picked
again, in the window or with `lineage-composer sheet --map NAME`. Presets hold no secret.
Writes are atomic; a corrupt file is refused with its path rather than overwritten, so a
mistyped hand edit is not lost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from composer.core.sheet.mapping import ColumnMapping
from composer.services.atomic_file import write_atomically

FILE_NAME = "sheet-presets.json"
FORMAT_VERSION = 1


class PresetError(Exception):
    """The presets file cannot be read or written, or a preset is unknown; the message says which."""


class PresetStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_dir(cls, folder: Path) -> PresetStore:
        return cls(folder / FILE_NAME)

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise PresetError(f"cannot read {self.path}: {error.strerror or error}") from None
        try:
            data = json.loads(text)
        except ValueError as error:
            raise PresetError(f"{self.path} is not valid JSON ({error}); fix or delete it") from None
        presets = data.get("presets") if isinstance(data, dict) else None
        if not isinstance(presets, dict):
            raise PresetError(f"{self.path} holds no presets object; fix or delete it")
        return presets

    def names(self) -> list[str]:
        return sorted(self._load(), key=str.casefold)

    def get(self, name: str) -> ColumnMapping:
        presets = self._load()
        value = presets.get(name)
        if not isinstance(value, dict):
            known = ", ".join(sorted(presets)) or "none saved yet"
            raise PresetError(f"no mapping preset named “{name}” (presets: {known})")
        return ColumnMapping.from_dict(value)

    def save(self, name: str, mapping: ColumnMapping) -> None:
        if not name.strip():
            raise PresetError("a preset needs a name")
        presets = self._load()
        presets[name.strip()] = mapping.to_dict()
        self._write(presets)

    def delete(self, name: str) -> None:
        presets = self._load()
        if presets.pop(name, None) is not None:
            self._write(presets)

    def _write(self, presets: dict[str, Any]) -> None:
        text = json.dumps({"version": FORMAT_VERSION, "presets": presets}, indent=2, ensure_ascii=False)
        try:
            write_atomically(self.path, text + "\n")
        except OSError as error:
            raise PresetError(f"cannot write {self.path}: {error.strerror or error}") from None
