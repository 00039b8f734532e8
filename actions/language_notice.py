"""The notice for a message in another language that the triage answered first.

components/language_guard.py leaves a message in another language to the triage when it names a
red flag or describes an emergency or urgent situation ("Mein Sohn hat eine Baclofenpumpe und
der Alarm piept"): the emergency, urgent or red-flag reply must come first, in its one vetted
English wording. The guard still tags the message with the `language` entity (ISO 639-1), so
the reply then ends with the notice in that language (`utter_other_language`: the assistant
answers in English; ask a doctor or pharmacist; the emergency number). action_language_notice
sends it after the emergency reply (data/rules/answers.yml); action_add_disclaimer after an
urgent reply or an answer.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import latest_entity_values

LANGUAGE_ENTITY = "language"
NOTICE_RESPONSE = "utter_other_language"


def notice_for(tracker: Tracker) -> Optional[str]:
    """The notice's response name when the latest message was tagged with another language
    (the entity fills the `language` slot that chooses the notice's variation); else None."""
    return NOTICE_RESPONSE if latest_entity_values(tracker, LANGUAGE_ENTITY) else None


class ActionLanguageNotice(Action):
    def name(self) -> Text:
        return "action_language_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        notice = notice_for(tracker)
        if notice is not None:
            dispatcher.utter_message(response=notice)
        return []
