"""The vetted wording of every disclaimer the action server sends. One text each, only here.

Changing a text here is a clinical-safety change: tests/actions/test_safety_texts.py pins
each wording, so a change must be made there too, on purpose. The emergency replies live
in domain.yml (`utter_emergency`), because they must work when the action server is down.
"""

from __future__ import annotations

from enum import Enum
from typing import Dict


class Risk(str, Enum):
    """How much a topic needs a warning next to it."""

    GENERAL = "general"
    SIDE_EFFECTS = "side_effects"
    WITHDRAWAL = "withdrawal"
    PUMP = "pump"


FULL_DISCLAIMERS: Dict[Risk, str] = {
    Risk.GENERAL: (
        "Please note: this is general information from one article, not medical advice. "
        "Talk to your doctor or pharmacist about your own situation."
    ),
    Risk.SIDE_EFFECTS: (
        "If side effects are severe or worrying, contact your doctor. If someone has a seizure, "
        "trouble breathing, hallucinations or a high fever, or cannot be woken, call your local "
        "emergency number now."
    ),
    Risk.WITHDRAWAL: (
        "Important: never stop baclofen or change the dose without your prescriber. "
        "Stopping suddenly can cause serious reactions."
    ),
    Risk.PUMP: (
        "Pump and intrathecal treatment is managed by the specialist team. Contact them straight "
        "away about any pump problem, such as an alarm or a missed refill."
    ),
}

# One-line reminders for later answers in the same conversation. High-risk topics have none:
# they always get the full text.
REMINDERS: Dict[Risk, str] = {
    Risk.GENERAL: "Reminder: general information only. Your doctor or pharmacist can advise on your situation.",
    Risk.SIDE_EFFECTS: "Reminder: contact your doctor about side effects that worry you.",
}

ALWAYS_FULL = frozenset({Risk.WITHDRAWAL, Risk.PUMP})
