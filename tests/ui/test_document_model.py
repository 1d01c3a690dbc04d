"""One undo stack over every edit; undo brings back the exact bytes."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.ui.editor.document_model import DocumentModel
from tests.spec_data import example_events, needs_spec

TEXT = '{\n    "eventType": "COMPLETE",\n    "job": {"namespace": "ns", "name": "j"},\n    "x": 1.50\n}\n'


def test_keystrokes_merge_and_undo_restores_the_exact_text(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.from_json(TEXT))
    seen: list[str] = []
    model.changed.connect(seen.append)
    for partial in ("a", "ab", "abc"):
        model.set("/job/name", partial, merge_key="jobName")
    assert model.undo_stack.count() == 1
    assert model.get("/job/name") == "abc"
    assert seen == ["/job/name"] * 3
    model.undo_stack.undo()
    assert model.to_json() == TEXT
    model.undo_stack.redo()
    assert model.get("/job/name") == "abc"


def test_undo_of_a_set_removes_the_parents_it_created(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.from_json(TEXT))
    model.set("/job/facets/sql/query", "SELECT 1")
    assert model.get("/job/facets") == {"sql": {"query": "SELECT 1"}}
    model.undo_stack.undo()
    assert not model.exists("/job/facets")
    assert model.to_json() == TEXT


def test_undo_of_a_remove_puts_the_key_back_in_place(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.from_json(TEXT))
    model.remove("/job")
    assert not model.exists("/job")
    model.undo_stack.undo()
    assert list(model.document.value) == ["eventType", "job", "x"]
    assert model.to_json() == TEXT


def test_insert_move_and_replace_are_undoable(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.new())
    model.insert("/inputs/-", {"namespace": "a", "name": "1"})
    model.insert("/inputs/-", {"namespace": "b", "name": "2"})
    model.move("/inputs/1", 0)
    assert [d["name"] for d in model.get("/inputs")] == ["2", "1"]
    model.undo_stack.undo()
    assert [d["name"] for d in model.get("/inputs")] == ["1", "2"]
    replacement = EventDocument.from_json('{"eventType": "START"}')
    with qtbot.waitSignal(model.replaced):
        model.replace(replacement)
    assert model.to_json() == '{"eventType": "START"}'
    model.undo_stack.undo()
    assert len(model.get("/inputs")) == 2


def test_macro_is_one_step(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.new())
    with model.macro("Fill from SQL"):
        model.insert("/inputs/-", {"namespace": "a", "name": "1"})
        model.insert("/outputs/-", {"namespace": "b", "name": "2"})
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert model.get("/inputs") == [] and model.get("/outputs") == []


def test_load_clears_history(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.new())
    model.set("/job/name", "x")
    model.load(EventDocument.from_json(TEXT))
    assert model.undo_stack.count() == 0
    assert model.to_json() == TEXT


def test_a_model_with_unsaved_edits_goes_without_a_word(qtbot: QtBot) -> None:
    """Its undo stack would say "clean" while being destroyed, to slots of objects that may be
    going at that moment themselves (the segfault of an autosave whose last reference held it)."""
    model = DocumentModel()
    model.undo_stack.setClean()
    model.set("/job/name", "unsaved")
    heard: list[bool] = []
    model.undo_stack.cleanChanged.connect(heard.append)
    shiboken6.delete(model)
    assert heard == []


def test_the_undo_stack_does_not_keep_its_model_alive(qtbot: QtBot) -> None:
    """No reference cycle through the commands: the model goes when its last user lets go, not
    later inside a garbage collection (tests/ui/test_window_teardown.py)."""
    model = DocumentModel()
    model.set("/job/name", "one")
    model.set("/job/namespace", "two")
    model.undo_stack.undo()
    gone = weakref.ref(model)
    del model
    assert gone() is None
    # and the commands still reach their model while it lives
    again = DocumentModel()
    again.set("/job/name", "kept")
    again.undo_stack.undo()
    again.undo_stack.redo()
    assert again.get("/job/name") == "kept"


def test_removing_a_list_item_undoes_back_into_place(qtbot: QtBot) -> None:
    model = DocumentModel(EventDocument.new())
    for name in ("a", "b", "c"):
        model.insert("/inputs/-", {"namespace": "n", "name": name})
    model.remove("/inputs/1")
    assert [d["name"] for d in model.get("/inputs")] == ["a", "c"]
    model.undo_stack.undo()
    assert [d["name"] for d in model.get("/inputs")] == ["a", "b", "c"]


@needs_spec
@pytest.mark.parametrize("path", example_events(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_cached_text_is_the_document_text_after_every_step(qtbot: QtBot, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    try:
        document = EventDocument.from_json(source)
    except JsonSyntaxError:
        pytest.skip("not JSON")
    model = DocumentModel(document)
    steps = 0

    def check() -> None:
        nonlocal steps
        steps += 1
        assert model.to_json() == model.document.to_json(), f"step {steps}"

    check()
    if not isinstance(model.document.value, dict):
        model.replace(EventDocument.from_json('{"eventType": "START", "inputs": []}'))
        check()
        model.undo_stack.undo()
        check()
        assert model.to_json() == source
        return
    model.set("/eventTime", "2024-01-01T00:00:00Z", merge_key="time")
    check()
    for side in ("inputs", "outputs"):
        if isinstance(model.get(f"/{side}"), list):
            _edit_datasets(model, side, check)
    model.set("/job/name", "job ✓", merge_key="job")
    check()
    replacement = model.document.copy()
    replacement.set("/eventType", "FAIL")
    model.replace(replacement, merge_key="json")
    check()
    model.set("/inputs", [{"namespace": "a", "name": "b"}])
    check()
    while model.undo_stack.canUndo():
        model.undo_stack.undo()
        check()
    assert model.to_json() == source
    while model.undo_stack.canRedo():
        model.undo_stack.redo()
        check()
    for _ in range(3):
        model.undo_stack.undo()
        check()
    model.load(EventDocument.from_json(source))
    check()
    assert model.to_json() == source


def _edit_datasets(model: DocumentModel, side: str, check: Callable[[], None]) -> None:
    model.insert(f"/{side}/-", {"namespace": "ns", "name": f"new-{side}"})
    check()
    model.set(f"/{side}/0/name", "renamed", merge_key="name")
    check()
    model.set(f"/{side}/0/facets/documentation/description", "café ✓")
    check()
    if len(model.get(f"/{side}")) > 1:
        model.move(f"/{side}/0", len(model.get(f"/{side}")) - 1)
        check()
        model.remove(f"/{side}/0")
        check()
