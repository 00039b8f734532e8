"""The webhook handler on its own (no server, no network): duplicates, input limits, rate limits.

The output channel is a recorder, the assistant a stand-in, and the rate limiter's clock is
injected, so these run in milliseconds and say exactly which rule refused what.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Dict, List, Tuple

import pytest
from rasa.core.channels.channel import OutputChannel, UserMessage

from channels.input_limits import (
    EMPTY_MESSAGE_REPLY,
    MAX_TEXT_CHARS,
    TOO_FAST_REPLY,
    TOO_LONG_REPLY,
    MessageRateLimiter,
    RateLimits,
)
from channels.telegram import (
    CHAT_RATE_LIMITS,
    TelegramConnector,
    TelegramWebhook,
    WebhookReply,
)
from channels.telegram_dedupe import RecentUpdateIds
from channels.telegram_settings import TelegramConfigError, TelegramSettings
from tests.telegram import updates

SECRET = "unit-test-secret"
SETTINGS = TelegramSettings(
    token="123456789:AAFakeTokenForOfflineTests_abcdefghij",
    bot_name="BaclofenInfoBot",
    webhook_secret=SECRET,
    webhook_url=None,
    api_base_url="http://127.0.0.1:9",
    register_webhook=False,
)
CHAT, OTHER_CHAT = 6660001, 6660002


class RecordingOutput(OutputChannel):
    """Stands in for TelegramBotOutput: records what would go to the Bot API (Rasa's
    OutputChannel turns a stored turn's messages into these calls)."""

    def __init__(self) -> None:
        self.sent: List[Tuple[str, str]] = []
        self.answered_callbacks: List[str] = []

    async def send_text_message(self, recipient_id: str, text: str, **_: Any) -> None:
        self.sent.append((recipient_id, text))

    async def answer_callback_query(self, callback_query_id: str) -> None:
        self.answered_callbacks.append(callback_query_id)

    def texts(self, chat_id: int) -> List[str]:
        return [text for recipient, text in self.sent if recipient == str(chat_id)]


class StandInAssistant:
    def __init__(self, delay: float = 0.0) -> None:
        self.received: List[Tuple[str, str]] = []
        self.delay = delay

    async def __call__(self, message: UserMessage) -> None:
        self.received.append((message.sender_id, message.text))
        await asyncio.sleep(self.delay)
        await message.output_channel.send_text_message(message.sender_id, f"You said: {message.text}")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _webhook(assistant: StandInAssistant, **kwargs: Any) -> Tuple[TelegramWebhook, RecordingOutput]:
    output = RecordingOutput()
    return TelegramWebhook(SETTINGS, output, assistant, **kwargs), output  # type: ignore[arg-type]


def _post(webhook: TelegramWebhook, update: Dict[str, Any]) -> WebhookReply:
    return asyncio.run(webhook.handle(SECRET, json.dumps(update).encode()))


# --- duplicates ----------------------------------------------------------------------------


def test_a_redelivered_update_is_answered_200_and_not_processed_again(caplog) -> None:
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant)
    update = updates.text_update(CHAT, "what is baclofen")
    assert _post(webhook, update) == WebhookReply(200, {"status": "ok"})
    with caplog.at_level(logging.INFO, logger="channels.telegram"):
        assert _post(webhook, update) == WebhookReply(200, {"status": "duplicate"})
    assert assistant.received == [(str(CHAT), "what is baclofen")]
    assert output.texts(CHAT) == ["You said: what is baclofen"]
    [record] = [r for r in caplog.records if "repeated" in r.getMessage()]
    assert record.levelno == logging.INFO
    assert str(update["update_id"]) in record.getMessage()
    assert "baclofen" not in record.getMessage()  # no user text in the log


def test_a_redelivered_button_press_is_neither_answered_nor_passed_on_again() -> None:
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant)
    press = updates.callback_update(CHAT, "/ask_uses")
    _post(webhook, press)
    _post(webhook, press)
    assert output.answered_callbacks == [press["callback_query"]["id"]]
    assert assistant.received == [(str(CHAT), "/ask_uses")]


def test_a_redelivery_that_arrives_while_the_first_is_still_answered_is_dropped() -> None:
    # Telegram redelivers when the webhook call is slow: both are in flight at once.
    assistant = StandInAssistant(delay=0.2)
    webhook, output = _webhook(assistant)
    body = json.dumps(updates.text_update(CHAT, "what is baclofen")).encode()

    async def both() -> List[WebhookReply]:
        return list(await asyncio.gather(webhook.handle(SECRET, body), webhook.handle(SECRET, body)))

    replies = asyncio.run(both())
    assert sorted(reply.body["status"] for reply in replies) == ["duplicate", "ok"]
    assert all(reply.status == 200 for reply in replies)
    assert len(assistant.received) == 1 and output.texts(CHAT) == ["You said: what is baclofen"]


def test_other_updates_are_still_answered_and_memory_is_bounded() -> None:
    assistant = StandInAssistant()
    webhook, _ = _webhook(assistant, recent_updates=RecentUpdateIds(capacity=2))
    first, second, third = (updates.text_update(CHAT, f"question {n}") for n in range(3))
    for update in (first, second, third):
        assert _post(webhook, update).body["status"] == "ok"
    assert _post(webhook, third).body["status"] == "duplicate"
    # The oldest id fell out of the bounded memory: a very late redelivery is answered again.
    assert _post(webhook, first).body["status"] == "ok"
    assert len(assistant.received) == 4


