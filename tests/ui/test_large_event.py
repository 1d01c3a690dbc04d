"""The window with a large event (500 datasets x 50 schema fields): it loads, edits, undoes.

Functional only: the timings are measured by `tests/benchmarks/bench_gui.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.templates import instantiate
from composer.ui.main_window import MainWindow
from composer.ui.preview.event_text import EventTextCache
from composer.ui.preview.text_sync import TextSync
from tests.benchmarks.bench_validation import large_event
from tests.ui.windows import WindowOpener

BIG_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def big_text() -> str:
    return json.dumps(large_event(), indent=2) + "\n"


@pytest.fixture
def window(qtbot: QtBot, open_window: WindowOpener, tmp_path: Path, big_text: str) -> MainWindow:
    path = tmp_path / "large.json"
    path.write_text(big_text, encoding="utf-8")
    made = open_window(path, size=(1300, 900))
    qtbot.waitUntil(made.live.idle, timeout=BIG_TIMEOUT_MS)
    return made


def preview(window: MainWindow) -> str:
    """What the preview shows, checked to be the exact part of the event's text it says it is."""
    shown = window.preview.editor.toPlainText()
    part = window.preview.part
    assert part is not None, "a large event is shown in part"
    text = window.model.to_json()
    assert shown == text[part.start : part.end]
    assert part.total_chars == len(text) and part.total_lines == len(text.splitlines())
    assert part.first_line == text.count("\n", 0, part.start) + 1
    assert part.last_line == part.first_line + len(shown.splitlines()) - 1
    return shown


def test_the_large_event_loads_with_every_dataset_listed(
    qtbot: QtBot, window: MainWindow, big_text: str
) -> None:
    assert big_text.startswith(preview(window))  # the top, after a load
    assert window.inputs.rows.rowCount() == 250
    assert window.outputs.rows.rowCount() == 250
    assert window.outputs.rows.index(149, 2).data() == "sales_db.public.table_399"
    # Only the selected dataset of each side has a full editor card.
    qtbot.waitUntil(lambda: window.inputs.settled and window.outputs.settled)
    assert [card.pointer for card in window.inputs.cards + window.outputs.cards] == [
        "/inputs/0",
        "/outputs/0",
    ]


def test_cards_open_on_later_turns_after_a_load_and_the_lists_say_when(
    qtbot: QtBot, open_window: WindowOpener
) -> None:
    window = open_window()
    window.model.load(instantiate("alation-complete", fresh_run=False))
    assert not window.inputs.settled and not window.outputs.settled  # the load itself stays short
    qtbot.waitUntil(lambda: window.inputs.settled and window.outputs.settled)
    assert [card.pointer for card in window.inputs.cards + window.outputs.cards] == [
        "/inputs/0",
        "/outputs/0",
    ]


def test_edit_dataset_400_through_the_list_and_undo(qtbot: QtBot, window: MainWindow, big_text: str) -> None:
    table = window.outputs.table
    row = 150  # outputs hold datasets 250..499
    table.scrollTo(window.outputs.rows.index(row, 0))
    rect = table.visualRect(window.outputs.rows.index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.outputs.current == row)
    name = window.findChild(QLineEdit, f"outputsName{row}")
    assert name is not None and name.text() == "sales_db.public.table_400"
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "sales_db.public.edited_400")
    qtbot.waitUntil(window.live.idle, timeout=BIG_TIMEOUT_MS)
    shown = preview(window)  # the part around the edit
    assert '"name": "sales_db.public.edited_400"' in shown
    assert '"name": "sales_db.public.table_400"' not in shown
    assert window.outputs.rows.index(row, 2).data() == "sales_db.public.edited_400"

    window.model.undo_stack.undo()
    qtbot.waitUntil(window.live.idle, timeout=BIG_TIMEOUT_MS)
    assert window.model.to_json() == big_text
    assert '"name": "sales_db.public.table_400"' in preview(window)
    assert name.text() == "sales_db.public.table_400"
    assert window.outputs.rows.index(row, 2).data() == "sales_db.public.table_400"


def test_a_problem_path_opens_its_dataset(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.focus_path("/inputs/200/name")
    assert window.inputs.current == 200
    name = window.findChild(QLineEdit, "inputsName200")
    assert name is not None
    qtbot.waitUntil(name.hasFocus)


def test_text_cache_equals_to_json_through_edits(big_text: str) -> None:
    document = EventDocument.from_json(big_text)
    cache = EventTextCache()
    edits = [
        ("/inputs/3/name", lambda: document.set("/inputs/3/name", "x.y.z")),
        ("/job/name", lambda: document.set("/job/name", "renamed")),
        ("/outputs", lambda: document.move("/outputs/10", 0)),
        ("/inputs", lambda: document.remove("/inputs/5")),
        ("/outputs/0/facets/schema/fields/2", lambda: document.remove("/outputs/0/facets/schema/fields/2")),
    ]
    assert cache.text(document) == big_text
    for pointer, edit in edits:
        edit()
        cache.forget(document, pointer)
        assert cache.text(document) == document.to_json(), pointer


def test_text_sync_splices_past_characters_outside_the_bmp(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    sync = TextSync(editor)
    before = "".join(f'  "k{i}": "caf\u00e9 \U0001f600 {i}",\n' for i in range(3000))
    after = before.replace('"k2500": "caf', '"k2500": "CHANGED caf')
    sync.show(before)
    assert editor.toPlainText() == before
    sync.show(after)
    assert editor.toPlainText() == after
