"""Medical answers as the actions see them: which responses are answers, what they cite, and
which answer the conversation gave last.

A medical answer is a response whose domain metadata has a `source` key (a possibly empty
list of `{section, paragraph, terms}` references into the article; see domain.yml). The
same rule decides which messages the channels mark as rateable (channels/answer_metadata.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions.topics import is_note


def source_sections(domain: Dict[str, Any], response: str) -> Optional[List[str]]:
    """Section headings cited by `response`, once each in order; None if it is not a medical
    answer (unknown response, or no `source` in its metadata)."""
    variations = (domain.get("responses") or {}).get(response)
    if not isinstance(variations, list) or not variations:
        return None
    sections: List[str] = []
    found = False
    for variation in variations:
        metadata = variation.get("metadata") if isinstance(variation, dict) else None
        if not isinstance(metadata, dict) or "source" not in metadata:
            continue
        found = True
        for reference in metadata.get("source") or []:
            section = reference.get("section") if isinstance(reference, dict) else None
            if isinstance(section, str) and section not in sections:
                sections.append(section)
    return sections if found else None


def latest_answer(tracker: Tracker, domain: Dict[str, Any]) -> Optional[str]:
    """The response name of the conversation's latest medical answer, or None. A note sent with
    an answer (`utter_condition_context`) is not an answer: the one before it is."""
    for event in reversed(tracker.events or []):
        if not isinstance(event, dict) or event.get("event") != "bot":
            continue
        response = (event.get("metadata") or {}).get("utter_action")
        if (
            isinstance(response, str)
            and source_sections(domain, response) is not None
            and not is_note((domain.get("responses") or {}).get(response))
        ):
            return response
    return None


def latest_entity_values(tracker: Tracker, entity: str) -> List[str]:
    """The string values of `entity` in the latest message, in order. Tracker contents are not
    trusted: anything that is not a list of entity dicts with string values is skipped."""
    latest = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
    entities = latest.get("entities")
    return [
        e["value"]
        for e in (entities if isinstance(entities, list) else [])
        if isinstance(e, dict) and e.get("entity") == entity and isinstance(e.get("value"), str)
    ]


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(entity), None)
    return value if isinstance(value, str) else None


def describe_sections(sections: List[str]) -> str:
    """'section "A"' or 'sections "A" and "B"' for the answer-source text."""
    quoted = [f'"{s}"' for s in sections]
    if len(quoted) == 1:
        return f"section {quoted[0]}"
    return "sections " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def topic_of(response: str) -> str:
    """ "utter_side_effects" -> "side effects", to name an answer in a sentence."""
    return response[len("utter_") :].replace("_", " ") if response.startswith("utter_") else response
