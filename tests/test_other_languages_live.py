"""Short questions in another language written in plain ASCII, with the trained model: at parse
level (the whole NLU pipeline, spelling corrector to triage) and end to end over REST.

The detector alone is unsure of such questions ("que es el baclofeno"); the LanguageGuard
places them by their function words (components/language_guard.py). Its unit tests check
every English message of the project stays English; these check the real pipeline.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.support.project import domain
from tests.support.servers import reply_text

pytestmark = pytest.mark.live

# message -> the language of the notice
SHORT_QUESTIONS = {
    "Was ist Baclofen?": "de",
    "wie wirkt baclofen": "de",
    "que es el baclofeno": "es",
    "para que sirve el baclofeno": "es",
    "qu'est ce que le baclofene": "fr",
    "cos'è il baclofen": "it",
    "o que e baclofeno": "pt",
    "co to jest baklofen": "pl",
}
NOT_UNDERSTOOD = re.compile(r"did(n't| not) (quite )?(understand|get that)|rephrase", re.I)
EMERGENCY = re.compile(r"emergency|\b911\b|\b999\b|\b112\b|poison control", re.I)


def notice_start(language: str) -> str:
    """The first sentence of utter_other_language in `language` (domain.yml)."""
    [text] = [
        v["text"]
        for v in domain()["responses"]["utter_other_language"]
        if (v.get("condition") or [{}])[0].get("value") == language
    ]
    return text.split(".")[0]


@pytest.mark.parametrize("text,language", SHORT_QUESTIONS.items())
def test_a_short_ascii_question_parses_as_other_language_with_its_language(parse, text: str, language: str) -> None:
    result = parse(text)
    assert result["intent"]["name"] == "other_language"
    assert [e["value"] for e in result["entities"] if e["entity"] == "language"] == [language]


@pytest.mark.parametrize(
    "text", ["what is baclofen", "is baclofen a steroid", "was it the baclofen?", "co-codamol and baclofen"]
)
def test_short_english_questions_are_not_other_language(parse, text: str) -> None:
    assert parse(text)["intent"]["name"] != "other_language"


@pytest.mark.parametrize("text,language", SHORT_QUESTIONS.items())
def test_a_short_ascii_question_gets_the_notice_in_its_language_not_the_fallback(
    live_bot, text: str, language: str
) -> None:
    reply = reply_text(live_bot.say(f"lang-{uuid.uuid4().hex[:10]}", text))
    assert reply.startswith(notice_start(language))
    assert "only answer in English" in reply and "doctor or pharmacist" in reply
    assert not NOT_UNDERSTOOD.search(reply)


def test_a_mixed_language_red_flag_keeps_the_emergency_reply(live_bot) -> None:
    messages = live_bot.say(f"lang-{uuid.uuid4().hex[:10]}", "mi hijo swallowed my pills")
    texts = [m["text"] for m in messages if m.get("text")]
    assert EMERGENCY.search(texts[0]) and "only answer in English" not in " ".join(texts)


def test_an_emergency_in_another_language_gets_the_emergency_reply_first_then_the_notice(live_bot) -> None:
    # "my son has a baclofen pump and the alarm is beeping. what should I do?"
    messages = live_bot.say(
        f"lang-{uuid.uuid4().hex[:10]}", "Mein Sohn hat eine Baclofenpumpe und der Alarm piept. Was soll ich tun?"
    )
    texts = [m["text"] for m in messages if m.get("text")]
    assert EMERGENCY.search(texts[0]), texts
    # the notice ends the reply (its two paragraphs may come as two messages)
    assert any(t.startswith(notice_start("de")) for t in texts[1:]) and "only answer in English" in texts[-1]


def test_red_flag_words_in_another_language_get_the_answer_then_the_notice(live_bot) -> None:
    # "is baclofen dangerous if you stop suddenly? my father wants to stop"
    messages = live_bot.say(
        f"lang-{uuid.uuid4().hex[:10]}", "is baclofen gevaarlijk als je ineens stopt? mijn vader wil stoppen"
    )
    texts = [m["text"] for m in messages if m.get("text")]
    assert re.search(r"(?i)don't stop|suddenly", texts[0]), texts
    assert any(t.startswith(notice_start("nl")) for t in texts[1:])
