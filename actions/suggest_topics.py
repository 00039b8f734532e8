"""action_suggest_topics: the fallback that helps ("Did you mean...?").

When the NLU is unsure (intent `nlu_fallback`), the reply offers the two or three medical
topics the classifier ranked highest, each as a button, plus "Something else" (the list of
everything the assistant can answer). Rasa's two-stage fallback asks about one intent; a
worried person often wrote about two things, so several are offered at once.

A topic's button title is its response's `metadata.label` in domain.yml, so a new answer
brings its own label. With no topic ranked at least MIN_CONFIDENCE, the reply is
utter_please_rephrase (the fixed topic buttons).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import INTENT_RISK, response_for

MAX_TOPICS = 3
# Below this the classifier's guess is noise (its ranking spreads over ~45 intents).
MIN_CONFIDENCE = 0.08
# Not a topic of its own: every urgent reply already says what to do.
NOT_OFFERED = frozenset({"urgent"})
SOMETHING_ELSE = {"title": "Something else", "payload": "/ask_capabilities"}


def topic_label(domain: Dict[Text, Any], intent: str) -> Optional[str]:
    """The `metadata.label` of the response that answers `intent`, or None."""
    variants = (domain.get("responses") or {}).get(response_for(intent)) or []
    for variant in variants:
        label = (variant.get("metadata") or {}).get("label") if isinstance(variant, dict) else None
        if isinstance(label, str) and label.strip():
            return label
    return None


def suggested_topics(tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[str, str]]:
    """Buttons for the medical intents the latest message ranked highest (at most MAX_TOPICS)."""
    latest = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
    buttons: List[Dict[str, str]] = []
    for entry in latest.get("intent_ranking") or []:
        if not isinstance(entry, dict):
            continue
        name, confidence = entry.get("name"), entry.get("confidence")
        if name not in INTENT_RISK or name in NOT_OFFERED:
            continue
        if not isinstance(confidence, (int, float)) or confidence < MIN_CONFIDENCE:
            continue
        label = topic_label(domain, name)
        if label and all(b["payload"] != "/" + name for b in buttons):
            buttons.append({"title": label, "payload": "/" + name})
        if len(buttons) == MAX_TOPICS:
            break
    return buttons


class ActionSuggestTopics(Action):
    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        buttons = suggested_topics(tracker, domain)
        if buttons:
            dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons + [SOMETHING_ELSE])
        else:
            dispatcher.utter_message(response="utter_please_rephrase")
        return []
