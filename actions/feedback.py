"""action_rate_answer: a rating of one answer, stored in the tracker, and a short thank-you.

From a button: /rate_answer{"rating": "up"|"down", "response": "utter_x", "reason": ...}
(the channels accept only the fixed values of channels/payloads.py). From typed feedback
("that answer was not helpful", no entities): a thumbs-down for the latest medical answer.

Stored as one SlotSet of `answer_rating`, tied to the answer and what it cites:

    {"rating": "down", "response": "utter_side_effects", "reason": "unclear",
     "sections": ["Common Side Effects and Precautions"], "via": "button"}

A rating of a response that is not a medical answer, or typed feedback with no answer yet,
is thanked for but not stored.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import latest_answer, latest_entity, source_sections
from actions.assistant_texts import RATING_SORRY, RATING_THANKS

RATING_SLOT = "answer_rating"
RATINGS = ("up", "down")
REASONS = ("wrong_topic", "unclear", "incomplete", "other")


def rating_record(tracker: Tracker, domain: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    rating = latest_entity(tracker, "rating")
    if rating is None:
        response, via, rating, reason = latest_answer(tracker, domain), "text", "down", None
    else:
        response, via = latest_entity(tracker, "response"), "button"
        reason = latest_entity(tracker, "reason")
    if rating not in RATINGS or response is None:
        return None
    sections = source_sections(domain, response)
    if sections is None:
        return None
    return {
        "rating": rating,
        "response": response,
        "reason": reason if reason in REASONS else None,
        "sections": sections,
        "via": via,
    }


class ActionRateAnswer(Action):
    def name(self) -> Text:
        return "action_rate_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        record = rating_record(tracker, domain)
        up = record is not None and record["rating"] == "up"
        dispatcher.utter_message(text=RATING_THANKS if up else RATING_SORRY)
        return [SlotSet(RATING_SLOT, record)] if record else []
