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

A follow-up without a topic of its own ("does that go for her too?", entity `follow_up` from
components/follow_ups.py) is answered as the conversation's previous medical topic instead:
like Rasa's two-stage fallback after "yes", the action rewinds the user's message and logs it
again with that intent, so the answer's own rule (response, then graded disclaimer) runs. With
no earlier medical answer, it offers the topics as above.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SlotSet, UserUttered, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.repeat_answer import last_medical_answer
from actions.topics import response_for, topics_from_domain

MAX_TOPICS = 3
# Below this the classifier's guess is noise (its ranking spreads over ~45 intents).
MIN_CONFIDENCE = 0.08
COUNT_SLOT = "suggested_count"
FOLLOW_UP_ENTITY = "follow_up"
# A bare "how?" (follow_up value "how", components/follow_ups.py) after what baclofen is or is
# for asks how it works; after any other answer it is that answer's question again.
HOW_FOLLOW_UP = "how"
# After a condition's answer it stays that answer ("can it help CP?" - "how?": how it helps in CP).
HOW_AFTER = {"ask_what_is": "ask_mechanism", "ask_uses": "ask_mechanism"}
# Entities that must not act twice when the message is logged again: the danger line was sent.
NOT_REPEATED = frozenset({FOLLOW_UP_ENTITY, "danger_check"})
# Slots filled from entities (action_extract_slots does not run again for the re-logged message).
ENTITY_SLOTS = ("condition",)


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
        previous = previous_topic(tracker, domain) if is_follow_up(tracker) else None
        if previous is not None:
            if follow_up_value(tracker) == HOW_FOLLOW_UP:
                previous = HOW_AFTER.get(previous, previous)
            return answer_as(tracker, previous)
        topics = suggested_topics(tracker, domain)
        events: List[EventType] = [SlotSet(COUNT_SLOT, str(len(topics)))]
        for n in range(1, MAX_TOPICS + 1):
            intent, label = topics[n - 1] if n <= len(topics) else (None, None)
            events += [SlotSet(label_slot(n), label), SlotSet(intent_slot(n), intent)]
        return events


def is_follow_up(tracker: Tracker) -> bool:
    return follow_up_value(tracker) is not None


def follow_up_value(tracker: Tracker) -> Optional[str]:
    """The latest message's `follow_up` entity value ("same", "how", "yes"), or None."""
    latest = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
    return next(
        (
            e.get("value")
            for e in latest.get("entities") or []
            if isinstance(e, dict) and e.get("entity") == FOLLOW_UP_ENTITY
        ),
        None,
    )


def previous_topic(tracker: Tracker, domain: Dict[Text, Any]) -> Optional[str]:
    """The intent of the conversation's latest medical answer, or None."""
    topics = topics_from_domain(domain).topics
    answer = last_medical_answer(tracker, frozenset(response_for(i) for i in topics))
    return next((i for i in sorted(topics) if response_for(i) == answer), None)


def answer_as(tracker: Tracker, intent: str) -> List[EventType]:
    """Events that log the latest user message again, with `intent` (confidence 1.0).

    Shape: [rewind, action_listen, user (same text and entities, minus `follow_up` and
    `danger_check`), slots filled from its entities].
    """
    latest = dict(tracker.latest_message) if isinstance(tracker.latest_message, dict) else {}
    # Rasa checks the events against its schema: no None where a number or string is due.
    entities = [
        {key: value for key, value in e.items() if value is not None}
        for e in latest.get("entities") or []
        if isinstance(e, dict) and e.get("entity") not in NOT_REPEATED
    ]
    decided = {"name": intent, "confidence": 1.0}
    parse_data = {"text": latest.get("text"), "intent": decided, "intent_ranking": [decided], "entities": entities}
    events: List[EventType] = [
        UserUtteranceReverted(),
        ActionExecuted("action_listen"),
        UserUttered(latest.get("text"), parse_data=parse_data),
    ]
    for slot in ENTITY_SLOTS:
        value = next((e.get("value") for e in entities if e.get("entity") == slot), None)
        if value is not None:
            events.append(SlotSet(slot, value))
    return events
