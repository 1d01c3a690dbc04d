"""Every event of the real-producer corpus opens in the real window, exactly, with no false error.

Each one is opened with File › Open (a worker reads it), shown byte for byte in the preview,
checked for the OpenLineage spec (the window's own live validation, waited for) with no error,
and written back by Save As byte for byte. The corpus: tests/corpus (hand-written shapes and
events made by openlineage-python and openlineage-sql at test time).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.problems import Problem
from composer.core.validation import TARGET_RULE_SETS, validate_document
from composer.ui.main_window import MainWindow
from tests.corpus import generated_events, written_events
from tests.ui.fakes import FakePrompter, open_now, save_now

pytestmark = [pytest.mark.usefixtures("memory_keyring"), pytest.mark.window(size=(1400, 900), loaded=True)]


def corpus_files(folder: Path) -> list[Path]:
    made = []
    for name, text in generated_events().items():
        path = folder / f"{name}.json"
        path.write_bytes(text.encode("utf-8"))
        made.append(path)
    return [*written_events(), *made]


def test_every_real_event_opens_exactly_and_gets_no_false_error(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.target.setCurrentText("OpenLineage spec")
    assert window.rule_sets() == TARGET_RULE_SETS["openlineage"]
    prompter = window.files.prompter
    assert isinstance(prompter, FakePrompter)
    files = corpus_files(tmp_path)
    assert len(files) >= 18
    for path in files:
        data = path.read_bytes()
        assert open_now(window.files, path), path.name
        shown = data.decode("utf-8").replace("\r\n", "\n")  # a text view's lines end in \n
        def preview_shows(shown: str = shown) -> bool:
            return bool(window.preview.editor.toPlainText() == shown)

        qtbot.waitUntil(preview_shows, timeout=10_000)
        assert window.model.document.to_json().encode("utf-8") == data, path.name
        expected = validate_document(EventDocument.from_json(data.decode("utf-8")), window.rule_sets())
        def problems_are(expected: list[Problem] = expected) -> bool:
            return bool(window.problems.problems == expected)

        qtbot.waitUntil(problems_are, timeout=10_000)
        errors = [p for p in window.problems.problems if p.severity == "error"]
        assert not errors, (path.name, errors)
        prompter.save_path = tmp_path / "saved" / path.name
        prompter.save_path.parent.mkdir(exist_ok=True)
        assert save_now(window.files, save_as=True), path.name
        assert prompter.save_path.read_bytes() == data, path.name
    spark = next(p for p in files if p.name == "spark-local-file-complete.json")
    assert open_now(window.files, spark)
    qtbot.waitUntil(lambda: any("'file' is not an absolute URI" in p.message for p in window.problems.problems))
    window.grab().save(str(tmp_path / "spark-in-window.png"))
