"""action_add_disclaimer: ends every medical answer, with a disclaimer graded by the topic's risk.

A message that asks two things ("what's it for, and is it a tablet?") carries the other
medical intents as `also_asked` entities (components/sentence_encoder.py). The rule has
already sent the first answer; this action sends the others, in the order asked, and then ONE
disclaimer of the highest risk grade among all of them (actions/topics.RISK_ORDER). Each
topic's grade is its response's `metadata.risk` in the domain Rasa sends with the call.

A question that names one of the article's conditions as its background ("my mum has MS, what
side effects should we look out for?") also gets a one-line note on what the article says about
that condition (`utter_condition_context`), unless an answer already covers the conditions.

The first answer of each risk grade in a conversation gets the full text, later ones a
one-line reminder. Withdrawal and pump topics, and any question that uses red-flag words
("can it cause seizures?"), always get the full text.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import latest_entity_values
from actions.language_notice import notice_for
from actions.safety_texts import ALWAYS_FULL, FULL_DISCLAIMERS, REMINDERS, Risk
from actions.topics import Topics, highest_risk, response_for, topics_from_domain
from safety.red_flags import mentions_red_flag_terms

SHOWN_SLOT = "disclaimers_shown"
ALSO_ASKED_ENTITY = "also_asked"
CONDITION_ENTITY = "condition"  # the entity, and the slot it fills
# The values the EntityRuler gives the article's three conditions (spacy_pipeline/patterns.jsonl);
# the note has one variation for each.
CONDITIONS = ("multiple_sclerosis", "cerebral_palsy", "spinal_cord_injury")
CONDITION_CONTEXT_RESPONSE = "utter_condition_context"
# Answers that already say what the article says about the conditions.
SPEAK_OF_CONDITIONS = frozenset({"ask_condition", "ask_uses"})


def choose_disclaimer(risk: Risk, already_shown: List[str], near_red_flag: bool) -> str:
    """The text to send: full the first time, or always for high risk; else the reminder."""
    if risk in ALWAYS_FULL or near_red_flag or risk.value not in already_shown:
        return FULL_DISCLAIMERS[risk]
    return REMINDERS[risk]


def shown_categories(tracker: Tracker) -> List[str]:
    value = tracker.get_slot(SHOWN_SLOT)
    # The slot is ours, but trackers from older sessions or the HTTP API may hold anything.
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def latest_intent_and_text(tracker: Tracker) -> Tuple[Optional[str], Optional[str]]:
    """The latest message's intent name and text, each None unless it is a string."""
    latest = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
    intent = latest.get("intent")
    name = intent.get("name") if isinstance(intent, dict) else None
    text = latest.get("text")
    return (name if isinstance(name, str) else None), (text if isinstance(text, str) else None)


def also_asked(tracker: Tracker, intent: Optional[str], topics: Topics) -> List[str]:
    """The other medical intents the latest message asked, in order, without repeats.

    Only intents with a risk grade in `topics` count: an entity value is data from the NLU, and
    a reply is only ever one of the domain's medical answers.
    """
    found: List[str] = []
    for value in latest_entity_values(tracker, ALSO_ASKED_ENTITY):
        if value in topics.risk and value != intent and value not in found:
            found.append(value)
    return found


def needs_condition_context(tracker: Tracker, answered: List[Optional[str]], topics: Topics) -> bool:
    """Whether to add what the article says about the condition the latest message names.

    True when the message names exactly one of the article's three conditions (the `condition`
    entity, which also fills the `condition` slot the note's variations are chosen by) and
    none of the answers given (`answered`: intent names) already speaks of conditions.
    """
    if not any(i in topics.topics for i in answered if i):
        return False
    named = set(latest_entity_values(tracker, CONDITION_ENTITY))
    if len(named) != 1 or not named <= set(CONDITIONS) or tracker.get_slot(CONDITION_ENTITY) not in named:
        return False
    return not any(i in SPEAK_OF_CONDITIONS for i in answered)


class ActionAddDisclaimer(Action):
    def name(self) -> Text:
        return "action_add_disclaimer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        topics = topics_from_domain(domain)
        intent, text = latest_intent_and_text(tracker)
        others = also_asked(tracker, intent, topics)
        for other in others:
            dispatcher.utter_message(response=response_for(other))
        if needs_condition_context(tracker, [intent, *others], topics):
            dispatcher.utter_message(response=CONDITION_CONTEXT_RESPONSE)
        # Unknown intents still get the general text: a medical answer never goes out bare.
        risk = highest_risk([topics.risk_for(i) or Risk.GENERAL for i in [intent, *others]])
        near_red_flag = text is not None and mentions_red_flag_terms(text)
        shown = shown_categories(tracker)
        dispatcher.utter_message(text=choose_disclaimer(risk, shown, near_red_flag))
        notice = notice_for(tracker)  # a message in another language that the triage answered
        if notice is not None:
            dispatcher.utter_message(response=notice)
        if risk.value in shown:
            return []
        return [SlotSet(SHOWN_SLOT, shown + [risk.value])]
