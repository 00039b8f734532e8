"""components/question_parts.py: background and questions, each question of a two-part message."""

from __future__ import annotations

from typing import List, Tuple

import pytest

from components.question_parts import question_parts, split_parts


def parts(text: str) -> List[Tuple[str, bool]]:
    return [(p.text, p.is_question) for p in split_parts(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # two questions joined by a comma and "and", or by "and" alone
        (
            "what does it treat, and does it come as an injection?",
            [("what does it treat", True), ("does it come as an injection", True)],
        ),
        (
            "how fast does it work and will it make me sleepy",
            [("how fast does it work", True), ("will it make me sleepy", True)],
        ),
        # a question typed as said, and a question word after a preposition
        (
            "wat r the side effects of baclofen and is it a muscle relaxer",
            [("wat r the side effects of baclofen", True), ("is it a muscle relaxer", True)],
        ),
        (
            "what conditions does it treat and by what mechanism",
            [("what conditions does it treat", True), ("by what mechanism", True)],
        ),
        # " n " is "&" typed short
        ("side effects n withdrawal?", [("side effects", True), ("withdrawal", True)]),
        # list-like: "+", "&", numbered or lettered items, with or without question words
        ("weakness + is it safe to drive?", [("weakness", True), ("is it safe to drive", True)]),
        ("1) what is it for 2) how do you stop it", [("what is it for", True), ("how do you stop it", True)]),
        ("a) brand names b) how it is given", [("brand names", True), ("how it is given", True)]),
        # background first, then the question
        (
            "my brother was paralysed in a crash last year and the spasms are awful. What sort of drug is baclofen?",
            [
                ("my brother was paralysed in a crash last year and the spasms are awful", False),
                ("What sort of drug is baclofen", True),
            ],
        ),
        (
            "not asking about doses, how does it actually work?",
            [("not asking about doses", False), ("how does it actually work", True)],
        ),
        # a label before a colon or a spaced dash: the question after it still asks
        (
            "Two-parter: is it a muscle relaxant, and can you drive on it?",
            [("Two-parter: is it a muscle relaxant", True), ("can you drive on it", True)],
        ),
        (
            "Gablofen - how is it given and what is it for?",
            [("Gablofen - how is it given", True), ("what is it for", True)],
        ),
        (
            "for MS spasms \u2013 does it work and will it make me dizzy",
            [("for MS spasms", False), ("does it work", True), ("will it make me dizzy", True)],
        ),
        # a run-on question with no punctuation before it
        (
            "my grandad has had a spinal injury for years and they started him on baclofen how does it work",
            [
                ("my grandad has had a spinal injury for years and they started him on baclofen", False),
                ("how does it work", True),
            ],
        ),
    ],
)
def test_messages_split_into_background_and_questions(text: str, expected: List[Tuple[str, bool]]) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "what is baclofen",
        "I'd like to know what it does",  # the question is part of the sentence
        "is it ok to take with food",
        "what and how",  # too short to be two questions
        "I'm not sure how it works in the body",
        "tell me about the pump",
        "side-effects - what are they",  # a hyphen inside a word is not a boundary
    ],
)
def test_one_question_stays_one_part(text: str) -> None:
    assert len(split_parts(text)) == 1
    assert split_parts(text)[0].text == text


def test_a_greeting_word_joins_the_question_after_it() -> None:
    assert parts("Hi. What is baclofen?") == [("Hi. What is baclofen", True)]


def test_offsets_point_into_the_original_message() -> None:
    text = "background: she has CP.  Is it a tablet, and what are the side effects?"
    for part in split_parts(text):
        assert text[part.start : part.end] == part.text


def test_statements_are_not_questions() -> None:
    assert question_parts("my legs feel like jelly since the dose went up") == []
    # A short question about "that" asks about the statement before it: one question part.
    assert [p.text for p in question_parts("legs like jelly. is that the baclofen?")] == [
        "legs like jelly. is that the baclofen"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "my dad's drowsy and weak on baclofen, is that the drug? and is there another way of giving it",
            [
                ("my dad's drowsy and weak on baclofen, is that the drug", True),
                ("and is there another way of giving it", True),
            ],
        ),
        ("she gets dizzy. could this be normal?", [("she gets dizzy. could this be normal", True)]),
        # a long question, or one about "it", stands on its own
        (
            "she gets dizzy. is that something the neurologist should hear about this week?",
            [("she gets dizzy", False), ("is that something the neurologist should hear about this week", True)],
        ),
        ("she has MS. is it safe to drive on it?", [("she has MS", False), ("is it safe to drive on it", True)]),
        # after a question, nothing joins
        ("what is it? is this the same as lioresal?", [("what is it", True), ("is this the same as lioresal", True)]),
    ],
)
def test_a_short_question_about_that_joins_the_statement_before_it(text: str, expected: list) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "whether" and "if" open an indirect question after a boundary
        (
            "Could you explain how baclofen relaxes muscles, and whether it's used in cerebral palsy?",
            [("Could you explain how baclofen relaxes muscles", True), ("whether it's used in cerebral palsy", True)],
        ),
        (
            "what is it for and also if she can stop it when she likes",
            [("what is it for", True), ("also if she can stop it when she likes", True)],
        ),
        # an ordinal before the second question
        (
            "first, does baclofen help muscle stiffness, second do people get hallucinations when stopping it",
            [
                ("first, does baclofen help muscle stiffness", True),
                ("second do people get hallucinations when stopping it", True),
            ],
        ),
        # a worry is a question in other words
        (
            "my mum is worried about feeling tired on it and also whether she can come off it",
            [("my mum is worried about feeling tired on it", True), ("also whether she can come off it", True)],
        ),
    ],
)
def test_indirect_and_numbered_questions_are_parts(text: str, expected: list) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a reported question asks
        (
            "My teacher asked what her medicine baclofen is for. what do I tell her",
            [("My teacher asked what her medicine baclofen is for", True), ("what do I tell her", True)],
        ),
        # a run-on needs a question of its own after it
        (
            "the neuro has put him on baclofen - what kind of medicine even is it?",
            [("the neuro has put him on baclofen", False), ("what kind of medicine even is it", True)],
        ),
    ],
)
def test_reported_questions_and_short_run_ons(text: str, expected: list) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "if I miss a dose should I take two",
        "can I drive if I feel fine",
        "does it matter whether she takes it with food",
    ],
)
def test_if_and_whether_inside_a_question_do_not_split_it(text: str) -> None:
    assert len(question_parts(text)) == 1


