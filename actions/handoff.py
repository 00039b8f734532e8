"""action_human_handoff: how to reach the support team, and the request recorded in the tracker.

The reply is HANDOFF_OPEN or HANDOFF_CLOSED (actions/assistant_texts.py), filled from the
support contact settings (actions/support_contact.py) at the time of the request.

The request is recorded as one SlotSet of the `handoff` slot:

    {"status": "requested", "requested_at": "2026-05-31T14:02:11Z",
     "within_opening_hours": true, "channel": "rest"}

so `make transcripts` lists it, and a live-agent bridge added later can watch the tracker's
events (e.g. through an event broker) for `handoff` requests and answer them, setting
"status" to "accepted" or "closed" the same way.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assistant_texts import EMERGENCY_NUMBER_FALLBACK, HANDOFF_CLOSED, HANDOFF_OPEN
from actions.support_contact import SupportContact, load_support_contact

logger = logging.getLogger(__name__)

HANDOFF_SLOT = "handoff"


def handoff_record(contact: SupportContact, now: datetime, channel: Optional[str]) -> Dict[str, Any]:
    return {
        "status": "requested",
        "requested_at": now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "within_opening_hours": contact.is_open(now),
        "channel": channel or "unknown",
    }


class ActionHumanHandoff(Action):
    def __init__(
        self,
        load: Callable[[], SupportContact] = load_support_contact,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self._load = load
        self._clock = clock

    def name(self) -> Text:
        return "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        contact = self._load()
        if contact.uses_placeholders:
            logger.warning("Support contact details are placeholders: set SUPPORT_PHONE and SUPPORT_EMAIL")
        now = self._clock()
        record = handoff_record(contact, now, tracker.get_latest_input_channel())
        text = HANDOFF_OPEN if record["within_opening_hours"] else HANDOFF_CLOSED
        dispatcher.utter_message(
            text=text.format(
                phone=contact.phone,
                email=contact.email,
                hours=contact.hours_text(),
                emergency_number=tracker.get_slot("emergency_number") or EMERGENCY_NUMBER_FALLBACK,
            )
        )
        return [SlotSet(HANDOFF_SLOT, record)]
