"""LanguageGuard: a message in another language gets a notice, in that language, that the
assistant answers in English only, plus the referral (utter_other_language in domain.yml).

Placed after the FallbackClassifier and before the TriageDetector (config.yml), so:
- a red flag keeps its emergency or urgent reply: the TriageDetector runs later and overrides
  the intent ("mi hijo swallowed my pills" is an emergency whatever its language);
- a message the red-flag checks would act on (red-flag words, alarming words about someone's
  present state) keeps its intent here, so the TriageDetector treats it exactly as before, but
  carries the `language` entity: the emergency, urgent or answer reply then ends with the notice
  in that language (actions/language_notice.py). A message the classifier took for an emergency
  or urgent message is left alone.

Names of medicines (the EntityRuler's `drug`, `brand` and `other_drug` patterns, and words
that begin with one: "baclofeno", "baklofenu") say nothing about the language, so every test
below reads the message's other words, its content words. A message is in another language when:
1. fewer than three quarters of its content words occur in the English training examples
   (learnt at training time and stored with the model; examples of `other_language` itself do
   not count), so short English questions that a detector reads as Dutch or German ("is
   baclofen a steroid") stay English; and either
2. the detector (lingua-language-detector, restricted to `languages` in config.yml to keep
   memory and start-up time low) ranks another language first and is sure of it:
   - fewer than half the content words are English-looking, and the detector is fairly sure,
     or the message has at least two words and letters English does not use (accents, other
     scripts, "¿"): short questions ("¿qué es el baclofeno?") get low confidences, and so does
     keyboard mashing ("qwzx plorb vtt"), which must stay a fallback. When only the letters
     decide ("cos'è il baclofen", read as German first), the function words of rule 3 choose
     the language, if any;
   - or half or more look English ("was", "die" in a German question) and a long message is
     all but certain; or
3. the short ASCII question the detector cannot place ("que es el baclofeno", "Was ist
   Baclofen?", "co to jest baklofen"): English is unlikely by the detector's confidence, the
   message has at least two words besides the names, and one of them is a function word of
   another language (spaCy's stop-word list of that language) that English does not use (not
   an English stop word, not in the training examples). The notice's language is then the one
   whose function words the message uses most, the detector's confidence breaking ties.
   Mashing has no function words; English questions the detector misreads are English-likely
   or made of English words.

Then the intent becomes `other_language` with the entity `language` (ISO 639-1 code), which
fills the slot that picks the notice's language. A classifier guess of `other_language` that
the detector does not confirm becomes `nlu_fallback`. No model is fetched from anywhere: the
detector's models are inside its wheel.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intents import add_entity, override_intent
from components.spelling import DEFAULT_PATTERNS, ROOT, load_patterns
from components.unknown_words import vocabulary_of, words
from safety.red_flags import names_red_flag
from safety.triage import Level, assess

logger = logging.getLogger(__name__)

OTHER_LANGUAGE_INTENT = "other_language"
LANGUAGE_ENTITY = "language"
ENGLISH = "en"
DEFAULT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "ru", "ar", "zh")
VOCABULARY_FILE = "english_vocabulary.json"
NAMES_FILE = "names.json"
# EntityRuler labels whose patterns are names of medicines.
DEFAULT_NAME_LABELS = ("drug", "brand", "other_drug")
# A word that begins with a name this long is that name with an ending ("baclofeno", "baklofenu").
NAME_STEM = 5
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
# Below this English confidence, a short ASCII question with a function word of another
# language is in that language ("que es el baclofeno": English 0.06). The project's English
# examples that the vocabulary does not already settle stay above 0.3.
EN_UNLIKELY = 0.2
# A message whose letters are mostly of another script than Latin is in another language.
OTHER_SCRIPT_SHARE = 0.6
UNDETERMINED = "und"
FUNCTION_WORDS_MIN = 2
# Words of another language that spell an English red-flag word ("die" is German for "the").
FALSE_FRIENDS = {"de": frozenset({"die"}), "es": frozenset({"alcohol"})}


def build_detector(languages: Sequence[str]) -> Any:
    """A lingua detector for ISO 639-1 `languages`, models loaded now (not on the first message)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def function_words(languages: Iterable[str]) -> Dict[str, FrozenSet[str]]:
    """ISO 639-1 code -> spaCy's stop words of that language (lower case), for each code."""
    return {
        code: frozenset(w.lower() for w in importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)
        for code in languages
    }


