"""action_repeat_answer: "can you say that again but simpler?"

The intent `explain_simpler` also sets the `plain_language` slot (domain.yml, from_intent), so
repeating the conversation's last medical answer gives its plain-words variant where it has
one (utter_what_is, utter_mechanism, ...). Which answer was last comes from the tracker: Rasa
records the response name of every bot message as `metadata.utter_action`; the medical answers
are those of the domain Rasa sends (actions/topics.py). With no medical answer yet, the reply
is the list of topics (utter_capabilities).
"""

from __future__ import annotations

from typing import AbstractSet, Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import topics_from_domain

NOTHING_TO_REPEAT = "utter_capabilities"


def last_medical_answer(tracker: Tracker, answers: AbstractSet[str]) -> Optional[str]:
    """The latest response name in the tracker that is one of `answers` (the medical answers,
    not the urgent advice that may come before one), or None."""
    for event in reversed(tracker.events or []):
        if not isinstance(event, dict) or event.get("event") != "bot":
            continue
        metadata = event.get("metadata") or {}
        name = metadata.get("utter_action") if isinstance(metadata, dict) else None
        if name in answers:
            return name
    return None


class ActionRepeatAnswer(Action):
    def name(self) -> Text:
        return "action_repeat_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        answers = topics_from_domain(domain).answers
        dispatcher.utter_message(response=last_medical_answer(tracker, answers) or NOTHING_TO_REPEAT)
        return []
