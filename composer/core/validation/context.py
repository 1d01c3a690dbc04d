"""What every rule sees: the event, the clock, and how to name a place for a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from composer.core.pointer import format_pointer, parse_pointer

if TYPE_CHECKING:
    from composer.core.tenant.snapshot import TenantSnapshot

_SIDE_LABEL = {"inputs": "input", "outputs": "output"}


@dataclass
class Context:
    event: Any
    now: datetime | None = None
    duplicate_keys: tuple[str, ...] = ()
    # The tenant's catalog for the "tenant" rule set; None without catalog access.
    tenant: TenantSnapshot | None = None
    clock: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.clock = self.now or datetime.now(UTC)

    @property
    def obj(self) -> dict[str, Any]:
        """The event as an object; {} when it is not one (a rule set reports that once)."""
        return self.event if isinstance(self.event, dict) else {}

    def section(self, key: str) -> dict[str, Any]:
        found = self.obj.get(key)
        return found if isinstance(found, dict) else {}

    def datasets(self, side: str) -> list[tuple[int, dict[str, Any]]]:
        found = self.obj.get(side)
        if not isinstance(found, list):
            return []
        return [(index, item) for index, item in enumerate(found) if isinstance(item, dict)]


def label(path: str | tuple[str | int, ...]) -> str:
    """A person's name for a JSON pointer: `/inputs/0/facets/schema` -> `input 1 › facet schema`."""
    parts: list[str | int] = list(parse_pointer(path)) if isinstance(path, str) else list(path)
    if not parts:
        return "event"
    words: list[str] = []
    index = 0
    while index < len(parts):
        part = str(parts[index])
        following = str(parts[index + 1]) if index + 1 < len(parts) else None
        if part in _SIDE_LABEL and following is not None and following.isdigit():
            words.append(f"{_SIDE_LABEL[part]} {int(following) + 1}")
            index += 2
            continue
        if part in ("facets", "inputFacets", "outputFacets") and following is not None:
            kind = {"inputFacets": "input facet", "outputFacets": "output facet"}.get(part, "facet")
            words.append(f"{kind} {following}")
            index += 2
            continue
        if part.isdigit() and words:
            words[-1] += f"[{int(part) + 1}]"
        elif words and not words[-1].startswith(
            ("input ", "output ", "facet ", "input facet", "output facet")
        ):
            words[-1] += f".{part}"
        else:
            words.append(part)
        index += 1
    return " › ".join(words)


def pointer(*parts: str | int) -> str:
    return format_pointer(parts)
