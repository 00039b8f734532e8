"""storage.tracker_store.StrictSQLTrackerStore on SQLite files (no server needed): a failed
read or write raises through Rasa's FailSafeTrackerStore instead of falling back to memory;
WAL mode and the busy timeout make a writer wait for another process' lock; missing folders
and tables are made; a store that cannot be used stops the start with one clear line."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from storage.metrics import TRACKER_STORE_FAILURES
from storage.tracker_store import StrictSQLTrackerStore, TrackerStoreSetupError, TrackerStoreUnavailable

DOMAIN = Domain.empty()


def store_at(db: Path, **settings: object) -> StrictSQLTrackerStore:
    return StrictSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db), **settings)


def a_turn(sender: str, text: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(UserUttered(text))
    tracker.update(ActionExecuted("utter_answer"))
    tracker.update(BotUttered(f"answer to {text}"))
    return tracker


def stored_texts(db: Path, sender: str) -> list:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [type_name for type_name, _ in rows]


def failures(operation: str) -> float:
    return TRACKER_STORE_FAILURES.labels(operation=operation)._value.get()


def hold_write_lock(db: str, seconds: float, locked: "multiprocessing.synchronize.Event") -> None:
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    locked.set()
    time.sleep(seconds)
    connection.execute("COMMIT")
    connection.close()


def locked_by_another_process(db: Path, seconds: float) -> multiprocessing.Process:
    locked = multiprocessing.Event()
    holder = multiprocessing.Process(target=hold_write_lock, args=(str(db), seconds, locked))
    holder.start()
    assert locked.wait(10), "the other process did not get the lock"
    return holder


def test_a_missing_folder_and_table_are_made_and_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "not" / "yet" / "conversations.db"
    store = store_at(db)
    asyncio.run(store.save(a_turn("wal", "hello")))
    assert stored_texts(db, "wal") == ["user", "action", "bot"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.check() == f"SQLite file {db}"


def test_a_table_dropped_while_running_is_made_again(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    store = store_at(db)
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE events")
    asyncio.run(store.save(a_turn("repaired", "hello")))
    assert stored_texts(db, "repaired") == ["user", "action", "bot"]


def test_a_write_waits_for_another_process_lock_shorter_than_the_busy_timeout(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    store = store_at(db, busy_timeout=10)
    holder = locked_by_another_process(db, 2.0)
    started = time.monotonic()
    asyncio.run(store.save(a_turn("waited", "hello")))
    waited = time.monotonic() - started
    holder.join()
    print(f"SQLite write behind another process' 2 s lock: stored after {waited:.1f} s")
    assert waited >= 1.0
    assert stored_texts(db, "waited") == ["user", "action", "bot"]


def test_a_lock_beyond_the_busy_timeout_raises_through_rasas_fail_safe_wrapper(tmp_path: Path) -> None:
    """Rasa wraps every store in FailSafeTrackerStore, which would keep the turn in memory."""
    db = tmp_path / "conversations.db"
    fail_safe = FailSafeTrackerStore(store_at(db, busy_timeout=0.5))
    before = failures("save")
    holder = locked_by_another_process(db, 3.0)
    try:
        with pytest.raises(TrackerStoreUnavailable) as refused:
            asyncio.run(fail_safe.save(a_turn("locked", "my private question")))
    finally:
        holder.join()
    assert refused.value.operation == "save"
    assert "database is locked" in refused.value.reason
    assert "my private question" not in str(refused.value)  # no SQL parameters in the reason
    assert failures("save") == before + 1
    assert fail_safe._fallback_tracker_store is None  # nothing went to the in-memory fallback
    assert stored_texts(db, "locked") == []
    # The lock is gone: the same store works again.
    asyncio.run(fail_safe.save(a_turn("locked", "again")))
    assert stored_texts(db, "locked") == ["user", "action", "bot"]


def test_a_failed_read_raises_instead_of_answering_from_an_empty_tracker(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    store = store_at(db)
    asyncio.run(store.save(a_turn("reader", "hello")))
    db.unlink()
    db.mkdir()  # the path is now a folder: nothing can be read there
    with pytest.raises(TrackerStoreUnavailable) as refused:
        asyncio.run(FailSafeTrackerStore(store).retrieve("reader"))
    assert refused.value.operation == "retrieve"


def test_an_unusable_store_stops_the_start_with_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(
        TrackerStoreSetupError,
        match=r"the tracker store \(SQLite file .*a-file/x.db\) is not "
        r"usable after 1 s: ",
    ):
        store_at(blocker / "x.db", startup_timeout=1)
