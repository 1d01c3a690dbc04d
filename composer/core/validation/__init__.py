"""Validation of one event against selectable rule sets, reported as `Problem`s.

- `openlineage`: the spec 2-0-2 event structure and every standard facet by key and place.
- `alation`: what Alation's Direct API page requires before it creates lineage.
- `lint`: habits that keep lineage resolvable (UUID runIds, known namespaces, name shapes ...);
  `lint-portable` is the same without Alation's namespace advice, for the other receivers.
- `marquez`, `datahub`, `openmetadata`: what each receiver documents (see each module's docstring
  for its sources).

The same finding from two rule sets (a runId that is not a UUID is an `openlineage` error, an
`alation` warning and a `lint` warning) is reported once, at its most severe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from composer.core.jsontext import loads_bounded
from composer.core.problems import Problem, by_severity, severity_rank
from composer.core.targets import TARGET_RULE_SETS
from composer.core.validation.alation import alation_rules
from composer.core.validation.context import Context
from composer.core.validation.datahub import datahub_rules
from composer.core.validation.lint import lint_rules, portable_lint_rules
from composer.core.validation.marquez import marquez_rules
from composer.core.validation.openlineage import openlineage_rules
from composer.core.validation.openmetadata import openmetadata_rules

if TYPE_CHECKING:
    from composer.core.document import EventDocument

RuleSet = Callable[[Context], Iterable[Problem]]
RULE_SETS: dict[str, RuleSet] = {
    "openlineage": openlineage_rules,
    "alation": alation_rules,
    "lint": lint_rules,
    "lint-portable": portable_lint_rules,
    "marquez": marquez_rules,
    "datahub": datahub_rules,
    "openmetadata": openmetadata_rules,
}
__all__ = ["RULE_SETS", "TARGET_RULE_SETS", "Context", "Problem", "validate", "validate_document", "validate_text"]


def validate(
    event: object,
    rule_sets: Iterable[str] = ("alation",),
    *,
    now: datetime | None = None,
    duplicate_keys: Iterable[str] = (),
) -> list[Problem]:
    """Problems of `event` (parsed JSON) under the chosen rule sets, most severe first."""
    names = list(rule_sets)
    unknown = [name for name in names if name not in RULE_SETS]
    if unknown:
        raise ValueError(f"unknown rule set {', '.join(unknown)}; choose from {', '.join(RULE_SETS)}")
    context = Context(event, now=now, duplicate_keys=tuple(duplicate_keys))
    found: list[Problem] = []
    for name in names:
        found.extend(RULE_SETS[name](context))
    return _merge(found)


def validate_document(document: EventDocument, rule_sets: Iterable[str]) -> list[Problem]:
    """Problems of an `EventDocument` (its value, and the keys its text repeats)."""
    return validate(document.value, rule_sets, duplicate_keys=document.duplicate_keys)


def validate_text(
    text: str,
    rule_sets: Iterable[str],
    *,
    duplicate_keys: Iterable[str] = (),
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> list[Problem]:
    """Problems of an event given as its exact JSON text; text that is not JSON is checked as no
    event at all (the rule sets say what is missing). `object_pairs_hook` goes to `json.loads`."""
    try:
        value: Any = loads_bounded(text, object_pairs_hook=object_pairs_hook)
    except (ValueError, RecursionError):
        value = None
    return validate(value, rule_sets, duplicate_keys=duplicate_keys)


def _merge(problems: list[Problem]) -> list[Problem]:
    best: dict[tuple[str, str], Problem] = {}
    order: list[tuple[str, str]] = []
    for problem in problems:
        key = (problem.path, problem.code or problem.message)
        kept = best.get(key)
        if kept is None:
            order.append(key)
            best[key] = problem
        elif severity_rank(problem.severity) < severity_rank(kept.severity):
            best[key] = problem
    merged = [best[key] for key in order]
    return by_severity(merged)


def targets_for(target: str) -> tuple[str, ...]:
    try:
        return TARGET_RULE_SETS[target]
    except KeyError:
        raise ValueError(f"unknown target {target!r}; choose from {', '.join(TARGET_RULE_SETS)}") from None
