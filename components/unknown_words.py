"""UnknownWordsGuard: a message with no word the assistant was ever trained on is not understood.

A classifier always picks some intent, even for "hjkl zxqv" or a question in another
language, sometimes with high confidence. When none of a message's words appear in the
training examples, the honest reply is "I didn't understand" with the topic buttons, so the
intent becomes `nlu_fallback`. The vocabulary is learnt at training time and stored with the model.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intents import override_intent

WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
VOCABULARY_FILE = "vocabulary.json"


def words(text: str) -> List[str]:
    return [w.lower() for w in WORD.findall(text)]


def vocabulary_of(texts: Iterable[str]) -> FrozenSet[str]:
    return frozenset(w for text in texts for w in words(text))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsGuard(GraphComponent):
    """Turns messages made only of never-seen words into `nlu_fallback`."""

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, vocabulary: Optional[FrozenSet[str]] = None
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or frozenset()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "UnknownWordsGuard":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        self._vocabulary = vocabulary_of(texts)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self._vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "UnknownWordsGuard":
        with model_storage.read_from(resource) as directory:
            vocabulary = frozenset(json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8")))
        return cls(model_storage, resource, vocabulary)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # Button payloads ("/ask_side_effects") are resolved by Rasa itself, later.
            if text.startswith("/"):
                continue
            message_words = words(text)
            if message_words and not any(w in self._vocabulary for w in message_words):
                override_intent(message, "nlu_fallback", reason="UnknownWordsGuard")
                # the classifier's guesses on words it never saw are noise: nothing to suggest
                message.set(INTENT_RANKING_KEY, [message.get(INTENT)], add_to_output=True)
        return messages
