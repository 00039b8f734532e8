"""Figures for reviewing conversations: fallback rate, unanswered messages, red flags, topics,
medical answers sent without their disclaimer (staff.disclaimers), requests to reach a person
(handoffs) and the answers rated down most often, with the conversations to read.

Printed as a plain table, or written as one self-contained HTML page whose bar charts are
inline SVG (no scripts, fonts or images from anywhere else).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import AbstractSet, Dict, List, Optional, Sequence, Tuple

from staff.disclaimers import DISCLAIMER_ACTION, medical_answers, medical_responses, missing_disclaimer
from staff.transcript_store import Conversation
from staff.turns import FALLBACK_INTENT, Turn

TOP = 10


def normalise_message(text: str) -> str:
    """Groups "Blorp??" with "blorp": lower case, no punctuation, single spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@dataclass
class RatedAnswer:
    """An answer's ratings: each conversation's latest rating of it counts once."""

    response: str
    down: int = 0
    up: int = 0
    reasons: Counter = field(default_factory=Counter)
    conversations: List[str] = field(default_factory=list)  # those that rated it down


def rated_answers(conversations: Sequence[Conversation]) -> List[RatedAnswer]:
    """Answers with at least one thumbs-down, most thumbs-down first."""
    latest: Dict[Tuple[str, str], Dict] = {}
    for conversation in conversations:
        for turn in conversation.turns:
            rating = turn.rating
            if rating is not None:
                latest[(conversation.label, rating["response"])] = rating
    answers: Dict[str, RatedAnswer] = {}
    for (label, response), rating in latest.items():
        answer = answers.setdefault(response, RatedAnswer(response))
        if rating["rating"] == "down":
            answer.down += 1
            answer.conversations.append(label)
            if rating.get("reason"):
                answer.reasons[rating["reason"]] += 1
        else:
            answer.up += 1
    ranked = [a for a in answers.values() if a.down]
    return sorted(ranked, key=lambda a: (-a.down, a.up, a.response))


def _handoff_state(turn: Turn) -> str:
    within = (turn.handoff or {}).get("within_opening_hours")
    return "open" if within is True else "closed" if within is False else "?"


@dataclass
class Summary:
    conversations: int = 0
    user_messages: int = 0
    fallback_messages: int = 0
    red_flag_messages: int = 0
    red_flag_conversations: List[str] = field(default_factory=list)
    # (conversation, turn number as the exports count them from 1, the answer(s) sent bare)
    missing_disclaimers: List[Tuple[str, int, str]] = field(default_factory=list)
    # (normalised text, count, the most common original wording)
    unanswered: List[Tuple[str, int, str]] = field(default_factory=list)
    topics: List[Tuple[str, int]] = field(default_factory=list)
    # (conversation, turn number, time, "open" | "closed" at the time of the request)
    handoffs: List[Tuple[str, int, Optional[float], str]] = field(default_factory=list)
    rated_down: List["RatedAnswer"] = field(default_factory=list)
    first: Optional[float] = None
    last: Optional[float] = None

    @property
    def missing_disclaimer_conversations(self) -> int:
        return len({conversation for conversation, _, _ in self.missing_disclaimers})

    @property
    def fallback_rate(self) -> float:
        return self.fallback_messages / self.user_messages if self.user_messages else 0.0

    def as_dict(self) -> Dict[str, object]:
        return {**vars(self), "fallback_rate": self.fallback_rate}


def summarise(
    conversations: Sequence[Conversation], top: int = TOP, medical: Optional[AbstractSet[str]] = None
) -> Summary:
    """The figures; `medical` names the medical answers (default: from the training data)."""
    medical = medical_responses() if medical is None else medical
    summary = Summary(conversations=len(conversations))
    unanswered: Counter = Counter()
    wordings: Dict[str, Counter] = {}
    topics: Counter = Counter()
    timestamps = []
    for conversation in conversations:
        if conversation.has_red_flag:
            summary.red_flag_conversations.append(conversation.label)
        for number, turn in enumerate(conversation.turns, start=1):
            summary.user_messages += 1
            if missing_disclaimer(turn, medical):
                # Without a known medical answer: Rasa recorded the action, but it sent nothing.
                answer = ", ".join(medical_answers(turn, medical)) or f"{DISCLAIMER_ACTION} without a message"
                summary.missing_disclaimers.append((conversation.label, number, answer))
            if turn.timestamp is not None:
                timestamps.append(turn.timestamp)
            if turn.is_red_flag:
                summary.red_flag_messages += 1
            if turn.is_fallback:
                summary.fallback_messages += 1
                key = normalise_message(turn.user_text)
                unanswered[key] += 1
                wordings.setdefault(key, Counter())[turn.user_text.strip()] += 1
            if turn.intent and turn.intent != FALLBACK_INTENT:
                topics[turn.intent] += 1
            if turn.handoff is not None:
                summary.handoffs.append((conversation.label, number, turn.timestamp, _handoff_state(turn)))
    summary.unanswered = [
        (key, count, wordings[key].most_common(1)[0][0]) for key, count in unanswered.most_common(top)
    ]
    summary.topics = topics.most_common(top)
    summary.rated_down = rated_answers(conversations)[:top]
    summary.first, summary.last = (min(timestamps), max(timestamps)) if timestamps else (None, None)
    return summary


