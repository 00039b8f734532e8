"""Telegram's rating and source buttons: compact callback data within 64 bytes, mapped to the
same payloads the widget sends."""

from __future__ import annotations

import re

import pytest

from channels.answer_metadata import client_metadata
from channels.payloads import REASONS
from channels.telegram_answers import (
    REASON_LABELS,
    SKIP_REASON,
    WHERE_FROM,
    after_rating,
    answer_keyboard,
    compact,
    expand,
    reason_keyboard,
    reasons_request,
)
from channels.telegram_text import CALLBACK_DATA_LIMIT, inline_keyboard
from channels.telegram_updates import UserText, read_user_text
from tests.support.project import ROOT, domain

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
    # a thumbs-down asks what was wrong first (the channel shows the reasons; nothing is sent)
    assert reasons_request(data[1]) == response and expand(data[1]) == data[1]
    reasons = [b["callback_data"] for row in reason_keyboard(response)["inline_keyboard"] for b in row]
    assert all(len(d.encode()) <= CALLBACK_DATA_LIMIT for d in reasons)
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


def test_the_reasons_are_the_widget_s_with_its_labels() -> None:
    """webchat/src/protocol.js RATING_REASONS: the same values and labels, in the same order."""
    source = (ROOT / "webchat" / "src" / "protocol.js").read_text(encoding="utf-8")
    block = re.search(r"RATING_REASONS = \[(.*?)\];", source, re.S).group(1)
    assert tuple(re.findall(r'\["(\w+)", "([^"]+)"\]', block)) == REASON_LABELS
    assert tuple(value for value, _ in REASON_LABELS) == REASONS


def test_a_thumbs_down_becomes_the_reasons_then_a_skip_keeping_the_source_row() -> None:
    answer = answer_keyboard({"response": "utter_driving", "rateable": True, "source": {"sections": ["Driving"]}})
    keyboard = reason_keyboard("utter_driving", answer)
    rows = keyboard["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [
        ["Wrong topic", "Unclear"],
        ["Incomplete", "Other"],
        [SKIP_REASON],
        [WHERE_FROM],
    ]
    payloads = [expand(b["callback_data"]) for row in rows[:3] for b in row]
    assert payloads == [
        *(f'/rate_answer{{"rating":"down","reason":"{r}","response":"utter_driving"}}' for r in REASONS),
        '/rate_answer{"rating":"down","response":"utter_driving"}',
    ]
    assert expand(rows[3][0]["callback_data"]) == '/about_source{"response":"utter_driving"}'


def test_once_rated_only_the_source_row_stays() -> None:
    answer = answer_keyboard({"response": "utter_driving", "rateable": True, "source": {"sections": ["Driving"]}})
    assert after_rating(answer) == {"inline_keyboard": [answer["inline_keyboard"][1]]}
    assert after_rating(reason_keyboard("utter_driving", answer)) == after_rating(answer)
    assert after_rating(answer_keyboard({"response": "utter_driving", "rateable": True})) is None
    assert after_rating(None) is None


@pytest.mark.parametrize("data", ["rw:utter_driving x", "rw:", "rw:DROP", "ra:d:utter_driving"])
def test_only_a_well_formed_thumbs_down_asks_for_reasons(data: str) -> None:
    assert reasons_request(data) is None
