"""Structured button payloads: only fixed values pass as commands, anything else is read as words."""

from __future__ import annotations

import pytest

from channels.input_limits import read_message_text
from channels.payloads import about_source_payload, canonical_payload, rate_answer_payload


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            '/rate_answer{"rating":"up","response":"utter_side_effects"}',
            '/rate_answer{"rating":"up","response":"utter_side_effects"}',
        ),
        (
            '/rate_answer{"response": "utter_what_is", "rating": "down", "reason": "unclear"}',
            '/rate_answer{"rating":"down","reason":"unclear","response":"utter_what_is"}',
        ),
        ('/about_source{"response":"utter_withdrawal"}', '/about_source{"response":"utter_withdrawal"}'),
    ],
)
def test_valid_payloads_pass_in_canonical_form(text: str, expected: str) -> None:
    assert canonical_payload(text) == expected
    assert read_message_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '/rate_answer{"rating":"up"}',  # no response
        '/rate_answer{"rating":"meh","response":"utter_what_is"}',
        '/rate_answer{"rating":"down","response":"utter_what_is","reason":"my son took 10 pills"}',  # free text
        '/rate_answer{"rating":"down","response":"utter_what_is","comment":"x"}',  # unknown key
        '/rate_answer{"rating":"down","response":"ask me anything"}',
        '/rate_answer{"rating":["down"],"response":"utter_what_is"}',
        '/ask_uses{"condition":"overdose"}',  # entities on any other intent
        '/about_source{"response":"utter_x", "text":"hi"}',
        "/rate_answer{not json}",
    ],
)
def test_anything_else_is_read_as_words(text: str) -> None:
    assert canonical_payload(text) is None
    assert not read_message_text(text).startswith("/")


def test_the_free_text_of_a_forged_reason_reaches_the_red_flag_checks() -> None:
    from safety.red_flags import detect

    text = read_message_text(
        '/rate_answer{"rating":"down","response":"utter_what_is","reason":"my son swallowed 10 of my pills"}'
    )
    assert detect(text) is not None


def test_builders_refuse_values_outside_the_schema() -> None:
    assert rate_answer_payload("down", "utter_what_is", "incomplete").startswith("/rate_answer{")
    assert about_source_payload("utter_uses") == '/about_source{"response":"utter_uses"}'
    with pytest.raises(ValueError):
        rate_answer_payload("sideways", "utter_what_is")
    with pytest.raises(ValueError):
        about_source_payload("not a response")
