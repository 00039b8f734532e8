"""storage/retention.py on a real SQLite tracker store written by Rasa's own SQLTrackerStore."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict

import pytest

from tests.support.servers import ROOT

DAY = 24 * 60 * 60
RETENTION = ROOT / "storage" / "retention.py"


def sql_tracker_store(db: Path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    return SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))


def save_conversation(store, sender: str, started: float, last: float) -> None:
    """A greeting at `started` and another at `last`, saved the way Rasa saves a tracker."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [
        ActionExecuted("action_session_start", timestamp=started),
        SessionStarted(timestamp=started),
        ActionExecuted("action_listen", timestamp=started),
    ]
    for at in (started, last):
        events += [
            UserUttered("hello", intent={"name": "greet", "confidence": 1.0}, timestamp=at),
            ActionExecuted("utter_greet", timestamp=at + 1),
            BotUttered("Hello! I'm an automated assistant.", timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 2),
        ]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def events_per_conversation(db: Path) -> Dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id"))


def run_retention(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RETENTION), *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def tracker_db(tmp_path: Path) -> Path:
    db = tmp_path / "conversations.db"
    store = sql_tracker_store(db)
    now = time.time()
    save_conversation(store, "old-40-days", now - 45 * DAY, now - 40 * DAY)
    save_conversation(store, "old-31-days", now - 31.5 * DAY, now - 31 * DAY)
    save_conversation(store, "began-60-days-ago-active-2-days-ago", now - 60 * DAY, now - 2 * DAY)
    save_conversation(store, "last-event-29-days-ago", now - 29.5 * DAY, now - 29 * DAY)
    save_conversation(store, "today", now - 3600, now - 60)
    store.engine.dispose()
    return db


def test_deletes_conversations_whose_latest_event_is_older_than_n_days(tracker_db: Path) -> None:
    before = events_per_conversation(tracker_db)
    result = run_retention("--days", "30", "--db", str(tracker_db))
    assert result.returncode == 0, result.stderr
    expired = ("old-40-days", "old-31-days")
    deleted_events = sum(before[sender] for sender in expired)
    assert f"deleted 2 conversation(s) and {deleted_events} event(s)" in result.stdout
    after = events_per_conversation(tracker_db)
    # Newer conversations are kept whole, old first events included.
    assert after == {sender: count for sender, count in before.items() if sender not in expired}


def test_kept_conversations_still_load_in_rasa(tracker_db: Path) -> None:
    assert run_retention("--days", "30", "--db", str(tracker_db)).returncode == 0
    store = sql_tracker_store(tracker_db)
    tracker = asyncio.run(store.retrieve_full_tracker("began-60-days-ago-active-2-days-ago"))
    assert [e.text for e in tracker.events if e.type_name == "user"] == ["hello", "hello"]
    assert asyncio.run(store.retrieve("old-40-days")) is None
    store.engine.dispose()


def test_dry_run_counts_and_deletes_nothing(tracker_db: Path) -> None:
    before = events_per_conversation(tracker_db)
    result = run_retention("--days", "30", "--db", str(tracker_db), "--dry-run")
    assert result.returncode == 0, result.stderr
    expected_events = before["old-40-days"] + before["old-31-days"]
    assert f"would delete 2 conversation(s) and {expected_events} event(s)" in result.stdout
    assert events_per_conversation(tracker_db) == before


def test_a_longer_period_keeps_more(tracker_db: Path) -> None:
    result = run_retention("--days", "35", "--db", str(tracker_db))
    assert "deleted 1 conversation(s)" in result.stdout
    assert "old-40-days" not in events_per_conversation(tracker_db)
    assert "old-31-days" in events_per_conversation(tracker_db)


@pytest.mark.parametrize("days", ["0", "-5"])
def test_refuses_fewer_than_one_day(tracker_db: Path, days: str) -> None:
    before = events_per_conversation(tracker_db)
    result = run_retention("--days", days, "--db", str(tracker_db))
    assert result.returncode == 2
    assert "--days must be at least 1" in result.stderr and "Traceback" not in result.stderr
    assert events_per_conversation(tracker_db) == before


@pytest.mark.slow  # subprocesses importing Rasa
def test_missing_or_foreign_databases_get_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = run_retention("--days", "30", "--db", str(missing))
    assert result.returncode == 1 and "no conversation database at" in result.stderr
    assert not missing.exists()  # never creates an empty database
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (x TEXT)").connection.commit()
    result = run_retention("--days", "30", "--db", str(foreign))
    assert result.returncode == 1 and "not a Rasa SQL tracker store" in result.stderr
    unreachable = run_retention("--days", "30", "--db", "postgresql://rasa:secret@127.0.0.1:1/rasa")
    assert unreachable.returncode == 1 and "cannot clean the tracker store" in unreachable.stderr
    assert "secret" not in unreachable.stderr and "Traceback" not in unreachable.stderr


@pytest.mark.slow  # subprocesses importing Rasa
def test_relative_sqlite_path_is_relative_to_the_working_directory(tmp_path: Path) -> None:
    """endpoints.yml's `db: var/conversations.db` lands in the directory Rasa runs in."""
    (tmp_path / "var").mkdir()
    code = (
        "from rasa.core.tracker_store import SQLTrackerStore\n"
        "SQLTrackerStore(dialect='sqlite', db='var/conversations.db').engine.dispose()\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert (tmp_path / "var" / "conversations.db").is_file()
