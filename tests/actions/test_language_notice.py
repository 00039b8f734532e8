"""action_language_notice, and the notice at the end of action_add_disclaimer: a message in another
language that the triage answered first ends with the notice in that language."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.disclaimer import ActionAddDisclaimer
from actions.language_notice import ActionLanguageNotice, notice_for
from tests.support.project import domain


def tracker(entities: Any, intent: str = "emergency") -> Tracker:
    return Tracker(
        sender_id="u",
        slots={"language": "de", "disclaimers_shown": []},
        latest_message={"text": "Mein Sohn ...", "intent": {"name": intent}, "entities": entities},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_emergency",
    )


def sent(action: Any, t: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain=domain()))
    assert events in ([], None) or isinstance(events, list)
    return dispatcher.messages


def test_the_notice_follows_the_emergency_reply_to_a_message_in_another_language() -> None:
    messages = sent(
        ActionLanguageNotice(),
        tracker([{"entity": "red_flag", "value": "pump_problem"}, {"entity": "language", "value": "de"}]),
    )
    assert [m.get("response") for m in messages] == ["utter_other_language"]


@pytest.mark.parametrize(
    "entities",
    [[], [{"entity": "red_flag", "value": "overdose"}], None, "language", [{"entity": "language", "value": 3}], [None]],
)
def test_no_notice_for_an_english_message_or_malformed_entities(entities: Any) -> None:
    assert sent(ActionLanguageNotice(), tracker(entities)) == []
    assert notice_for(tracker(entities)) is None


def test_after_an_urgent_reply_or_an_answer_the_disclaimer_comes_before_the_notice() -> None:
    messages = sent(ActionAddDisclaimer(), tracker([{"entity": "language", "value": "nl"}], intent="ask_withdrawal"))
    assert messages[-1].get("response") == "utter_other_language"
    assert messages[0].get("text") and messages[0].get("response") is None  # the disclaimer


def test_the_notice_has_a_variation_for_the_language_slot() -> None:
    variations = domain()["responses"]["utter_other_language"]
    assert any(c.get("value") == "de" for v in variations for c in v.get("condition", []))
