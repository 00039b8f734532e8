"""Understanding real messages (issue 13): each failure kind, at parse level and end to end over REST.

The messages were written for these tests, one or two per kind from the issue plus new ones;
none is a training example (checked below) and none comes from an evaluation set. Parse-level
tests run the trained model's whole NLU pipeline; REST tests run the bot with its action server.
"""

from __future__ import annotations

import re
import uuid
from typing import Dict, List

import pytest

from actions.safety_texts import FULL_DISCLAIMERS, Risk
from tests.support.project import REFERRAL, domain, nlu_examples

NOT_UNDERSTOOD = re.compile(r"did(n't| not) (quite )?(understand|get that)|rephrase|ask in other words", re.I)
ONLY_BACLOFEN = "I can only answer questions about baclofen"


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


# message -> the intent it asks for
KINDS: Dict[str, Dict[str, str]] = {
    "background before the question": {
        "background: my sister's had CP since birth and the clinic has just added baclofen to her list, "
        "I'm confused, what sort of drug is it?": "ask_what_is",
        "my husband has had MS for fifteen years and gets awful cramps at night. the neurologist mentioned "
        "baclofen. how is it actually given?": "ask_routes",
        "so my dad came off his bike in the spring and damaged his spinal cord. he's been on baclofen a "
        "month. can he drive on it?": "ask_driving",
    },
    "everyday words": {
        "been on baclofen a fortnight and I'm dead on my feet by lunchtime, is that normal?": "ask_fatigue",
        "will baclofen knock me for six? I've got a busy job": "ask_drowsiness",
        "what are the downsides of being on baclofen": "ask_side_effects",
        "my legs have gone all jelly since starting baclofen, is that a known thing?": "ask_weakness",
    },
    "negation and contrast": {
        "not that I've got cerebral palsy or anything, it was prescribed after my neck injury, what are "
        "the downsides?": "ask_side_effects",
        "forget the dosing side of it, what does it actually do inside you?": "ask_mechanism",
        "I'm not worried about addiction, I just want to know what baclofen treats": "ask_uses",
    },
    "a brand as the subject": {
        "my neighbour is on Gablofen, what do they give it for?": "ask_uses",
        "how is lioresal taken, is it a tablet?": "ask_routes",
        "is lioresal one of the ones that make you drowsy": "ask_drowsiness",
    },
    "explain it simply": {
        "dumb it down for me: how does it work?": "ask_mechanism",
        "in plain English please, what is baclofen": "ask_what_is",
    },
    "what it can do": {
        "what kind of things can you tell me": "ask_capabilities",
    },
    "a statement with no question": {
        "the GP has just put my grandad on baclofen": "ask_what_is",
    },
    "a reported question": {
        "my little brother asked me what baclofen actually does to your muscles and I had no idea": "ask_mechanism",
    },
    "a named subject": {
        "the consultant wants to fit a pump for his baclofen, what is that exactly?": "ask_intrathecal_pump",
        "my aunt's nurse calls baclofen a GABA drug, what does that mean?": "ask_mechanism",
        "where did you find the info about driving?": "about_source",
    },
    "is it a usual treatment for one condition": {
        "my wife has MS, is baclofen one of the usual treatments for that?": "ask_condition",
        "is it normal for kids with cerebral palsy to be put on baclofen?": "ask_condition",
    },
    "a short question about the statement before it": {
        "nan's been a bit woozy since her first dose, could that be the baclofen?": "ask_dizziness",
    },
}
CASES = [(kind, text, intent) for kind, cases in KINDS.items() for text, intent in cases.items()]


def test_the_test_messages_are_not_training_examples() -> None:
    training = {normalised(e) for examples in nlu_examples().values() for e in examples}
    assert [text for _, text, _ in CASES if normalised(text) in training] == []


def entities(result: dict, name: str) -> List[str]:
    return [e["value"] for e in result["entities"] if e["entity"] == name]


# ---------------------------------------------------------------- parse level


@pytest.mark.live
@pytest.mark.parametrize("kind, text, intent", CASES, ids=[f"{k}:{i}" for k, _, i in CASES])
def test_each_kind_gets_the_intent_it_asks_for(parse, kind: str, text: str, intent: str) -> None:
    assert parse(text)["intent"]["name"] == intent, kind


