"""action_repeat_answer: "say that again but simpler" repeats the last medical answer."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.repeat_answer import NOTHING_TO_REPEAT, ActionRepeatAnswer


def bot(response: Any) -> Dict[str, Any]:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


def run(events: List[Dict[str, Any]]) -> List[str]:
    tracker = Tracker(
        sender_id="t",
        slots={"plain_language": "yes"},
        latest_message={},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionRepeatAnswer().run(dispatcher, tracker, domain={})) == []
    return [m["response"] for m in dispatcher.messages]


def test_the_latest_medical_answer_is_repeated_not_its_disclaimer_or_urgent_line() -> None:
    events = [
        bot("utter_greet"),
        bot("utter_what_is"),
        {"event": "user", "text": "and how does it work"},
        bot("utter_urgent"),
        bot("utter_mechanism"),
        {"event": "bot", "text": "Please note ...", "metadata": {}},
        {"event": "user", "text": "simpler please"},
    ]
    assert run(events) == ["utter_mechanism"]


def test_without_a_medical_answer_the_topics_are_offered() -> None:
    assert run([bot("utter_greet"), bot("utter_emergency"), {"event": "bot", "metadata": None}, "junk"]) == [
        NOTHING_TO_REPEAT
    ]
    assert run([]) == [NOTHING_TO_REPEAT]
