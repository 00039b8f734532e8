"""action_add_disclaimer: a disclaimer graded by the topic's risk, after every medical answer.

The first answer of each risk grade in a conversation gets the full text, later ones a
one-line reminder. Withdrawal and pump topics, and any question that uses red-flag words
("can it cause seizures?"), always get the full text.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safety_texts import ALWAYS_FULL, FULL_DISCLAIMERS, REMINDERS, Risk
from actions.topics import risk_for_intent
from safety.red_flags import mentions_red_flag_terms

SHOWN_SLOT = "disclaimers_shown"


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


class ActionAddDisclaimer(Action):
    def name(self) -> Text:
        return "action_add_disclaimer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent, text = latest_intent_and_text(tracker)
        # Unknown intents still get the general text: a medical answer never goes out bare.
        risk = risk_for_intent(intent) or Risk.GENERAL
        near_red_flag = text is not None and mentions_red_flag_terms(text)
        shown = shown_categories(tracker)
        dispatcher.utter_message(text=choose_disclaimer(risk, shown, near_red_flag))
        if risk.value in shown:
            return []
        return [SlotSet(SHOWN_SLOT, shown + [risk.value])]
