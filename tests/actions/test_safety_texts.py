"""Pins the vetted disclaimer wording: a change here must be a deliberate, reviewed change."""

from __future__ import annotations

from actions.safety_texts import ALWAYS_FULL, FULL_DISCLAIMERS, REMINDERS, Risk
from tests.support.project import REFERRAL

VETTED_FULL = {
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
VETTED_REMINDERS = {
    Risk.GENERAL: "Reminder: general information only. Your doctor or pharmacist can advise on your situation.",
    Risk.SIDE_EFFECTS: "Reminder: contact your doctor about side effects that worry you.",
}


def test_full_disclaimers_are_the_vetted_wording() -> None:
    assert FULL_DISCLAIMERS == VETTED_FULL


def test_reminders_are_the_vetted_wording() -> None:
    assert REMINDERS == VETTED_REMINDERS


def test_every_risk_has_a_full_text_and_high_risk_has_no_reminder() -> None:
    assert set(FULL_DISCLAIMERS) == set(Risk)
    assert ALWAYS_FULL == {Risk.WITHDRAWAL, Risk.PUMP}
    assert not ALWAYS_FULL & set(REMINDERS)
    assert set(REMINDERS) | ALWAYS_FULL == set(Risk)


def test_disclaimers_point_to_a_professional_or_the_specialist_team() -> None:
    for risk, text in FULL_DISCLAIMERS.items():
        assert REFERRAL.search(text) or "specialist team" in text, risk
    for risk, text in REMINDERS.items():
        assert REFERRAL.search(text), risk
