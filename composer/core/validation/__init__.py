"""Validation of one event against selectable rule sets, reported as `Problem`s.

- `openlineage`: the spec 2-0-2 event structure and every standard facet by key and place.
- `alation`: what Alation's Direct API page requires before it creates lineage.
- `lint`: habits that keep lineage resolvable (UUID runIds, known namespaces, name shapes ...);
  `lint-portable` is the same without Alation's namespace advice, for the other receivers.
- `marquez`, `datahub`, `openmetadata`: what each receiver documents (see each module's docstring
  for its sources).
- `tenant`: whether each dataset lands on the tenant's cataloged data sources and tables; it needs
  a `TenantSnapshot` (`tenant=`) and finds nothing without one.

The same finding from two rule sets (a runId that is not a UUID is an `openlineage` error, an
`alation` warning and a `lint` warning) is reported once, at its most severe.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from composer.core import receivers
from composer.core.jsontext import loads_bounded
from composer.core.problems import Problem, by_severity, severity_rank
from composer.core.targets import TARGET_RULE_SETS
from composer.core.validation.context import Context
from composer.core.validation.lint import lint_rules, portable_lint_rules
from composer.core.validation.openlineage import openlineage_rules
from composer.core.validation.tenant import tenant_rules

if TYPE_CHECKING:
    from composer.core.document import EventDocument
    from composer.core.tenant.snapshot import TenantSnapshot

RuleSet = Callable[[Context], Iterable[Problem]]
# Rule sets no single receiver owns; each receiver's own set is named by its descriptor.
_SHARED: dict[str, RuleSet] = {
    "openlineage": openlineage_rules,
    "lint": lint_rules,
    "lint-portable": portable_lint_rules,
    "tenant": tenant_rules,
}


class _RuleSets(Mapping[str, RuleSet]):
    """Rule-set name -> rules: the shared sets, then every receiver's own, read at each look-up."""

    def __getitem__(self, name: str) -> RuleSet:
        if name in _SHARED:
            return _SHARED[name]
        owner = next((known for known in receivers.RECEIVERS if known.rules and known.name == name), None)
        if owner is None:
            raise KeyError(name)
        return _load(owner.rules)

    def __iter__(self) -> Iterator[str]:
        yield from _SHARED
        yield from (known.name for known in receivers.RECEIVERS if known.rules)

    def __len__(self) -> int:
        return sum(1 for _name in self)


@cache
def _load(reference: str) -> RuleSet:
    module, _, function = reference.partition(":")
    return cast(RuleSet, getattr(importlib.import_module(module), function))


RULE_SETS: Mapping[str, RuleSet] = _RuleSets()
__all__ = ["RULE_SETS", "TARGET_RULE_SETS", "Context", "Problem", "validate", "validate_document", "validate_text"]


def validate(
    event: object,
    rule_sets: Iterable[str] = ("alation",),
    *,
    now: datetime | None = None,
    duplicate_keys: Iterable[str] = (),
    tenant: TenantSnapshot | None = None,
) -> list[Problem]:
    """Problems of `event` (parsed JSON) under the chosen rule sets, most severe first.
    `tenant` is what the "tenant" rule set checks against."""
    names = list(rule_sets)
    unknown = [name for name in names if name not in RULE_SETS]
    if unknown:
        raise ValueError(f"unknown rule set {', '.join(unknown)}; choose from {', '.join(RULE_SETS)}")
    context = Context(event, now=now, duplicate_keys=tuple(duplicate_keys), tenant=tenant)
    found: list[Problem] = []
    for name in names:
        found.extend(RULE_SETS[name](context))
    return _merge(found)


def validate_document(
    document: EventDocument, rule_sets: Iterable[str], *, tenant: TenantSnapshot | None = None
) -> list[Problem]:
    """Problems of an `EventDocument` (its value, and the keys its text repeats)."""
    return validate(document.value, rule_sets, duplicate_keys=document.duplicate_keys, tenant=tenant)


def validate_text(text: str, rule_sets: Iterable[str], *, duplicate_keys: Iterable[str] = ()) -> list[Problem]:
    """Problems of an event given as its exact JSON text; text that is not JSON is checked as no
    event at all (the rule sets say what is missing)."""
    try:
        value: Any = loads_bounded(text)
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
