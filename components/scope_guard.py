"""ScopeGuard: keeps answers inside what the article covers.

- "What are the side effects of aspirin?" looks like a side-effects question to a classifier
  trained on baclofen questions. When a message names another medicine and not baclofen (or
  a brand of it), the baclofen answers would be wrong, so the intent becomes `out_of_scope`.
  Interaction questions keep their intent ("can I take it with ibuprofen?"), and so do
  comparisons of one other drug with "it" ("is it better than tizanidine?", "does it knock you
  out like diazepam did?", whose answer is about baclofen) and questions
  about one other drug in its place ("could I switch to tizanidine instead?"), whose answer
  says the article names no alternative and not to switch alone.
- "Can I take 40mg at night?" names an amount: when a dose intent is among the classifier's
  first three choices it wins over timing or interactions, so the reply refuses a personal dose.
- "Does baclofen help migraines?" looks like a question about uses. When a message names a
  condition the article does not discuss, and none it does, it becomes `ask_off_label`, whose
  answer says the article does not cover that.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intents import StatelessComponent, entity_values, override_intent

# Intents whose answer stays right whichever other drug is named.
OTHER_DRUG_KEEPS = frozenset(
    {"ask_interactions", "emergency", "greet", "goodbye", "thank", "bot_challenge", "out_of_scope"}
)
COMPARISON_WORDS = re.compile(
    r"\b(compar\w*|better|worse|versus|vs|differ\w*|than|instead|switch\w*|stronger|weaker)\b", re.I
)
# "Instead of it": one other drug asked about in baclofen's place.
ALTERNATIVE_WORDS = re.compile(
    r"\b(instead|replac\w*|switch\w*|swap\w*|alternatives?|substitut\w*|change (?:over )?to)\b", re.I
)
# "does it knock you out like diazepam did?": a question about baclofen ("it") that names one
# other drug only as a yardstick; its answer is about baclofen, so the intent stays.
ABOUT_IT_LIKE_OTHER = re.compile(
    r"\b(?:does|do|will|would|is|can|could|did|should) it\b[^?]*?\b(?:like|than|as|compared (?:to|with)|unlike)\b", re.I
)
# A message that names an amount ("can I take 40mg at night?") asks about a dose: when a dose
# intent is among the classifier's first choices, it wins, so the answer is the refusal to give
# a personal dose rather than an ambiguous fallback.
DOSE_INTENTS = ("ask_dose", "ask_missed_dose", "ask_overdose")
DOSE_RANKS = 3
# Intents that would answer with the article's conditions.
CONDITION_INTENTS = frozenset({"ask_uses", "ask_condition", "ask_suitability"})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ScopeGuard(StatelessComponent):
    """Re-routes questions about other medicines or conditions the article does not cover."""

    @staticmethod
    def _process_one(message: Message) -> None:
        intent = (message.get(INTENT) or {}).get("name")
        if intent is None:
            return
        names_baclofen = bool(entity_values(message, "drug") or entity_values(message, "brand"))
        other_drugs = set(entity_values(message, "other_drug"))
        if other_drugs and not names_baclofen and intent not in OTHER_DRUG_KEEPS:
            text = message.get(TEXT) or ""
            compares_one_with_it = len(other_drugs) == 1 and (
                (intent == "ask_comparison" and bool(COMPARISON_WORDS.search(text)))
                or (intent == "ask_alternatives" and bool(ALTERNATIVE_WORDS.search(text)))
                or (intent.startswith("ask_") and bool(ABOUT_IT_LIKE_OTHER.search(text)))
            )
            if not compares_one_with_it:
                override_intent(message, "out_of_scope", reason="ScopeGuard:other_drug")
        elif entity_values(message, "dose") and intent != "emergency":
            ranking = [e.get("name") for e in (message.get(INTENT_RANKING_KEY) or [])[:DOSE_RANKS]]
            dose_intent = next((name for name in ranking if name in DOSE_INTENTS), None)
            if dose_intent is not None:
                override_intent(message, dose_intent, reason="ScopeGuard:dose")
        elif (
            intent in CONDITION_INTENTS
            and entity_values(message, "other_condition")
            and not entity_values(message, "condition")
        ):
            override_intent(message, "ask_off_label", reason="ScopeGuard:other_condition")
