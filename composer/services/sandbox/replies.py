"""The one JSON shape every sandbox answer has, so scripts and the app read all of them alike.

Every body carries `status` (the HTTP status again, handy in logs) and `message` (a sentence for
a person); errors add `error`, a stable code for scripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from composer.core.problems import Problem


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = field(default=())


def ok(message: str, **fields: Any) -> Reply:
    return Reply(200, {"status": 200, "message": message, **fields})


def error(
    status: int, code: str, message: str, *, headers: tuple[tuple[str, str], ...] = (), **fields: Any
) -> Reply:
    return Reply(status, {"status": status, "error": code, "message": message, **fields}, headers)


def problem_json(problem: Problem) -> dict[str, str]:
    return {
        "severity": problem.severity,
        "path": problem.path,
        "message": problem.message,
        "hint": problem.hint,
        "code": problem.code,
    }
