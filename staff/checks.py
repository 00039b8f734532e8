"""The checks of a conversation test, applied to the bot's reply to one user message.

Every check looks at all the bot's messages for that turn together (the answer and the
disclaimer after it), and a failed check explains itself in plain words.

Words and phrases match case-insensitively and as whole words, so "mg" does not match
"among"; a trailing "s" or "es" is allowed, so "side effect" also matches "side effects".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Pattern, Sequence, Set, Tuple

from staff.conversation_files import Check, TurnSpec
from staff.domain import normalise_space

EMERGENCY = re.compile(r"emergency|\b112\b|\b911\b|\b999\b|ambulance|poison control|crisis", re.IGNORECASE)
PROFESSIONAL = re.compile(
    r"\b(doctors?|pharmacists?|healthcare professionals?|prescribers?|nurses?|specialist teams?)\b", re.IGNORECASE
)
EMERGENCY_WORDS = "emergency, 112/911/999, ambulance, poison control or a crisis line"
PROFESSIONAL_WORDS = "a doctor, pharmacist, nurse, prescriber, healthcare professional or specialist team"


@dataclass
class ObservedTurn:
    """What the bot did in reply to one user message."""

    user: str
    texts: List[str] = field(default_factory=list)
    button_titles: List[str] = field(default_factory=list)
    # Per message: the response names it may come from (one from the tracker, or every
    # domain.yml response whose text matches when the tracker cannot be read).
    responses: List[Set[str]] = field(default_factory=list)
    intent: Optional[str] = None
    confidence: Optional[float] = None

    @property
    def reply(self) -> str:
        return "\n".join(self.texts)


_LETTER = r"[^\W\d_]"


def _edge(char: str) -> str:
    """What may not touch a phrase at this edge: a letter next to a letter, a digit next to a digit.

    So "mg" is found in "10mg" but not in "among", and "112" not in "1120".
    """
    if char.isdigit():
        return r"\d"
    return _LETTER if char.isalpha() else ""


def phrase_pattern(phrase: str) -> Pattern[str]:
    words = [re.escape(word) for word in phrase.split()]
    before, after = _edge(phrase.strip()[0]), _edge(phrase.strip()[-1])
    plural = r"(?:s|es)?" if phrase.strip()[-1].isalpha() else ""
    return re.compile(
        (f"(?<!{before})" if before else "") + r"\s+".join(words) + plural + (f"(?!{after})" if after else ""),
        re.IGNORECASE,
    )


def find_phrase(text: str, phrase: str) -> Optional[re.Match]:
    return phrase_pattern(phrase).search(text)


def _excerpt(text: str, match: re.Match, width: int = 40) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    snippet = normalise_space(text[start:end])
    return ("..." if start > 0 else "") + snippet + ("..." if end < len(text) else "")


def _quoted(items: Sequence[str]) -> str:
    return ", ".join(f'"{item}"' for item in items)


def _mentions(observed: ObservedTurn, check: Check) -> List[str]:
    missing = [p for p in check.value if find_phrase(observed.reply, p) is None]
    return [f"missing: the reply does not mention {_quoted(missing)}"] if missing else []


def _never_mentions(observed: ObservedTurn, check: Check) -> List[str]:
    problems = []
    for phrase in check.value:
        match = find_phrase(observed.reply, phrase)
        if match is not None:
            problems.append(f'forbidden: the reply mentions "{phrase}": "{_excerpt(observed.reply, match)}"')
    return problems


def _buttons(observed: ObservedTurn, check: Check) -> List[str]:
    offered = {normalise_space(t).lower() for t in observed.button_titles}
    missing = [t for t in check.value if normalise_space(t).lower() not in offered]
    if not missing:
        return []
    shown = _quoted(observed.button_titles) if observed.button_titles else "none"
    return [f"missing button: {_quoted(missing)} (buttons offered: {shown})"]


def _yes_no_check(observed: ObservedTurn, check: Check, pattern: Pattern[str], words: str, what: str) -> List[str]:
    found = pattern.search(observed.reply)
    if check.value and found is None:
        return [f"expected the reply to {what} ({words}), but it does not"]
    if not check.value and found is not None:
        return [f'expected the reply NOT to {what}, but it says "{_excerpt(observed.reply, found)}"']
    return []


def _ordered_messages(observed: ObservedTurn, checks: Sequence[Check]) -> List[Tuple[int, str]]:
    """`bot:` and `utter:` steps match the turn's messages in order; other messages may come between."""
    problems: List[Tuple[int, str]] = []
    position = 0
    for check in checks:
        if check.kind == "bot":
            wanted = normalise_space(check.value)
            found = next(
                (i for i in range(position, len(observed.texts)) if normalise_space(observed.texts[i]) == wanted), None
            )
            if found is None:
                problems.append((check.line, f'expected the bot to say exactly: "{check.value}"'))
                continue
        else:
            found = next(
                (i for i in range(position, len(observed.responses)) if check.value in observed.responses[i]), None
            )
            if found is None:
                used = sorted({name for names in observed.responses for name in names})
                problems.append(
                    (
                        check.line,
                        f"expected the response {check.value}; the bot used: {', '.join(used) or 'no known response'}",
                    )
                )
                continue
        position = found + 1
    return problems


@dataclass
class Problem:
    """A failed check, with the line of the test file it comes from."""

    line: int
    message: str

    def __str__(self) -> str:
        return self.message


def _check_problems(check: Check, observed: ObservedTurn) -> List[str]:
    if check.kind == "bot_mentions":
        return _mentions(observed, check)
    if check.kind == "bot_never_mentions":
        return _never_mentions(observed, check)
    if check.kind == "buttons":
        return _buttons(observed, check)
    if check.kind == "emergency":
        return _yes_no_check(observed, check, EMERGENCY, EMERGENCY_WORDS, "tell the user to get emergency help now")
    if check.kind == "refers_to_professional":
        return _yes_no_check(observed, check, PROFESSIONAL, PROFESSIONAL_WORDS, "refer the user to a professional")
    return []


def turn_problems(spec: TurnSpec, observed: ObservedTurn) -> List[Problem]:
    """Everything wrong with the bot's reply to this turn; empty when all checks pass."""
    problems: List[Problem] = []
    if not observed.texts and not observed.button_titles and spec.checks:
        problems.append(Problem(spec.line, "the bot did not reply at all"))
    for check in spec.checks:
        problems += [Problem(check.line, message) for message in _check_problems(check, observed)]
    ordered = [c for c in spec.checks if c.kind in ("bot", "utter")]
    problems += [Problem(line, message) for line, message in _ordered_messages(observed, ordered)]
    return sorted(problems, key=lambda p: p.line)
