"""ConditionQuestions: questions about the conditions the article discusses (MS, CP, spinal cord injury).

The condition answer (`utter_condition`) has one variation per condition, chosen by the
`condition` slot, so it can speak of one condition at a time. After the intent classifier:

- "Is it used in MS, and in spinal cord injury too?", "is it only for MS, or do other people
  take it?": several conditions, or one asked about as if it were the only one, get the uses
  answer, which names all three.
- "my mum has MS - will baclofen help her, and what side effects should we look out for?": the
  message asks whether baclofen helps (works, is used, is given) next to one named condition,
  while the classifier chose another topic. The condition answer comes first and the other
  topic follows it (an `also_asked` entity, answered by action_add_disclaimer). So does "how
  does it help with CP?", which the classifier takes for the mechanism alone.
- "ms patient here - is baclofen meant to help with the spasms?": the condition answer, rather
  than a tie with the uses answer.

A condition named only as background ("my husband has MS, what actually is it?") keeps the
answer to what is asked; action_add_disclaimer adds a one-line note on that condition.

Safety intents and questions about conditions the article does not cover (ScopeGuard) are
left alone.
"""

from __future__ import annotations

import re
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intents import StatelessComponent, add_entity, drop_entities, entity_values, override_intent
from components.sentence_encoder import ALSO_ASKED_ENTITY, PART_INTENTS_KEY

CONDITION_INTENT = "ask_condition"
USES_INTENT = "ask_uses"
# Intents that already answer with the conditions, or must not be changed.
LEAVE = frozenset({CONDITION_INTENT, USES_INTENT, "ask_off_label", "emergency", "urgent"})
# "will it help her MS?" is not answered by "whether it suits someone is for a professional"
# (the condition answer says so too): it is replaced, not kept as a second answer.
REPLACED = frozenset({"ask_suitability"})
# "will baclofen help her", "does it work for MS", "is it used in CP"; not "how does it work".
ASKS_IF_IT_HELPS = re.compile(
    r"(?<!how )(?<!how well )\b(?:will|would|does|do|can|could|is|might|may)\s+(?:baclofen|it|this|that|lioresal|gablofen)"
    r"\s+(?:\w+\s+){0,2}?(?:help|work|be used|used|good|effective|do anything|make a difference|be given|given|prescribed"
    r"|reduce|ease|calm|relieve|settle|control|lessen|bring (?:it |them )?down|sort (?:it |them )?out"
    r"|(?:ok|okay|suitable|right|any good|appropriate) for|(?:treatment|medicine|medication|drug|option|choice) (?:for|in))\b"
    # "why would someone with CP be put on baclofen?"
    r"|\bwhy (?:would|do|does|is|are|might|was|were) (?:\w+ ){1,5}?(?:be |get |been |being )?(?:put on|given|prescribed|"
    r"started on|taking|take|on) (?:baclofen|it|this|lioresal|gablofen)\b"
    # "I'd like to understand why he's on it", "they started him on baclofen. why that one?"
    r"|\bwhy (?:he|she|they|i|you|someone|my \w+)(?:'s|'re|'m| is| are| am| was| were) (?:\w+ )?(?:on|taking|been given"
    r"|been put on|given|prescribed) (?:baclofen|it|this|lioresal|gablofen)\b"
    r"|\bwhy (?:that|this) (?:one|drug|medicine|medication|tablet)\b"
    # "is baclofen one of the options for that?", "is that a normal thing to prescribe?",
    # "is it normal for people with ms to get put on baclofen?", "can my son take baclofen for his CP?"
    r"|\b(?:one of the|an?|the usual|a common|a normal|a standard) (?:options?|drugs?|treatments?|medicines?|medications?"
    r"|things?|choices?|tablets?) (?:for|in|they give for|used for|to (?:prescribe|give|use))\b"
    # "grandson has cp, what is it supposed to do for him?"
    r"|\bwhat (?:is|does|will|would|can|could) (?:baclofen|it|this) (?:\w+ )?(?:supposed to |meant to |going to )?do "
    r"for (?:him|her|them|me|you|my \w+|his \w+|her \w+|(?:\w+ )?(?:spasticity|spasms|stiffness|sci|ms|cp)|"
    r"(?:people|someone|patients|kids|children) with)\b"
    # "would baclofen be something they'd use?"
    r"|\b(?:baclofen|it|lioresal|gablofen) be (?:something|an option|one) (?:they'd|they would|doctors|you'd|you would|"
    r"they) (?:use|give|prescribe|try|consider)\b"
    # "is that the kind of thing baclofen is used for?"
    r"|\b(?:kind|sort|type) of (?:thing|problem|symptom)s? (?:that )?(?:baclofen|it|lioresal|gablofen) (?:is|gets) "
    r"(?:used|given|prescribed|meant) (?:for|to)\b"
    r"|\bnormal (?:thing )?(?:to (?:prescribe|give|use|be put on)|for (?:people|someone|patients|kids|children) with)\b"
    r"|\b(?:take|taking|have|use|using|try|trying) (?:baclofen|it|lioresal|gablofen) for (?:his|her|my|their|your|the)"
    r" (?:\w+ )?(?:cp|ms|cerebral|multiple|spinal|sci|spasticity|spasms|stiffness)\b",
    re.I,
)
# "only for MS?", "or do other people take it too?": the question is what else it is used for.
ASKS_WHAT_ELSE = re.compile(
    r"\b(?:only|just) (?:for|used for|given for|used in|in|prescribed for)\b|\bother (?:people|conditions|things|"
    r"illnesses|diseases|uses|problems)\b|\banything else\b",
    re.I,
)
# "how does it help with CP?": the condition's answer says how, for that condition.
ASKS_HOW_IT_HELPS = re.compile(
    r"\bhow (?:does|do|would|will|can|could|is) (?:baclofen|it|this) (?:actually |really )?(?:help|work|used)\b"
    r"[^.?!]{0,30}?\b(?:with|in|for)\b",
    re.I,
)
HOW_INTENTS = frozenset({"ask_mechanism", "ask_what_is"})

