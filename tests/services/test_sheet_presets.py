"""Named mapping presets in the config folder: saved, listed, reused, and a broken file kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.core.sheet import ColumnMapping
from composer.services.paths import config_dir
from composer.services.sheet.presets import PresetError, PresetStore


def test_save_list_get_delete(app_home: Path) -> None:
    store = PresetStore.in_dir(config_dir())
    assert store.path == app_home / "sheet-presets.json" and store.names() == []
    mapping = ColumnMapping({"job_name": "Job", "target_table": "T"}, {"pg": "postgres://db:5432"}, "etl")
    store.save("Quarterly", mapping)
    store.save("another", ColumnMapping())
    assert store.names() == ["another", "Quarterly"]
    assert PresetStore.in_dir(config_dir()).get("Quarterly") == mapping  # a fresh store reads the file
    store.delete("another")
    assert store.names() == ["Quarterly"]
    with pytest.raises(PresetError, match="no mapping preset named “nope” \\(presets: Quarterly\\)"):
        store.get("nope")


def test_a_corrupt_file_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "sheet-presets.json"
    path.write_text("{oops", encoding="utf-8")
    store = PresetStore(path)
    with pytest.raises(PresetError, match="is not valid JSON"):
        store.save("x", ColumnMapping())
    assert path.read_text(encoding="utf-8") == "{oops"
