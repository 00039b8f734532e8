"""storage.tracker_db: finding and reading Rasa's SQL tracker store (no Rasa needed)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storage.tracker_db import DEFAULT_DB, TrackerDatabaseError, database_url, read_events


def test_urls_pass_through_and_files_must_exist(tmp_path: Path) -> None:
    assert database_url("postgresql://u:p@h/db") == "postgresql://u:p@h/db"
    with pytest.raises(TrackerDatabaseError, match="no conversation database at"):
        database_url(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()
    db = tmp_path / "c.db"
    sqlite3.connect(db).close()
    assert database_url(str(db)) == f"sqlite:///{db}"
    assert database_url(str(db), read_only=True) == f"sqlite:///file:{db}?mode=ro&uri=true"
    assert DEFAULT_DB.name == "conversations.db" and DEFAULT_DB.parent.name == "var"


def test_events_are_grouped_by_sender_in_order_and_damaged_rows_skipped(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
    rows = [
        ("a", json.dumps({"event": "user", "text": "hi"})),
        ("b", "{not json"),
        ("a", json.dumps({"event": "bot", "text": "hello"})),
        ("b", json.dumps({"event": "user", "text": "x"})),
    ]
    connection.executemany("INSERT INTO events (sender_id, data) VALUES (?, ?)", rows)
    connection.commit()
    connection.close()
    events = read_events(str(db))
    assert list(events) == ["a", "b"]
    assert [e["text"] for e in events["a"]] == ["hi", "hello"] and [e["text"] for e in events["b"]] == ["x"]


def test_a_database_that_is_not_rasas_is_named(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE notes (x TEXT)").connection.commit()
    with pytest.raises(TrackerDatabaseError, match="no `events` table"):
        read_events(str(db))
