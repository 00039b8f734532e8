"""Which disclaimer each medical intent needs. Intents not listed get no disclaimer."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional

from actions.safety_texts import Risk

INTENT_RISK: Dict[str, Risk] = {
    "ask_what_is": Risk.GENERAL,
    "ask_brand_names": Risk.GENERAL,
    "ask_mechanism": Risk.GENERAL,
    "ask_uses": Risk.GENERAL,
    "ask_condition": Risk.GENERAL,
    "ask_comparison": Risk.GENERAL,
    "ask_suitability": Risk.GENERAL,
    "ask_interactions": Risk.GENERAL,
    "ask_pregnancy": Risk.GENERAL,
    "ask_special_groups": Risk.GENERAL,
    "ask_onset_duration": Risk.GENERAL,
    "ask_off_label": Risk.GENERAL,
    # the consumer question types the article does not cover (docs/question-types.md)
    "ask_timing": Risk.GENERAL,
    "ask_treatment_duration": Risk.GENERAL,
    "ask_food": Risk.GENERAL,
    "ask_contraindications": Risk.GENERAL,
    "ask_alternatives": Risk.GENERAL,
    "ask_overdose": Risk.GENERAL,
    "ask_lab_tests": Risk.GENERAL,
    "ask_appearance": Risk.GENERAL,
    "ask_ingredients": Risk.GENERAL,
    "ask_storage_disposal": Risk.GENERAL,
    "ask_cost": Risk.GENERAL,
    "urgent": Risk.SIDE_EFFECTS,
    "ask_side_effects": Risk.SIDE_EFFECTS,
    "ask_drowsiness": Risk.SIDE_EFFECTS,
    "ask_dizziness": Risk.SIDE_EFFECTS,
    "ask_weakness": Risk.SIDE_EFFECTS,
    "ask_fatigue": Risk.SIDE_EFFECTS,
    "ask_driving": Risk.SIDE_EFFECTS,
    "ask_withdrawal": Risk.WITHDRAWAL,
    "ask_addiction": Risk.WITHDRAWAL,
    "ask_dose": Risk.WITHDRAWAL,
    "ask_missed_dose": Risk.WITHDRAWAL,
    "ask_routes": Risk.PUMP,
    "ask_intrathecal_pump": Risk.PUMP,
}


# The medical topics a reply can answer: every graded intent except the urgent advice itself.
TOPIC_INTENTS = frozenset(i for i in INTENT_RISK if i != "urgent")

# Highest last: one disclaimer covers a reply that answers several topics.
RISK_ORDER: List[Risk] = [Risk.GENERAL, Risk.SIDE_EFFECTS, Risk.PUMP, Risk.WITHDRAWAL]
# Responses not named after their intent.
RESPONSE_FOR: Dict[str, str] = {"nlu_fallback": "utter_did_you_mean", "explain_simpler": "action_repeat_answer"}


def risk_for_intent(intent: Optional[str]) -> Optional[Risk]:
    return INTENT_RISK.get(intent or "")


def highest_risk(risks: Iterable[Risk]) -> Risk:
    """The highest of `risks` by RISK_ORDER; Risk.GENERAL when there are none."""
    return max(risks, key=RISK_ORDER.index, default=Risk.GENERAL)


def response_for(intent: str) -> str:
    """The response that answers `intent`: `ask_side_effects` -> `utter_side_effects`,
    `greet` -> `utter_greet`; `nlu_fallback` -> `utter_did_you_mean`."""
    if intent in RESPONSE_FOR:
        return RESPONSE_FOR[intent]
    return "utter_" + (intent[len("ask_") :] if intent.startswith("ask_") else intent)
