"""Telegram's buttons under a medical answer: thumbs up and down, and "Where is this from?".

A thumbs-down first asks, like the widget, what was wrong (optional): the channel swaps the
thumbs for the reason buttons under the same answer (`reason_keyboard`), without a turn of the
assistant; the chosen reason, or "Send without a reason", then sends the one rating payload
the widget would send. Once an answer is rated its rating buttons go (`after_rating`).

Telegram limits a button's callback_data to 64 bytes, too short for the JSON payloads of
channels/payloads.py, so the buttons carry a compact form that `expand` turns back into the
same payload the widget sends, before the usual checks (telegram_updates.read_user_text):

    rw:utter_x             -> (no payload: the channel shows the reason buttons)
    ra:u:utter_x           -> /rate_answer{"rating":"up","response":"utter_x"}
    ra:d:unclear:utter_x   -> /rate_answer{"rating":"down","reason":"unclear","response":"utter_x"}
    as:utter_x             -> /about_source{"response":"utter_x"}

`compact` is the inverse, used for buttons that a response itself carries.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Tuple

from channels.payloads import REASONS, RESPONSE_NAME, about_source_payload, canonical_payload, rate_answer_payload
from channels.telegram_text import CALLBACK_DATA_LIMIT

THUMBS_UP = "\U0001f44d Helpful"
THUMBS_DOWN = "\U0001f44e Not helpful"
WHERE_FROM = "Where is this from?"
# The widget's labels (webchat/src/protocol.js RATING_REASONS; a test keeps them the same),
# in the order of channels/payloads.py REASONS (a reason without a label fails at import).
_LABELS = {"wrong_topic": "Wrong topic", "unclear": "Unclear", "incomplete": "Incomplete", "other": "Other"}
REASON_LABELS: Tuple[Tuple[str, str], ...] = tuple((reason, _LABELS[reason]) for reason in REASONS)
SKIP_REASON = "Send without a reason"
WHAT_WAS_WRONG = "What was wrong? (optional)"
REASONS_PER_ROW = 2

_RATING_CODES = {"up": "u", "down": "d"}
_COMPACT_RATING = re.compile(r"ra:([ud]):(?:([a-z_]+):)?(utter_[a-z0-9_]+)")
_COMPACT_SOURCE = re.compile(r"as:(utter_[a-z0-9_]+)")
_WHAT_WAS_WRONG = re.compile(r"rw:(utter_[a-z0-9_]+)")
RATING_PREFIXES = ("ra:", "rw:")


def reasons_request(data: str) -> Optional[str]:
    """The response name when `data` is a thumbs-down that asks what was wrong, else None."""
    match = _WHAT_WAS_WRONG.fullmatch(data)
    return match.group(1) if match and RESPONSE_NAME.fullmatch(match.group(1)) else None


def _other_rows(markup: Optional[Dict[str, Any]]) -> List[List[Dict[str, Any]]]:
    """The rows of a message's inline keyboard that are not rating buttons ("Where is this from?")."""
    rows = (markup or {}).get("inline_keyboard")
    if not isinstance(rows, list):
        return []
    return [
        row
        for row in rows
        if isinstance(row, list)
        and row
        and not any(str(b.get("callback_data", "")).startswith(RATING_PREFIXES) for b in row if isinstance(b, dict))
    ]


def reason_keyboard(response: str, markup: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The keyboard after a thumbs-down on `response`: the reasons, "Send without a reason",
    then the rows of the answer's keyboard `markup` that were not rating buttons."""
    buttons = [
        {"text": label, "callback_data": compact_rating("down", response, value)} for value, label in REASON_LABELS
    ]
    rows = [buttons[i : i + REASONS_PER_ROW] for i in range(0, len(buttons), REASONS_PER_ROW)]
    rows.append([{"text": SKIP_REASON, "callback_data": compact_rating("down", response)}])
    return {"inline_keyboard": rows + _other_rows(markup)}


def after_rating(markup: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The answer's keyboard once it is rated: its other rows, or None (no keyboard)."""
    rows = _other_rows(markup)
    return {"inline_keyboard": rows} if rows else None


def is_rating(data: str) -> bool:
    return bool(_COMPACT_RATING.fullmatch(data))


def compact_rating(rating: str, response: str, reason: Optional[str] = None) -> str:
    """The compact callback_data of a rating ("ra:d:unclear:utter_x")."""
    data = compact(rate_answer_payload(rating, response, reason))
    if data is None:
        raise ValueError(f"a rating of {response} does not fit in a button")
    return data


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
            {"text": THUMBS_DOWN, "callback_data": f"rw:{response}"},
        ]
    ]
    if metadata.get("source"):
        rows.append([{"text": WHERE_FROM, "callback_data": f"as:{response}"}])
    if any(len(b["callback_data"].encode("utf-8")) > CALLBACK_DATA_LIMIT for row in rows for b in row):
        return None
    return {"inline_keyboard": rows}
