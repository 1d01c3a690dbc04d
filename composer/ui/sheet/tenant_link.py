"""Which tenant pre-flight the sheet review uses: the window's, for the profile chosen there.

The review asks the very check the window's problems list runs (`TenantUi.checks.checker`),
so an event opened in the editor shows the same tenant findings, from the same remembered
data-source list and table lookups; a profile without catalog access has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.core.problems import Problem

if TYPE_CHECKING:
    from composer.ui.tenant.install import TenantUi

# An event's text in, the "tenant" rule set's problems out; runs on a worker and raises when the
# tenant cannot be asked. Light on purpose: the window imports this module while it builds.
TenantCheck = Callable[[str], list[Problem]]


@dataclass(frozen=True)
class TenantPreflight:
    profile: str  # whose tenant, for the review's words
    check: TenantCheck


TenantOf = Callable[[], "TenantPreflight | None"]


def no_tenant() -> TenantPreflight | None:
    return None


def preflight_of(tenant: TenantUi) -> TenantPreflight | None:
    """The window's pre-flight now, or None (no profile yet, or it has no catalog access)."""
    check, profile = tenant.checks.checker, tenant.current
    return None if check is None or profile is None else TenantPreflight(profile.name, check)
