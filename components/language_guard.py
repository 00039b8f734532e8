"""LanguageGuard: a message in another language gets a notice, in that language, that the
assistant answers in English only, plus the referral (utter_other_language in domain.yml).

Placed after the FallbackClassifier and before the TriageDetector (config.yml), so:
- a red flag keeps its emergency or urgent reply: the TriageDetector runs later and overrides
  the intent ("mi hijo swallowed my pills" is an emergency whatever its language);
- a message the red-flag checks would act on (red-flag words, alarming words about someone's
  present state), or that the classifier took for an emergency or urgent message, is left
  alone here, so the TriageDetector treats it exactly as before.

A message is in another language when, all three:
1. fewer than half of its words occur in the English training examples (learnt at training
   time and stored with the model; examples of `other_language` itself do not count), so
   short English questions that a detector reads as Dutch or German ("is baclofen a steroid")
   stay English;
2. the detector (lingua-language-detector, restricted to `languages` in config.yml to keep
   memory and start-up time low) ranks another language first;
3. the detector is fairly sure, or the message has at least two words and letters English does
   not use (accents, other scripts, "¿"): short questions ("¿qué es el baclofeno?") get low
   confidences, and so does keyboard mashing ("qwzx plorb vtt"), which must stay a fallback.

Then the intent becomes `other_language` with the entity `language` (ISO 639-1 code), which
fills the slot that picks the notice's language. A classifier guess of `other_language` that
the detector does not confirm becomes `nlu_fallback`. No model is fetched from anywhere: the
detector's models are inside its wheel.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intents import add_entity, override_intent
from components.unknown_words import vocabulary_of, words
from safety.red_flags import names_red_flag
from safety.triage import Level, assess

logger = logging.getLogger(__name__)

OTHER_LANGUAGE_INTENT = "other_language"
LANGUAGE_ENTITY = "language"
ENGLISH = "en"
DEFAULT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "ru", "ar", "zh")
VOCABULARY_FILE = "english_vocabulary.json"
SAFETY_INTENTS = frozenset({"emergency", "urgent"})
# Share of a message's words known from the English training examples that makes it English.
KNOWN_SHARE = 0.5
# Without letters English does not use, the detector must be at least this sure.
SURE = 0.5
# Up to this share of known words a long message may still be another language, when the
# detector is all but certain: German shares "was", "die", "in" with English.
MOSTLY_KNOWN_SHARE = 0.75
LONG_WORDS = 5
ALL_BUT_CERTAIN = 0.95
# Words of another language that spell an English red-flag word ("die" is German for "the").
FALSE_FRIENDS = {"de": frozenset({"die"})}


def build_detector(languages: Sequence[str]) -> Any:
    """A lingua detector for ISO 639-1 `languages`, models loaded now (not on the first message)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LanguageGuard(GraphComponent):
    """Sets `other_language` (+ entity `language`) for messages in another language."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"languages": list(DEFAULT_LANGUAGES)}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[FrozenSet[str]] = None,
        detector: Any = None,
    ) -> None:
        languages = [str(code).lower() for code in config.get("languages") or DEFAULT_LANGUAGES]
        if ENGLISH not in languages:
            raise ValueError("LanguageGuard: `languages` must include en")
        self.languages: Tuple[str, ...] = tuple(languages)
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or frozenset()
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageGuard":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LanguageGuard":
        with model_storage.read_from(resource) as directory:
            vocabulary = frozenset(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))
        languages = config.get("languages") or DEFAULT_LANGUAGES
        # Models loaded with the assistant, not on the first message in another language.
        return cls(config, model_storage, resource, vocabulary, build_detector(languages))

    def train(self, training_data: TrainingData) -> Resource:
        texts = [
            m.get(TEXT) for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT) != OTHER_LANGUAGE_INTENT
        ]
        self._vocabulary = vocabulary_of(texts)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self._vocabulary)), encoding="utf-8")
        return self._resource

    @property
    def detector(self) -> Any:
        if self._detector is None:
            self._detector = build_detector(self.languages)
        return self._detector

    def language_of(self, text: str) -> Optional[str]:
        """The ISO 639-1 code of `text`'s language when it is not English, else None."""
        message_words = words(text)
        if not message_words:
            return None
        known = sum(word in self._vocabulary for word in message_words)
        if known >= MOSTLY_KNOWN_SHARE * len(message_words):
            return None
        confidences = self.detector.compute_language_confidence_values(text)
        if not confidences:
            return None
        top = confidences[0]
        code = top.language.iso_code_639_1.name.lower()
        if code == ENGLISH:
            return None
        if known >= KNOWN_SHARE * len(message_words):
            # half the words look English ("was", "die", "baclofen" in a German question): only a
            # longer message the detector is all but certain of counts as another language
            return code if len(message_words) >= LONG_WORDS and top.value >= ALL_BUT_CERTAIN else None
        if top.value < SURE and not (len(message_words) >= 2 and _has_non_english_letters(text)):
            return None
        return code

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # Button payloads are resolved by Rasa itself, later.
            if not text or text.startswith("/"):
                continue
            self._process_one(message, text)
        return messages

    def _process_one(self, message: Message, text: str) -> None:
        intent = (message.get(INTENT) or {}).get("name")
        if intent in SAFETY_INTENTS:
            return  # the classifier's safety guess is the TriageDetector's to keep or overrule
        # The vocabulary test first: English messages cost no detection and no second triage.
        language = self.language_of(text)
        if language is None or _left_to_triage(text, language):
            if intent == OTHER_LANGUAGE_INTENT:
                # not an answer: the TriageDetector then gives the fallback, danger line or urgent reply
                override_intent(message, "nlu_fallback", reason="LanguageGuard:not_confirmed")
            return
        override_intent(message, OTHER_LANGUAGE_INTENT, reason="LanguageGuard")
        add_entity(message, LANGUAGE_ENTITY, language, extractor=LanguageGuard.__name__)
        logger.debug("language guard: %s", language)


def _has_non_english_letters(text: str) -> bool:
    """Letters outside ASCII (é, ß, ą, Cyrillic, CJK...) or Spanish opening marks."""
    return any((c.isalpha() and not c.isascii()) or c in "¿¡" for c in text)


def _left_to_triage(text: str, language: str) -> bool:
    """Messages the TriageDetector acts on keep whatever reply it chooses for them."""
    false_friends = FALSE_FRIENDS.get(language, frozenset())
    if names_red_flag(" ".join(w for w in text.split() if w.lower().strip(".,!?") not in false_friends)):
        return True
    triage = assess(text)
    return triage.level is not Level.ROUTINE or triage.danger_check
