"""The connector without Rasa: its blueprint in a Sanic app, a stand-in assistant, the fake API.

Fast checks of everything the channel itself decides; test_telegram_live.py repeats the
important ones against the real assistant.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import replace
from typing import Iterator, List, Tuple

import pytest
from rasa.core.channels.channel import UserMessage

from channels.telegram import (
    ALLOWED_UPDATES,
    DISABLED_REASON,
    EDITED_REPLY,
    NOT_TEXT_REPLY,
    TelegramBotOutput,
    TelegramConnector,
    register_webhook,
)
from channels.input_limits import MAX_TEXT_CHARS, TOO_LONG_REPLY
from channels.payloads import REASONS
from channels.telegram_answers import WHAT_WAS_WRONG
from channels.turns import UNAVAILABLE_REPLY
from channels.telegram_settings import TelegramConfigError, TelegramSettings
from channels.telegram_text import MESSAGE_LIMIT, telegram_length
from tests.telegram import updates
from tests.telegram.channel_server import post_update, serve_channel
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "offline-test-secret_42"
WEBHOOK_URL = "https://bot.example.org/webhooks/telegram/webhook"
PARAGRAPH = "Baclofen is a muscle relaxant. It acts on nerves in the spinal cord. " * 9
LONG_REPLY = "\n\n".join(f"Part {n}. {PARAGRAPH.strip()}" for n in range(12))
BUTTONS = [{"title": "Side effects", "payload": "/ask_side_effects"}, {"title": "Uses", "payload": "/ask_uses"}]

_chats = itertools.count(91_000_001)


class StandInAssistant:
    """Replies through the channel's output like Rasa does; some texts ask for a behaviour."""

    def __init__(self) -> None:
        self.received: List[Tuple[str, str]] = []

    async def __call__(self, message: UserMessage) -> None:
        self.received.append((message.sender_id, message.text))
        output = message.output_channel
        if message.text == "crash please":
            raise RuntimeError("the assistant failed")
        if message.text == "crash after a reply please":
            # as when the tracker store fails at the end of a turn, after the replies
            await output.send_text_message(message.sender_id, "An answer that was never stored.")
            raise RuntimeError("could not store the turn")
        if message.text == "long please":
            await output.send_text_message(message.sender_id, LONG_REPLY)
        elif message.text == "buttons please":
            await output.send_text_with_buttons(message.sender_id, "Pick a topic:", BUTTONS)
        else:
            await output.send_text_message(message.sender_id, f"You said: {message.text}")
            await output.send_text_message(message.sender_id, "Second message.")


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def settings(fake_api: FakeBotApi) -> TelegramSettings:
    return TelegramSettings(
        token=fake_api.token,
        bot_name=fake_api.username,
        webhook_secret=SECRET,
        webhook_url=WEBHOOK_URL,
        api_base_url=fake_api.base_url,
        register_webhook=True,
    )


@pytest.fixture(scope="module")
def channel(fake_api: FakeBotApi, settings: TelegramSettings):
    assistant = StandInAssistant()
    earlier = len(fake_api.calls())  # tests of the module that ran before this one (random order)
    with serve_channel(TelegramConnector(settings), assistant) as url:
        registration = fake_api.calls()[earlier:]
        yield url, assistant, registration


@pytest.fixture
def chat(fake_api: FakeBotApi) -> int:
    return next(_chats)


def test_the_webhook_is_registered_with_the_secret_at_start_up(channel) -> None:
    _, _, registration = channel
    assert [call.method for call in registration] == ["getMe", "setWebhook"]
    assert registration[1].params == {
        "url": WEBHOOK_URL,
        "secret_token": SECRET,
        "allowed_updates": ALLOWED_UPDATES,
    }


