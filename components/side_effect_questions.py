"""SideEffectQuestions: "nan's been a bit woozy since her first dose, could that be the baclofen?"

A message that names one of the common side effects (the EntityRuler's `side_effect` entity:
drowsiness, dizziness, weakness, fatigue) and asks whether it is expected ("is that normal?",
"could that be the baclofen?", "is it a side effect?") asks about that side effect. The
classifier, pulled by "the baclofen" or by the background ("since her first dose"), sometimes
takes it for a question about the drug itself (what it is, how it works, its brands). This
component then gives the side effect's own answer (`ask_<side effect>` when the classifier knows
that intent, else `ask_side_effects`; several side effects get `ask_side_effects`).

Runs after the classifier and before the TriageDetector, which still triages the whole message.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intents import StatelessComponent, entity_values, override_intent
from components.triage import ASKS_IF_EXPECTED
from safety.red_flags import normalise

SIDE_EFFECT_ENTITY = "side_effect"
GENERAL_INTENT = "ask_side_effects"
# Answers about the drug itself, which a side-effect question is often mistaken for.
ABOUT_THE_DRUG = frozenset({"ask_what_is", "ask_mechanism", "ask_brand_names", "ask_suitability", "ask_appearance"})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SideEffectQuestions(StatelessComponent):
    """Gives "is that (side effect) normal / the baclofen?" the side effect's answer."""

    @staticmethod
    def _process_one(message: Message) -> None:
        name = (message.get(INTENT) or {}).get("name")
        effects = list(dict.fromkeys(entity_values(message, SIDE_EFFECT_ENTITY)))
        if name not in ABOUT_THE_DRUG or not effects:
            return
        if not ASKS_IF_EXPECTED.search(normalise(message.get(TEXT) or "")):
            return
        known = {entry.get("name") for entry in message.get(INTENT_RANKING_KEY) or []}
        own = f"ask_{effects[0]}"
        intent = own if len(effects) == 1 and own in known else GENERAL_INTENT
        override_intent(message, intent, reason="SideEffectQuestions")
