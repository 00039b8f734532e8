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


def user(channel) -> dict:
    return {"event": "user", "text": "hi", "input_channel": channel}


@pytest.mark.parametrize(
    "events, automated",
    [
        ([user("cmdline"), {"event": "bot", "text": "Hello"}, user("cmdline")], True),  # rasa shell
        ([user(None)], True),  # rasa interactive, through Rasa's HTTP API
        ([user("rest"), user("cmdline")], False),  # a person took part
        ([user("socketio")], False),
        ([user("telegram")], False),
        ([{"event": "action", "name": "action_session_start"}], False),  # no user message yet
    ],
)
def test_shell_and_interactive_conversations_are_told_from_people_by_their_channel(events, automated) -> None:
    assert is_automated("0123456789abcdef0123456789abcdef", events) is automated


def test_make_shell_ids_are_automated() -> None:
    assert is_automated("shell-1a2b3c4d5e6f")
