"""action_repeat_answer: "can you say that again but simpler?"

The intent `explain_simpler` also sets the `plain_language` slot (domain.yml, from_intent), so
repeating the conversation's last medical answer gives its plain-words variant where it has
one (utter_what_is, utter_mechanism, ...). Which answer was last comes from the tracker: Rasa
records the response name of every bot message as `metadata.utter_action`. With no medical
answer yet, the reply is the list of topics (utter_capabilities).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import TOPIC_INTENTS, response_for

NOTHING_TO_REPEAT = "utter_capabilities"
# Answers, not the urgent advice that may come before one.
MEDICAL_RESPONSES = frozenset(response_for(i) for i in TOPIC_INTENTS)


def last_medical_answer(tracker: Tracker) -> Optional[str]:
    """The response name of the latest medical answer in the tracker, or None."""
    for event in reversed(tracker.events or []):
        if not isinstance(event, dict) or event.get("event") != "bot":
            continue
        metadata = event.get("metadata") or {}
        name = metadata.get("utter_action") if isinstance(metadata, dict) else None
        if name in MEDICAL_RESPONSES:
            return name
    return None


class ActionRepeatAnswer(Action):
    def name(self) -> Text:
        return "action_repeat_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response=last_medical_answer(tracker) or NOTHING_TO_REPEAT)
        return []
