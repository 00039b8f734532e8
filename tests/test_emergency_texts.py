"""Pins the vetted emergency wording in domain.yml, sent by the Rasa server itself."""

from __future__ import annotations

from typing import Dict, Optional

from safety.red_flags import CATEGORIES
from tests.support.project import domain

VETTED: Dict[Optional[str], str] = {
    "self_harm": (
        "Please get help now. If you might act on thoughts of harming yourself, call {emergency_number} "
        "or go to the nearest emergency department. You can also talk to {crisis_line} at any time. "
        "Don't wait for this chat. You don't have to face this alone. If you are safe right now, please "
        "still tell your doctor today how you have been feeling."
    ),
    "overdose": (
        "This may be an emergency. Call {emergency_number} now, or contact {poison_control}. Don't wait "
        "for this chat, and don't wait for symptoms to appear. If the person is unconscious or has "
        "trouble breathing, tell the emergency operator straight away. Even if all seems well, tell a "
        "doctor or pharmacist today."
    ),
    "pump_problem": (
        "This may be an emergency. If there are symptoms such as hallucinations, confusion, seizures, "
        "high fever or trouble breathing, call {emergency_number} now. Contact the pump specialist team "
        "or your doctor right away, today, about any pump alarm, missed refill or empty pump. Don't wait "
        "for this chat."
    ),
    None: (
        "This may be an emergency. Call {emergency_number} now, or go to the nearest emergency "
        "department. Don't wait for this chat. If you are not sure it is an emergency, contact a doctor "
        "or {out_of_hours} right away."
    ),
}
VETTED["child_ingestion"] = VETTED["overdose"]
VETTED["substance_mix"] = VETTED["overdose"]
VETTED["allergic_reaction"] = (
    "This may be a serious allergic reaction. Call {emergency_number} now, especially if the face, "
    "lips, tongue or throat are swelling or breathing is difficult. Don't wait for this chat."
)
VETTED["animal_ingestion"] = (
    "This is an emergency for your animal. Call your vet, an emergency vet or an animal poison "
    "helpline now, even if your pet seems fine. Don't wait for symptoms or for this chat. If a "
    "person may also have taken any, call {emergency_number} or {poison_control}."
)
URGENT = (
    "This should be checked by a professional today. Please contact your doctor or pharmacist today, "
    "or {out_of_hours} if they are closed, and tell them what is happening. Don't stop or change "
    "baclofen on your own in the meantime. If someone is in danger or it gets worse, call "
    "{emergency_number}."
)
DANGER_CHECK = "If someone is in danger right now, call {emergency_number}."


def emergency_variations() -> Dict[Optional[str], str]:
    result: Dict[Optional[str], str] = {}
    for variation in domain()["responses"]["utter_emergency"]:
        condition = variation.get("condition")
        key = condition[0]["value"] if condition else None
        result[key] = " ".join(variation["text"].split())
    return result


def test_emergency_replies_are_the_vetted_wording() -> None:
    assert emergency_variations() == VETTED


def test_every_category_gets_an_emergency_reply() -> None:
    variations = emergency_variations()
    for category in CATEGORIES:
        text = variations.get(category, variations[None])
        assert "emergency" in text and "Don't wait for" in text and "this chat" in text, category


def only_text(response: str) -> str:
    (variation,) = domain()["responses"][response]
    return " ".join(variation["text"].split())


def test_the_urgent_tier_and_the_danger_line_are_the_vetted_wording() -> None:
    assert only_text("utter_urgent") == URGENT
    assert only_text("utter_danger_check") == DANGER_CHECK


def test_the_urgent_reply_says_today_and_names_a_professional() -> None:
    text = only_text("utter_urgent")
    assert "today" in text and "doctor or pharmacist" in text and "{out_of_hours}" in text
    assert "stop" in text and "Don't stop" in text, "it must never suggest stopping"


def test_default_numbers_name_the_common_emergency_numbers() -> None:
    slots = domain()["slots"]
    assert all(n in slots["emergency_number"]["initial_value"] for n in ("112", "911", "999"))
    assert "poison control" in slots["poison_control"]["initial_value"]
    assert "crisis line" in slots["crisis_line"]["initial_value"]
    assert "out-of-hours" in slots["out_of_hours"]["initial_value"]
    for name in ("emergency_number", "poison_control", "crisis_line", "out_of_hours"):
        assert slots[name]["mappings"] == [{"type": "custom"}], "users must not be able to set these"
