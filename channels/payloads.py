"""Button payloads that carry entities: `/intent{"key": "value", ...}`.

Rasa reads any message starting with "/" as an intent, and `/intent{...json...}` also as
entities, so the NLU pipeline's checks never see such a text. The channels therefore let
through only plain "/intent_name" payloads and the few structured ones below, whose every
value comes from a fixed set or a fixed pattern (no free text, so no personal data and
nothing for the red-flag checks to miss). Anything else starting with "/" is read as words
(channels/input_limits.defuse_command).

    /rate_answer{"rating": "up"|"down", "response": "utter_x", "reason": "wrong_topic"|"unclear"|"incomplete"|"other"}
    /about_source{"response": "utter_x"}

docs/client-protocol.md describes them for client authors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Optional, Pattern, Union

RATINGS = ("up", "down")
REASONS = ("wrong_topic", "unclear", "incomplete", "other")
RESPONSE_NAME = re.compile(r"utter_[a-z0-9_]{1,40}")

Allowed = Union[FrozenSet[str], Pattern[str]]


@dataclass(frozen=True)
class PayloadSchema:
    required: Dict[str, Allowed]
    optional: Dict[str, Allowed]


SCHEMAS: Dict[str, PayloadSchema] = {
    "rate_answer": PayloadSchema(
        required={"rating": frozenset(RATINGS), "response": RESPONSE_NAME},
        optional={"reason": frozenset(REASONS)},
    ),
    "about_source": PayloadSchema(required={"response": RESPONSE_NAME}, optional={}),
}

_STRUCTURED = re.compile(r"/([a-z_]+)(\{.*\})", re.S)


def _allowed(value: object, allowed: Allowed) -> bool:
    if not isinstance(value, str):
        return False
    if isinstance(allowed, frozenset):
        return value in allowed
    return bool(allowed.fullmatch(value))


def canonical_payload(text: str) -> Optional[str]:
    """The payload in canonical form (keys sorted, compact JSON) if it is one of SCHEMAS
    with valid values only, else None."""
    match = _STRUCTURED.fullmatch(text.strip())
    if not match or match.group(1) not in SCHEMAS:
        return None
    schema = SCHEMAS[match.group(1)]
    try:
        entities = json.loads(match.group(2))
    except (ValueError, RecursionError):
        return None
    if not isinstance(entities, dict):
        return None
    known = {**schema.required, **schema.optional}
    if set(entities) - set(known) or set(schema.required) - set(entities):
        return None
    if not all(_allowed(entities[key], known[key]) for key in entities):
        return None
    return "/" + match.group(1) + json.dumps(entities, sort_keys=True, separators=(",", ":"))


def rate_answer_payload(rating: str, response: str, reason: Optional[str] = None) -> str:
    """The rating payload for one answer; raises ValueError for values outside the schema."""
    entities = {"rating": rating, "response": response, **({"reason": reason} if reason else {})}
    payload = canonical_payload("/rate_answer" + json.dumps(entities))
    if payload is None:
        raise ValueError(f"not a valid rating: {entities}")
    return payload


def about_source_payload(response: str) -> str:
    payload = canonical_payload("/about_source" + json.dumps({"response": response}))
    if payload is None:
        raise ValueError(f"not a response name: {response!r}")
    return payload
