"""Telegram's buttons under a medical answer: thumbs up and down, and "Where is this from?".

Telegram limits a button's callback_data to 64 bytes, too short for the JSON payloads of
channels/payloads.py, so the buttons carry a compact form that `expand` turns back into the
same payload the widget sends, before the usual checks (telegram_updates.read_user_text):

    ra:u:utter_x           -> /rate_answer{"rating":"up","response":"utter_x"}
    ra:d:unclear:utter_x   -> /rate_answer{"rating":"down","reason":"unclear","response":"utter_x"}
    as:utter_x             -> /about_source{"response":"utter_x"}

`compact` is the inverse, used for buttons that a response itself carries.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from channels.payloads import RESPONSE_NAME, about_source_payload, canonical_payload, rate_answer_payload
from channels.telegram_text import CALLBACK_DATA_LIMIT

THUMBS_UP = "\U0001f44d Helpful"
THUMBS_DOWN = "\U0001f44e Not helpful"
WHERE_FROM = "Where is this from?"

_RATING_CODES = {"up": "u", "down": "d"}
_COMPACT_RATING = re.compile(r"ra:([ud]):(?:([a-z_]+):)?(utter_[a-z0-9_]+)")
_COMPACT_SOURCE = re.compile(r"as:(utter_[a-z0-9_]+)")


def expand(data: str) -> str:
    """The payload for a compact callback_data; any other data is returned as it is."""
    try:
        match = _COMPACT_RATING.fullmatch(data)
        if match:
            rating = "up" if match.group(1) == "u" else "down"
            return rate_answer_payload(rating, match.group(3), match.group(2))
        match = _COMPACT_SOURCE.fullmatch(data)
        if match:
            return about_source_payload(match.group(1))
    except ValueError:
        pass  # not a valid rating after all: read as words, like any odd payload
    return data


def compact(payload: str) -> Optional[str]:
    """The compact callback_data of a structured payload, or None if it is not one."""
    canonical = canonical_payload(payload)
    if canonical is None:
        return None
    name, _, body = canonical.partition("{")
    entities = json.loads("{" + body)
    if name == "/rate_answer":
        reason = f"{entities['reason']}:" if "reason" in entities else ""
        data = f"ra:{_RATING_CODES[entities['rating']]}:{reason}{entities['response']}"
    else:
        data = f"as:{entities['response']}"
    return data if len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT else None


def answer_keyboard(metadata: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The inline keyboard under a medical answer (client metadata with `rateable`), or None."""
    if not metadata or not metadata.get("rateable"):
        return None
    response = metadata.get("response")
    if not isinstance(response, str) or not RESPONSE_NAME.fullmatch(response):
        return None
    rows: List[List[Dict[str, str]]] = [
        [
            {"text": THUMBS_UP, "callback_data": f"ra:u:{response}"},
            {"text": THUMBS_DOWN, "callback_data": f"ra:d:{response}"},
        ]
    ]
    if metadata.get("source"):
        rows.append([{"text": WHERE_FROM, "callback_data": f"as:{response}"}])
    if any(len(b["callback_data"].encode("utf-8")) > CALLBACK_DATA_LIMIT for row in rows for b in row):
        return None
    return {"inline_keyboard": rows}
