"""SubjectCues: a question whose subject names its own topic gets that topic's answer.

The sentence classifier weighs the whole message, so a strong subject can lose to the words
around it. Four subjects name their topic outright:

- the pump or the intrathecal route ("They want to put a pump under the skin of his tummy. What
  is it, exactly?", "what's this intrathecal baclofen thing?", "can a baclofen pump help someone
  with a spinal cord injury?"): the classifier, pulled by "baclofen" or by the condition, answers
  what baclofen is or what it does for the condition. The pump's answer is given instead. When
  the tablets are named beside the pump ("pump vs pills, what's the difference?"), the routes
  answer, which compares them.
- GABA ("is baclofen one of the gaba type drugs?", "someone said it 'works on GABA', what does
  that mean in normal words?"): the mechanism. When the message asks another topic as well ("acts
  on GABA and can make you drowsy, is that right on both counts?") the mechanism is added as a
  second answer (the `also_asked` entity, answered by action_add_disclaimer).
- where the answers come from ("what are your answers based on?", "where did you get the side
  effect list from?"): the source answer, whatever topic the message names.
- driving or machinery, when the question reads as one about the drug as a whole or is unsure
  ("mum insists on driving to the shops, she only started baclofen on Tuesday. should she?"):
  the driving answer, not what baclofen is or whether it suits someone.

The pump and GABA rules change only answers about the drug as a whole (what it is, its uses,
its conditions, its ingredients, "explain simply" and "what can you do?"), and a comparison
when both the pump and the tablets are named ("as well by pump as by mouth?"); a question about
a brand, a side effect or stopping that mentions the pump keeps its answer. A cue also confirms
an unsure guess of its own topic, so that it is not lost to the fallback. Safety intents are
never changed, and the TriageDetector, later in the pipeline, still triages every message.
"""

from __future__ import annotations

import re
from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intents import StatelessComponent, add_entity, drop_entities, entity_values, override_intent
from components.sentence_encoder import ALSO_ASKED_ENTITY, PARTS_KEY

PUMP_INTENT = "ask_intrathecal_pump"
ROUTES_INTENT = "ask_routes"
MECHANISM_INTENT = "ask_mechanism"
SOURCE_INTENT = "about_source"
COMPARISON_INTENT = "ask_comparison"
# Answers about the drug as a whole, which a question about one of its parts is mistaken for.
ABOUT_THE_DRUG = frozenset(
    {
        "ask_what_is",
        "ask_uses",
        "ask_condition",
        "ask_suitability",
        "ask_ingredients",
        "explain_simpler",
        "ask_capabilities",
        "nlu_fallback",
    }
)
NEVER_CHANGED = frozenset({"emergency", "urgent", "human_handoff", "erase_conversation", "other_language"})

