"""The default profile (SQLite, storage.tracker_store.StrictSQLTrackerStore) when another
process holds the database's write lock for longer than the busy timeout (a backup, a long
`make retention`): no turn is answered 200 without being stored, an emergency still gets its
reply, and the counters at /health/metrics say what happened."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path
from typing import List

import pytest

from channels.turns import UNAVAILABLE_REPLY
from tests.storage.conftest import ActionServer
from tests.storage.dialogue import ANSWERS, Turn, send
from tests.support.servers import free_port, rasa_server, write_endpoints

pytestmark = pytest.mark.live

EMERGENCY = "my child swallowed all my baclofen tablets"
BUSY_TIMEOUT = 2  # seconds; the lock below is held longer
LOCK_SECONDS = 8


def post(url: str, sender: str, text: str) -> tuple:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def user_texts(db: Path, sender: str) -> List[str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def metric(url: str, name: str, **labels: str) -> float:
    with urllib.request.urlopen(url + "/health/metrics", timeout=10) as response:
        text = response.read().decode()
    wanted = name + "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"
    for line in text.splitlines():
        if line.startswith(wanted + " "):
            return float(line.split()[-1])
    return 0.0


def test_a_locked_sqlite_file_refuses_turns_and_still_answers_emergencies(
    tmp_path: Path, storage_actions: ActionServer
) -> None:
    db = tmp_path / "var" / "conversations.db"  # the folder is made by the store
    endpoints = write_endpoints(
        tmp_path / "endpoints.yml",
        storage_actions.port,
        "tracker_store:\n  type: storage.tracker_store.StrictSQLTrackerStore\n  dialect: sqlite\n"
        f"  db: {db}\n  busy_timeout: {BUSY_TIMEOUT}\n",
    )
    port = free_port()
    server = rasa_server(port, tmp_path, endpoints).start()
    url = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_ready(timeout=240)
        assert send(Turn("sqlite-lock", 0, "hello", url)).answered
        status, normal_emergency = post(url, "sqlite-emergency-before", EMERGENCY)
        assert status == 200 and normal_emergency

        locked, release = threading.Event(), threading.Event()

        def hold_lock() -> None:
            connection = sqlite3.connect(db, isolation_level=None, timeout=30)
            connection.execute("BEGIN EXCLUSIVE")
            locked.set()
            release.wait(LOCK_SECONDS)
            connection.execute("COMMIT")
            connection.close()

        holder = threading.Thread(target=hold_lock)
        holder.start()
        assert locked.wait(10)
        started = time.monotonic()
        refused = send(Turn("sqlite-lock", 1, "what is baclofen", url))
        emergency_status, emergency_body = post(url, "sqlite-emergency-during", EMERGENCY)
        during = time.monotonic() - started
        release.set()
        holder.join()

        after = send(Turn("sqlite-lock", 2, "how does baclofen work", url))
        refused_count = metric(url, "baclofen_refused_turns_total", channel="rest", reason="storage_unavailable")
        safety_count = metric(url, "baclofen_safety_replies_on_refused_turns_total", channel="rest")
        save_failures = metric(url, "baclofen_tracker_store_failures_total", operation="save")
    finally:
        server.stop()

    print(
        f"SQLite locked by another process for up to {LOCK_SECONDS} s (busy timeout {BUSY_TIMEOUT} s): "
        f"a question got HTTP {refused.status}, an emergency HTTP {emergency_status} with "
        f"{len(emergency_body.get('messages', []))} safety message(s), in {during:.1f} s; "
        f"after the lock: HTTP {after.status}; counters: {refused_count:.0f} refused, "
        f"{safety_count:.0f} with safety replies, {save_failures:.0f} failed saves"
    )
    assert refused.status == 503 and json.loads(refused.error)["error"] == UNAVAILABLE_REPLY
    assert emergency_status == 503 and emergency_body["error"] == UNAVAILABLE_REPLY
    # the same emergency reply as when storage works, though this turn is not stored
    assert [m["text"] for m in emergency_body["messages"]] == [m["text"] for m in normal_emergency]
    assert after.answered, (after.status, after.error)
    assert user_texts(db, "sqlite-lock") == ["hello", "how does baclofen work"]
    assert user_texts(db, "sqlite-emergency-during") == []
    assert refused_count >= 2 and safety_count >= 1 and save_failures >= 2
    assert ANSWERS["how does baclofen work"] in after.reply
