"""Tools › Check custom facets against their _schemaURL, driven in the real window offscreen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from composer.ui.checks.schema_url_checks import SchemaUrlChecks
from composer.ui.editor.document_model import DocumentModel
from composer.ui.main_window import MainWindow
from composer.ui.tasks import TaskRunner
from tests.custom_facet_data import FACET_SCHEMA, FRAGMENT, custom, event_with
from tests.services.schema_server import Route, SchemaServer


@pytest.fixture
def server() -> Iterator[SchemaServer]:
    with SchemaServer({"/s.json": Route.schema(FACET_SCHEMA)}) as running:
        yield running


def _open(window: MainWindow, tmp_path: Path, event: object) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event, indent=2), encoding="utf-8")
    assert window.files.open_path(path) and window.files.wait_idle()


def _listed(window: MainWindow) -> list[str]:
    tree = window.problems.tree
    return [str(tree.topLevelItem(index).text(1)) for index in range(tree.topLevelItemCount())]


def _action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    menus = [menu for action in window.menuBar().actions() if isinstance(menu := action.menu(), QMenu)]
    assert any(found in menu.actions() for menu in menus), f"{name} is in no menu"
    return found


def test_the_action_lists_the_404_and_the_schema_violation(
    qtbot: QtBot, window: MainWindow, server: SchemaServer, tmp_path: Path
) -> None:
    missing = server.url("/missing.json") + FRAGMENT
    facets = {
        "schedule": custom(server.url("/s.json") + FRAGMENT, retries="three"),
        "ticket": custom(missing),
    }
    _open(window, tmp_path, event_with(facets))
    qtbot.waitUntil(window.live.idle)
    assert not any("_schemaURL" in text for text in _listed(window))  # nothing is fetched unasked
    assert server.seen == []
    with qtbot.waitSignal(window.schema_urls.checked, timeout=10_000):
        _action(window, "checkCustomFacetsAction").trigger()
    listed = _listed(window)
    assert (
        f"run › facet ticket: the _schemaURL {missing} answers 404 Not Found: consumers cannot check this facet"
        in listed
    )
    violation = "run › facet schedule › retries: must be a whole number, not text (by the schema its _schemaURL names)"
    assert violation in listed
    assert "Checked 2 custom facets" in window.statusBar().currentMessage()
    # An edit inside a facet drops that facet's findings at once (they would be stale), not the others'.
    window.model.set("/run/facets/schedule/retries", 3)
    qtbot.waitUntil(lambda: violation not in _listed(window))
    assert any("404 Not Found" in text for text in _listed(window))


def test_automatic_checks_are_a_saved_setting_and_do_not_hammer_the_host(
    qtbot: QtBot, window: MainWindow, server: SchemaServer, tmp_path: Path, tasks: TaskRunner
) -> None:
    _open(window, tmp_path, event_with({"schedule": custom(server.url("/s.json") + FRAGMENT, owner="ops")}))
    auto = _action(window, "autoCheckSchemaUrls")
    assert auto.isCheckable() and not auto.isChecked()
    with qtbot.waitSignal(window.schema_urls.checked, timeout=10_000):
        auto.setChecked(True)
    assert len(server.seen) == 1
    with qtbot.waitSignal(window.schema_urls.checked, timeout=10_000) as blocker:
        window.model.set("/run/facets/schedule/owner", 42)  # debounced, then checked from the cache
    assert any("owner: must be text" in problem.message for problem in blocker.args[0])
    assert len(server.seen) == 1  # answered within the reuse interval: no second request
    again = SchemaUrlChecks(DocumentModel(), window.state.path, tasks=tasks)  # as the next window reads it
    assert again.auto_action.isChecked()  # the setting survived
