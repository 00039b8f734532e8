"""Which sender ids belong to our own tools (no assistant needed)."""
from __future__ import annotations

import pytest

from staff.sender_ids import is_automated


@pytest.mark.parametrize(
    "sender_id, automated",
    [
        ("staff-test-dose-1a2b3c4d", True),
        ("healthcheck-0123456789ab", True),
        ("anna+chat@example.org", False),
        ("my-healthcheck-1", False),  # only a prefix counts
        ("HEALTHCHECK-1", False),
    ],
)
def test_test_runs_and_health_checks_are_told_from_people(sender_id: str, automated: bool) -> None:
    assert is_automated(sender_id) is automated
