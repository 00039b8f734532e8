"""TriageDetector: emergencies and urgent messages are routed before any other dialogue.

Runs last in the NLU pipeline, on every message of every channel. Layers, in order:
1. lexical (safety.triage): red-flag and urgent patterns, on the text with denied symptoms
   masked ("no fever, ..." is not a fever);
2. classifier: DIET's own `emergency` and `urgent` intents, kept unless the same gates as the
   patterns overrule them: a general question, denied symptoms, a story of the past, a
   hypothetical, an explicit all-clear, or a question that reports nothing happening now;
3. danger check: when neither layer is sure but the message describes someone's present
   state in alarming words, the reply starts with "If someone is in danger right now..."
   (entity `danger_check`), and a fallback, goodbye or off-topic reply becomes the urgent one.

An urgent message that also asks a medical question keeps its intent (or, when the
classifier's first choice was not a medical one, takes its best medical guess): the
`urgent_flag` entity makes the reply "see a professional today" first, then the answer
(data/rules/answers.yml). Otherwise the intent becomes `urgent`.

Each decision adds an entity that fills a slot, so it is recorded in the tracker for staff:
`red_flag` (the category, or "unspecified") for emergencies, `urgent_flag` for the urgent
tier; the entity also carries the `layer` that decided. The log line names the category and
the layer, never the text.
"""

from __future__ import annotations

import logging
import re
from typing import Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.follow_ups import FOLLOW_UP_ENTITY, LEANS_ON_THE_PREVIOUS
from components.intents import StatelessComponent, add_entity, entity_values, override_intent
from safety.red_flags import (
    is_general_question,
    mentions_red_flag_terms,
    names_red_flag,
    normalise,
    only_asks_or_tells_of_the_past,
    reports_now,
)
from safety.negation import asks_something
from safety.triage import Level, Triage, assess
from safety.urgent import only_mild_expected_effects

logger = logging.getLogger(__name__)