def test_each_bot_has_its_own_memory_of_update_ids() -> None:
    # update_ids are counted per bot, so another bot's update with the same id is new.
    update = updates.text_update(CHAT, "what is baclofen")
    for _ in range(2):
        assistant = StandInAssistant()
        webhook, _ = _webhook(assistant)
        assert _post(webhook, update).body["status"] == "ok"
        assert len(assistant.received) == 1


def test_a_malformed_update_is_not_remembered() -> None:
    assistant = StandInAssistant()
    webhook, _ = _webhook(assistant)
    update = updates.text_update(CHAT, "what is baclofen")
    broken = {"update_id": update["update_id"], "message": {"text": "no chat"}}
    assert _post(webhook, broken).status == 400
    assert _post(webhook, update).body["status"] == "ok"


# --- input limits --------------------------------------------------------------------------


def test_an_over_long_message_gets_the_too_long_reply_and_200() -> None:
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant)
    reply = _post(webhook, updates.text_update(CHAT, "a" * (MAX_TEXT_CHARS + 1)))
    assert reply.status == 200
    assert output.texts(CHAT) == [TOO_LONG_REPLY]
    assert assistant.received == []


def test_a_message_of_invisible_characters_gets_the_empty_message_prompt() -> None:
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant)
    assert _post(webhook, updates.text_update(CHAT, "\u200b\u2066\u202e")).status == 200
    assert output.texts(CHAT) == [EMPTY_MESSAGE_REPLY]
    assert assistant.received == []


@pytest.mark.parametrize(
    "make, sent, read",
    [
        (updates.command_update, "/start my son swallowed 10 tablets", "my son swallowed 10 tablets"),
        (updates.text_update, "/greet@1.0 my son swallowed my tablets", "greet@1.0 my son swallowed my tablets"),
        (updates.callback_update, "/greet@1.0 my son swallowed my tablets", "greet@1.0 my son swallowed my tablets"),
        (updates.callback_update, "/ask_side_effects", "/ask_side_effects"),
        (updates.command_update, "/start", "hello"),
    ],
    ids=["start-with-words", "typed-payload", "forged-button", "real-button", "bare-start"],
)
def test_the_assistant_reads_the_users_words(make, sent: str, read: str) -> None:
    assistant = StandInAssistant()
    webhook, _ = _webhook(assistant)
    _post(webhook, make(CHAT, sent))
    assert assistant.received == [(str(CHAT), read)]


# --- rate limits ---------------------------------------------------------------------------


def test_a_chat_over_its_rate_gets_the_too_fast_reply_until_a_token_refills() -> None:
    clock = FakeClock()
    limiter = MessageRateLimiter(RateLimits(per_sender=2, per_ip=0), clock=clock)
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant, rate_limiter=limiter)
    for n in range(3):
        assert _post(webhook, updates.text_update(CHAT, f"question {n}")).status == 200
    assert output.texts(CHAT) == ["You said: question 0", "You said: question 1", TOO_FAST_REPLY]
    assert [text for _, text in assistant.received] == ["question 0", "question 1"]

    # Another chat has its own bucket.
    _post(webhook, updates.text_update(OTHER_CHAT, "mine"))
    assert output.texts(OTHER_CHAT) == ["You said: mine"]

    clock.now += 30  # 2 a minute: one token back after 30 s
    _post(webhook, updates.callback_update(CHAT, "/ask_uses"))  # button presses count too
    _post(webhook, updates.text_update(CHAT, "question 4"))
    assert output.texts(CHAT)[3:] == ["You said: /ask_uses", TOO_FAST_REPLY]


def test_telegram_users_do_not_share_one_bucket() -> None:
    # Every call comes from Telegram's servers: a per-IP limit would throttle all chats at once.
    assert CHAT_RATE_LIMITS.per_ip == 0
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant)
    chats = range(7_000_001, 7_000_001 + RateLimits().per_ip + 30)
    for chat in chats:
        _post(webhook, updates.text_update(chat, "hi"))
    assert TOO_FAST_REPLY not in [text for _, text in output.sent]
    assert len(assistant.received) == len(chats)


def test_the_default_per_chat_limit_is_the_rest_channels() -> None:
    assistant = StandInAssistant()
    webhook, output = _webhook(assistant)
    for n in range(RateLimits().per_sender + 1):
        _post(webhook, updates.text_update(CHAT, f"question {n}"))
    assert output.texts(CHAT)[-1] == TOO_FAST_REPLY
    assert len(assistant.received) == RateLimits().per_sender


def test_the_per_chat_limit_is_set_in_credentials_as_for_rest(monkeypatch) -> None:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    connector = TelegramConnector.from_credentials({"messages_per_minute_per_sender": 5})
    assert connector.rate_limits == RateLimits(per_sender=5, per_ip=0)
    assert TelegramConnector.from_credentials(None).rate_limits == CHAT_RATE_LIMITS
    with pytest.raises(ValueError, match="messages_per_minute_per_sender"):
        TelegramConnector.from_credentials({"messages_per_minute_per_sender": "many"})
    with pytest.raises(TelegramConfigError, match="messages_per_minute_per_ip"):
        TelegramConnector.from_credentials({"messages_per_minute_per_ip": 5})
