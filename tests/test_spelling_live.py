"""Misspelt names through the trained bot: the intent a misspelling gets, and the answer.

Parse-level: each message goes over REST to the live bot, and its parse data is read back from
the SQLite tracker store, which also shows what Rasa stores: the event's `text` is what the user
typed, the parse data's `text` is what the pipeline read (after components/spelling.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from typing import Any, Dict

import pytest

from actions.safety_texts import FULL_DISCLAIMERS
from tests.support.project import REFERRAL

pytestmark = pytest.mark.live


def user_event(live_bot, text: str) -> Dict[str, Any]:
    """Sends `text` as a new conversation and returns its stored user event."""
    sender = f"spelling-{uuid.uuid4().hex[:10]}"
    live_bot.say(sender, text)
    with sqlite3.connect(live_bot.tracker_db) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)).fetchall()
    assert len(rows) == 1, rows
    return json.loads(rows[0][0])


def intent(event: Dict[str, Any]) -> str:
    return event["parse_data"]["intent"]["name"]


def test_a_misspelt_baclofen_next_to_another_drug_is_no_longer_out_of_scope(live_bot) -> None:
    event = user_event(live_bot, "is balcofen the same as tizanidine?")
    assert intent(event) != "out_of_scope"
    assert intent(event) == intent(user_event(live_bot, "is baclofen the same as tizanidine?"))
    # the tracker keeps what the user typed; the parse data holds what was read, and why
    assert event["text"] == "is balcofen the same as tizanidine?"
    assert event["parse_data"]["text"] == "is baclofen the same as tizanidine?"
    assert event["parse_data"]["spelling_corrections"] == [
        {"original": "balcofen", "corrected": "baclofen", "start": 3, "end": 11}
    ]
    assert {"entity": "drug", "value": "baclofen"}.items() <= next(
        e for e in event["parse_data"]["entities"] if e["entity"] == "drug"
    ).items()


@pytest.mark.parametrize(
    "misspelt,correct",
    [
        ("what is baclophen", "what is baclofen"),
        ("side affects of lioresol", "side affects of lioresal"),
        ("does it help mutliple sclerosis", "does it help multiple sclerosis"),
        ("my son has cerebal palsey, will baclofen help", "my son has cerebral palsy, will baclofen help"),
        ("can i take baclfoen with tizanadine", "can i take baclofen with tizanidine"),
    ],
)
def test_a_misspelling_gets_the_intent_of_its_correct_spelling(live_bot, misspelt: str, correct: str) -> None:
    misspelt_event, correct_event = user_event(live_bot, misspelt), user_event(live_bot, correct)
    assert intent(misspelt_event) == intent(correct_event)
    assert misspelt_event["parse_data"]["text"] == correct


def test_a_misspelt_question_gets_its_answer_over_rest(live_bot) -> None:
    """Before the corrector this got "Sorry, I can only answer questions about baclofen"."""
    messages = live_bot.say(f"spelling-{uuid.uuid4().hex[:10]}", "is balcofen the same as tizanidine?")
    texts = [m["text"] for m in messages if m.get("text")]
    assert len(texts) == 2, texts
    assert "only answer questions about baclofen" not in texts[0]
    assert re.search(r"does not compare baclofen with any named\s+medicine", texts[0]), texts[0]
    assert REFERRAL.search(texts[0])
    assert texts[1] in FULL_DISCLAIMERS.values()
