"""Telegram's rating and source buttons: compact callback data within 64 bytes, mapped to the
same payloads the widget sends."""

from __future__ import annotations

import pytest

from channels.answer_metadata import client_metadata
from channels.payloads import REASONS
from channels.telegram_answers import answer_keyboard, compact, expand
from channels.telegram_text import CALLBACK_DATA_LIMIT, inline_keyboard
from channels.telegram_updates import UserText, read_user_text
from tests.support.project import domain

MEDICAL = sorted(
    name for name, variations in domain()["responses"].items() if "source" in (variations[0].get("metadata") or {})
)


@pytest.mark.parametrize("response", MEDICAL)
def test_every_medical_answer_gets_buttons_that_fit(response: str) -> None:
    metadata = client_metadata({"utter_action": response, "metadata": domain()["responses"][response][0]["metadata"]})
    keyboard = answer_keyboard(metadata)
    assert keyboard is not None
    data = [b["callback_data"] for row in keyboard["inline_keyboard"] for b in row]
    assert all(len(d.encode()) <= CALLBACK_DATA_LIMIT for d in data)
    assert expand(data[0]) == f'/rate_answer{{"rating":"up","response":"{response}"}}'
    assert expand(data[1]) == f'/rate_answer{{"rating":"down","response":"{response}"}}'
    has_source = bool(metadata.get("source"))
    assert (len(data) == 3) == has_source
    if has_source:
        assert expand(data[2]) == f'/about_source{{"response":"{response}"}}'
    # the longest reason still fits
    longest = compact(f'/rate_answer{{"rating":"down","response":"{response}","reason":"wrong_topic"}}')
    assert longest is not None and len(longest.encode()) <= CALLBACK_DATA_LIMIT


def test_non_medical_messages_get_no_buttons() -> None:
    assert answer_keyboard({"response": "utter_greet"}) is None
    assert answer_keyboard(None) is None


@pytest.mark.parametrize("reason", REASONS)
def test_compact_and_expand_are_inverse(reason: str) -> None:
    payload = f'/rate_answer{{"rating":"down","reason":"{reason}","response":"utter_driving"}}'
    assert expand(compact(payload)) == payload


def test_a_pressed_rating_button_reaches_the_assistant_as_the_payload() -> None:
    update = UserText(chat_id=5, text="ra:d:unclear:utter_driving", callback_query_id="q1")
    assert (
        read_user_text(update, "Bot") == '/rate_answer{"rating":"down","reason":"unclear","response":"utter_driving"}'
    )


@pytest.mark.parametrize("data", ["ra:x:utter_driving", "ra:d:sadness:utter_driving", "as:drop table"])
def test_odd_callback_data_is_read_as_words(data: str) -> None:
    text = read_user_text(UserText(chat_id=5, text=data, callback_query_id="q1"), "Bot")
    assert not text.startswith("/")


def test_a_structured_payload_button_is_sent_in_compact_form() -> None:
    keyboard = inline_keyboard(
        [{"title": "Unclear", "payload": '/rate_answer{"rating":"down","response":"utter_what_is","reason":"unclear"}'}]
    )
    assert keyboard == {"inline_keyboard": [[{"text": "Unclear", "callback_data": "ra:d:unclear:utter_what_is"}]]}
