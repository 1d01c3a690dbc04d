"""A large event's preview: an exact part of the text, named by its banner; the whole on demand."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.ui.main_window import MainWindow
from composer.ui.preview.event_text import LARGE_EVENT_CHARS
from composer.ui.preview.part import PART_AFTER, PART_BEFORE, Part, PreviewText, follow, part_around
from tests.benchmarks.bench_validation import large_event

LINES = "".join(f'    "key{i}": "value {i}",\n' for i in range(20_000))  # ~600k characters


def _check(part: Part, text: str) -> None:
    """`part` is whole lines of `text`, numbered as an editor numbers them."""
    assert part.start == 0 or text[part.start - 1] == "\n"
    assert part.end == len(text) or text[part.end - 1] == "\n"
    lines = text.splitlines()
    shown = text[part.start : part.end].splitlines()
    assert lines[part.first_line - 1 : part.last_line] == shown
    assert (part.total_lines, part.total_chars) == (len(lines), len(text))


def test_a_part_is_the_lines_around_a_position() -> None:
    at = LINES.index('"key9000"')
    part = part_around(LINES, at)
    _check(part, LINES)
    assert part.start <= at - PART_BEFORE + 40 and part.end >= at + PART_AFTER
    assert part_around(LINES, 10).start == 0


def test_an_edit_inside_the_part_keeps_its_lines_and_one_elsewhere_moves_it() -> None:
    part = part_around(LINES, LINES.index('"key9000"'))
    inside = LINES.replace('"value 9001"', '"a longer value\\nstill one line"')
    kept, scroll_to = follow(part, LINES, inside)
    _check(kept, inside)
    assert (kept.start, kept.first_line, scroll_to) == (part.start, part.first_line, None)
    assert kept.end == part.end + len(inside) - len(LINES)

    more_lines = inside.replace('    "key9002": "value 9002",\n', '    "key9002": 1,\n    "new": 2,\n')
    grown, _ = follow(kept, inside, more_lines)
    _check(grown, more_lines)
    assert grown.total_lines == kept.total_lines + 1

    elsewhere = more_lines.replace('"value 15000"', '"edited"')
    moved, scroll_to = follow(grown, more_lines, elsewhere)
    _check(moved, elsewhere)
    assert scroll_to == elsewhere.index('"edited"') + 1  # where the texts start to differ
    assert moved.start <= elsewhere.index('"edited"') < moved.end
    assert follow(moved, elsewhere, elsewhere) == (moved, None)


def test_the_editor_holds_the_part_and_the_whole_text_on_demand(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    preview = PreviewText(editor)
    parts: list[Part | None] = []
    preview.partChanged.connect(parts.append)
    preview.show(LINES)
    assert parts[-1] is not None and editor.toPlainText() == LINES[: parts[-1].end]
    edited = LINES.replace('"value 12000"', '"changed"')
    preview.show(edited)
    part = parts[-1]
    assert part is not None and part.start > 0 and editor.toPlainText() == edited[part.start : part.end]
    assert '"changed"' in editor.toPlainText()
    preview.set_whole(True)
    assert parts[-1] is None and editor.toPlainText() == edited
    again = edited.replace('"value 3"', '"x"')
    preview.show(again)  # spliced into the whole text
    assert editor.toPlainText() == again
    preview.set_whole(False)
    part = parts[-1]
    assert part is not None and editor.toPlainText() == again[part.start : part.end]


def test_the_window_says_it_shows_a_part_and_shows_all_when_asked(qtbot: QtBot, window: MainWindow) -> None:
    banner = window.preview.part_banner
    assert not banner.isVisible()  # a small event is shown whole, with nothing to say
    text = json.dumps(large_event(), indent=2) + "\n"
    assert len(text) > LARGE_EVENT_CHARS
    window.model.load(EventDocument.from_json(text))
    qtbot.waitUntil(window.live.idle, timeout=60_000)
    part = window.preview.part
    assert part is not None and window.preview.editor.toPlainText() == text[: part.end]
    assert banner.isVisible()
    assert f"lines 1–{part.last_line:,} of {len(text.splitlines()):,}" in banner.label.text()
    assert "exactly as sent" in banner.label.text()

    banner.show_all.click()
    assert window.preview.part is None and window.preview.editor.toPlainText() == text
    assert banner.isVisible() and "all" in banner.label.text()
    banner.show_all.click()
    assert window.preview.part is not None and window.preview.editor.toPlainText() != text


def test_edit_json_on_a_large_event_edits_the_whole_text(qtbot: QtBot, window: MainWindow) -> None:
    text = json.dumps(large_event(), indent=2) + "\n"
    window.model.load(EventDocument.from_json(text))
    qtbot.waitUntil(window.live.idle, timeout=60_000)
    window.preview.edit_button.click()
    assert window.preview.editing and window.preview.part is None
    assert window.preview.editor.toPlainText() == text
    edited = text.replace('"sales_db.public.table_499"', '"sales_db.public.edited_499"')
    window.preview.editor.setPlainText(edited)
    assert window.preview.apply_edited_text()
    assert window.model.get("/outputs/249/name") == "sales_db.public.edited_499"
    window.preview.edit_button.click()  # back to the preview: a part again, of the edited text
    part = window.preview.part
    assert not window.preview.editing and part is not None
    assert window.preview.editor.toPlainText() == window.model.to_json()[part.start : part.end]
