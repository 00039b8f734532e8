"""Sorting incoming updates, and the text the assistant reads."""
from __future__ import annotations

import pytest

from channels.telegram_updates import (
    IgnoredUpdate,
    MalformedUpdate,
    UnreadableMessage,
    UserText,
    classify_update,
    text_for_assistant,
)
from tests.telegram import updates

CHAT = 5550001


def test_a_text_message_is_for_the_assistant() -> None:
    assert classify_update(updates.text_update(CHAT, "what is baclofen")) == UserText(CHAT, "what is baclofen")


def test_a_button_press_brings_its_payload_and_query_id() -> None:
    update = updates.callback_update(CHAT, "/ask_side_effects")
    classified = classify_update(update)
    assert classified == UserText(CHAT, "/ask_side_effects", update["callback_query"]["id"])


def test_a_button_under_an_inline_message_answers_the_user_privately() -> None:
    update = updates.callback_update(CHAT, "/ask_uses")
    del update["callback_query"]["message"]
    assert classify_update(update).chat_id == CHAT


@pytest.mark.parametrize(
    "make",
    [updates.sticker_update, updates.photo_update, updates.voice_update, updates.document_update],
)
def test_media_messages_are_unreadable(make) -> None:
    assert classify_update(make(CHAT)) == UnreadableMessage(CHAT, "not_text")


def test_a_photo_caption_is_not_read_as_a_question() -> None:
    assert classify_update(updates.photo_update(CHAT, caption="is this pill baclofen?")).kind == "not_text"


def test_an_edit_is_unreadable_as_an_edit() -> None:
    assert classify_update(updates.edited_update(CHAT, "what is baclofen?")) == UnreadableMessage(CHAT, "edited")


def test_channel_posts_and_service_messages_are_ignored() -> None:
    assert classify_update(updates.channel_post_update(-1001234, "news")) == IgnoredUpdate("channel_post")
    assert classify_update(updates.new_member_update(-4001)) == IgnoredUpdate("service_message")
    assert classify_update({"update_id": 1, "my_chat_member": {}}) == IgnoredUpdate("my_chat_member")


def test_a_button_without_data_is_ignored_but_still_answered() -> None:
    update = updates.callback_update(CHAT, "")
    classified = classify_update(update)
    assert isinstance(classified, IgnoredUpdate)
    assert classified.callback_query_id == update["callback_query"]["id"]


@pytest.mark.parametrize(
    "body, reason",
    [
        ([], "JSON object"),
        ({"message": {"chat": {"id": 1}, "text": "hi"}}, "update_id"),
        ({"update_id": "7", "message": {"chat": {"id": 1}}}, "update_id"),
        ({"update_id": 7, "message": "hi"}, "message must be a JSON object"),
        ({"update_id": 7, "message": {"text": "hi"}}, "chat.id"),
        ({"update_id": 7, "message": {"chat": {"id": True}, "text": "hi"}}, "chat.id"),
        ({"update_id": 7, "edited_message": {"chat": {}}}, "chat.id"),
        ({"update_id": 7, "callback_query": {"data": "/ask_uses"}}, "callback_query has no id"),
        ({"update_id": 7, "callback_query": {"id": "9", "data": "/x"}}, "from.id"),
    ],
)
def test_malformed_updates_say_what_is_wrong(body, reason: str) -> None:
    with pytest.raises(MalformedUpdate, match=reason):
        classify_update(body)


@pytest.mark.parametrize(
    "typed, read",
    [
        ("what is baclofen", "what is baclofen"),
        ("  /start  ", "hello"),
        ("/start from-website", "hello"),
        ("/start@BaclofenInfoBot", "hello"),
        ("/help", "what can you do?"),
        ("/help@baclofeninfobot", "what can you do?"),
        ("/ask_side_effects", "/ask_side_effects"),
        ("/help@SomeOtherBot", "/help@SomeOtherBot"),
    ],
)
def test_text_for_assistant(typed: str, read: str) -> None:
    assert text_for_assistant(typed, "BaclofenInfoBot") == read