def test_the_first_update_after_registration_is_answered_in_order(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    status, _ = post_update(url, updates.text_update(chat, "what is baclofen"), SECRET)
    assert status == 200
    assert (str(chat), "what is baclofen") in assistant.received
    assert fake_api.sent_texts(chat) == ["You said: what is baclofen", "Second message."]


def test_start_and_help_commands_reach_the_assistant_as_words(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    post_update(url, updates.command_update(chat, "/start"), SECRET)
    post_update(url, updates.command_update(chat, "/help@BaclofenInfoBot"), SECRET)
    assert [text for sender, text in assistant.received if sender == str(chat)] == ["hello", "what can you do?"]


def test_words_after_start_reach_the_assistant_instead_of_a_greeting(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    post_update(url, updates.command_update(chat, "/start my son swallowed 10 tablets"), SECRET)
    received = [text for sender, text in assistant.received if sender == str(chat)]
    assert received == ["my son swallowed 10 tablets"]


def test_a_typed_intent_payload_is_read_as_words(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    post_update(url, updates.text_update(chat, "/greet@1.0 my son swallowed my tablets"), SECRET)
    post_update(url, updates.text_update(chat, '/greet{"red_flag": null}'), SECRET)
    received = [text for sender, text in assistant.received if sender == str(chat)]
    assert received == ["greet@1.0 my son swallowed my tablets", 'greet{"red_flag": null}']


def test_an_update_delivered_twice_is_answered_once(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    update = updates.text_update(chat, "what is baclofen")
    assert post_update(url, update, SECRET) == (200, {"status": "ok"})
    assert post_update(url, update, SECRET) == (200, {"status": "duplicate"})
    assert fake_api.sent_texts(chat) == ["You said: what is baclofen", "Second message."]
    assert [sender for sender, _ in assistant.received].count(str(chat)) == 1


def test_an_over_long_message_gets_the_widgets_reply_and_200(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    code, _ = post_update(url, updates.text_update(chat, "why " * (MAX_TEXT_CHARS // 4 + 1)), SECRET)
    assert code == 200  # a 4xx would only make Telegram deliver it again
    assert fake_api.sent_texts(chat) == [TOO_LONG_REPLY]
    assert all(sender != str(chat) for sender, _ in assistant.received)


@pytest.mark.parametrize("secret, status", [(None, 401), ("wrong-secret", 403), ("", 403), (SECRET + "x", 403)])
def test_updates_without_the_right_secret_are_refused_before_anything_happens(
    channel, fake_api, chat, secret, status
) -> None:
    url, assistant, _ = channel
    before = len(fake_api.calls())
    code, body = post_update(url, b"this is not even JSON", secret)
    assert code == status and "X-Telegram-Bot-Api-Secret-Token" in body["error"]
    code, _ = post_update(url, updates.text_update(chat, "hi"), secret)
    assert code == status
    assert len(fake_api.calls()) == before
    assert all(sender != str(chat) for sender, _ in assistant.received)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b"", id="empty"),
        pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
        pytest.param(b"[" * 100_000, id="nested-too-deep"),
        pytest.param(b'["an", "array"]', id="array"),
        pytest.param(b'{"update_id": 1, "message": {"text": "no chat"}}', id="no-chat"),
        pytest.param(b'{"message": {"chat": {"id": 5}, "text": "no update id"}}', id="no-update-id"),
    ],
)
def test_malformed_updates_get_400_and_the_server_keeps_serving(channel, fake_api, chat, body) -> None:
    url, _, _ = channel
    code, reply = post_update(url, body, SECRET)
    assert code == 400 and reply["error"].startswith("malformed update")
    code, _ = post_update(url, updates.text_update(chat, "still there?"), SECRET)
    assert code == 200
    assert fake_api.sent_texts(chat)[0] == "You said: still there?"


@pytest.mark.parametrize(
    "make", [updates.sticker_update, updates.photo_update, updates.voice_update, updates.document_update]
)
def test_messages_without_text_get_a_polite_reply(channel, fake_api, chat, make) -> None:
    url, assistant, _ = channel
    assert post_update(url, make(chat), SECRET)[0] == 200
    assert fake_api.sent_texts(chat) == [NOT_TEXT_REPLY]
    assert all(sender != str(chat) for sender, _ in assistant.received)


def test_an_edited_message_asks_for_a_new_message(channel, fake_api, chat) -> None:
    url, _, _ = channel
    assert post_update(url, updates.edited_update(chat, "what is baclofen?"), SECRET)[0] == 200
    assert fake_api.sent_texts(chat) == [EDITED_REPLY]


def test_channel_posts_and_group_service_messages_get_no_reply(channel, fake_api) -> None:
    url, _, _ = channel
    before = len(fake_api.calls())
    assert post_update(url, updates.channel_post_update(-1001555, "news"), SECRET)[0] == 200
    assert post_update(url, updates.new_member_update(-4001555), SECRET)[0] == 200
    assert len(fake_api.calls()) == before


def test_a_button_press_is_answered_then_passed_on_as_its_payload(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    update = updates.callback_update(chat, "/ask_side_effects")
    assert post_update(url, update, SECRET)[0] == 200
    answers = fake_api.calls("answerCallbackQuery")
    assert answers[-1].params["callback_query_id"] == update["callback_query"]["id"]
    assert (str(chat), "/ask_side_effects") in assistant.received
    assert fake_api.sent_texts(chat)[0] == "You said: /ask_side_effects"


def test_a_stale_button_press_is_still_passed_on(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    fake_api.fail_next("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired")
    assert post_update(url, updates.callback_update(chat, "/ask_uses"), SECRET)[0] == 200
    assert fake_api.sent_texts(chat)[0] == "You said: /ask_uses"


def test_buttons_become_an_inline_keyboard(channel, fake_api, chat) -> None:
    url, _, _ = channel
    post_update(url, updates.text_update(chat, "buttons please"), SECRET)
    [sent] = fake_api.calls("sendMessage", chat)
    assert sent.params["text"] == "Pick a topic:"
    assert sent.params["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Side effects", "callback_data": "/ask_side_effects"}],
            [{"text": "Uses", "callback_data": "/ask_uses"}],
        ]
    }


def test_a_long_reply_arrives_split_in_order_within_the_limit(channel, fake_api, chat) -> None:
    assert telegram_length(LONG_REPLY) > MESSAGE_LIMIT
    url, _, _ = channel
    post_update(url, updates.text_update(chat, "long please"), SECRET)
    calls = fake_api.calls("sendMessage", chat)
    assert len(calls) > 1 and all(call.status == 200 for call in calls)
    texts = [call.params["text"] for call in calls]
    assert all(telegram_length(text) <= MESSAGE_LIMIT for text in texts)
    assert "\n\n".join(texts) == LONG_REPLY  # cut only between paragraphs, nothing lost


def test_flood_control_is_waited_out(channel, fake_api, chat) -> None:
    url, _, _ = channel
    fake_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    post_update(url, updates.text_update(chat, "hi"), SECRET)
    calls = fake_api.calls("sendMessage", chat)
    assert [call.status for call in calls] == [429, 200, 200]
    assert fake_api.sent_texts(chat) == ["You said: hi", "Second message."]


def test_a_failing_turn_is_apologised_for_and_not_redelivered(channel, fake_api, chat) -> None:
    url, _, _ = channel
    code, _ = post_update(url, updates.text_update(chat, "crash please"), SECRET)
    assert code == 200  # a 5xx would make Telegram resend the update for hours
    assert fake_api.sent_texts(chat) == [UNAVAILABLE_REPLY]


def test_a_turn_failing_after_its_replies_sends_none_of_them(channel, fake_api, chat) -> None:
    url, _, _ = channel
    code, _ = post_update(url, updates.text_update(chat, "crash after a reply please"), SECRET)
    assert code == 200
    assert fake_api.sent_texts(chat) == [UNAVAILABLE_REPLY]


def test_registration_refuses_a_token_of_another_bot(fake_api, settings) -> None:
    with pytest.raises(
        TelegramConfigError, match="TELEGRAM_BOT_NAME is 'SomeOtherBot' but TELEGRAM_TOKEN belongs to @BaclofenInfoBot"
    ):
        asyncio.run(register_webhook(replace(settings, bot_name="SomeOtherBot")))


def test_registration_with_a_revoked_token_fails_clearly_without_showing_it(fake_api, settings) -> None:
    revoked = replace(settings, token="987654321:AARevokedTokenValue")
    with pytest.raises(TelegramConfigError, match="Unauthorized") as error:
        asyncio.run(register_webhook(revoked))
    assert "987654321:AARevokedTokenValue" not in str(error.value)


def test_registration_against_an_unreachable_api_fails_clearly(settings) -> None:
    unreachable = replace(settings, api_base_url="http://127.0.0.1:9")
    with pytest.raises(TelegramConfigError, match="Could not register the Telegram webhook at http://127.0.0.1:9"):
        asyncio.run(register_webhook(unreachable))


def test_a_switched_off_channel_answers_503_and_calls_nobody(fake_api) -> None:
    async def must_not_be_called(_: UserMessage) -> None:
        raise AssertionError("the assistant was called")

    before = len(fake_api.calls())
    with serve_channel(TelegramConnector(None), must_not_be_called) as url:
        code, body = post_update(url, updates.text_update(1, "hi"), SECRET)
    assert code == 503 and body == {"status": "disabled", "reason": DISABLED_REASON}
    assert len(fake_api.calls()) == before


def test_the_output_channel_splits_long_texts_against_the_api(fake_api, chat) -> None:
    async def send() -> None:
        output = TelegramBotOutput(fake_api.token, fake_api.base_url)
        try:
            await output.send_text_with_buttons(str(chat), LONG_REPLY, BUTTONS)
        finally:
            await output.close_session()

    asyncio.run(send())
    calls = fake_api.calls("sendMessage", chat)
    assert len(calls) > 1 and all(call.status == 200 for call in calls)
    # The keyboard goes under the last part only, where the user reads on.
    assert [("reply_markup" in call.params) for call in calls] == [False] * (len(calls) - 1) + [True]


def test_a_thumbs_down_shows_the_reasons_without_reaching_the_assistant(channel, fake_api, chat) -> None:
    url, assistant, _ = channel
    post_update(url, updates.text_update(chat, "buttons please"), SECRET)  # a message with a keyboard
    [sent] = fake_api.messages(chat)
    post_update(url, updates.callback_update(chat, "rw:utter_driving", sent), SECRET)
    assert [text for sender, text in assistant.received if sender == str(chat)] == ["buttons please"]
    assert fake_api.calls("answerCallbackQuery")[-1].params["text"] == WHAT_WAS_WRONG
    [edited] = fake_api.messages(chat)
    data = [b["callback_data"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
    assert data[:5] == [*(f"ra:d:{r}:utter_driving" for r in REASONS), "ra:d:utter_driving"]
    assert data[5:] == ["/ask_side_effects", "/ask_uses"]  # the message's other buttons stay

    post_update(url, updates.callback_update(chat, "ra:d:unclear:utter_driving", edited), SECRET)
    assert assistant.received[-1] == (
        str(chat),
        '/rate_answer{"rating":"down","reason":"unclear","response":"utter_driving"}',
    )
    [rated] = fake_api.messages(chat)[:1]
    assert [b["callback_data"] for row in rated["reply_markup"]["inline_keyboard"] for b in row] == data[5:]
