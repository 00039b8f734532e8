"""Triage of one user message: emergency (act now), urgent (a professional today) or routine.

    assess("I don't have chest pain but I can't breathe")
    -> Triage(level=Level.EMERGENCY, category="breathing", layer="lexical", evidence="can't breathe")

The lexical layers run here, in order, on the message with its denied symptoms masked
(safety.negation): the red-flag patterns (safety.red_flags), then the urgent patterns
(safety.urgent). One exception: a rash or hives whose writer rules out breathing trouble or
swelling, naming no other airway sign, is urgent (`skin_reaction`), not an emergency. When neither is sure, `danger_check` says whether the message still
describes someone's present state in alarming words; the reply then starts with "If someone
is in danger right now, call...". The statistical layer (the classifier's `emergency` and
`urgent` intents) is combined with this in components/triage.py, inside the Rasa server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional

from safety import negation, red_flags, urgent


class Level(str, Enum):
    EMERGENCY = "emergency"  # act now: the emergency number, poison control, a crisis line
    URGENT = "urgent"  # a doctor, pharmacist or out-of-hours service today
    ROUTINE = "routine"  # the answer and its disclaimer


@dataclass(frozen=True)
class Triage:
    level: Level
    category: Optional[str] = None  # a red_flags or urgent category
    layer: Optional[str] = None  # which layer decided: "lexical" here
    evidence: str = ""  # the words that decided (for tests and debugging; never logged in production)
    danger_check: bool = False  # not an emergency, but alarming words about someone's present state
    denied: bool = False  # the message denied a symptom ("no fever, ...")


# A rash or hives whose writer rules out breathing trouble or swelling ("itchy rash spreading
# since I started it, breathing is fine") and names no sign of the airway anywhere else: a doctor
# today, not the emergency number (the urgent advice still says to call if it gets worse).
# Without an all-clear, or with swelling, breathing trouble or faintness named, it stays an emergency.
SKIN_REACTION = "skin_reaction"
_SKIN = re.compile(r"\b(?:rash\w*|hives|welts|blotch\w*|itch\w*|spots|lumps|red)\b")
_AIRWAY = re.compile(
    r"\b(?:swell\w*|swollen|puff\w*|breath\w*|throat|tongue|lips?|face|wheez\w*|chok\w*|faint\w*|dizz\w*)\b"
)
_AIRWAY_ALL_CLEAR = (
    re.compile(r"\bbreath\w*\b[^.?!,]{0,15}?\b(?:fine|ok|okay|normal|alright|all right|good|unaffected)\b"),
    re.compile(
        r"\b(?:no|not|without|isn't|isnt|nothing)\b[^.?!,]{0,12}?\b(?:trouble|problems?|difficulty|issues?)\b"
        r"[^.?!,]{0,12}?\bbreath\w*\b"
    ),
    re.compile(
        r"\b(?:no|not|without|isn't|isnt|aren't|nothing)\b[^.?!,]{0,20}?\b(?:swell\w*|swollen|puff\w*)\b"
        r"(?:[^.?!,]{0,20}?\b(?:lips?|face|tongue|throat)\b)?"
    ),
    re.compile(r"\b(?:lips?|face|tongue|throat)\b[^.?!,]{0,10}?\b(?:fine|ok|okay|normal|alright|all right)\b"),
)


def _skin_only_with_airway_ruled_out(text: str, flag: red_flags.RedFlag) -> bool:
    if flag.category != "allergic_reaction" or _AIRWAY.search(flag.evidence) or not _SKIN.search(flag.evidence):
        return False
    rest = red_flags.normalise(text)
    cleared = False
    for all_clear in _AIRWAY_ALL_CLEAR:
        rest, found = all_clear.subn(" ", rest)
        cleared = cleared or found > 0
    return cleared and not _AIRWAY.search(rest)


def assess(text: str) -> Triage:
    """Triage `text`. Deterministic; safe on any string (empty text is routine)."""
    if not text or not text.strip():
        return Triage(Level.ROUTINE)
    masked = negation.mask_negated(text)
    denied = masked != text
    flag = red_flags.detect(masked)
    if flag is not None and _skin_only_with_airway_ruled_out(text, flag):
        return Triage(Level.URGENT, SKIN_REACTION, "lexical", flag.evidence, denied=True)
    if flag is not None:
        return Triage(Level.EMERGENCY, flag.category, "lexical", flag.evidence, denied=denied)
    reason = urgent.detect(masked)
    if reason is not None:
        return Triage(
            Level.URGENT,
            reason.category,
            "lexical",
            reason.evidence,
            danger_check=urgent.sounds_alarming(masked),
            denied=denied,
        )
    return Triage(Level.ROUTINE, danger_check=urgent.sounds_alarming(masked), denied=denied)