@pytest.mark.live
def test_background_still_fills_the_condition_for_follow_ups(parse) -> None:
    result = parse(next(iter(KINDS["background before the question"])))
    assert entities(result, "condition") == ["cerebral_palsy"]


@pytest.mark.live
@pytest.mark.parametrize(
    "text, first, also",
    [
        ("what does baclofen treat, and does it come as an injection?", "ask_uses", ["ask_routes"]),
        ("side effects + is it ok to drive on it?", "ask_side_effects", ["ask_driving"]),
        ("1) how does baclofen work 2) what happens if you stop it suddenly", "ask_mechanism", ["ask_withdrawal"]),
        # a compact list of topics, with or without question words
        (
            "brands, side effects, stopping - everything please",
            "ask_brand_names",
            ["ask_side_effects", "ask_withdrawal"],
        ),
        ("what is it, side effects, driving?", "ask_what_is", ["ask_side_effects", "ask_driving"]),
    ],
)
def test_two_questions_give_both_intents_in_the_order_asked(parse, text: str, first: str, also: List[str]) -> None:
    result = parse(text)
    assert result["intent"]["name"] == first
    assert entities(result, "also_asked") == also


@pytest.mark.live
@pytest.mark.parametrize(
    "text, first, also",
    [
        # "whether" after a comma, "first ... second ...", a worry: each a question of its own
        ("can you tell me how it's taken, and whether it makes people dizzy?", "ask_routes", ["ask_dizziness"]),
        ("first, what's it for, second do people get dizzy on it", "ask_uses", ["ask_dizziness"]),
    ],
)
def test_indirect_and_numbered_second_questions_are_answered_too(parse, text: str, first: str, also: List[str]) -> None:
    result = parse(text)
    assert result["intent"]["name"] == first, result["intent_ranking"][:3]
    assert [e["value"] for e in result["entities"] if e["entity"] == "also_asked"] == also


@pytest.mark.live
def test_explain_simply_is_read_as_a_wish_for_plain_words(parse) -> None:
    assert entities(parse("dumb it down for me: how does it work?"), "plain_language") == ["yes"]
    assert parse("can you put that more simply")["intent"]["name"] == "explain_simpler"


# ---------------------------------------------------------------- end to end over REST


def new_sender() -> str:
    return f"understand-{uuid.uuid4().hex[:10]}"


def responses_of(messages: List[dict]) -> List[str]:
    return [m["text"] for m in messages if m.get("text")]


def response_text(name: str, index: int = 0) -> str:
    return " ".join(domain()["responses"][name][index]["text"].split())


def plain_variant(name: str) -> str:
    for variant in domain()["responses"][name]:
        if any(c.get("name") == "plain_language" for c in variant.get("condition") or []):
            return " ".join(variant["text"].split())
    raise AssertionError(f"{name} has no plain-words variant")


@pytest.mark.live
@pytest.mark.parametrize("kind, text, intent", CASES, ids=[f"{k}:{i}" for k, _, i in CASES])
def test_each_kind_gets_an_answer_not_a_fallback(live_bot, kind: str, text: str, intent: str) -> None:
    reply = "\n".join(responses_of(live_bot.say(new_sender(), text)))
    assert reply and not NOT_UNDERSTOOD.search(reply), (kind, reply)
    assert ONLY_BACLOFEN not in reply
    if intent != "ask_capabilities":
        assert REFERRAL.search(reply), (kind, reply)


@pytest.mark.live
def test_two_questions_are_answered_in_order_with_one_disclaimer_of_the_highest_grade(live_bot) -> None:
    texts = responses_of(live_bot.say(new_sender(), "what is baclofen for, and can you just stop taking it?"))
    assert texts[0] == response_text("utter_uses")
    assert texts[1] == response_text("utter_withdrawal")
    # one disclaimer, the withdrawal one (higher than the general one the first answer needs)
    assert texts[2:] == [FULL_DISCLAIMERS[Risk.WITHDRAWAL]]


@pytest.mark.live
def test_help_alone_offers_the_topics(live_bot) -> None:
    messages = live_bot.say(new_sender(), "help")
    payloads = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert "/ask_side_effects" in payloads and "/ask_withdrawal" in payloads
    assert not NOT_UNDERSTOOD.search(" ".join(responses_of(messages)))


