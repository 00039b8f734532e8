"""Conversations that belong to our own tools, not to real users.

Told apart by the sender id's prefix (the prefixes are allowed by the channels' sender-id
check, [A-Za-z0-9_.:@+-]{1,64}), or by the channel the user's messages came in through:
`rasa shell` records "cmdline", and `rasa interactive` (Rasa's HTTP API) records none. Real
users reach the assistant through REST, socket.io or Telegram only. The transcript tools
leave these conversations out of reviews unless asked for them.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional

# The staff conversation tests (python -m staff.conversations).
CONVERSATION_TEST_PREFIX = "staff-test-"
# The start-up check of `make run` (scripts/ops/startup_check.py): one medical question.
HEALTHCHECK_PREFIX = "healthcheck-"
# `make shell` and `make interactive` (rasa shell / rasa interactive --conversation-id shell-...).
SHELL_PREFIX = "shell-"

AUTOMATED_PREFIXES = (CONVERSATION_TEST_PREFIX, HEALTHCHECK_PREFIX, SHELL_PREFIX)
# input_channel of the user messages that developer tools send: rasa shell, and none at all
# for messages added through Rasa's HTTP API (rasa interactive).
DEVELOPER_CHANNELS = frozenset({"cmdline", None})


def is_automated(sender_id: str, events: Optional[Iterable[Mapping]] = None) -> bool:
    """True for a conversation started by a test, a health check or a developer's shell rather
    than a person. `events`: the conversation's stored events (Rasa's event dicts), if known;
    a conversation whose every user message came through a developer channel is automated."""
    if sender_id.startswith(AUTOMATED_PREFIXES):
        return True
    if events is None:
        return False
    channels = [event.get("input_channel") for event in events if event.get("event") == "user"]
    return bool(channels) and all(channel in DEVELOPER_CHANNELS for channel in channels)
