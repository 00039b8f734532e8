"""Every type of question people ask a medicines service has a home (docs/question-types.md).

The checklist is the consumer-question taxonomy: dose, usage, timing, duration, side effects,
interactions, food, appearance, ingredients, storage and disposal, contraindications,
alternatives, overdose, stopping, lab tests, time until an effect (plus cost, which used to
share an answer with storage). Each type maps to one intent whose answer is the article's,
or an honest "the article does not cover that" with a referral.

The example questions below were written for this test: none is a training example (checked
here), and none comes from an evaluation set.

- data tests: each type's intent exists, has its response, rule, risk grade and 35+ training
  examples; the answer is covered or not covered as the table says; the document agrees;
- live, parse level (the trained model, its whole NLU pipeline, guards and triage included):
  every example question gets its type's intent;
- live, end to end over REST: one question per type gets a reply that points to a
  professional, states no dose, and is not the "didn't understand" fallback.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass
from typing import Dict, List, Tuple

import pytest

from actions.topics import topics_from_domain
from tests.support.article import sections
from tests.support.project import DOSE, REFERRAL, ROOT, answer_responses, domain, nlu_examples
from tests.support.servers import latest_model

DOC = ROOT / "docs" / "question-types.md"
MIN_EXAMPLES = 35
# What behave.py (the shared judge) counts as the "didn't understand" fallback.
NOT_UNDERSTOOD = re.compile(r"did(n't| not) (quite )?(understand|get that)|rephrase|ask in other words", re.I)
NOT_COVERED = re.compile(r"does not (cover|say|describe)|gives no|can't advise")


@dataclass(frozen=True)
class QuestionType:
    name: str
    intent: str
    covered: bool  # the article answers it; otherwise the answer says it does not cover it
    questions: Tuple[str, ...]


TYPES: List[QuestionType] = [
    QuestionType(
        "dose",
        "ask_dose",
        False,
        (
            "what's the most baclofen a person can have in one day",
            "how many milligrams does an adult usually start on",
            "is it ok to take two of my tablets at once when the spasms are bad",
        ),
    ),
    QuestionType(
        "usage",
        "ask_uses",
        True,
        (
            "what does baclofen do",
            "what is baclofen meant to help with",
            "my nan has been prescribed baclofen, what does it do for her",
        ),
    ),
    QuestionType(
        "timing",
        "ask_timing",
        False,
        (
            "is it better to take baclofen in the morning or at bedtime",
            "what time of day should my son have his baclofen",
            "can i take my baclofen at night rather than first thing",
        ),
    ),
    QuestionType(
        "duration",
        "ask_treatment_duration",
        False,
        (
            "how long can someone stay on baclofen",
            "is it ok to take baclofen for many years",
            "will my husband have to be on baclofen for the rest of his life",
        ),
    ),
    QuestionType(
        "side effects",
        "ask_side_effects",
        True,
        (
            "what side effects can baclofen cause",
            "are there any unwanted effects from taking baclofen",
            "my daughter starts baclofen next week, what side effects might she get",
        ),
    ),
    QuestionType(
        "interactions",
        "ask_interactions",
        False,
        (
            "is it safe to mix baclofen with other prescription medicines",
            "can baclofen be taken together with my blood pressure tablets",
            "my mum is on lots of tablets, will baclofen react with any of them",
        ),
    ),
    QuestionType(
        "food",
        "ask_food",
        False,
        (
            "should baclofen be taken with food",
            "are there any foods i should avoid while taking baclofen",
            "can i take my baclofen on an empty stomach",
        ),
    ),
    QuestionType(
        "appearance",
        "ask_appearance",
        False,
        (
            "what colour is a baclofen tablet",
            "what shape are baclofen pills",
            "the markings on my baclofen tablets are different from last time, why",
        ),
    ),
    QuestionType(
        "ingredients",
        "ask_ingredients",
        False,
        (
            "what's in baclofen tablets apart from the medicine",
            "does baclofen contain any lactose",
            "what are the inactive ingredients in baclofen",
        ),
    ),
    QuestionType(
        "storage and disposal",
        "ask_storage_disposal",
        False,
        (
            "where should i store baclofen",
            "how do i get rid of baclofen i no longer need",
            "can baclofen tablets be kept in a warm kitchen",
        ),
    ),
    QuestionType(
        "contraindications",
        "ask_contraindications",
        False,
        (
            "who should not take baclofen",
            "are there any reasons someone can't have baclofen",
            "what are the contraindications for baclofen",
        ),
    ),
    QuestionType(
        "alternatives",
        "ask_alternatives",
        False,
        (
            "what could i take instead of baclofen",
            "is there an alternative to baclofen for spasticity",
            "if baclofen doesn't suit my son what else is there",
        ),
    ),
    # General questions. Reports of an overdose are emergencies (tests/test_e2e_rest.py).
    QuestionType(
        "overdose",
        "ask_overdose",
        False,
        (
            "what happens if someone takes too much baclofen",
            "what are the signs of a baclofen overdose",
            "can an overdose of baclofen be dangerous",
        ),
    ),
    QuestionType(
        "stopping",
        "ask_withdrawal",
        True,
        (
            "is there a safe way of getting off baclofen",
            "is it safe to stop taking baclofen all at once",
            "my wife wants to quit baclofen, what should she do",
        ),
    ),
    QuestionType(
        "lab tests",
        "ask_lab_tests",
        False,
        (
            "will baclofen show up on a urine drug test",
            "can baclofen affect my blood test results",
            "does taking baclofen change the results of lab tests",
        ),
    ),
    QuestionType(
        "time until an effect",
        "ask_onset_duration",
        False,
        (
            "how long until baclofen eases the spasms in my legs",
            "how many weeks before baclofen loosens up my son's muscles",
            "when will baclofen start to help my stiffness",
        ),
    ),
    # Not in the consumer taxonomy; it shared one answer with storage, appearance and ingredients.
    QuestionType(
        "cost",
        "ask_cost",
        False,
        (
            "what does a box of baclofen usually cost",
            "is baclofen covered by my health insurance",
            "how much would a month of baclofen cost without insurance",
        ),
    ),
]
TYPE_IDS = [t.name for t in TYPES]
CHECKLIST = {
    "dose",
    "usage",
    "timing",
    "duration",
    "side effects",
    "interactions",
    "food",
    "appearance",
    "ingredients",
    "storage and disposal",
    "contraindications",
    "alternatives",
    "overdose",
    "stopping",
    "lab tests",
    "time until an effect",
}


def response_of(intent: str) -> str:
    return "utter_" + intent[len("ask_") :]


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


# ---------------------------------------------------------------- data (no model)


def test_the_table_covers_the_whole_checklist_with_three_questions_each() -> None:
    assert CHECKLIST <= set(TYPE_IDS)
    assert len(TYPE_IDS) == len(set(TYPE_IDS))
    for qtype in TYPES:
        assert len(set(qtype.questions)) >= 3, qtype.name


@pytest.mark.parametrize("qtype", TYPES, ids=TYPE_IDS)
def test_every_type_maps_to_an_intent_with_a_response_rule_and_risk_grade(qtype: QuestionType) -> None:
    assert qtype.intent in domain()["intents"], f"{qtype.name}: no intent {qtype.intent} in domain.yml"
    assert response_of(qtype.intent) in domain()["responses"], f"{qtype.name}: no {response_of(qtype.intent)}"
    assert qtype.intent in topics_from_domain(domain()).risk, (
        f"{qtype.name}: {response_of(qtype.intent)} has no metadata.risk in domain.yml"
    )
    # the generated rule answers it with its response, then the disclaimer
    answered = {**answer_responses(covered=True), **answer_responses(covered=False)}
    assert answered.get(qtype.intent) == response_of(qtype.intent), (
        f"{qtype.name}: no rule (run scripts/setup/build_rules.py)"
    )


@pytest.mark.parametrize("qtype", TYPES, ids=TYPE_IDS)
def test_the_answer_is_covered_or_says_it_is_not_as_the_table_says(qtype: QuestionType) -> None:
    response = response_of(qtype.intent)
    assert (response in answer_responses(covered=True).values()) == qtype.covered, qtype.name
    for variation in domain()["responses"][response]:
        text = variation["text"]
        assert REFERRAL.search(text), f"{response} does not point to a professional"
        assert not DOSE.search(text), f"{response} states a dose"
        if not qtype.covered:
            assert NOT_COVERED.search(text), f"{response} does not say the article does not cover it"


@pytest.mark.parametrize("qtype", TYPES, ids=TYPE_IDS)
def test_every_passage_an_answer_cites_exists_covered_or_not(qtype: QuestionType) -> None:
    """tests/test_domain_content.py checks the covered answers; not-covered ones may cite too."""
    article = sections()
    for variation in domain()["responses"][response_of(qtype.intent)]:
        for ref in variation["metadata"]["source"]:
            paragraphs = article[ref["section"]]
            passage = paragraphs[ref["paragraph"] - 1].lower()
            assert all(term.lower() in passage for term in ref["terms"]), ref


def test_the_answers_without_a_list_say_exactly_what_the_article_does() -> None:
    text = lambda intent: " ".join(domain()["responses"][response_of(intent)][0]["text"].split())  # noqa: E731
    contraindications = text("ask_contraindications")
    assert "gives no list" in contraindications and "healthcare professional" in contraindications
    assert "suitable" in contraindications
    alternatives = text("ask_alternatives")
    assert "traditional treatments" in alternatives and "other muscle relaxants" in alternatives
    assert "does not name any" in alternatives
    # a general overdose question still tells people where to go if it is happening
    assert "{emergency_number}" in text("ask_overdose") and "{poison_control}" in text("ask_overdose")


@pytest.mark.parametrize("intent", sorted({t.intent for t in TYPES}))
def test_each_intent_has_35_varied_training_examples(intent: str) -> None:
    assert len(set(nlu_examples().get(intent, []))) >= MIN_EXAMPLES, intent


def test_the_lumped_storage_and_cost_intent_is_gone() -> None:
    assert "ask_storage_cost" not in domain()["intents"]
    assert "ask_storage_cost" not in nlu_examples()
    assert "ask_storage_cost" not in topics_from_domain(domain()).risk


def test_the_example_questions_are_not_training_examples() -> None:
    training = {normalised(e) for examples in nlu_examples().values() for e in examples}
    copied = [q for t in TYPES for q in t.questions if normalised(q) in training]
    assert copied == []


def document_rows() -> Dict[str, Tuple[str, str]]:
    """type -> (intent, covered column) from the table in docs/question-types.md."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 3 and cells[1].startswith("`ask_"):
            rows[cells[0].lower()] = (cells[1].strip("`"), cells[2].lower())
    return rows


