"""FollowUpDetector: follow-ups that lean on the previous answer and name no topic of their own.

"does that go for her too?", "same deal for a chainsaw?", "what if I've been on it for months
and feel fine?" (after the driving answer): alone, such a message is about nothing the
classifier knows, or looks like another topic. When a message has a follow-up's form and the
classifier is not sure of a topic of its own, this marks it (entity `follow_up`) and hands it
to the fallback, whose action knows the conversation: action_suggest_topics answers it as the
previous medical topic, or offers the topics when there is none (actions/suggest_topics.py).

A follow-up that names its own topic ("what about side effects?") keeps the classifier's
intent; safety intents are never changed. "same for the pump?", "does that go for adults too?"
and a bare "how?" or "why?" always lean on the previous answer: the previous topic, applied to
the new subject, whatever topic the subject alone suggests.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intents import StatelessComponent, add_entity, override_intent

FOLLOW_UP_ENTITY = "follow_up"
# The entity's value for a message that can only mean the previous question ("same for the pump?"):
# the triage leaves it to the fallback's action even when it names a red-flag word.
SAME_QUESTION = "same"
# The value for a bare "how?", "and how does it do that?": after an answer about what baclofen is
# or what it is for, it asks how it works (actions/suggest_topics.py); otherwise it is the same question.
HOW = "how"
LEANS_ON_THE_PREVIOUS = frozenset({SAME_QUESTION, HOW})
FALLBACK_INTENT = "nlu_fallback"
# How a follow-up opens or ends: it points back at what was just said.
FOLLOW_UP_FORM = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay|right|hmm|oh)\W+)*(?:what about|how about|what if|and if|same (?:deal|thing|for|with|goes)|"
    r"does (?:that|this|the same) (?:go|apply|count|hold|work)|is (?:that|this|it) the same (?:for|with|if)|"
    r"would (?:that|this|it) be the same|even if|even when|what happens if (?:she|he|they|i|you)\b)"
    r"|\b(?:too|as well|also|same deal|the same)\s*\??\s*$"
    r"|\b(?:does|would|will) (?:that|this) (?:go|apply|count|hold) for\b",
    re.I,
)
# "same for the pump?", "does that go for adults too?", "is that true with the tablets?": the
# question is the previous one, applied to someone or something else, whatever topic the new
# subject suggests to the classifier ("the pump"). Not "is it the same as lioresal?" (a comparison).
SAME_AS_BEFORE = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay|right|oh|hmm)\W+)*(?:same (?:for|with|if|goes|thing|deal|applies|again)\b|"
    r"(?:does|would|will|do|could) (?:that|this|the same|all that|any of that|the same thing) (?:also )?"
    r"(?:go|apply|applies|count|hold|stand|happen)\b|"
    r"(?:is|would|will) (?:that|this|it) (?:also )?(?:be )?(?:the same|true|the case) (?:for|with|if|when|on|in)\b)"
    r"|\b(?:does|would|will) (?:that|this) (?:also )?(?:go|apply|count|hold) (?:for|to)\b"
    # "what about with the pump?", "and for kids?": a preposition puts the previous question to a new subject
    r"|^\W*(?:(?:and|but|so|ok|okay|right)\W+)*(?:what about|how about|and) (?:with|for|on|in) (?:\w+\W*){1,3}$",
    re.I,
)
# A bare "how?", "why?", "how come?" asks about what was just said.
# So does "what are the others?": the rest of a list just given.
BARE_HOW = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)*(?:how|in what way|how does (?:it|that|baclofen) (?:do that|do it|manage that))"
    r"(?: exactly| then| though)?\W*$",
    re.I,
)
BARE_QUESTION = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)*(?:how|why|why not|how come|how so|why's that|why is that|why's it matter"
    r"|in what way|meaning|what else|anything else|any more|what other ones)(?: then| though| exactly)?\W*$"
    r"|^\W*(?:(?:and|so|ok|okay|sorry)\W+)*(?:what (?:are|were) (?:the )?(?:others|other ones|rest)|"
    r"(?:and )?(?:any|the) others|what were they|remind me what they (?:are|were))(?: again)?\W*$",
    re.I,
)
# "what sort of things can happen then?": a question that ends on "then" leans on the answer before.
THEN = re.compile(r"\bthen\s*\??\s*$", re.I)
# Intents that are no topic of their own, or a guess the classifier often makes for a bare follow-up.
VAGUE = frozenset(
    {"out_of_scope", "ask_suitability", "ask_capabilities", "greet", "goodbye", "thank", "bot_challenge", "deny"}
)
SAFETY = frozenset({"emergency", "urgent"})
SURE = 0.6


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FollowUpDetector(StatelessComponent):
    """Hands follow-ups without a topic of their own to the context-aware fallback."""

    @staticmethod
    def _process_one(message: Message) -> None:
        intent = message.get(INTENT) or {}
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        text = message.get(TEXT) or ""
        if not name or name in SAFETY or text.startswith("/"):
            return
        if BARE_HOW.match(text):
            sure_of_its_own, value = False, HOW
        elif SAME_AS_BEFORE.search(text) or BARE_QUESTION.match(text):
            sure_of_its_own, value = False, SAME_QUESTION
        elif FOLLOW_UP_FORM.search(text) or THEN.search(text):
            sure_of_its_own, value = name != FALLBACK_INTENT and name not in VAGUE and confidence >= SURE, "yes"
        else:
            return
        if not sure_of_its_own:
            add_entity(message, FOLLOW_UP_ENTITY, value, FollowUpDetector.__name__)
            if name != FALLBACK_INTENT:
                override_intent(message, FALLBACK_INTENT, reason="FollowUpDetector")