@pytest.mark.live
def test_explain_it_simply_gets_the_plain_words_answer(live_bot) -> None:
    texts = responses_of(live_bot.say(new_sender(), "dumb it down for me: how does it work?"))
    assert texts[0] == plain_variant("utter_mechanism")


@pytest.mark.live
def test_say_that_again_simpler_repeats_the_last_answer_in_plain_words(live_bot) -> None:
    sender = new_sender()
    first = responses_of(live_bot.say(sender, "how does baclofen work on the nerves"))
    assert first[0] == response_text("utter_mechanism")
    again = responses_of(live_bot.say(sender, "sorry that went right over my head, can you say it more simply"))
    assert again[0] == plain_variant("utter_mechanism")


@pytest.mark.live
@pytest.mark.parametrize(
    "first, follow_up, expected",
    [
        # "does that go for cerebral palsy too?" after the MS answer: the CP answer
        ("is baclofen used for multiple sclerosis", "what about cerebral palsy, same thing?", r"(?i)cerebral palsy"),
        # "that'd explain the jelly legs then?" after side effects: weakness
        ("what side effects does baclofen have", "ah, so that's why my legs feel like jelly?", r"(?i)weakness"),
        # a follow-up with no topic of its own: the previous topic, from the conversation
        (
            "can you drive on baclofen",
            "would that apply to my son as well? he's 18 with CP and learning to drive",
            r"(?i)\bdriv|alert",
        ),
        ("is it ok to operate machinery on baclofen", "what about a chainsaw, same thing?", r"(?i)\bdriv|alert"),
        # the previous question applied to a new subject, whatever the subject suggests alone
        ("what happens if you stop baclofen all at once", "same for the pump?", r"(?i)don't stop|suddenly"),
        ("can baclofen help cerebral palsy", "how?", r"(?i)cerebral palsy|spasticity"),
        # "can she just pack it in now...?" after a condition turn: never stop suddenly
        (
            "my mum has MS and takes baclofen for it",
            "the spasms are much better now, can she just pack it in?",
            r"(?i)don't stop|suddenly",
        ),
    ],
)
def test_follow_ups_that_name_nothing_get_the_answer_they_lean_on(
    live_bot, first: str, follow_up: str, expected: str
) -> None:
    sender = new_sender()
    live_bot.say(sender, first)
    reply = "\n".join(responses_of(live_bot.say(sender, follow_up)))
    assert re.search(expected, reply), reply
    assert not NOT_UNDERSTOOD.search(reply)


@pytest.mark.live
def test_an_unsure_message_offers_the_top_topics_not_the_same_six(live_bot, parse) -> None:
    text = "is baclofen rubbish"
    result = parse(text)
    assert result["intent"]["name"] == "nlu_fallback", "pick a message the classifier is unsure of"
    expected = [
        f"/{e['name']}"
        for e in result["intent_ranking"]
        if e["name"].startswith("ask_") and e["name"] != "ask_capabilities" and e["confidence"] >= 0.08
    ][:3]
    messages = live_bot.say(new_sender(), text)
    buttons = [b for m in messages for b in m.get("buttons") or []]
    assert messages[0]["text"].startswith("Sorry, I'm not sure I understood. Did you mean"), messages
    assert [b["payload"] for b in buttons] == expected + ["/ask_capabilities"]
    assert buttons[-1]["title"] == "Something else"
    assert all(b["title"] and "{" not in b["title"] for b in buttons)


@pytest.mark.live
@pytest.mark.parametrize(
    "text",
    [
        "is balcofen the same as tizanidine?",
        "does it knock you out like diazepam does?",
        "baclofen and my sister's migraines, any help?",
    ],
)
def test_a_message_naming_baclofen_never_gets_only_baclofen(live_bot, text: str) -> None:
    reply = "\n".join(responses_of(live_bot.say(new_sender(), text)))
    assert ONLY_BACLOFEN not in reply, reply


@pytest.mark.live
def test_a_condition_named_as_background_gets_a_note_on_it_after_the_answer(live_bot) -> None:
    messages = responses_of(
        live_bot.say(
            new_sender(), "my wife has MS and they've started her on baclofen, what side effects should we expect?"
        )
    )
    assert re.search(r"(?i)drows", messages[0]), messages
    assert any(m.startswith("You mentioned multiple sclerosis (MS)") for m in messages[1:]), messages
    assert REFERRAL.search(messages[-1])