EMERGENCY_INTENT = "emergency"
URGENT_INTENT = "urgent"
UNSPECIFIED = "unspecified"
# An alarming message the layers could not place: the urgent reply, after the danger line.
UNCLEAR_DANGER = "unclear_danger"
DANGER_CHECK_ENTITY = "danger_check"
# Medical questions are the `ask_*` intents (the same convention scripts/setup/build_rules.py uses).
NOT_MEDICAL = frozenset({"ask_capabilities"})
# Replies that must never answer a message about someone in danger.
NOT_AN_ANSWER = frozenset({"nlu_fallback", "goodbye", "greet", "thank", "out_of_scope", "bot_challenge"})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TriageDetector(StatelessComponent):
    """Sets the `emergency` or `urgent` intent (with its category entity) when a layer fires."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if text:
                self._process_one(message, text)
        return messages

    def _process_one(self, message: Message, text: str) -> None:
        triage = assess(text)
        intent = _top_intent(message)
        if triage.level is Level.EMERGENCY:
            _decide(message, EMERGENCY_INTENT, "red_flag", triage.category, "lexical")
        elif intent == EMERGENCY_INTENT and not _classifier_wrong(text, triage):
            if triage.level is Level.URGENT:
                _decide(message, URGENT_INTENT, "urgent_flag", triage.category, "lexical")
            else:
                _decide(message, EMERGENCY_INTENT, "red_flag", UNSPECIFIED, "classifier")
        elif triage.level is Level.URGENT:
            intent = _answer_the_question(message, text, intent)
            if is_medical(intent):
                _flag(message, "urgent_flag", triage.category, "lexical", intent)
            else:
                _decide(message, URGENT_INTENT, "urgent_flag", triage.category, "lexical")
                if triage.danger_check:
                    add_entity(message, DANGER_CHECK_ENTITY, "yes", extractor=TriageDetector.__name__)
        elif intent == URGENT_INTENT and not _classifier_wrong(text, triage):
            intent = _answer_the_question(message, text, intent)
            if is_medical(intent):
                _flag(message, "urgent_flag", UNSPECIFIED, "classifier", intent)
            else:
                _decide(message, URGENT_INTENT, "urgent_flag", UNSPECIFIED, "classifier")
        elif intent in (EMERGENCY_INTENT, URGENT_INTENT):
            _demote(message)
            self._danger_check(message, text, triage)
        else:
            self._danger_check(message, text, triage)

    @staticmethod
    def _danger_check(message: Message, text: str, triage: Triage) -> None:
        """Alarming words, or words naming a red flag, never get a fallback, goodbye or off-topic
        reply: a question gets the classifier's best medical answer, anything else the urgent one.
        The danger line goes first when the words are alarming or the message could not be placed."""
        intent = _top_intent(message)
        not_an_answer = intent is None or intent in NOT_AN_ANSWER
        danger = triage.danger_check
        # "same for the pump?" can only mean the previous question: the fallback's action answers it
        # as the previous topic (components/follow_ups.py). Other follow-up forms ("suppose the pump
        # runs out, what happens then") still get the best medical guess here.
        follow_up = (message.get(INTENT) or {}).get("name") == "nlu_fallback" and bool(
            LEANS_ON_THE_PREVIOUS & set(entity_values(message, FOLLOW_UP_ENTITY))
        )
        if not_an_answer and (danger or names_red_flag(text)) and not follow_up:
            best = _best_medical_guess(message) if asks_something(text) else None
            if best is not None:
                override_intent(message, best, reason="TriageDetector:red_flag_words")
            else:
                _decide(message, URGENT_INTENT, "urgent_flag", UNCLEAR_DANGER, "danger_check")
                danger = True
        if danger:
            add_entity(message, DANGER_CHECK_ENTITY, "yes", extractor=TriageDetector.__name__)
            logger.info("triage: danger check (layer=danger_check, intent=%s)", _top_intent(message))


def is_medical(intent: Optional[str]) -> bool:
    """A medical question, whose answer can follow the urgent line."""
    return bool(intent) and intent.startswith("ask_") and intent not in NOT_MEDICAL


def _top_intent(message: Message) -> Optional[str]:
    """The intent, or for a low-confidence fallback the classifier's own first choice."""
    intent = (message.get(INTENT) or {}).get("name")
    if intent != "nlu_fallback":
        return intent
    ranking = [e for e in message.get(INTENT_RANKING_KEY) or [] if e.get("name") != "nlu_fallback"]
    first = ranking[0]["name"] if ranking else None
    # An unsure emergency or urgent guess still counts: erring towards safety.
    return first if first in (EMERGENCY_INTENT, URGENT_INTENT) else intent


def _best_medical_guess(message: Message) -> Optional[str]:
    """The classifier's highest-ranked medical intent, if it ranked any."""
    for entry in message.get(INTENT_RANKING_KEY) or []:
        if is_medical(entry.get("name")):
            return entry["name"]
    return None


def _answer_the_question(message: Message, text: str, intent: Optional[str]) -> Optional[str]:
    """An urgent message that asks a question ("legs gone to jelly since Tuesday, is that the
    drug?") is answered after the urgent line: the classifier's best medical guess becomes the
    intent when its own first choice was not a medical one."""
    if is_medical(intent) or not asks_something(text):
        return intent
    best = _best_medical_guess(message)
    if best is None:
        return intent
    override_intent(message, best, reason="TriageDetector:urgent_question")
    return best


def _classifier_wrong(text: str, triage: Triage) -> bool:
    """The classifier's emergency/urgent guess is discarded by the same gates as the patterns:
    a general question, symptoms the message denies, a story of the past or a hypothetical, a
    question that reports nothing happening now, or only a common side effect told as mild."""
    t = normalise(text)
    return (
        is_general_question(t)
        or triage.denied
        or only_asks_or_tells_of_the_past(t)
        or (asks_something(text) and not reports_now(t))
        or (triage.level is Level.ROUTINE and bool(ASKS_IF_EXPECTED.search(t)))
        or (triage.level is Level.ROUTINE and only_mild_expected_effects(t))
        or (
            triage.level is Level.ROUTINE
            and bool(_ASKS_TO_STOP.search(t) or _ASKS_FOR_A_PERSON.search(t))
            and not mentions_red_flag_terms(t)
        )
    )


