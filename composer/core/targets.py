"""What each send target checks by default: the rule-set names per receiver, and nothing else.

Plain data, apart from `composer.core.validation` (which re-exports it), so that a list of
targets can be shown before the rules themselves (and the schema engine behind them) are loaded.
DataHub validates events against the spec's schemas itself: its rule set includes them.
"""

from __future__ import annotations

TARGET_RULE_SETS: dict[str, tuple[str, ...]] = {
    "alation": ("alation", "lint"),
    "openlineage": ("openlineage", "lint-portable"),
    "marquez": ("marquez", "lint-portable"),
    "datahub": ("datahub", "lint-portable"),
    "openmetadata": ("openmetadata", "lint-portable"),
}
