"""Every graded answer in domain.yml, end to end: generated from the domain, so a new answer is
tested without anyone writing a test for it.

For each intent whose response has a `metadata.risk` (actions/topics.py), its button payload
`/<intent>` goes to the live assistant over REST, in a new conversation. The reply must be
that response (the generated rule), point to a professional, state no dose, and end with the
full disclaimer of the grade the domain names: the action server reads that grade from the
domain Rasa sends it, so this also checks that the grades reach it.
"""

from __future__ import annotations

import uuid

import pytest

from actions.safety_texts import FULL_DISCLAIMERS
from actions.topics import response_for, topics_from_domain
from tests.support.project import DOSE, REFERRAL, domain

pytestmark = pytest.mark.live

GRADED = sorted(topics_from_domain(domain(), strict=True).risk.items())


@pytest.mark.parametrize("intent, risk", GRADED, ids=[intent for intent, _ in GRADED])
def test_each_graded_intent_gets_its_answer_then_its_disclaimer(live_bot, intent: str, risk) -> None:
    messages = live_bot.say(f"answers-{uuid.uuid4().hex[:10]}", f"/{intent}")
    texts = [m["text"] for m in messages if m.get("text")]
    assert messages and (messages[0].get("metadata") or {}).get("response") == response_for(intent), messages
    assert texts[-1] == FULL_DISCLAIMERS[risk], (
        f"{intent}: expected the {risk.value} disclaimer (metadata.risk of {response_for(intent)}), got {texts[-1]!r}"
    )
    answer = " ".join(texts[:-1])
    assert REFERRAL.search(answer), f"{response_for(intent)} does not point to a professional"
    assert not DOSE.search(answer), f"{response_for(intent)} states a dose"