def _day(timestamp: Optional[float]) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M") if timestamp is not None else "-"


def _table(title: str, headings: Tuple[str, str], rows: Sequence[Tuple[str, str]]) -> List[str]:
    if not rows:
        return [title, "  (none)", ""]
    width = max(len(headings[0]), *(len(r[0]) for r in rows))
    lines = [title, f"  {headings[0]:<{width}}  {headings[1]}", f"  {'-' * width}  {'-' * len(headings[1])}"]
    lines += [f"  {left:<{width}}  {right}" for left, right in rows]
    return lines + [""]


def render_text(summary: Summary, source: str, filters: Sequence[str]) -> str:
    lines = [f"Conversations in {source}" + (f" ({'; '.join(filters)})" if filters else ""), ""]
    overview = [
        ("Conversations", str(summary.conversations)),
        ("User messages", str(summary.user_messages)),
        ("Period", f"{_day(summary.first)} to {_day(summary.last)}"),
        (
            "Fallback rate",
            f"{summary.fallback_rate:.1%} ({summary.fallback_messages} of {summary.user_messages} messages not understood)",
        ),
        ("Red flags", f"{summary.red_flag_messages} messages in {len(summary.red_flag_conversations)} conversations"),
        ("Handoffs", f"{len(summary.handoffs)} requests to reach a person"),
    ]
    lines += _table("Overview", ("figure", "value"), overview)
    lines += _missing_disclaimer_table(summary)
    if summary.red_flag_conversations:
        lines += _table(
            "Conversations with a red flag", ("conversation", ""), [(c, "") for c in summary.red_flag_conversations]
        )
    lines += _table(
        "Requests to reach a person (handoffs)",
        ("conversation", "turn  time              support"),
        [(label, f"{number:<4}  {_day(at):<16}  {state}") for label, number, at, state in summary.handoffs],
    )
    lines += _table(
        "Answers rated down most often (each conversation's latest rating)",
        ("answer", "down  up  reasons  conversations"),
        [
            (a.response, f"{a.down:<4}  {a.up:<2}  {_reasons(a) or '-'}  {', '.join(a.conversations)}")
            for a in summary.rated_down
        ],
    )
    lines += _table(
        "Most frequent unanswered messages",
        ("count", "message"),
        [(str(count), wording) for _, count, wording in summary.unanswered],
    )
    lines += _table(
        "Most asked topics (intents)", ("count", "topic"), [(str(count), topic) for topic, count in summary.topics]
    )
    return "\n".join(lines)


def _reasons(answer: RatedAnswer) -> str:
    return ", ".join(f"{reason} {count}" for reason, count in answer.reasons.most_common())


def _missing_disclaimer_table(summary: Summary) -> List[str]:
    title = f"Medical answers sent without their disclaimer: {len(summary.missing_disclaimers)}"
    if summary.missing_disclaimers:
        title += f" (in {summary.missing_disclaimer_conversations} conversations; see the action server and Rasa logs)"
    return _table(
        title,
        ("conversation", "turn  answer"),
        [(label, f"{number:<4}  {answer}") for label, number, answer in summary.missing_disclaimers],
    )


