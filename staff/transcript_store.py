"""Real conversations, read from Rasa's SQL tracker store, with the filters staff ask for.

Rasa's SQLTrackerStore keeps one row per event in the `events` table (sender_id, type_name,
timestamp, intent_name, action_name, data); `data` is the event as JSON, the same shape the
HTTP API returns, so the turns are rebuilt by staff.turns. The table is only read, never
written, and a SQLite file is opened read-only.

Conversations from our own tools (the conversation tests, sender ids "staff-test-...", and
the start-up check of `make run`, "healthcheck-...": staff.sender_ids) are left out unless
asked for.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Dict, List, Optional

from staff.sender_ids import is_automated
from storage import tracker_db
from staff.turns import Turn, turns_from_events

DEFAULT_DB = tracker_db.DEFAULT_DB
SALT_ENV = "TRANSCRIPT_SALT"


class TranscriptError(Exception):
    """The conversations cannot be read; the message says why."""


@dataclass
class Conversation:
    sender_id: str
    turns: List[Turn] = field(default_factory=list)
    label: str = ""  # what exports show: a pseudonym, or the sender id when kept

    @property
    def started(self) -> Optional[float]:
        return self.turns[0].timestamp if self.turns else None

    @property
    def has_red_flag(self) -> bool:
        return any(t.is_red_flag for t in self.turns)

    @property
    def has_fallback(self) -> bool:
        return any(t.is_fallback for t in self.turns)

    @property
    def has_handoff(self) -> bool:
        return any(t.handoff is not None for t in self.turns)


@dataclass
class Filters:
    since: Optional[date] = None
    until: Optional[date] = None
    conversation: Optional[str] = None
    fallback_only: bool = False
    red_flag_only: bool = False
    handoff_only: bool = False
    min_turns: int = 0
    include_tests: bool = False

    def describe(self) -> List[str]:
        parts = []
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.conversation:
            parts.append(f"conversation {self.conversation}")
        if self.fallback_only:
            parts.append("only conversations with a message the bot did not understand")
        if self.red_flag_only:
            parts.append("only conversations with a red flag")
        if self.handoff_only:
            parts.append("only conversations where someone asked to reach a person")
        if self.min_turns:
            parts.append(f"at least {self.min_turns} user messages")
        if self.include_tests:
            parts.append("including conversation-test runs and start-up checks")
        return parts


class Pseudonymiser:
    """Replaces sender ids by a keyed hash: the same id gives the same pseudonym for one salt.

    The salt comes from $TRANSCRIPT_SALT (keep it secret: with it, anyone holding the sender ids
    could link them to exports). Without it a random salt is used for this export only, so
    pseudonyms cannot be linked between exports.
    """

    def __init__(self, salt: Optional[str] = None) -> None:
        configured = salt if salt is not None else os.environ.get(SALT_ENV)
        self.stable = bool(configured)
        self._key = (configured or secrets.token_hex(32)).encode()

    def __call__(self, sender_id: str) -> str:
        digest = hmac.new(self._key, sender_id.encode(), hashlib.sha256).hexdigest()
        return "conv-" + digest[:12]


def read_events(db: Optional[str]) -> "OrderedDict[str, List[Dict]]":
    """storage.tracker_db.read_events, its errors as TranscriptError."""
    try:
        return tracker_db.read_events(db)
    except tracker_db.TrackerDatabaseError as error:
        raise TranscriptError(str(error)) from None


def _local_date(timestamp: Optional[float]) -> Optional[date]:
    return datetime.fromtimestamp(timestamp).date() if timestamp is not None else None


def _within(turn: Turn, filters: Filters) -> bool:
    day = _local_date(turn.timestamp)
    if day is None:
        return not (filters.since or filters.until)
    return (filters.since is None or day >= filters.since) and (filters.until is None or day <= filters.until)


def load_conversations(
    db: Optional[str], filters: Filters, pseudonymise: Optional[Pseudonymiser]
) -> List[Conversation]:
    """Conversations that pass the filters; dates keep only the turns on those days (local time)."""
    conversations: List[Conversation] = []
    for sender_id, events in read_events(db).items():
        if is_automated(sender_id, events) and not filters.include_tests:
            continue
        label = pseudonymise(sender_id) if pseudonymise else sender_id
        if filters.conversation and filters.conversation not in (sender_id, label):
            continue
        turns = [t for t in turns_from_events(events) if _within(t, filters)]
        conversation = Conversation(sender_id=sender_id, turns=turns, label=label)
        if not turns or len(turns) < filters.min_turns:
            continue
        if filters.fallback_only and not conversation.has_fallback:
            continue
        if filters.red_flag_only and not conversation.has_red_flag:
            continue
        if filters.handoff_only and not conversation.has_handoff:
            continue
        conversations.append(conversation)
    conversations.sort(key=lambda c: c.started or 0.0)
    return conversations
