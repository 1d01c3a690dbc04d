"""The About box names the version, the spec version and the real places the app writes to.

"Real" is checked against the live window's own objects (autosave, settings, recent files,
profiles and history stores), so a module that moves its file cannot leave the box, the
`paths` command and the README's reset advice pointing at the old place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from composer import SPEC_VERSION, __version__
from composer.services.locations import app_locations
from composer.ui.main_window import MainWindow


def _open_about(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    action = window.findChild(QAction, "aboutAction")
    assert action is not None
    action.trigger()
    box = window.findChild(QMessageBox, "aboutBox")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return box


def test_about_box_shows_versions_and_every_location(
    qtbot: QtBot, window: MainWindow, app_home: Path
) -> None:
    box = _open_about(qtbot, window)
    text = box.text()
    assert f"Lineage Composer {__version__}" in text
    assert f"OpenLineage spec {SPEC_VERSION}" in text
    for location in app_locations():
        assert location.label in text
        assert str(location.path) in text
        assert str(location.path).startswith(str(app_home))
    assert "lineage-composer paths --json" in text and "To reset" in text
    box.close()


def test_about_box_paths_are_the_ones_the_window_uses(window: MainWindow) -> None:
    places = {location.key: location.path for location in app_locations()}
    backend = window.send_ui.controller.backend
    assert places["autosave"] == window.autosave.draft_file.parent
    assert places["settings"] == window.state.path
    assert places["recent_files"] == window.files.recent.path
    assert places["recent_namespaces"] == window.inputs._recents.path == window.outputs._recents.path
    assert places["recent_job_namespaces"] == window.job_form._recents.path
    assert places["schema_cache"] == window.schema_urls.fetcher.cache.folder
    assert places["profiles"] == backend.profiles.path
    assert places["history"] == backend.history.path
    assert places["data"] == window.home


def test_about_box_opens_once_and_does_not_block(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    first = _open_about(qtbot, window)
    second = _open_about(qtbot, window)
    assert first is second  # a second click raises the open box instead of stacking another
    assert window.isEnabled() and window.autosave is not None  # no nested modal loop ran
    first.grab().save(str(tmp_path / "about.png"))
    first.close()
