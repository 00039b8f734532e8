"""The user features of issue 14 over Telegram, against the fake Bot API: rating and source
buttons under answers (a thumbs-down asks what was wrong first), reaching a person, starting over, another language, erasure.

Its own Rasa server (module scope) with a SQLite tracker store, so the erasure can be checked
in the database.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import pytest

from actions import assistant_texts as texts
from channels.erasure import ERASED_REPLY
from channels.telegram_answers import (
    REASON_LABELS,
    SKIP_REASON,
    THUMBS_DOWN,
    THUMBS_UP,
    WHAT_WAS_WRONG,
    WHERE_FROM,
)
from tests.support.servers import ManagedProcess, action_server, free_port, rasa_server, write_endpoints
from tests.telegram import updates
from tests.telegram.channel_server import post_update
from tests.telegram.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.live

SECRET = "user-features-secret_42"
_chats = itertools.count(88_000_001)


@dataclass
class TelegramBot:
    api: FakeBotApi
    rasa: ManagedProcess
    url: str
    db: Path

    def send(self, update: dict) -> List[str]:
        """Posts an update; the texts sent to its chat in reply."""
        chat = (update.get("message") or update["callback_query"]["message"])["chat"]["id"]
        before = len(self.api.sent_texts(chat))
        status, _ = post_update(self.url, update, SECRET)
        assert status == 200
        return self.api.sent_texts(chat)[before:]

    def keyboards(self, chat: int) -> list:
        return [
            c.params["reply_markup"]
            for c in self.api.calls("sendMessage", chat)
            if c.status == 200 and "reply_markup" in c.params
        ]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelegramBot]:
    log_dir: Path = tmp_path_factory.mktemp("telegram-user-features")
    api = FakeBotApi().start()
    credentials = log_dir / "credentials.yml"
    credentials.write_text("rest:\nchannels.telegram.TelegramConnector:\n")
    env = {
        "TELEGRAM_TOKEN": api.token,
        "TELEGRAM_BOT_NAME": api.username,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_REGISTER_WEBHOOK": "false",
    }
    db = log_dir / "conversations.db"
    action_port, rasa_port = free_port(), free_port()
    actions = action_server(action_port, log_dir).start()
    endpoints = write_endpoints(
        log_dir / "endpoints.yml", action_port, f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {db}\n"
    )
    rasa = rasa_server(rasa_port, log_dir, endpoints, credentials=credentials, env=env).start()
    try:
        actions.wait_until_ready(timeout=60)
        rasa.wait_until_ready(timeout=180)
        yield TelegramBot(api, rasa, f"http://127.0.0.1:{rasa_port}", db)
    finally:
        rasa.stop()
        actions.stop()
        api.stop()


@pytest.fixture
def chat() -> int:
    return next(_chats)


def slot_values(db: Path, chat: int, slot: str) -> list:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot'", (str(chat),)
        ).fetchall()
    return [json.loads(d)["value"] for (d,) in rows if json.loads(d)["name"] == slot]


def rating_events(db: Path, chat: int) -> list:
    return [value for value in slot_values(db, chat, "answer_rating") if value is not None]


def test_an_answer_has_thumbs_and_a_source_button_that_work(bot: TelegramBot, chat: int) -> None:
    bot.send(updates.text_update(chat, "can baclofen make me dizzy"))
    [keyboard] = bot.keyboards(chat)
    rows = keyboard["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [[THUMBS_UP, THUMBS_DOWN], [WHERE_FROM]]
    assert all(len(b["callback_data"].encode()) <= 64 for row in rows for b in row)

    [answer] = [m for m in bot.api.messages(chat) if "reply_markup" in m]
    replies = bot.send(updates.callback_update(chat, rows[0][0]["callback_data"], answer))  # thumbs up
    assert replies == [texts.RATING_THANKS]
    [rating] = rating_events(bot.db, chat)
    assert rating["rating"] == "up" and rating["response"] == "utter_dizziness" and rating["via"] == "button"
    # rated once: the thumbs are gone from that answer, "Where is this from?" stays
    assert bot.api.messages(chat)[answer_index(bot, chat, answer)]["reply_markup"] == {"inline_keyboard": [rows[1]]}

    replies = bot.send(updates.callback_update(chat, rows[1][0]["callback_data"], answer))  # where is this from?
    joined = " ".join(replies)
    assert "promotional" in joined and 'section "Common Side Effects and Precautions"' in joined


def press(bot: TelegramBot, chat: int, message: dict, text: str) -> List[str]:
    """Presses the button labelled `text` under `message` (as the fake API holds it now)."""
    [data] = [
        b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row if b["text"] == text
    ]
    return bot.send(updates.callback_update(chat, data, message))


def answer_message(bot: TelegramBot, chat: int, question: str) -> dict:
    bot.send(updates.text_update(chat, question))
    [answer] = [m for m in bot.api.messages(chat) if "reply_markup" in m]
    return answer


def test_a_thumbs_down_asks_what_was_wrong_then_stores_one_rating_with_the_reason(bot: TelegramBot, chat: int) -> None:
    answer = answer_message(bot, chat, "can baclofen make me dizzy")
    assert press(bot, chat, answer, THUMBS_DOWN) == []  # no message: the keyboard changes in place
    [asked] = bot.api.calls("answerCallbackQuery")[-1:]
    assert asked.params.get("text") == WHAT_WAS_WRONG
    edited = bot.api.messages(chat)[answer_index(bot, chat, answer)]
    assert [[b["text"] for b in row] for row in edited["reply_markup"]["inline_keyboard"]] == [
        *([label for _, label in REASON_LABELS[i : i + 2]] for i in (0, 2)),
        [SKIP_REASON],
        [WHERE_FROM],
    ]
    assert rating_events(bot.db, chat) == []  # nothing stored before the reason is chosen

    assert press(bot, chat, edited, "Unclear") == [texts.RATING_SORRY]
    [rating] = rating_events(bot.db, chat)
    # the same structured record as the widget's (actions/feedback.py), tied to the answer rated
    assert rating == {
        "rating": "down",
        "response": "utter_dizziness",
        "reason": "unclear",
        "sections": ["Common Side Effects and Precautions"],
        "via": "button",
    }
    after = bot.api.messages(chat)[answer_index(bot, chat, answer)]
    assert [[b["text"] for b in row] for row in after["reply_markup"]["inline_keyboard"]] == [[WHERE_FROM]]


def answer_index(bot: TelegramBot, chat: int, answer: dict) -> int:
    ids = [m["message_id"] for m in bot.api.messages(chat)]
    return ids.index(answer["message_id"])


def test_a_thumbs_down_without_a_reason_is_stored_without_one(bot: TelegramBot, chat: int) -> None:
    answer = answer_message(bot, chat, "is it safe to drive on baclofen")
    press(bot, chat, answer, THUMBS_DOWN)
    edited = bot.api.messages(chat)[answer_index(bot, chat, answer)]
    assert press(bot, chat, edited, SKIP_REASON) == [texts.RATING_SORRY]
    [rating] = rating_events(bot.db, chat)
    assert rating["rating"] == "down" and rating["reason"] is None and rating["response"] == "utter_driving"


def test_a_person_can_be_reached(bot: TelegramBot, chat: int) -> None:
    text = " ".join(bot.send(updates.text_update(chat, "can I talk to a real person")))
    assert "support team" in text and "Opening hours" in text
    assert slot_values(bot.db, chat, "handoff")[0]["channel"] == "telegram"


def test_start_over_confirms_and_greets_with_the_topics(bot: TelegramBot, chat: int) -> None:
    bot.send(updates.text_update(chat, "what is baclofen"))
    replies = bot.send(updates.text_update(chat, "/restart"))
    assert replies[0] == texts.RESTARTED and replies[1].startswith("Hello!")
    topics = bot.keyboards(chat)[-1]["inline_keyboard"]
    assert ["/ask_side_effects"] in [[b["callback_data"] for b in row] for row in topics]


def test_another_language_gets_the_notice(bot: TelegramBot, chat: int) -> None:
    text = " ".join(bot.send(updates.text_update(chat, "¿qué es el baclofeno?")))
    assert text.startswith("Lo siento, solo puedo responder en inglés.") and "doctor or pharmacist" in text


def test_delete_my_conversation_asks_then_erases_the_chat_s_conversation(bot: TelegramBot, chat: int) -> None:
    bot.send(updates.text_update(chat, "what is baclofen"))
    bot.send(updates.text_update(chat, "delete my conversation"))
    yes, no = bot.keyboards(chat)[-1]["inline_keyboard"]
    assert yes[0]["callback_data"] == "/erase_conversation_confirmed" and no[0]["callback_data"] == "/deny"
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (str(chat),)).fetchone()[0] > 0
    assert bot.send(updates.callback_update(chat, yes[0]["callback_data"])) == [ERASED_REPLY]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (str(chat),)).fetchone()[0] == 0