# The intrathecal route in everyday words; the EntityRuler's `route` entity names the rest.
INTO_THE_SPINE = re.compile(
    r"\b(?:into|in) (?:the|her|his|my|their|your|a) (?:spine|spinal fluid)\b|\bspinal (?:pump|fluid)\b"
)
# "what is baclofen?" asks about the drug even when a pump is mentioned as background.
ASKS_ABOUT_BACLOFEN_ITSELF = re.compile(
    r"\bwhat(?:'s| is| exactly is| actually is) (?:baclofen|lioresal)\b(?! (?:pump|thing|injection))"
)
GABA = re.compile(r"\bgaba\b")
# "where do you get your facts?", "what reference material do you use?", "what are your answers based on?"
ASKS_FOR_THE_SOURCE = re.compile(
    r"\bwhere(?:'d| did| do| does|d)? (?:you|u) (?:get|got|find|found|take|took|source|pull)\b"
    r"|\bwhere (?:does|did|do) (?:this|that|the|your|all (?:this|that)|these) (?:\w+ ){0,3}?"
    r"(?:info|information|facts|answers?|advice|stuff|data|list|bit|details|knowledge) (?:\w+ ){0,3}?come from\b"
    r"|\bwhat (?:reference|references|sources?|material|materials|literature|evidence|info|information|documents?)"
    r"(?: \w+)? (?:do|does|are|did|is) (?:you|u|this bot|the bot|it) (?:use|using|based|rely|relying|draw|read|cite)"
    r"|\bwhat (?:are|is) (?:your|these|the|this|that|all (?:this|that)) (?:answers?|info|information|facts|replies|advice|"
    r"stuff|bot) (?:\w+ )?based on\b"
    r"|\b(?:your|ur|the bot's|this bot's) (?:sources?|references?)\b"
    r"|\bwhat (?:do|does|did) (?:you|u|this bot|the bot) base (?:\w+ ){0,3}?on\b"
    # "can you tell me where your baclofen information comes from"
    r"|\bwhere (?:your|the|this|all (?:this|that)) (?:\w+ ){0,2}?(?:info|information|facts|answers?|advice|data|knowledge)"
    r" (?:comes?|came|is|was) (?:from|taken from)\b"
)
# Driving or machinery named next to a question about the drug as a whole: "my son operates
# machinery at the factory and has been prescribed baclofen. is that a problem?"
DRIVING_INTENT = "ask_driving"
DRIVING = re.compile(
    r"\b(?:driv(?:e|es|ing|er|ers)|drove|behind the wheel|machinery|machines|forklift|hgv|lorry|crane|"
    r"driving (?:lessons?|test))\b"
)
ASKED_AS_THE_DRUG_AS_A_WHOLE = frozenset({"ask_what_is", "ask_suitability", "ask_capabilities", "nlu_fallback"})
UNSURE = 0.6


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SubjectCues(StatelessComponent):
    """Gives questions about the pump, GABA, driving or the assistant's source their own answers."""

    @staticmethod
    def _process_one(message: Message) -> None:
        name = (message.get(INTENT) or {}).get("name")
        if not name or name in NEVER_CHANGED:
            return
        text = (message.get(TEXT) or "").lower().replace("\u2019", "'")
        if ASKS_FOR_THE_SOURCE.search(text):
            # also when the classifier guessed it unsurely: the cue decides
            override_intent(message, SOURCE_INTENT, reason="SubjectCues:source")
            return
        if _asks_about_driving(message, name, text):
            override_intent(message, DRIVING_INTENT, reason="SubjectCues:driving")
            return
        route = _route_asked(message, text)
        # "does it work as well by pump as by mouth?" compares the routes, not baclofen with other drugs
        compares_routes = route == ROUTES_INTENT and name == COMPARISON_INTENT
        if route is not None and (name in ABOUT_THE_DRUG | {PUMP_INTENT, ROUTES_INTENT} or compares_routes):
            if _asks_more_than_the_route(message) and name != route:
                # "can baclofen help him, and is the pump an option for kids?": both answers.
                if route not in entity_values(message, ALSO_ASKED_ENTITY):
                    add_entity(message, ALSO_ASKED_ENTITY, route, SubjectCues.__name__)
            else:
                override_intent(message, route, reason="SubjectCues:route")
                drop_entities(message, ALSO_ASKED_ENTITY, {route})
        elif GABA.search(text):
            if name in ABOUT_THE_DRUG | {MECHANISM_INTENT}:
                override_intent(message, MECHANISM_INTENT, reason="SubjectCues:gaba")
                drop_entities(message, ALSO_ASKED_ENTITY, {MECHANISM_INTENT})
            elif name.startswith("ask_") and MECHANISM_INTENT not in entity_values(message, ALSO_ASKED_ENTITY):
                add_entity(message, ALSO_ASKED_ENTITY, MECHANISM_INTENT, SubjectCues.__name__)


def _asks_about_driving(message: Message, name: str, text: str) -> bool:
    """Driving named, and one question that reads as one about the drug as a whole, or an
    unsure one; not "what is baclofen, and can I drive on it?" (two answers already)."""
    confidence = float((message.get(INTENT) or {}).get("confidence") or 0.0)
    return (
        name in ASKED_AS_THE_DRUG_AS_A_WHOLE
        and (name != "ask_what_is" or confidence < UNSURE)
        and not entity_values(message, ALSO_ASKED_ENTITY)
        and bool(DRIVING.search(text))
        and not ASKS_ABOUT_BACLOFEN_ITSELF.search(text)
    )


def _route_asked(message: Message, text: str) -> Optional[str]:
    """The pump's intent when the message names the pump or the intrathecal route; the routes
    intent when it names the tablets beside it; None when it names neither, or asks what
    baclofen itself is."""
    routes = set(entity_values(message, "route"))
    spinal = bool(routes & {"pump", "intrathecal"}) or bool(INTO_THE_SPINE.search(text))
    if not spinal or ASKS_ABOUT_BACLOFEN_ITSELF.search(text):
        return None
    return ROUTES_INTENT if "oral" in routes else PUMP_INTENT


def _asks_more_than_the_route(message: Message) -> bool:
    """Does a question part of the message ask without naming the pump or the route?"""
    questions = [p for p in message.get(PARTS_KEY) or [] if p.get("is_question")]
    if len(questions) < 2:
        return False
    spans = [(e.get("start"), e.get("end")) for e in message.get(ENTITIES) or [] if e.get("entity") == "route"]

    def names_route(part: dict) -> bool:
        inside = any(start is not None and part["start"] <= start and end <= part["end"] for start, end in spans)
        return inside or bool(INTO_THE_SPINE.search(str(part.get("text", "")).lower()))

    return any(not names_route(part) for part in questions)
