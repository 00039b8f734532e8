"""RedFlagDetector: routes emergencies to the `emergency` intent before any other dialogue.

A deterministic matcher (safety.red_flags) decides first, so a typo-laden panicked message
cannot slip past a statistical model. DIET's own `emergency` intent is kept too, unless the
message is plainly a general question ("can baclofen cause seizures?"). Every emergency turn
gets a `red_flag` entity naming the category, which fills the `red_flag` slot: that picks the
right emergency wording and leaves a SlotSet event in the tracker for staff to find.
"""
from __future__ import annotations

import logging
from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intents import StatelessComponent, add_entity, override_intent
from safety import red_flags

logger = logging.getLogger(__name__)

EMERGENCY_INTENT = "emergency"
UNSPECIFIED = "unspecified"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagDetector(StatelessComponent):
    """Marks red-flag messages as `emergency`, whatever the classifier said."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text:
            return
        flag = red_flags.detect(text)
        if flag is not None:
            override_intent(message, EMERGENCY_INTENT, reason="RedFlagDetector")
            add_entity(message, "red_flag", flag.category, extractor="RedFlagDetector")
            logger.info("red flag detected: category=%s", flag.category)
            return
        intent = (message.get(INTENT) or {}).get("name")
        if intent != EMERGENCY_INTENT:
            return
        if red_flags.is_general_question(text):
            self._demote_emergency(message)
        else:
            add_entity(message, "red_flag", UNSPECIFIED, extractor="RedFlagDetector")
            logger.info("red flag detected: category=%s (classifier)", UNSPECIFIED)

    @staticmethod
    def _demote_emergency(message: Message) -> None:
        """A general question that the classifier took for an emergency: use the next intent."""
        ranking = [e for e in message.get(INTENT_RANKING_KEY) or [] if e.get("name") != EMERGENCY_INTENT]
        if ranking:
            override_intent(message, ranking[0]["name"], reason="RedFlagDetector:general_question")
