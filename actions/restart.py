"""action_restart, replacing Rasa's own: "/restart", "start over", "new conversation".

Rasa's own sends utter_restart if there is one and resets the conversation (Restarted). This
one confirms (RESTARTED in actions/assistant_texts.py) and greets afresh (utter_greet, with the
topic buttons), so the user sees that a new conversation has begun. The earlier events stay in the tracker store until retention deletes
them (README, "Starting over"); nothing from them is used after the restart (slots are reset).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.assistant_texts import RESTARTED


class ActionRestart(Action):
    def name(self) -> Text:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=RESTARTED)
        dispatcher.utter_message(response="utter_greet")
        return [Restarted()]
