"""The single-machine profile keeps conversations in SQLite across a Rasa restart."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path
from typing import List, Tuple

import pytest

from tests.storage.conftest import ActionServer
from tests.storage.dialogue import ANSWERS, Turn, send
from tests.support.servers import free_port, rasa_server, write_endpoints

pytestmark = pytest.mark.live

SENDER = "persistence-check"
BEFORE_RESTART = ["hello", "what is baclofen", "how does baclofen work"]
AFTER_RESTART = "what are the brand names of baclofen"


def user_turns_in_sqlite(db: Path, sender: str) -> List[Tuple[str, List[str]]]:
    """(user text, bot texts after it) per turn, read straight from the tracker store file."""
    turns: List[Tuple[str, List[str]]] = []
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    for type_name, data in rows:
        event = json.loads(data)
        if type_name == "user":
            turns.append((event["text"], []))
        elif type_name == "bot" and turns:
            turns[-1][1].append(event.get("text") or "")
    return turns


def test_conversation_survives_a_restart(tmp_path: Path, storage_actions: ActionServer) -> None:
    db = tmp_path / "var" / "conversations.db"
    db.parent.mkdir()
    endpoints = write_endpoints(
        tmp_path / "endpoints.yml",
        storage_actions.port,
        f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {db}\n",
    )

    first_port = free_port()
    first = rasa_server(first_port, tmp_path, endpoints).start()
    try:
        first.wait_until_ready(timeout=180)
        for number, question in enumerate(BEFORE_RESTART):
            turn = send(Turn(SENDER, number, question, f"http://127.0.0.1:{first_port}"))
            assert turn.answered, f"{question!r}: {turn.status} {turn.reply or turn.error}"
    finally:
        first.stop()

    stored = user_turns_in_sqlite(db, SENDER)
    assert [text for text, _ in stored] == BEFORE_RESTART
    for text, bot_texts in stored:
        assert any(ANSWERS[text] in b for b in bot_texts), (text, bot_texts)

    # The same database, a new process; the HTTP API shows what the new process loaded.
    second_port = free_port()
    second = rasa_server(second_port, tmp_path, endpoints, extra_args=["--enable-api"]).start()
    try:
        second.wait_until_ready(timeout=180)
        url = f"http://127.0.0.1:{second_port}"
        with urllib.request.urlopen(f"{url}/conversations/{SENDER}/tracker?include_events=ALL", timeout=30) as r:
            loaded = json.loads(r.read())
        assert [e["text"] for e in loaded["events"] if e["event"] == "user"] == BEFORE_RESTART

        turn = send(Turn(SENDER, len(BEFORE_RESTART), AFTER_RESTART, url))
        assert turn.answered, f"{turn.status} {turn.reply or turn.error}"
        with urllib.request.urlopen(f"{url}/conversations/{SENDER}/tracker?include_events=ALL", timeout=30) as r:
            events = json.loads(r.read())["events"]
    finally:
        second.stop()

    # One conversation, one session: the restart neither forgot nor restarted it.
    assert [e["text"] for e in events if e["event"] == "user"] == [*BEFORE_RESTART, AFTER_RESTART]
    assert sum(e["event"] == "session_started" for e in events) == 1
    assert [text for text, _ in user_turns_in_sqlite(db, SENDER)] == [*BEFORE_RESTART, AFTER_RESTART]
