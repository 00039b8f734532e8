"""action_repeat_answer: "say that again but simpler" repeats the last medical answer."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.repeat_answer import NOTHING_TO_REPEAT, ActionRepeatAnswer
from tests.support.project import domain


def bot(response: Any) -> Dict[str, Any]:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


def run(events: List[Dict[str, Any]], sent_domain: Any = None) -> List[str]:
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
    assert (
        asyncio.run(
            ActionRepeatAnswer().run(dispatcher, tracker, domain=domain() if sent_domain is None else sent_domain)
        )
        == []
    )
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


def test_the_medical_answers_are_those_of_the_domain_rasa_sends() -> None:
    events = [bot("utter_what_is"), bot("utter_greet")]
    assert run(events, sent_domain={"intents": ["greet"], "responses": {"utter_greet": [{"text": "hi"}]}}) == [
        NOTHING_TO_REPEAT
    ]
    made_up = {"intents": ["greet"], "responses": {"utter_greet": [{"text": "hi", "metadata": {"source": []}}]}}
    assert run(events, sent_domain=made_up) == ["utter_greet"]