UNSURE = 0.5


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ConditionQuestions(StatelessComponent):
    """Routes questions about several conditions to the uses answer, and adds the condition answer."""

    @staticmethod
    def _process_one(message: Message) -> None:
        intent = message.get(INTENT) or {}
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        conditions = set(entity_values(message, "condition"))
        if not name or not conditions or name in ("emergency", "urgent"):
            return
        text = message.get(TEXT) or ""
        if len(conditions) > 1 and name == CONDITION_INTENT:
            override_intent(message, USES_INTENT, reason="ConditionQuestions:several_conditions")
        elif ASKS_WHAT_ELSE.search(text) and (name == CONDITION_INTENT or confidence < UNSURE):
            override_intent(message, USES_INTENT, reason="ConditionQuestions:what_else")
        elif (
            len(conditions) == 1
            and name.startswith("ask_")
            and name not in LEAVE
            and (ASKS_IF_IT_HELPS.search(text) or (name in HOW_INTENTS and ASKS_HOW_IT_HELPS.search(text)))
        ):
            # An unsure guess is not asked as well ("is baclofen one of the options for MS?" at 0.29
            # ask_what_is), unless another question part asks it ("... does it help and does it
            # make kids tired"): it is answered after the condition.
            guessed = [name] if confidence >= UNSURE or name in (message.get(PART_INTENTS_KEY) or []) else []
            asked = [
                i
                for i in [*guessed, *entity_values(message, ALSO_ASKED_ENTITY)]
                if i not in (CONDITION_INTENT, *REPLACED)
            ]
            override_intent(message, CONDITION_INTENT, reason="ConditionQuestions:does_it_help")
            _replace_also_asked(message, asked)
        elif (
            len(conditions) == 1
            and name == CONDITION_INTENT
            and (ASKS_IF_IT_HELPS.search(text) or ASKS_HOW_IT_HELPS.search(text))
        ):
            # "ms patient here - is baclofen meant to help with the spasms?", "how does it help with
            # MS stiffness?": the condition's answer, not a tie with the uses or mechanism answer
            # that would end in "did you mean...?".
            override_intent(message, CONDITION_INTENT, reason="ConditionQuestions:does_it_help")


def _replace_also_asked(message: Message, intents: List[str]) -> None:
    drop_entities(message, ALSO_ASKED_ENTITY)
    for intent in dict.fromkeys(intents):
        add_entity(message, ALSO_ASKED_ENTITY, intent, ConditionQuestions.__name__)
