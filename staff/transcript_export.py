"""Conversations written out for reading (Markdown), spreadsheets (CSV) or tools (JSON).

Every bot reply is shown with the intent and confidence the bot's understanding rested on,
and turns with a red flag, a fallback, a request to reach a person (handoff) or a rating of
an answer are marked.
"""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

from staff.transcript_store import Conversation
from staff.turns import Turn

FORMATS = ("md", "csv", "json")
CSV_COLUMNS = [
    "conversation",
    "session",
    "turn",
    "time",
    "speaker",
    "text",
    "intent",
    "confidence",
    "response",
    "action",
    "buttons",
    "red_flag",
    "fallback",
    "handoff",
    "rating",
]


def iso_time(timestamp: Optional[float]) -> str:
    return datetime.fromtimestamp(timestamp).isoformat(timespec="seconds") if timestamp is not None else ""


def _understanding(turn: Turn) -> str:
    if turn.intent is None:
        return "intent unknown"
    confidence = f" ({turn.confidence:.2f})" if turn.confidence is not None else ""
    return f"{turn.intent}{confidence}"


def _md_text(text: str) -> str:
    # Escaped so that a user's message cannot inject HTML or break the layout.
    return html.escape(" ".join(text.split()), quote=False).replace("*", "\\*").replace("_", "\\_")


def to_markdown(conversations: Sequence[Conversation], header: Dict[str, str]) -> str:
    lines = ["# Conversations", ""]
    lines += [f"- **{key}:** {value}" for key, value in header.items()]
    lines.append("")
    for conversation in conversations:
        flags = (
            (["red flag"] if conversation.has_red_flag else [])
            + (["fallback"] if conversation.has_fallback else [])
            + (["handoff"] if conversation.has_handoff else [])
        )
        lines.append(f"## Conversation {conversation.label}")
        lines.append("")
        summary = f"Started {iso_time(conversation.started)} · {len(conversation.turns)} user messages"
        lines.append(summary + (" · " + ", ".join(f"**{f}**" for f in flags) if flags else ""))
        lines.append("")
        session = conversation.turns[0].session if conversation.turns else 1
        for number, turn in enumerate(conversation.turns, start=1):
            if turn.session != session:
                session = turn.session
                lines += ["---", "_new session_", ""]
            marks = (
                (" **RED FLAG**" if turn.is_red_flag else "")
                + (" **FALLBACK**" if turn.is_fallback else "")
                + (" **HANDOFF**" if turn.handoff else "")
                + (f" **RATED** `{_rating_text(turn)}`" if turn.rating else "")
            )
            lines.append(f"{number}. **User** ({iso_time(turn.timestamp)}): {_md_text(turn.user_text)}{marks}")
            for message in turn.bot_messages or []:
                source = message.action or "unknown action"
                lines.append(f"   - **Bot** [{_understanding(turn)} → `{source}`]: {_md_text(message.text)}")
                if message.buttons:
                    titles = ", ".join(f"[{_md_text(str(b.get('title', '')))}]" for b in message.buttons)
                    lines.append(f"     buttons: {titles}")
            if not turn.bot_messages:
                lines.append(f"   - _no reply_ [{_understanding(turn)}]")
        lines.append("")
    if not conversations:
        lines.append("_No conversations match._")
    return "\n".join(lines) + "\n"


def _rating_text(turn: Turn) -> str:
    """ "down utter_side_effects (unclear)" for a turn that rated an answer, else ""."""
    rating = turn.rating
    if rating is None:
        return ""
    reason = f" ({rating['reason']})" if rating.get("reason") else ""
    return f"{rating['rating']} {rating['response']}{reason}"


def _csv_cell(value: Any) -> Any:
    """Cells that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(conversations: Sequence[Conversation]) -> str:
    """One row per message: the user's, then each of the bot's, with the turn's intent."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for conversation in conversations:
        for number, turn in enumerate(conversation.turns, start=1):
            common = {
                "conversation": conversation.label,
                "session": turn.session,
                "turn": number,
                "intent": turn.intent or "",
                "confidence": "" if turn.confidence is None else f"{turn.confidence:.3f}",
                "red_flag": "yes" if turn.is_red_flag else "",
                "fallback": "yes" if turn.is_fallback else "",
                "handoff": "yes" if turn.handoff else "",
                "rating": _rating_text(turn),
            }
            rows: List[Dict[str, Any]] = [
                {**common, "time": iso_time(turn.timestamp), "speaker": "user", "text": turn.user_text}
            ]
            for message in turn.bot_messages:
                rows.append(
                    {
                        **common,
                        "time": iso_time(message.timestamp),
                        "speaker": "bot",
                        "text": message.text,
                        "response": message.response or "",
                        "action": message.action or "",
                        "buttons": " | ".join(str(b.get("title", "")) for b in message.buttons),
                    }
                )
            for row in rows:
                writer.writerow({key: _csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def to_json(conversations: Sequence[Conversation], header: Dict[str, str]) -> str:
    document = {
        **header,
        "conversations": [
            {
                "conversation": c.label,
                "started": iso_time(c.started),
                "red_flag": c.has_red_flag,
                "fallback": c.has_fallback,
                "handoff": c.has_handoff,
                "turns": [{**t.to_dict(), "time": iso_time(t.timestamp)} for t in c.turns],
            }
            for c in conversations
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render(kind: str, conversations: Sequence[Conversation], header: Dict[str, str]) -> str:
    if kind == "md":
        return to_markdown(conversations, header)
    if kind == "csv":
        return to_csv(conversations)
    return to_json(conversations, header)