# "i feel better, can i stop my lioresal now?": asking leave to stop is the stopping answer's
# question (never suddenly), not an emergency, when no sign of one is named.
_ASKS_TO_STOP = re.compile(
    r"\b(?:can|could|should|may|shall) (?:i|we|he|she|they|you|my \w+)\b[^.?!]{0,15}?\b(?:stop|come off|quit|cut down|"
    r"reduce|skip|halve|drop)\b|\bis it (?:ok|okay|safe|alright) (?:for \w+ )?to (?:stop|come off|quit)\b"
    r"|\b(?:wants?|wanting|thinking (?:of|about)|planning (?:to|on)|would like to|'d like to|decided to|deciding to|"
    r"going to|gonna|about to|plan to|intend to|intending to) (?:to )?"
    r"(?:stop|stopping|come off|coming off|quit|quitting|give up|giving up|ditch|ditching|bin|binning)\b"
)


# "this isn't helping, person please": a wish for a human is the handoff's question, when no sign
# of an emergency is named.
_ASKS_FOR_A_PERSON = re.compile(
    r"\b(?:speak|talk|chat) (?:to|with) (?:someone|somebody|a (?:real |actual )?(?:person|human)|an? (?:pharmacist|"
    r"nurse|agent|advisor|adviser))\b|\b(?:a |real |actual )?(?:person|human) please\b|"
    r"\b(?:isn't|isnt|is not|not) (?:really )?help(?:ing|ful)\b"
)


# "i started it yesterday and feel sleepy, is that one of the side effects?": the patterns found
# nothing severe (safety.urgent counts the common side effects only when told as severe), and
# the question is whether it is expected: the answer, whose disclaimer says when to call.
ASKS_IF_EXPECTED = re.compile(
    r"\b(?:is (?:that|this|it)|are (?:(?:both|all) (?:of )?)?(?:these|they|those|them)|could (?:that|this|it) be|is it the)\b"
    r"[^?.!]{0,30}?"
    r"\b(?:normal|side ?effects?|common|expected|usual|known|(?:the )?(?:baclofen|medicine|medication|tablets|meds|drug))\b"
)


def _flag(message: Message, entity: str, category: Optional[str], layer: str, intent: str) -> None:
    """Records the triage entity and keeps the classifier's intent (its answer follows)."""
    add_entity(message, entity, category or UNSPECIFIED, extractor=TriageDetector.__name__, layer=layer)
    logger.info("triage: %s category=%s layer=%s intent=%s", entity, category or UNSPECIFIED, layer, intent)


def _decide(message: Message, intent: str, entity: str, category: Optional[str], layer: str) -> None:
    override_intent(message, intent, reason=f"TriageDetector:{layer}")
    add_entity(message, entity, category or UNSPECIFIED, extractor=TriageDetector.__name__, layer=layer)
    logger.info("triage: %s category=%s layer=%s", intent, category or UNSPECIFIED, layer)


def _demote(message: Message) -> None:
    """A general question the classifier took for an emergency: use its next guess."""
    ranking: List[Dict] = [
        e
        for e in message.get(INTENT_RANKING_KEY) or []
        if e.get("name") not in (EMERGENCY_INTENT, URGENT_INTENT, "nlu_fallback")
    ]
    if ranking:
        override_intent(message, ranking[0]["name"], reason="TriageDetector:general_question")
    # the safety guesses leave the ranking, so no later step takes them up again
    message.set(
        INTENT_RANKING_KEY,
        [e for e in message.get(INTENT_RANKING_KEY) or [] if e.get("name") not in (EMERGENCY_INTENT, URGENT_INTENT)],
        add_to_output=True,
    )
