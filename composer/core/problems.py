"""What validation reports: one `Problem` per finding, addressed by JSON pointer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """A finding written for a data steward: what is wrong, where, and what to do about it.

    `path` is a JSON pointer into the event ("" is the whole event); `rule_set` says which rule
    set found it (openlineage, alation, lint) and `code` is a stable identifier for scripts.
    """

    severity: Severity
    path: str
    message: str
    hint: str = ""
    rule_set: str = ""
    code: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


_RANK: dict[Severity, int] = {severity: index for index, severity in enumerate(SEVERITIES)}


def severity_rank(severity: Severity) -> int:
    """0 for an error, then warnings, then notes: lower is more severe."""
    return _RANK[severity]


def by_severity(problems: Iterable[Problem]) -> list[Problem]:
    """Most severe first; problems of one severity keep the order they came in (a stable sort)."""
    return sorted(problems, key=lambda problem: _RANK[problem.severity])


def count_by_severity(problems: list[Problem]) -> dict[Severity, int]:
    counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for problem in problems:
        counts[problem.severity] += 1
    return counts


_NOUNS: dict[Severity, tuple[str, str]] = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "info": ("note", "notes"),
}


def count_summary(problems: list[Problem], *, skip_zero: bool = False) -> str:
    """"1 error, 3 warnings, 0 notes": the counts as the window and the CLI say them
    (`skip_zero`: "1 error, 3 warnings"; "" when there are none)."""
    counts = count_by_severity(problems)
    shown = [s for s in SEVERITIES if counts[s] or not skip_zero]
    return ", ".join(f"{counts[s]} {_NOUNS[s][counts[s] != 1]}" for s in shown)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The errors among `problems` (what refuses a send), in their order."""
    return [problem for problem in problems if problem.severity == "error"]