def _bar_chart(rows: Sequence[Tuple[str, int]], colour: str) -> str:
    """Horizontal bars as inline SVG; labels are escaped user or intent text."""
    if not rows:
        return "<p>None.</p>"
    bar_height, gap, label_width, bar_width = 22, 6, 260, 360
    biggest = max(count for _, count in rows) or 1
    height = len(rows) * (bar_height + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" height="{height}" role="img">'
    ]
    for index, (label, count) in enumerate(rows):
        y = index * (bar_height + gap)
        width = max(2, round(bar_width * count / biggest))
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{html.escape(short)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{width}" height="{bar_height}" fill="{colour}"><title>{html.escape(label)}: {count}</title></rect>'
        )
        parts.append(f'<text x="{label_width + width + 6}" y="{y + 16}">{count}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def render_html(summary: Summary, source: str, filters: Sequence[str]) -> str:
    escape = html.escape
    red_flags = "".join(f"<li><code>{escape(c)}</code></li>" for c in summary.red_flag_conversations)
    missing = len(summary.missing_disclaimers)
    missing_rows = "".join(
        f"<tr><td><code>{escape(label)}</code></td><td>{number}</td><td><code>{escape(answer)}</code></td></tr>"
        for label, number, answer in summary.missing_disclaimers
    )
    missing_table = (
        f"<table><tr><th>conversation</th><th>turn</th><th>answer</th></tr>{missing_rows}</table>"
        if missing_rows
        else "<p>None.</p>"
    )
    handoff_rows = "".join(
        f"<tr><td><code>{escape(label)}</code></td><td>{number}</td><td>{escape(_day(at))}</td><td>{escape(state)}</td></tr>"
        for label, number, at, state in summary.handoffs
    )
    handoff_table = (
        f"<table><tr><th>conversation</th><th>turn</th><th>time</th><th>support was</th></tr>{handoff_rows}</table>"
        if handoff_rows
        else "<p>None.</p>"
    )
    rated_rows = "".join(
        f"<tr><td><code>{escape(a.response)}</code></td><td>{a.down}</td><td>{a.up}</td><td>{escape(_reasons(a))}</td>"
        f"<td>{' '.join(f'<code>{escape(c)}</code>' for c in a.conversations)}</td></tr>"
        for a in summary.rated_down
    )
    rated_table = (
        "<table><tr><th>answer</th><th>thumbs down</th><th>thumbs up</th><th>reasons</th><th>conversations</th></tr>"
        f"{rated_rows}</table>"
        if rated_rows
        else "<p>None.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Conversation review</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 60rem; }}
.figures {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
.figure {{ border: 1px solid #ccc; border-radius: 6px; padding: 0.8rem 1.2rem; }}
.figure strong {{ display: block; font-size: 1.6rem; }}
.figure.alert {{ border: 2px solid #c0392b; color: #c0392b; }}
td, th {{ text-align: left; padding: 0.2rem 1rem 0.2rem 0; }}
svg text {{ font-size: 13px; fill: #222; }}
</style>
</head>
<body>
<h1>Conversation review</h1>
<p>Source: {escape(source)}{escape(" · " + "; ".join(filters)) if filters else ""} · {escape(_day(summary.first))} to {escape(_day(summary.last))}</p>
<div class="figures">
<div class="figure"><strong>{summary.conversations}</strong>conversations</div>
<div class="figure"><strong>{summary.user_messages}</strong>user messages</div>
<div class="figure"><strong>{summary.fallback_rate:.1%}</strong>fallback rate ({summary.fallback_messages} not understood)</div>
<div class="figure"><strong>{summary.red_flag_messages}</strong>red-flag messages in {len(summary.red_flag_conversations)} conversations</div>
<div class="figure{" alert" if missing else ""}"><strong>{missing}</strong>medical answers sent without their disclaimer</div>
<div class="figure"><strong>{len(summary.handoffs)}</strong>requests to reach a person</div>
</div>
<h2>Medical answers sent without their disclaimer: {missing}</h2>
{missing_table}
<h2>Answers rated down most often</h2>
<p>Each conversation's latest rating of an answer counts once. Read a conversation with
<code>python -m staff.transcripts export --conversation ID</code> (same TRANSCRIPT_SALT), or find it in conversations.md.</p>
{rated_table}
<h2>Requests to reach a person (handoffs)</h2>
{handoff_table}
<h2>Most asked topics</h2>
{_bar_chart(summary.topics, "#3b7dd8")}
<h2>Most frequent unanswered messages</h2>
{_bar_chart([(wording, count) for _, count, wording in summary.unanswered], "#d8833b")}
<h2>Conversations with a red flag</h2>
{f"<ul>{red_flags}</ul>" if red_flags else "<p>None.</p>"}
</body>
</html>
"""
