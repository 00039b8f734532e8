"""action_suggest_topics: the fallback that helps ("Did you mean...?").

When the NLU is unsure (intent `nlu_fallback`), the reply offers the two or three medical
topics the classifier ranked highest, each as a button, plus "Something else" (the list of
everything the assistant can answer). Rasa's two-stage fallback asks about one intent; a
worried person often wrote about two things, so several are offered at once.

The rule is nlu_fallback -> action_suggest_topics -> utter_did_you_mean (data/rules/answers.yml).
This action only fills the slots the response reads: `suggested_count` ("0" to "3") picks the
variant, and `suggestion_<n>` / `suggestion_<n>_intent` fill its buttons' titles and payloads.
With nothing worth offering ("0"), the variant is "didn't understand" with the fixed topics.

A topic's button title is its response's `metadata.label` in domain.yml, so a new answer
brings its own label.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import response_for, topics_from_domain

MAX_TOPICS = 3
# Below this the classifier's guess is noise (its ranking spreads over ~45 intents).
MIN_CONFIDENCE = 0.08
COUNT_SLOT = "suggested_count"


def label_slot(n: int) -> str:
    return f"suggestion_{n}"


def intent_slot(n: int) -> str:
    return f"suggestion_{n}_intent"


def topic_label(domain: Dict[Text, Any], intent: str) -> Optional[str]:
    """The `metadata.label` of the response that answers `intent`, or None."""
    variants = (domain.get("responses") or {}).get(response_for(intent)) or []
    for variant in variants:
        label = (variant.get("metadata") or {}).get("label") if isinstance(variant, dict) else None
        if isinstance(label, str) and label.strip():
            return label
    return None


def suggested_topics(tracker: Tracker, domain: Dict[Text, Any]) -> List[Tuple[str, str]]:
    """(intent, label) of the medical intents the latest message ranked highest, best first."""
    latest = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
    medical = topics_from_domain(domain).topics
    topics: List[Tuple[str, str]] = []
    for entry in latest.get("intent_ranking") or []:
        if not isinstance(entry, dict):
            continue
        name, confidence = entry.get("name"), entry.get("confidence")
        if name not in medical or any(name == t for t, _ in topics):
            continue
        if not isinstance(confidence, (int, float)) or confidence < MIN_CONFIDENCE:
            continue
        label = topic_label(domain, name)
        if label:
            topics.append((name, label))
        if len(topics) == MAX_TOPICS:
            break
    return topics


class ActionSuggestTopics(Action):
    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        topics = suggested_topics(tracker, domain)
        events: List[EventType] = [SlotSet(COUNT_SLOT, str(len(topics)))]
        for n in range(1, MAX_TOPICS + 1):
            intent, label = topics[n - 1] if n <= len(topics) else (None, None)
            events += [SlotSet(label_slot(n), label), SlotSet(intent_slot(n), intent)]
        return events
