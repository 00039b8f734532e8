"""channels/erasure.py against Rasa's real tracker and lock stores (SQLite and in memory)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.erasure import ERASE_FAILED_REPLY, ERASED_METADATA, ERASED_REPLY, erase_and_reply, is_erase_request


def save(store, sender: str, text: str) -> None:
    tracker = DialogueStateTracker.from_events(sender, [UserUttered(text)])
    asyncio.run(store.save(tracker))


def count(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_erasure_deletes_one_sender_from_sqlite_behind_the_fail_safe_wrapper(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    sql = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    store = FailSafeTrackerStore(sql)
    save(store, "alice", "what is baclofen")
    save(store, "bob", "hello")
    agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())
    reply = asyncio.run(erase_and_reply(lambda: agent, "alice"))
    assert reply == {"text": ERASED_REPLY, "metadata": ERASED_METADATA}
    assert count(db, "alice") == 0 and count(db, "bob") == 1


def test_erasure_deletes_from_the_in_memory_store() -> None:
    store = InMemoryTrackerStore(Domain.empty())
    save(store, "alice", "hi")
    agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())
    asyncio.run(erase_and_reply(lambda: agent, "alice"))
    assert "alice" not in store.store


def test_a_store_it_cannot_erase_from_is_reported_not_claimed() -> None:
    agent = SimpleNamespace(tracker_store=object(), lock_store=InMemoryLockStore())
    assert asyncio.run(erase_and_reply(lambda: agent, "alice")) == {"text": ERASE_FAILED_REPLY}
    assert asyncio.run(erase_and_reply(lambda: None, "alice")) == {"text": ERASE_FAILED_REPLY}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("/erase_conversation_confirmed", True),
        ("delete my conversation", False),
        ("/erase_conversation_confirmed{}", False),
    ],
)
def test_only_the_exact_payload_erases(text: str, expected: bool) -> None:
    assert is_erase_request(text) is expected
