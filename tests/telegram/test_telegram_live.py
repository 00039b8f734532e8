"""The trained assistant over Telegram, fully offline: Rasa talks to a fake Bot API.

One Rasa server for the whole module, started with the custom connector, webhook
registration on, and TELEGRAM_API_BASE_URL pointing at the fake API. Updates are posted
to /webhooks/telegram/webhook as Telegram would; the replies are read from the calls the
fake API recorded.
"""

from __future__ import annotations

import itertools
import sqlite3
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import pytest

from actions.safety_texts import FULL_DISCLAIMERS, Risk
from channels.input_limits import MAX_TEXT_CHARS, TOO_LONG_REPLY
from channels.telegram import EDITED_REPLY, NOT_TEXT_REPLY
from channels.turns import UNAVAILABLE_REPLY
from tests.support.project import domain
from tests.support.servers import ManagedProcess, action_server, free_port, rasa_server, write_endpoints
from tests.telegram import updates
from tests.telegram.channel_server import post_update
from tests.telegram.fake_bot_api import ApiCall, FakeBotApi

pytestmark = pytest.mark.live

SECRET = "live-test-secret_7f3a9c"
WEBHOOK_URL = "https://baclofen-bot.example.org/webhooks/telegram/webhook"
_chats = itertools.count(77_000_001)


@dataclass
class TelegramBot:
    url: str
    api: FakeBotApi
    rasa: ManagedProcess
    registration: List[ApiCall]
    db: Path

    def send(self, update: dict) -> int:
        status, _ = post_update(self.url, update, SECRET)
        return status


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelegramBot]:
    log_dir: Path = tmp_path_factory.mktemp("telegram-live")
    api = FakeBotApi().start()
    credentials = log_dir / "credentials.yml"
    # The section stays empty: the connector reads TELEGRAM_* from the environment.
    credentials.write_text("rest:\nchannels.telegram.TelegramConnector:\n")
    env = {
        "TELEGRAM_TOKEN": api.token,
        "TELEGRAM_BOT_NAME": api.username,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_URL": WEBHOOK_URL,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_REGISTER_WEBHOOK": "true",
    }
    action_port, rasa_port = free_port(), free_port()
    actions = action_server(action_port, log_dir).start()
    db = log_dir / "conversations.db"  # a short busy timeout: a locked file refuses turns at once
    endpoints = write_endpoints(
        log_dir / "endpoints.yml",
        action_port,
        f"tracker_store:\n  type: storage.tracker_store.StrictSQLTrackerStore\n  dialect: sqlite\n"
        f"  db: {db}\n  busy_timeout: 1\n",
    )
    rasa = rasa_server(rasa_port, log_dir, endpoints, credentials=credentials, env=env).start()
    try:
        actions.wait_until_ready(timeout=60)
        rasa.wait_until_ready(timeout=180)
        yield TelegramBot(f"http://127.0.0.1:{rasa_port}", api, rasa, api.calls(), db)
    finally:
        rasa.stop()
        actions.stop()
        api.stop()


@pytest.fixture
def chat() -> int:
    return next(_chats)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _template_pattern(template: str) -> re.Pattern:
    """A domain response with its {slots} as wildcards."""
    parts = re.split(r"\{\w+\}", _flat(template))
    return re.compile(".+?".join(re.escape(part) for part in parts), re.S)


def test_start_up_registered_the_webhook_with_its_secret(bot: TelegramBot) -> None:
    assert [call.method for call in bot.registration] == ["getMe", "setWebhook"]
    params = bot.registration[1].params
    assert params["url"] == WEBHOOK_URL and params["secret_token"] == SECRET
    assert bot.api.webhook["url"] == WEBHOOK_URL


def test_a_question_gets_the_answer_then_the_disclaimer(bot: TelegramBot, chat: int) -> None:
    assert bot.send(updates.text_update(chat, "what is baclofen")) == 200
    texts = bot.api.sent_texts(chat)
    assert len(texts) == 2, texts
    assert "muscle relaxant" in texts[0]
    assert texts[1] in FULL_DISCLAIMERS.values()
    # The first update after start-up worked: no "Event loop is closed" in the log.
    assert "Event loop is closed" not in bot.rasa.log_text()


def test_start_command_is_greeted(bot: TelegramBot, chat: int) -> None:
    bot.send(updates.command_update(chat, "/start"))
    greeting = _flat(domain()["responses"]["utter_greet"][0]["text"])
    assert [_flat(text) for text in bot.api.sent_texts(chat)] == [greeting]


def test_capabilities_come_with_an_inline_keyboard_and_a_press_answers(bot: TelegramBot, chat: int) -> None:
    assert bot.send(updates.text_update(chat, "what can you do")) == 200
    with_keyboard = [c for c in bot.api.calls("sendMessage", chat) if "reply_markup" in c.params]
    assert len(with_keyboard) == 1
    buttons = domain()["responses"]["utter_capabilities"][0]["buttons"]
    assert with_keyboard[0].params["reply_markup"] == {
        "inline_keyboard": [[{"text": b["title"], "callback_data": b["payload"]}] for b in buttons]
    }

    press = updates.callback_update(chat, "/ask_side_effects")
    sent_before = len(bot.api.sent_texts(chat))
    assert bot.send(press) == 200
    answered = bot.api.calls("answerCallbackQuery")
    assert answered[-1].params["callback_query_id"] == press["callback_query"]["id"]
    answer, disclaimer = bot.api.sent_texts(chat)[sent_before:]
    assert re.search(r"drowsiness.*dizziness.*weakness.*fatigue", answer)
    assert disclaimer == FULL_DISCLAIMERS[Risk.SIDE_EFFECTS]


