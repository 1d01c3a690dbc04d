"""Problems are listed most severe first, and findings of one severity keep their order."""

from __future__ import annotations

from composer.core.problems import Problem, by_severity, severity_rank


def test_most_severe_first_and_stable_within_a_severity() -> None:
    found = [
        Problem("info", "/a", "note 1"),
        Problem("warning", "/b", "warning 1"),
        Problem("error", "/c", "error 1"),
        Problem("info", "/d", "note 2"),
        Problem("error", "/e", "error 2"),
        Problem("warning", "/f", "warning 2"),
    ]
    assert [p.message for p in by_severity(found)] == [
        "error 1",
        "error 2",
        "warning 1",
        "warning 2",
        "note 1",
        "note 2",
    ]
    assert [p.message for p in by_severity(iter(found[:2]))] == ["warning 1", "note 1"]


def test_an_error_outranks_a_warning_which_outranks_a_note() -> None:
    assert severity_rank("error") < severity_rank("warning") < severity_rank("info")
