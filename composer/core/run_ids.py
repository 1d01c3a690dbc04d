"""Run IDs: UUIDv7 (RFC 9562, section 5.7), the kind OpenLineage recommends for `run.runId`.

A UUIDv7 starts with the Unix time in milliseconds, so run IDs sort by when they were made, like
the ones real producers send. Python's `uuid` gains `uuid7` in 3.14; until then these few lines
make one. (The `uuid6` package does the same, but it reads its own package metadata at import,
which made the window's start noticeably slower.)
"""

from __future__ import annotations

import os
import time
import uuid

_TIME_SHIFT = 80  # the 48-bit millisecond timestamp fills bits 127..80
_VERSION_MASK, _VERSION_7 = 0xF << 76, 0x7 << 76
_VARIANT_MASK, _VARIANT_RFC = 0x3 << 62, 0x2 << 62


def uuid7(now_ns: int | None = None, random_bits: bytes | None = None) -> uuid.UUID:
    """A version 7 UUID for `now_ns` (default: now) with 74 random bits (`random_bits`: 10 bytes)."""
    millis = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    noise = os.urandom(10) if random_bits is None else random_bits
    if len(noise) != 10:
        raise ValueError("a UUIDv7 takes exactly 10 bytes of randomness")
    value = (millis & 0xFFFF_FFFF_FFFF) << _TIME_SHIFT | int.from_bytes(noise, "big")
    value = (value & ~_VERSION_MASK) | _VERSION_7
    value = (value & ~_VARIANT_MASK) | _VARIANT_RFC
    return uuid.UUID(int=value)


def uuid7_millis(value: uuid.UUID) -> int:
    """The Unix time in milliseconds a UUIDv7 carries."""
    return value.int >> _TIME_SHIFT
