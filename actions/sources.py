"""action_explain_source: where the answers come from, honestly.

Runs after utter_about_source (domain.yml: one promotional article from 2023, not a clinical
guideline, check with a professional), which answers on its own if the action server is down.
Then, for the answer the user asked about (the `response` entity of the payload
/about_source{"response": "utter_x"}, e.g. Telegram's "Where is this from?" button) or else the
conversation's latest medical answer: the article sections it rests on (ANSWER_SOURCE), or that
the article does not cover it (ANSWER_NOT_COVERED).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import describe_sections, latest_answer, latest_entity, source_sections, topic_of
from actions.assistant_texts import ANSWER_NOT_COVERED, ANSWER_SOURCE


class ActionExplainSource(Action):
    def name(self) -> Text:
        return "action_explain_source"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        asked = latest_entity(tracker, "response")
        response = asked if asked and source_sections(domain, asked) is not None else latest_answer(tracker, domain)
        if response is None:
            return []
        sections = source_sections(domain, response) or []
        if sections:
            dispatcher.utter_message(
                text=ANSWER_SOURCE.format(topic=topic_of(response), sections=describe_sections(sections))
            )
        else:
            dispatcher.utter_message(text=ANSWER_NOT_COVERED.format(topic=topic_of(response)))
        return []
