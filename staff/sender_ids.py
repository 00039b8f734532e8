"""Sender ids that belong to our own tools, not to real users.

Both prefixes are allowed by the channels' sender-id check ([A-Za-z0-9_.:@+-]{1,64}). The
transcript tools leave these conversations out of reviews unless asked for them.
"""
from __future__ import annotations

# The staff conversation tests (python -m staff.conversations).
CONVERSATION_TEST_PREFIX = "staff-test-"
# The start-up check of `make run` (scripts/startup_check.py): one medical question.
HEALTHCHECK_PREFIX = "healthcheck-"

AUTOMATED_PREFIXES = (CONVERSATION_TEST_PREFIX, HEALTHCHECK_PREFIX)


def is_automated(sender_id: str) -> bool:
    """True for a conversation started by a test or a health check rather than a person."""
    return sender_id.startswith(AUTOMATED_PREFIXES)
