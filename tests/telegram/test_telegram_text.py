"""Splitting long replies to Telegram's limit, and buttons as an inline keyboard."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from channels.telegram_text import (
    CALLBACK_DATA_LIMIT,
    MESSAGE_LIMIT,
    inline_keyboard,
    split_message,
    telegram_length,
)

SENTENCE = "Baclofen is a muscle relaxant that acts on the spinal cord to ease spasticity. "


def _words(text: str) -> list:
    return text.split()


def test_a_short_text_is_one_part_unchanged() -> None:
    assert split_message("  What is baclofen?  ") == ["What is baclofen?"]


def test_a_blank_text_gives_no_parts() -> None:
    assert split_message(" \n\n ") == []


def test_a_long_reply_is_cut_between_paragraphs_and_loses_no_word() -> None:
    paragraphs = [f"Paragraph {n}. " + SENTENCE * 12 for n in range(1, 8)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    assert telegram_length(text) > MESSAGE_LIMIT

    parts = split_message(text)

    assert len(parts) > 1
    assert all(telegram_length(part) <= MESSAGE_LIMIT for part in parts)
    assert _words(" ".join(parts)) == _words(text)
    # Every part starts at a paragraph start and ends at a paragraph end.
    for part in parts:
        assert part.startswith("Paragraph ")
        assert part.endswith("spasticity.")


def test_without_paragraphs_the_cut_falls_between_sentences() -> None:
    text = (SENTENCE * 80).strip()
    assert telegram_length(text) > MESSAGE_LIMIT
    parts = split_message(text)
    assert len(parts) == 2
    assert all(part.endswith("spasticity.") for part in parts)
    assert _words(" ".join(parts)) == _words(text)


def test_a_sentence_with_a_closing_quote_keeps_its_quote() -> None:
    text = 'He said "stop now." ' + "word " * 30
    parts = split_message(text, limit=30)
    assert parts[0] == 'He said "stop now."'


def test_without_sentences_the_cut_falls_between_words() -> None:
    text = " ".join(["spasticity"] * 1000)
    parts = split_message(text)
    assert all(telegram_length(part) <= MESSAGE_LIMIT for part in parts)
    assert all(set(part.split()) == {"spasticity"} for part in parts)


def test_a_single_endless_word_is_cut_hard() -> None:
    text = "x" * (MESSAGE_LIMIT * 2 + 10)
    parts = split_message(text)
    assert [len(part) for part in parts] == [MESSAGE_LIMIT, MESSAGE_LIMIT, 10]


def test_emoji_count_double_as_telegram_counts_them() -> None:
    text = "💊" * 3000  # 6000 UTF-16 units
    parts = split_message(text)
    assert [telegram_length(part) for part in parts] == [4096, 6000 - 4096]
    assert "".join(parts) == text


def test_a_paragraph_break_near_the_start_does_not_make_a_stub_part() -> None:
    text = "Short intro.\n\n" + (SENTENCE * 60).strip()
    parts = split_message(text)
    assert len(parts[0]) > MESSAGE_LIMIT // 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(alphabet="abc😀 .!?\n", min_size=1, max_size=12), st.sampled_from(["\n\n", ". ", " "])),
        max_size=60,
    ),
    st.integers(min_value=2, max_value=40),
)
def test_parts_always_fit_and_keep_every_character_in_order(pieces: list, limit: int) -> None:
    text = "".join(pieces)
    parts = split_message(text, limit=limit)
    assert all(0 < telegram_length(part) <= limit for part in parts)
    assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", text)


def test_a_limit_below_two_is_refused() -> None:
    with pytest.raises(ValueError):
        split_message("abc", limit=1)


def test_buttons_become_one_inline_button_per_row() -> None:
    markup = inline_keyboard(
        [
            {"title": "Side effects", "payload": "/ask_side_effects"},
            {"title": "Stopping baclofen", "payload": "/ask_withdrawal"},
        ]
    )
    assert markup == {
        "inline_keyboard": [
            [{"text": "Side effects", "callback_data": "/ask_side_effects"}],
            [{"text": "Stopping baclofen", "callback_data": "/ask_withdrawal"}],
        ]
    }


def test_buttons_telegram_would_reject_are_left_out() -> None:
    too_long = "/" + "a" * CALLBACK_DATA_LIMIT
    markup = inline_keyboard(
        [
            {"title": "Fine", "payload": "/ask_uses"},
            {"title": "Too long", "payload": too_long},
            {"title": "", "payload": "/ask_routes"},
            {"title": "No payload"},
        ]
    )
    assert markup == {"inline_keyboard": [[{"text": "Fine", "callback_data": "/ask_uses"}]]}


def test_no_usable_button_means_no_keyboard() -> None:
    assert inline_keyboard([{"title": "x", "payload": "/" + "é" * 40}]) is None
    assert inline_keyboard([]) is None