def medicine_names(patterns: Iterable[Dict[str, Any]], labels: Iterable[str]) -> FrozenSet[str]:
    """The words of the string patterns with one of `labels` (EntityRuler patterns), lower case."""
    wanted = set(labels)
    return frozenset(
        word
        for pattern in patterns
        if pattern.get("label") in wanted and isinstance(pattern.get("pattern"), str)
        for word in words(pattern["pattern"])
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LanguageGuard(GraphComponent):
    """Sets `other_language` (+ entity `language`) for messages in another language."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "languages": list(DEFAULT_LANGUAGES),
            "patterns": str(DEFAULT_PATTERNS.relative_to(ROOT)),
            "name_labels": list(DEFAULT_NAME_LABELS),
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[FrozenSet[str]] = None,
        detector: Any = None,
        names: Optional[FrozenSet[str]] = None,
    ) -> None:
        languages = [str(code).lower() for code in config.get("languages") or DEFAULT_LANGUAGES]
        if ENGLISH not in languages:
            raise ValueError("LanguageGuard: `languages` must include en")
        self.languages: Tuple[str, ...] = tuple(languages)
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or frozenset()
        self._names = names or frozenset()
        self._detector = detector
        self._function_words = function_words(self.languages)

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
            names_file = directory / NAMES_FILE
            # a model trained before names were stored reads every word, as it did then
            names = frozenset(json.loads(names_file.read_text(encoding="utf-8"))) if names_file.exists() else None
        languages = config.get("languages") or DEFAULT_LANGUAGES
        # Models loaded with the assistant, not on the first message in another language.
        return cls(config, model_storage, resource, vocabulary, build_detector(languages), names)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [
            m.get(TEXT) for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT) != OTHER_LANGUAGE_INTENT
        ]
        self._vocabulary = vocabulary_of(texts)
        patterns_path = Path(self._config.get("patterns") or DEFAULT_PATTERNS)
        if not patterns_path.is_absolute():
            patterns_path = ROOT / patterns_path
        labels = self._config.get("name_labels") or DEFAULT_NAME_LABELS
        self._names = medicine_names(load_patterns(patterns_path), labels)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self._vocabulary)), encoding="utf-8")
            (directory / NAMES_FILE).write_text(json.dumps(sorted(self._names)), encoding="utf-8")
        return self._resource

    @property
    def detector(self) -> Any:
        if self._detector is None:
            self._detector = build_detector(self.languages)
        return self._detector

    def is_name(self, word: str) -> bool:
        """`word` (lower case) is a medicine's name, or one with an ending ("baclofeno", "baclofène")."""
        plain = _without_accents(word)
        return plain in self._names or any(len(n) >= NAME_STEM and plain.startswith(n) for n in self._names)

    def language_of(self, text: str) -> Optional[str]:
        """The ISO 639-1 code of `text`'s language when it is not English, else None.

        A message written mostly in a script other than Latin, in a language this guard has no
        detector for (Hindi, Japanese, Greek...), is `UNDETERMINED` ("und", ISO 639-2): it gets
        the notice's default variation, in English.
        """
        letters = [c for c in text if c.isalpha()]
        if letters and sum(not c.isascii() and not _is_latin(c) for c in letters) >= OTHER_SCRIPT_SHARE * len(letters):
            values = self.detector.compute_language_confidence_values(text)
            top = values[0] if values else None
            if top is not None and top.value >= SURE and top.language.iso_code_639_1.name.lower() != ENGLISH:
                return top.language.iso_code_639_1.name.lower()
            return UNDETERMINED
        content = [word for word in words(text) if not self.is_name(word)]
        if not content:
            return None
        known = sum(word in self._vocabulary for word in content)
        if known >= MOSTLY_KNOWN_SHARE * len(content):
            return None
        values = self.detector.compute_language_confidence_values(text)
        if not values:
            return None
        confidences = {value.language.iso_code_639_1.name.lower(): value.value for value in values}
        code, top = next(iter(confidences.items()))
        if code != ENGLISH and _detector_is_sure(text, content, known, top):
            # sure by its accents only ("cos'è il baclofen": German first), the function words choose
            return code if top >= SURE else self._by_function_words(text, confidences) or code
        if confidences.get(ENGLISH, 0.0) >= EN_UNLIKELY:
            return None
        return self._by_function_words(text, confidences)

    def _by_function_words(self, text: str, confidences: Mapping[str, float]) -> Optional[str]:
        """The language whose function words `text` uses most (the detector's confidence breaking
        ties), among those with a function word that is not an English word; None if none has."""
        # single letters count here: "o que e baclofeno" is Portuguese by its "o" and "e"
        tokens = [t.lower() for t in re.findall(r"\b[^\W\d_]+\b", text) if not self.is_name(t.lower())]
        if len(tokens) < FUNCTION_WORDS_MIN:
            return None
        english = self._vocabulary | self._function_words[ENGLISH]
        foreign = {t for t in tokens if t not in english}
        used = {
            code: sum(t in listed for t in tokens)
            for code, listed in self._function_words.items()
            if code != ENGLISH and foreign & listed
        }
        if not used:
            return None
        return max(used, key=lambda code: (used[code], confidences.get(code, 0.0)))

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
            if language is not None:
                # the triage's reply comes first; the notice in this language ends it (actions/language_notice.py)
                add_entity(message, LANGUAGE_ENTITY, language, extractor=LanguageGuard.__name__)
            return
        override_intent(message, OTHER_LANGUAGE_INTENT, reason="LanguageGuard")
        add_entity(message, LANGUAGE_ENTITY, language, extractor=LanguageGuard.__name__)
        logger.debug("language guard: %s", language)


def _detector_is_sure(text: str, content: Sequence[str], known: int, top: float) -> bool:
    """Rule 2 of the module's docstring, for the detector's first language (not English)."""
    if known >= KNOWN_SHARE * len(content):
        # half the words look English ("was", "die" in a German question): only a longer
        # message the detector is all but certain of counts as another language
        return len(content) >= LONG_WORDS and top >= ALL_BUT_CERTAIN
    return top >= SURE or (len(content) >= 2 and _has_non_english_letters(text))


def _is_latin(char: str) -> bool:
    """A Latin letter with or without accents ("é", "ß", "ą")."""
    return "LATIN" in unicodedata.name(char, "")


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


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