def test_an_emergency_is_answered_first_and_in_one_piece(bot: TelegramBot, chat: int) -> None:
    assert bot.send(updates.text_update(chat, "my toddler ate my baclofen tablets")) == 200
    texts = bot.api.sent_texts(chat)
    assert texts, "no reply to an emergency"
    variations = [v["text"] for v in domain()["responses"]["utter_emergency"]]
    assert texts[0].startswith("This may be an emergency.")
    assert any(_template_pattern(v).fullmatch(_flat(texts[0])) for v in variations), texts[0]
    assert "{" not in texts[0]


@pytest.mark.parametrize(
    "make, text",
    [
        (updates.command_update, "/start my son swallowed 10 tablets"),
        (updates.command_update, "/start overdose"),
        (updates.text_update, "/greet@1.0 my son swallowed my tablets"),
        (updates.callback_update, "/greet@1.0 my son swallowed my tablets"),
    ],
    ids=["start-with-words", "start-with-a-red-flag-word", "typed-payload", "forged-button"],
)
def test_an_emergency_behind_a_command_gets_the_emergency_reply_first(
    bot: TelegramBot, chat: int, make, text: str
) -> None:
    assert bot.send(make(chat, text)) == 200
    texts = bot.api.sent_texts(chat)
    assert texts, "no reply to an emergency"
    first = texts[0].lower()
    assert "emergency" in first and "poison" in first, texts
    greeting = _flat(domain()["responses"]["utter_greet"][0]["text"])
    assert greeting not in [_flat(text) for text in texts]


def test_while_conversations_cannot_be_stored_telegram_says_so_after_any_emergency_reply(
    bot: TelegramBot, chat: int
) -> None:
    other_chat = next(_chats)
    assert bot.send(updates.text_update(other_chat, "my toddler ate my baclofen tablets")) == 200
    normal_emergency = bot.api.sent_texts(other_chat)
    connection = sqlite3.connect(bot.db, isolation_level=None, timeout=30)
    connection.execute("BEGIN EXCLUSIVE")  # e.g. a backup holding the file
    try:
        assert bot.send(updates.text_update(chat, "what is baclofen")) == 200
        question = bot.api.sent_texts(chat)
        assert bot.send(updates.text_update(chat, "my toddler ate my baclofen tablets")) == 200
        emergency = bot.api.sent_texts(chat)[len(question) :]
    finally:
        connection.execute("ROLLBACK")
        connection.close()
    assert question == [UNAVAILABLE_REPLY]
    assert normal_emergency and emergency == [*normal_emergency, UNAVAILABLE_REPLY]


def test_an_update_delivered_twice_gets_one_set_of_replies(bot: TelegramBot, chat: int) -> None:
    update = updates.text_update(chat, "what is baclofen")
    assert bot.send(update) == 200
    first_replies = bot.api.sent_texts(chat)
    assert len(first_replies) == 2, first_replies
    assert bot.send(update) == 200  # 200, or Telegram would keep delivering it
    assert bot.api.sent_texts(chat) == first_replies
    assert "Ignored a repeated Telegram update" in bot.rasa.log_text()


def test_an_over_long_message_gets_the_too_long_reply(bot: TelegramBot, chat: int) -> None:
    assert bot.send(updates.text_update(chat, "what is baclofen " * (MAX_TEXT_CHARS // 10))) == 200
    assert bot.api.sent_texts(chat) == [TOO_LONG_REPLY]


@pytest.mark.parametrize("secret, status", [(None, 401), ("not-the-secret", 403)])
def test_a_missing_or_wrong_secret_is_refused_and_nothing_is_sent(bot: TelegramBot, chat: int, secret, status) -> None:
    calls_before = len(bot.api.calls())
    code, _ = post_update(bot.url, updates.text_update(chat, "what is baclofen"), secret)
    assert code == status
    assert len(bot.api.calls()) == calls_before


def test_a_malformed_update_gets_400_and_the_next_one_is_answered(bot: TelegramBot, chat: int) -> None:
    code, _ = post_update(bot.url, b'{"update_id": 5, "message": {"text": "no chat"', SECRET)
    assert code == 400
    code, _ = post_update(bot.url, {"update_id": 6, "message": {"text": "no chat"}}, SECRET)
    assert code == 400
    assert bot.send(updates.text_update(chat, "what is baclofen used for")) == 200
    assert len(bot.api.sent_texts(chat)) == 2


@pytest.mark.parametrize(
    "make, reply",
    [
        (updates.sticker_update, NOT_TEXT_REPLY),
        (updates.photo_update, NOT_TEXT_REPLY),
        (lambda chat: updates.edited_update(chat, "what is baclofen?"), EDITED_REPLY),
    ],
    ids=["sticker", "photo", "edited"],
)
def test_what_the_bot_cannot_read_gets_a_polite_reply(bot: TelegramBot, chat: int, make, reply: str) -> None:
    assert bot.send(make(chat)) == 200
    assert bot.api.sent_texts(chat) == [reply]
