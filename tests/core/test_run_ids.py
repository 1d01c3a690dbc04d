"""UUIDv7 run IDs: the layout RFC 9562 gives them, checked bit by bit and against time."""

from __future__ import annotations

import time
import uuid

import pytest

from composer.core.document import new_run_id
from composer.core.run_ids import uuid7, uuid7_millis


def test_layout_follows_rfc_9562() -> None:
    made = uuid7(now_ns=0x0123_4567_89AB * 1_000_000 + 999_999, random_bits=bytes(range(10)))
    assert made.version == 7
    assert made.variant == uuid.RFC_4122
    assert uuid7_millis(made) == 0x0123_4567_89AB  # milliseconds, the sub-millisecond part dropped
    # the random bits sit where the version and variant do not: rand_a then rand_b
    assert made.hex[:12] == "0123456789ab"
    assert made.hex[12] == "7" and made.hex[13:16] == "001"  # version, then rand_a (low 12 bits of 0x0001)
    assert made.hex[16] in "89ab"


def test_run_ids_sort_by_time_and_do_not_repeat() -> None:
    now = time.time_ns()
    for _ in range(200):  # whatever the random bits, a later millisecond sorts later
        assert str(uuid7(now_ns=now)) < str(uuid7(now_ns=now + 1_000_000))
    made = uuid.UUID(new_run_id())
    assert made.version == 7
    assert abs(uuid7_millis(made) - now // 1_000_000) < 60_000
    assert len({new_run_id() for _ in range(10_000)}) == 10_000


def test_randomness_must_be_ten_bytes() -> None:
    with pytest.raises(ValueError, match="10 bytes"):
        uuid7(random_bits=b"short")
