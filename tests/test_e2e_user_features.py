"""End to end over REST: the user features of issue 14 with the trained bot, its action server
and a SQLite tracker store (tests/conftest.py's live_bot)."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from typing import Dict, List

import pytest

from actions import assistant_texts as texts
from channels.answer_metadata import ARTICLE_TITLE
from channels.erasure import ERASED_REPLY
from tests.support.project import domain
from tests.support.servers import reply_text

pytestmark = pytest.mark.live
EMERGENCY = re.compile(r"emergency|\b911\b|\b999\b|\b112\b|poison control", re.I)


def new_sender() -> str:
    return f"uf-{uuid.uuid4().hex[:10]}"


def slot_values(db, sender: str, slot: str) -> List:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot'", (sender,)
        ).fetchall()
    return [json.loads(d)["value"] for (d,) in rows if json.loads(d)["name"] == slot]


def event_count(db, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def texts_of(messages: List[Dict]) -> List[str]:
    return [m["text"] for m in messages if m.get("text")]


# ----- sources in the metadata


def test_a_medical_answer_carries_its_source_and_is_rateable(live_bot) -> None:
    messages = live_bot.say(new_sender(), "what are the side effects of baclofen")
    answer = messages[0]
    assert answer["metadata"] == {
        "response": "utter_side_effects",
        "source": {"title": ARTICLE_TITLE, "year": 2023, "sections": ["Common Side Effects and Precautions"]},
        "rateable": True,
    }
    # the disclaimer after it is not an answer of its own
    assert "metadata" not in messages[1]


def test_a_greeting_names_its_response_only_and_shows_the_topics(live_bot) -> None:
    messages = live_bot.say(new_sender(), "hello")
    assert messages[0]["metadata"] == {"response": "utter_greet"}
    assert any(b["payload"] == "/ask_side_effects" for b in messages[0].get("buttons") or [])


@pytest.mark.parametrize("question", ["where does this information come from?", "who wrote this", "is this reliable"])
def test_source_questions_get_an_honest_answer(live_bot, question: str) -> None:
    text = reply_text(live_bot.say(new_sender(), question))
    assert domain()["responses"]["utter_about_source"][0]["text"].split(",")[0] in text
    assert "promotional" in text and "not a clinical" in text and "2023" in text


def test_where_is_this_from_names_the_sections_of_the_latest_answer(live_bot) -> None:
    sender = new_sender()
    live_bot.say(sender, "can i drive on baclofen")
    text = reply_text(live_bot.say(sender, "where is this from?"))
    assert "promotional" in text
    assert 'section "Common Side Effects and Precautions"' in text


def test_the_source_button_payload_names_that_answer(live_bot) -> None:
    sender = new_sender()
    live_bot.say(sender, "what is baclofen used for")
    text = reply_text(live_bot.say(sender, '/about_source{"response":"utter_uses"}'))
    assert '"Conditions Benefitting from Baclofen"' in text and text.count("That answer (uses)") == 1


# ----- ratings


def test_a_thumbs_down_with_a_reason_is_stored_with_the_answer_and_source(live_bot) -> None:
    sender = new_sender()
    live_bot.say(sender, "what is baclofen")
    reply = live_bot.say(sender, '/rate_answer{"rating":"down","response":"utter_what_is","reason":"unclear"}')
    assert texts_of(reply) == [texts.RATING_SORRY]
    [rating] = slot_values(live_bot.tracker_db, sender, "answer_rating")
    assert rating["rating"] == "down" and rating["response"] == "utter_what_is" and rating["reason"] == "unclear"
    assert "Understanding Baclofen and its Mechanism of Action" in rating["sections"]


def test_a_thumbs_up_is_thanked(live_bot) -> None:
    sender = new_sender()
    live_bot.say(sender, "how does baclofen work")
    assert texts_of(live_bot.say(sender, '/rate_answer{"rating":"up","response":"utter_mechanism"}')) == [
        texts.RATING_THANKS
    ]
    assert slot_values(live_bot.tracker_db, sender, "answer_rating")[0]["rating"] == "up"


def test_typed_feedback_rates_the_last_answer_down(live_bot) -> None:
    sender = new_sender()
    live_bot.say(sender, "does baclofen make you dizzy")
    assert texts_of(live_bot.say(sender, "that answer was not helpful")) == [texts.RATING_SORRY]
    [rating] = slot_values(live_bot.tracker_db, sender, "answer_rating")
    assert rating["response"] == "utter_dizziness" and rating["via"] == "text"


def test_a_forged_reason_is_read_as_words_and_triaged(live_bot) -> None:
    sender = new_sender()
    text = reply_text(
        live_bot.say(
            sender,
            '/rate_answer{"rating":"down","response":"utter_what_is","reason":"my son swallowed 10 of my pills"}',
        )
    )
    assert EMERGENCY.search(text)
    assert slot_values(live_bot.tracker_db, sender, "answer_rating") == []


# ----- reaching a person


@pytest.mark.parametrize("message", ["can I talk to a real person", "/human_handoff"])
def test_a_person_can_be_reached_and_the_request_is_recorded(live_bot, message: str) -> None:
    sender = new_sender()
    text = reply_text(live_bot.say(sender, message))
    assert "support team" in text and "placeholder" in text and "Opening hours: Monday to Friday 09:00-17:00" in text
    [record] = slot_values(live_bot.tracker_db, sender, "handoff")
    assert record["status"] == "requested" and record["channel"] == "rest"
    assert ("closed right now" in text) == (record["within_opening_hours"] is False)


# ----- starting over


@pytest.mark.parametrize("message", ["/restart", "start over", "new conversation"])
def test_starting_over_confirms_then_greets_with_the_topics(live_bot, message: str) -> None:
    sender = new_sender()
    live_bot.say(sender, "my daughter has cerebral palsy, is baclofen used for that")
    messages = live_bot.say(sender, message)
    assert texts_of(messages)[0] == texts.RESTARTED
    assert messages[1]["metadata"] == {"response": "utter_greet"}
    assert any(b["payload"] == "/ask_uses" for b in messages[1].get("buttons") or [])
    # the condition slot is forgotten: the follow-up gets the general answer
    follow_up = reply_text(live_bot.say(sender, "how would she take it"))
    assert "does not describe a separate way" not in follow_up
    with sqlite3.connect(live_bot.tracker_db) as connection:
        kinds = [
            t for (t,) in connection.execute("SELECT type_name FROM events WHERE sender_id = ? ORDER BY id", (sender,))
        ]
    assert "restart" in kinds


# ----- other languages


@pytest.mark.parametrize(
    "message,start",
    [
        ("¿qué es el baclofeno?", "Lo siento, solo puedo responder en inglés."),
        ("quels sont les effets secondaires du baclofène ?", "Désolé, je ne peux répondre qu'en anglais."),
        ("Welche Nebenwirkungen hat Baclofen?", "Entschuldigung, ich kann nur auf Englisch antworten."),
    ],
)
def test_another_language_gets_a_notice_in_it_and_the_referral(live_bot, message: str, start: str) -> None:
    text = reply_text(live_bot.say(new_sender(), message))
    assert text.startswith(start)
    assert "only answer in English" in text and "doctor or pharmacist" in text


@pytest.mark.parametrize(
    "message", ["mi hijo swallowed my pills", "mi hija se tomó mis pastillas, she's 3, i dont know how many"]
)
def test_a_mixed_language_red_flag_still_gets_emergency_help_first(live_bot, message: str) -> None:
    texts_ = texts_of(live_bot.say(new_sender(), message))
    assert EMERGENCY.search(texts_[0]) and "only answer in English" not in " ".join(texts_)


# ----- erasure


def test_delete_my_conversation_asks_first(live_bot) -> None:
    messages = live_bot.say(new_sender(), "delete my conversation")
    payloads = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert payloads == ["/erase_conversation_confirmed", "/deny"]
    assert "cannot be undone" in reply_text(messages)


def test_no_keeps_the_conversation(live_bot) -> None:
    sender = new_sender()
    live_bot.say(sender, "delete my conversation")
    assert "nothing has been deleted" in reply_text(live_bot.say(sender, "/deny"))
    assert event_count(live_bot.tracker_db, sender) > 0


def test_the_confirmed_erasure_empties_the_database_and_tells_the_client(live_bot) -> None:
    sender, other = new_sender(), new_sender()
    live_bot.say(sender, "what is baclofen")
    live_bot.say(sender, "delete my conversation")
    live_bot.say(other, "hello")
    assert event_count(live_bot.tracker_db, sender) > 0
    reply = live_bot.say(sender, "/erase_conversation_confirmed")
    assert reply == [{"recipient_id": sender, "text": ERASED_REPLY, "metadata": {"erased": True}}]
    assert event_count(live_bot.tracker_db, sender) == 0
    assert event_count(live_bot.tracker_db, other) > 0  # nobody else's
    # Rasa did not save it again; the next message starts a new, empty conversation
    live_bot.say(sender, "hello")
    with sqlite3.connect(live_bot.tracker_db) as connection:
        users = [
            json.loads(d)["text"]
            for (d,) in connection.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
            )
        ]
    assert users == ["hello"]


# ----- the same over socket.io (the widget's channel)


class WidgetSocket:
    """A socket.io client like the widget (sync client, polling: see PLATFORM-NOTES)."""

    def __init__(self, url: str) -> None:
        import queue

        import socketio

        self.url = url
        self.events: "queue.Queue" = queue.Queue()
        self.client = socketio.Client(reconnection=False, handle_sigint=False)
        self.client.on("bot_uttered", lambda message: self.events.put(("bot", message)))
        self.client.on("session_confirm", lambda session_id: self.events.put(("session", session_id)))

    def __enter__(self) -> "WidgetSocket":
        self.client.connect(self.url, headers={"Origin": self.url}, transports=["polling"], wait_timeout=10)
        self.client.emit("session_request", {"session_id": None})
        kind, self.session_id = self.events.get(timeout=10)
        assert kind == "session"
        return self

    def __exit__(self, *_) -> None:
        self.client.disconnect()

    def say(self, text: str, quiet: float = 1.0) -> List[Dict]:
        import queue

        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        messages, wait = [], 30.0
        while True:
            try:
                kind, value = self.events.get(timeout=wait)
            except queue.Empty:
                return messages
            if kind == "bot":
                messages.append(value)
            wait = quiet


def test_over_socketio_answers_carry_metadata_and_erasure_clears(live_bot) -> None:
    with WidgetSocket(live_bot.url) as widget:
        messages = widget.say("what is baclofen used for")
        assert messages[0]["metadata"]["response"] == "utter_uses"
        assert "Conditions Benefitting from Baclofen" in messages[0]["metadata"]["source"]["sections"]
        assert messages[0]["metadata"]["rateable"] is True
        assert "metadata" not in messages[1]  # the disclaimer
        thanks = widget.say('/rate_answer{"rating":"up","response":"utter_uses"}')
        assert [m["text"] for m in thanks] == [texts.RATING_THANKS]
        assert slot_values(live_bot.tracker_db, widget.session_id, "answer_rating")[0]["response"] == "utter_uses"
        erased = widget.say("/erase_conversation_confirmed")
        assert erased == [{"text": ERASED_REPLY, "metadata": {"erased": True}}]
        assert event_count(live_bot.tracker_db, widget.session_id) == 0
