"""Shape bot replies for Telegram: split long texts, turn buttons into an inline keyboard."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Sequence

logger = logging.getLogger(__name__)

# sendMessage accepts 1-4096 characters; Telegram counts UTF-16 code units (an emoji is 2).
MESSAGE_LIMIT = 4096
# callback_data is 1-64 bytes.
CALLBACK_DATA_LIMIT = 64

# Where to cut, best first: between paragraphs, lines, sentences, then words.
_BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"')\]])\s+"),
    re.compile(r"\s+"),
)


def telegram_length(text: str) -> int:
    """The length Telegram measures: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _longest_prefix(text: str, limit: int) -> int:
    """How many characters of `text` fit into `limit` UTF-16 code units."""
    used = 0
    for index, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> List[str]:
    """Parts of at most `limit` units, cut at the best boundary; blank parts are dropped."""
    if limit < 2:
        raise ValueError("limit must be at least 2 (one character can take 2 units)")
    parts: List[str] = []
    rest = text.strip()
    while rest:
        if telegram_length(rest) <= limit:
            parts.append(rest)
            break
        window = _longest_prefix(rest, limit)
        cut_start, cut_end = window, window  # a hard cut when no boundary fits
        for boundary in _BOUNDARIES:
            # The last boundary of this kind in the window, if it leaves a part at least half
            # full (a paragraph break near the start would make a stub message).
            matches = list(boundary.finditer(rest, 0, window + 1))
            if matches and matches[-1].start() >= window // 2:
                cut_start, cut_end = matches[-1].start(), matches[-1].end()
                break
        head = rest[:cut_start].rstrip()
        if head:
            parts.append(head)
        rest = rest[cut_end:].lstrip()
    return parts


def inline_keyboard(buttons: Sequence[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """A reply_markup with one button per row (topic titles are long on a phone), or None.

    A button Telegram would reject (no title, no payload, payload over 64 bytes) is left
    out with a warning, so the text still reaches the user.
    """
    from channels.telegram_answers import compact  # telegram_answers imports this module

    rows: List[List[Dict[str, str]]] = []
    for button in buttons:
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or "").strip()
        # A structured payload ('/rate_answer{...}') is too long for Telegram: its compact form.
        payload = compact(payload) or payload
        if not title or not payload or len(payload.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            logger.warning("Left out a button Telegram cannot show: %r", button)
            continue
        rows.append([{"text": title, "callback_data": payload}])
    return {"inline_keyboard": rows} if rows else None
