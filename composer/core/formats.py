"""Checks of the string formats the spec and Alation name: UUID, ISO 8601 time, URI."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# Python 3.11 reads at most 6 fraction digits; producers such as Debezium send 9.
_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")
_HAS_OFFSET = re.compile(r"(Z|z|[+-]\d{2}(:?\d{2})?)$")


def is_uuid(text: object) -> bool:
    return isinstance(text, str) and _UUID.match(text) is not None


def parse_timestamp(text: str) -> datetime | None:
    """An ISO 8601 date-time, or None when `text` is not one (a date alone is not enough)."""
    if "T" not in text.upper() and " " not in text:
        return None
    try:
        return datetime.fromisoformat(_LONG_FRACTION.sub(r"\1", text.strip()))
    except ValueError:
        return None


def has_utc_offset(text: str) -> bool:
    return _HAS_OFFSET.search(text.strip()) is not None


def is_absolute_uri(text: object) -> bool:
    """A URI with a scheme and something after it, as `producer` and `_schemaURL` should be."""
    if not isinstance(text, str) or not text or any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host part
        return False
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme or "")) and bool(
        parts.netloc or parts.path
    )
