"""Large events are validated in a child process: same verdict as in-process, and a clear fallback."""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.spawn
import os
import threading

import pytest

from composer.core.problems import Problem
from composer.core.templates import instantiate
from composer.core.validation import validate, validate_text
from composer.services.validation_process import ValidationProcess, ValidationProcessError
from tests.benchmarks.bench_validation import large_event


def _run(process: ValidationProcess, text: str, rules: tuple[str, ...]) -> list[Problem] | None:
    got: list[list[Problem] | None] = []
    finished = threading.Event()

    def done(problems: list[Problem] | None) -> None:
        got.append(problems)
        finished.set()

    process.submit(text, rules, (), done)
    assert finished.wait(60)
    return got[0]


def test_the_child_gives_the_same_problems_as_this_process() -> None:
    value = instantiate("alation-complete", fresh_run=False).value
    del value["outputs"]
    value["run"]["runId"] = "not-a-uuid"
    text = json.dumps(value)
    process = ValidationProcess()
    try:
        in_child = _run(process, text, ("alation", "lint"))
        assert in_child == validate(json.loads(text), ("alation", "lint"))
        assert in_child and any(p.severity == "error" for p in in_child)
        assert multiprocessing.active_children()  # it really ran elsewhere, and stays for the next
        assert _run(process, "{not json", ("openlineage",)) == validate_text("{not json", ("openlineage",))
    finally:
        process.shutdown()


def test_a_child_that_cannot_start_reports_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", os.fsencode("/nonexistent/python"))
    process = ValidationProcess()
    try:
        assert _run(process, "{}", ("openlineage",)) is None
    finally:
        process.shutdown()
    with pytest.raises(ValidationProcessError, match="shut down"):
        process.submit("{}", ("openlineage",), (), lambda _problems: None)


def test_a_start_that_multiprocessing_refuses_reports_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """multiprocessing raises RuntimeError, not OSError, when a process still bootstrapping (a
    script without the `__main__` guard, re-run as a spawned child) starts one of its own."""
    monkeypatch.setattr(multiprocessing.process.current_process(), "_inheriting", True, raising=False)
    process = ValidationProcess()
    try:
        assert _run(process, "{}", ("openlineage",)) is None
        assert _run(process, "{}", ("openlineage",)) is None  # the helper thread lives on
    finally:
        process.shutdown()


def test_a_child_that_dies_mid_check_reports_none_and_the_next_check_starts_a_new_one() -> None:
    big = json.dumps(large_event())  # long enough to be killed in the middle of it
    process = ValidationProcess()
    try:
        assert _run(process, "{}", ("openlineage",))  # the child is up
        got: list[list[Problem] | None] = []
        finished = threading.Event()
        def arrived(problems: list[Problem] | None) -> None:
            got.append(problems)
            finished.set()

        process.submit(big, ("openlineage",), (), arrived)
        for child in multiprocessing.active_children():
            child.kill()
        assert finished.wait(30)
        assert got == [None]
        assert not process.running
        assert _run(process, "{}", ("openlineage",))  # a new child
        assert process.running
    finally:
        process.shutdown()


def test_the_child_loop_ends_quietly_when_its_reader_is_gone() -> None:
    """The window closed (its process may be gone) while the child checked: no traceback."""
    from composer.services.validation_process import _serve  # noqa: PLC0415 (the child's loop itself)

    mine, theirs = multiprocessing.Pipe()
    mine.send(("{}", ("openlineage",), ()))
    mine.close()  # the window's end goes before the answer
    was_enabled = gc.isenabled()
    try:
        _serve(theirs)  # returns instead of raising BrokenPipeError
    finally:
        if was_enabled:
            gc.enable()  # (the child's loop turns automatic collection off)
        theirs.close()