def test_the_document_lists_every_type_with_its_intent() -> None:
    rows = document_rows()
    assert set(rows) == set(TYPE_IDS)
    for qtype in TYPES:
        intent, covered = rows[qtype.name]
        assert intent == qtype.intent, qtype.name
        assert covered.startswith("covered" if qtype.covered else "not covered"), qtype.name
    assert "docs/question-types.md" in (ROOT / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- live: the trained model


@pytest.fixture(scope="module")
def parse():
    """The trained model's whole NLU pipeline (ScopeGuard and TriageDetector included), loaded once."""
    from rasa.core.agent import load_agent

    loop = asyncio.new_event_loop()
    agent = loop.run_until_complete(load_agent(model_path=str(latest_model())))
    assert agent.is_ready(), f"could not load {latest_model()}"

    def intent_of(text: str) -> str:
        return loop.run_until_complete(agent.parse_message(text))["intent"]["name"]

    yield intent_of
    loop.close()


@pytest.mark.live
@pytest.mark.parametrize("qtype", TYPES, ids=TYPE_IDS)
def test_each_question_type_gets_its_intent(parse, qtype: QuestionType) -> None:
    got = {q: parse(q) for q in qtype.questions}
    wrong = {q: intent for q, intent in got.items() if intent != qtype.intent}
    assert wrong == {}, f"{qtype.name}: expected {qtype.intent}"


@pytest.mark.live
@pytest.mark.parametrize("qtype", TYPES, ids=TYPE_IDS)
def test_one_question_per_type_gets_a_referral_over_rest(live_bot, qtype: QuestionType) -> None:
    question = qtype.questions[0]
    texts = [m["text"] for m in live_bot.say(f"types-{uuid.uuid4().hex[:10]}", question) if m.get("text")]
    reply = "\n".join(texts)
    assert texts, question
    assert REFERRAL.search(reply), (question, reply)
    assert not DOSE.search(reply), (question, reply)
    assert not NOT_UNDERSTOOD.search(reply), (question, reply)
    if not qtype.covered:
        assert NOT_COVERED.search(texts[0]), (question, texts[0])
