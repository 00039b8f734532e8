"""Remembering recent update ids: a redelivery is a duplicate, and memory stays bounded."""

from __future__ import annotations

import pytest

from channels.telegram_dedupe import DEFAULT_CAPACITY, RecentUpdateIds


def test_the_first_delivery_is_new_and_a_redelivery_is_a_duplicate() -> None:
    recent = RecentUpdateIds()
    assert recent.is_duplicate(700_000_001) is False
    assert recent.is_duplicate(700_000_002) is False
    assert recent.is_duplicate(700_000_001) is True
    assert recent.is_duplicate(700_000_001) is True


def test_memory_is_bounded_and_the_oldest_id_is_forgotten_first() -> None:
    recent = RecentUpdateIds(capacity=3)
    for update_id in (1, 2, 3, 4):
        assert not recent.is_duplicate(update_id)
    assert len(recent) == 3
    assert recent.is_duplicate(4) and recent.is_duplicate(3) and recent.is_duplicate(2)
    assert not recent.is_duplicate(1)  # forgotten: answered again, the documented limit


def test_a_redelivery_counts_as_recent_use() -> None:
    recent = RecentUpdateIds(capacity=2)
    recent.is_duplicate(1)
    recent.is_duplicate(2)
    assert recent.is_duplicate(1)  # 1 is now the most recent, so 2 goes first
    recent.is_duplicate(3)
    assert recent.is_duplicate(1) and not recent.is_duplicate(2)


def test_the_default_bound_holds_thousands_and_no_more() -> None:
    recent = RecentUpdateIds()
    for update_id in range(DEFAULT_CAPACITY + 500):
        recent.is_duplicate(update_id)
    assert DEFAULT_CAPACITY >= 1000 and len(recent) == DEFAULT_CAPACITY
    assert recent.is_duplicate(DEFAULT_CAPACITY + 499)


@pytest.mark.parametrize("capacity", [0, -1])
def test_a_capacity_below_one_is_refused(capacity: int) -> None:
    with pytest.raises(ValueError, match="capacity must be at least 1"):
        RecentUpdateIds(capacity)