@pytest.mark.parametrize("text", ["", "   ", "?!", "\n\n"])
def test_no_words_no_parts(text: str) -> None:
    assert split_parts(text) == []


@pytest.mark.parametrize(
    "text, asked",
    [
        ("not how much to take, just the different ways it can be taken", "just the different ways it can be taken"),
        (
            "she's fine in herself, no dizziness, no drowsiness, just wondering which conditions it's given for",
            "just wondering which conditions it's given for",
        ),
        ("i don't need side effects, i just want to know what it treats", "i just want to know what it treats"),
        # a dismissal, and the question in the next clause
        ("leave the dosing out of it, how is it given?", "how is it given?"),
        ("not bothered about brands - what does it do?", "what does it do?"),
    ],
)
def test_a_topic_set_aside_leaves_what_is_asked(text: str, asked: str) -> None:
    from components.question_parts import asked_focus

    focus = asked_focus(text)
    assert focus is not None and focus.text == asked and text[focus.start : focus.end] == asked


@pytest.mark.parametrize(
    "text",
    [
        "what are the side effects, just roughly",
        "how is it given? just curious",
        "no idea what it is, is it a steroid?",
        # the question came first; what follows only narrows it
        "Can baclofen help with the spasms you get in MS? No other symptoms, just that.",
        # the question after the dismissal is a later clause, about something else
        "i'm not worried about sleepiness, i'm worried about my legs going weak. does baclofen do that?",
    ],
)
def test_nothing_set_aside_no_focus(text: str) -> None:
    from components.question_parts import asked_focus

    assert asked_focus(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("backlofen side affects and can u stop it", [("backlofen side affects", True), ("can u stop it", True)]),
        (
            "two things: baclofen side effects, and whether you can stop it suddenly",
            [("baclofen side effects", True), ("whether you can stop it suddenly", True)],
        ),
        # a statement about someone is background, not a topic asked
        ("she has CP and can she drive on it", [("she has CP", False), ("can she drive on it", True)]),
    ],
)
def test_a_short_topic_named_before_a_question_asks_too(text: str, expected: list) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a compact list of topics: each item asks; a closing request is not an item
        (
            "side effects, driving, stopping - tell me the lot",
            [("side effects", True), ("driving", True), ("stopping", True)],
        ),
        ("uses, side effects, withdrawal?", [("uses", True), ("side effects", True), ("withdrawal", True)]),
        ("dose, side effects and alcohol please", [("dose", True), ("side effects", True), ("alcohol", True)]),
        # two items after a label
        ("lioresal: uses and side effects", [("uses", True), ("side effects", True)]),
        (
            "3 things: what's it for, side effects, can I drive",
            [("what's it for", True), ("side effects", True), ("can I drive", True)],
        ),
        # questions and topics mixed
        (
            "what is it, how does it work, side effects",
            [("what is it", True), ("how does it work", True), ("side effects", True)],
        ),
        # a courtesy is not part of what is asked
        ("s/e n w/d pls", [("s/e", True), ("w/d", True)]),
    ],
)
def test_a_compact_list_of_topics_asks_each_item(text: str, expected: list) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my son, 12, has CP",  # about someone: background
        "Hi, quick one, what's it for?",  # a greeting and one question
        "drowsiness and dizziness?",  # two items without a label: one question
        "MS, CP, spinal injury - does it help all three?",  # the items set the scene for the question
        "not the dose, not the brands, how it works",  # set aside
    ],
)
def test_what_is_not_a_list_of_topics_is_not_split_into_items(text: str) -> None:
    assert len([p for p in split_parts(text) if p.is_question]) <= 2
    assert all(len(p.text.split()) > 1 or not p.is_question for p in split_parts(text)), parts(text)
