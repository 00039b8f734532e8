"""The assistant's answers: sourced from the article, safe to read alone, never a dose."""

from __future__ import annotations

import re

import pytest

from actions.safety_texts import FULL_DISCLAIMERS, REMINDERS
from tests.support.article import sections
from tests.support.project import DOSE, REFERRAL, answer_responses, domain, response_variations

COVERED = answer_responses(covered=True)
NOT_COVERED = answer_responses(covered=False)
MEDICAL_RESPONSES = sorted(set(COVERED.values()) | set(NOT_COVERED.values()))
ALL_TEXTS = [(name, v["text"]) for name, v in response_variations() if "text" in v]


def variations_of(response: str) -> list:
    return domain()["responses"][response]


@pytest.mark.parametrize("response", sorted(set(COVERED.values())))
def test_covered_answers_cite_passages_that_exist_and_say_it(response: str) -> None:
    article = sections()
    for variation in variations_of(response):
        sources = variation.get("metadata", {}).get("source")
        assert sources, f"{response} has no source reference"
        for ref in sources:
            assert ref["section"] in article, f"{response}: no section {ref['section']!r} in the article"
            paragraphs = article[ref["section"]]
            assert 1 <= ref["paragraph"] <= len(paragraphs), f"{response}: no paragraph {ref['paragraph']}"
            passage = paragraphs[ref["paragraph"] - 1].lower()
            for term in ref.get("terms", []):
                assert term.lower() in passage, f"{response}: {term!r} is not in {ref}"


@pytest.mark.parametrize("response", sorted(set(NOT_COVERED.values())))
def test_uncovered_answers_say_the_article_does_not_cover_it_or_refuse(response: str) -> None:
    for variation in variations_of(response):
        text = variation["text"]
        assert re.search(r"does not (cover|say)|gives no|can't advise|only discusses", text), response
        assert "source" in variation.get("metadata", {}), f"{response}: record its (possibly empty) source list"


@pytest.mark.parametrize("response", MEDICAL_RESPONSES)
def test_every_medical_answer_carries_its_own_referral(response: str) -> None:
    for variation in variations_of(response):
        assert REFERRAL.search(variation["text"]), f"{response} does not point to a professional"


@pytest.mark.parametrize(
    "name,text", ALL_TEXTS + [("disclaimer", t) for t in [*FULL_DISCLAIMERS.values(), *REMINDERS.values()]]
)
def test_no_response_states_a_dose(name: str, text: str) -> None:
    assert not DOSE.search(text), f"{name} states a dose: {DOSE.search(text).group(0)!r}"


@pytest.mark.parametrize("name,text", ALL_TEXTS)
def test_stopping_is_never_suggested_without_a_warning(name: str, text: str) -> None:
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(r"\bstop", sentence, re.I):
            assert re.search(r"\b(don't|do not|never|not|can't|before|without|warns?)\b", sentence, re.I), (
                name,
                sentence,
            )


@pytest.mark.parametrize("name,text", ALL_TEXTS)
def test_no_promotional_claims(name: str, text: str) -> None:
    hype = r"game[- ]changer|revolutioni[sz]|beacon of hope|brighter future|transform|minimal side effects|well[- ]tolerated"
    assert not re.search(hype, text, re.I), name


def test_intrathecal_is_explained_exactly() -> None:
    for response in ("utter_routes", "utter_intrathecal_pump"):
        for variation in variations_of(response):
            text = variation["text"].lower()
            assert "fluid" in text and "spinal cord" in text, response
            assert not re.search(r"directly into the spinal cord", text)


def test_comparison_is_balanced_about_sedation() -> None:
    text = variations_of("utter_comparison")[0]["text"].lower()
    assert "sedation" in text and "drowsiness" in text and "most common" in text


def test_condition_answers_cover_each_condition_and_a_default() -> None:
    values = {v["condition"][0]["value"] for v in variations_of("utter_condition") if v.get("condition")}
    assert values == {"multiple_sclerosis", "cerebral_palsy", "spinal_cord_injury"}
    assert any("condition" not in v for v in variations_of("utter_condition"))


def test_every_intent_has_a_rule() -> None:
    from tests.support.project import rules_by_file

    ruled = {rule["steps"][0]["intent"] for rules in rules_by_file().values() for rule in rules}
    assert set(domain()["intents"]) <= ruled | {"nlu_fallback"}
