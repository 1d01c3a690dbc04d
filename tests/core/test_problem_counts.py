"""The problem counts read as English in the window and on the command line."""

from __future__ import annotations

from composer.core.problems import Problem, count_by_severity, count_summary


def _problems(errors: int, warnings: int, notes: int) -> list[Problem]:
    return (
        [Problem("error", "/outputs", "e")] * errors
        + [Problem("warning", "/producer", "w")] * warnings
        + [Problem("info", "", "i")] * notes
    )


def test_counts_say_one_in_the_singular_and_others_in_the_plural() -> None:
    assert count_summary(_problems(1, 3, 0)) == "1 error, 3 warnings, 0 notes"
    assert count_summary(_problems(2, 1, 1)) == "2 errors, 1 warning, 1 note"
    assert count_summary([]) == "0 errors, 0 warnings, 0 notes"


def test_the_summary_counts_what_count_by_severity_counts() -> None:
    problems = _problems(4, 0, 7)
    counts = count_by_severity(problems)
    assert count_summary(problems) == f"{counts['error']} errors, 0 warnings, {counts['info']} notes"
