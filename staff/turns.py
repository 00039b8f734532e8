"""Turns of a conversation, rebuilt from Rasa's tracker events.

The HTTP API (`GET /conversations/{id}/tracker`) and the SQL tracker store (`events.data`)
hold the same event dictionaries, so the staff debug view, the conversation tests and the
transcript export all read them through `turns_from_events`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterable, List, Optional

# Rasa's own fallbacks: the NLU fallback intent and the actions that answer "not understood".
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset(
    {"action_default_fallback", "utter_did_you_mean", "utter_please_rephrase", "utter_default"}
)
EMERGENCY_INTENT = "emergency"
RED_FLAG_SLOT = "red_flag"
# Set by the actions of issue 14 (actions/handoff.py, actions/feedback.py).
HANDOFF_SLOT = "handoff"
RATING_SLOT = "answer_rating"
# Bookkeeping actions that say nothing about how the bot answered.
SILENT_ACTIONS = frozenset({"action_listen", "action_session_start"})


@dataclass
class BotMessage:
    text: str
    # The response (utter_...) that produced the message; None for texts sent by custom actions.
    response: Optional[str] = None
    buttons: List[Dict[str, Any]] = field(default_factory=list)
    timestamp: Optional[float] = None
    # The action that sent it: the response name, or a custom action such as action_add_disclaimer.
    action: Optional[str] = None


@dataclass
class Turn:
    """One user message and everything the bot did in reply."""

    user_text: str
    timestamp: Optional[float] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    entities: List[Dict[str, Any]] = field(default_factory=list)
    actions: List[str] = field(default_factory=list)
    bot_messages: List[BotMessage] = field(default_factory=list)
    slots_set: Dict[str, Any] = field(default_factory=dict)
    # Counts from 1; a new session starts after the session expiry time (domain.yml).
    session: int = 1

    @property
    def is_red_flag(self) -> bool:
        return self.intent == EMERGENCY_INTENT or self.slots_set.get(RED_FLAG_SLOT) is not None

    @property
    def handoff(self) -> Optional[Dict[str, Any]]:
        """The request to reach a person made in this turn, if any."""
        value = self.slots_set.get(HANDOFF_SLOT)
        return value if isinstance(value, dict) else None

    @property
    def rating(self) -> Optional[Dict[str, Any]]:
        """The rating of an answer given in this turn: {"rating", "response", "reason", ...}."""
        value = self.slots_set.get(RATING_SLOT)
        if isinstance(value, dict) and value.get("rating") in ("up", "down") and isinstance(value.get("response"), str):
            return value
        return None

    @property
    def is_fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT or any(a in FALLBACK_ACTIONS for a in self.actions)

    @property
    def reply_text(self) -> str:
        return "\n".join(m.text for m in self.bot_messages if m.text)

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["red_flag"] = self.is_red_flag
        data["fallback"] = self.is_fallback
        data["handoff"] = self.handoff is not None
        return data


def _entity_summary(entity: Dict[str, Any]) -> Dict[str, Any]:
    return {key: entity.get(key) for key in ("entity", "value", "extractor") if key in entity}


def _user_turn(event: Dict[str, Any], session: int) -> Turn:
    parse_data = event.get("parse_data") or {}
    intent = parse_data.get("intent") or {}
    confidence = intent.get("confidence")
    return Turn(
        user_text=event.get("text") or "",
        timestamp=event.get("timestamp"),
        intent=intent.get("name"),
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        entities=[_entity_summary(e) for e in parse_data.get("entities") or [] if isinstance(e, dict)],
        session=session,
    )


def _bot_message(event: Dict[str, Any], last_action: Optional[str]) -> BotMessage:
    data = event.get("data") or {}
    metadata = event.get("metadata") or {}
    buttons = data.get("buttons") or []
    response = metadata.get("utter_action")
    return BotMessage(
        text=event.get("text") or "",
        response=response,
        buttons=[b for b in buttons if isinstance(b, dict)],
        timestamp=event.get("timestamp"),
        action=response or last_action,
    )


def turns_from_events(events: Iterable[Dict[str, Any]]) -> List[Turn]:
    """Group events into turns; whatever happens before the first user message is skipped."""
    turns: List[Turn] = []
    session = 0
    # Rasa logs an action before the messages it sends, so this names each message's sender.
    last_action: Optional[str] = None
    for event in events:
        kind = event.get("event")
        if kind == "session_started":
            session += 1
        elif kind == "user":
            turns.append(_user_turn(event, max(session, 1)))
            last_action = None
        elif not turns:
            continue
        elif kind == "bot":
            turns[-1].bot_messages.append(_bot_message(event, last_action))
        elif kind == "action" and event.get("name") not in SILENT_ACTIONS:
            last_action = event.get("name") or None
            turns[-1].actions.append(event.get("name") or "")
        elif kind == "slot":
            turns[-1].slots_set[event.get("name") or ""] = event.get("value")
    return turns


def latest_turn(events: Iterable[Dict[str, Any]]) -> Optional[Turn]:
    turns = turns_from_events(events)
    return turns[-1] if turns else None
