"""What each send target checks by default: the rule-set names per receiver kind.

A read-only view of the receiver descriptors (`composer.core.receivers`), apart from
`composer.core.validation` (which re-exports it), so that a list of targets can be shown before
the rules themselves (and the schema engine behind them) are loaded. DataHub validates events
against the spec's schemas itself: its rule set includes them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from composer.core import receivers


class _TargetRuleSets(Mapping[str, tuple[str, ...]]):
    """Target name -> its rule sets, read from the descriptors at each look-up."""

    def __getitem__(self, target: str) -> tuple[str, ...]:
        try:
            return receivers.receiver(target).rule_sets
        except ValueError:
            raise KeyError(target) from None

    def __iter__(self) -> Iterator[str]:
        return iter(receivers.names())

    def __len__(self) -> int:
        return len(receivers.RECEIVERS)


TARGET_RULE_SETS: Mapping[str, tuple[str, ...]] = _TargetRuleSets()
