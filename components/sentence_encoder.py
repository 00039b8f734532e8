"""Rasa components around the all-MiniLM-L6-v2 sentence encoder (components/encoder_runtime.py).

- `SentenceEncoderFeaturizer` (message featurizer): adds the mean-pooled, unit-length embedding
  as a SENTENCE-level dense feature of TEXT, shape (1, 384). DIET combines it with the sparse
  sentence features of the CountVectorsFeaturizers.
- `EmbeddingIntentClassifier` (intent classifier): a multinomial logistic regression on that
  embedding, stored as plain arrays (no pickle); alone, or blended with DIET's ranking.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intents import add_entity
from components.question_parts import asked_focus, split_parts
from components.shorthand import expand, shorthand_fingerprint
from components.encoder_runtime import (  # noqa: F401 - re-exported for tests and scripts
    MANIFEST,
    MODEL_FILE,
    REFERENCE_FILE,
    TOKENIZER_FILE,
    SentenceEncoder,
    SentenceEncoderError,
    default_encoder_dir,
    encoder_fingerprint,
    read_manifest,
)

logger = logging.getLogger(__name__)

FEATURIZER_NAME = "sentence_encoder"
# Message key for the embedded question parts (components/question_parts.py), set at run time
# only: [{"text", "start", "end", "is_question", "vector"}] when a message has two parts or more.
PARTS_KEY = "question_parts"
# Entity naming another intent asked in the same message, in the order asked.
ALSO_ASKED_ENTITY = "also_asked"
# Message key for the classifier's best intent for each question part, in order, set at run
# time only when a message has two parts or more: ["ask_condition", "ask_fatigue"].
PART_INTENTS_KEY = "question_part_intents"
# Message key for the embedding of the text with each brand name (entity `brand`) read as the
# drug's name, set at run time only: "what's Gablofen prescribed for?" asks about uses, and the
# brand pulls the plain embedding towards the brand-names answer.
BRAND_AS_DRUG_KEY = "brand_as_drug"
BRAND_ENTITY = "brand"
DRUG_NAME = "baclofen"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the MiniLM sentence embedding as a dense SENTENCE feature of TEXT, shape (1, 384).

    No sequence (token) features: with `number_of_transformer_layers: 0` DIET classifies the
    intent from the sentence position alone, and token features would have to be aligned to
    the spaCy tokens for nothing.

    "Training" records which encoder (`SentenceEncoder.fingerprint`) the model is trained with; loading a
    trained model with a different encoder raises SentenceEncoderError instead of feeding the
    classifier vectors it has never seen.

    Config: `encoder_dir` (None: the venv's), `threads` (onnxruntime threads at run time, 1),
    `training_threads` (2, for the batch encoding of the training data), `alias`.
    """

    FINGERPRINT_FILE = "encoder_fingerprint.json"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # EmbeddingIntentClassifier finds the features by this name.
            FEATURIZER_CLASS_ALIAS: FEATURIZER_NAME,
            "encoder_dir": None,
            "threads": 1,
            "training_threads": 2,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        for key in ("threads", "training_threads"):
            if not isinstance(config.get(key), int) or config[key] < 1:
                raise ValueError(f"{cls.__name__}: `{key}` must be a positive integer, not {config.get(key)!r}")

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        encoder: SentenceEncoder | None = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._encoder = encoder

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEncoderFeaturizer:
        encoder = SentenceEncoder.load(_encoder_dir(config), threads=config["threads"])
        try:
            with model_storage.read_from(resource) as directory:
                trained_with = json.loads((directory / cls.FINGERPRINT_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError, OSError):
            trained_with = None
        if trained_with is not None and trained_with.get("fingerprint") != encoder.fingerprint:
            raise SentenceEncoderError(
                f"this model was trained with sentence encoder {str(trained_with.get('fingerprint'))[:12]}, "
                f"but {encoder.directory} holds {encoder.fingerprint[:12]}: retrain (make train)"
            )
        return cls(config, model_storage, resource, execution_context, encoder)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """A rebuilt encoder, or a changed shorthand table, invalidates Rasa's cache of featurized
        training data."""
        try:
            return f"{encoder_fingerprint(read_manifest(_encoder_dir(config)))}-{shorthand_fingerprint()}"
        except (SentenceEncoderError, KeyError):
            return None

    def _get_encoder(self, threads: int) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = SentenceEncoder.load(_encoder_dir(self._config), threads=threads)
        return self._encoder

    def train(self, training_data: TrainingData) -> Resource:
        encoder = self._get_encoder(self._config["training_threads"])
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FINGERPRINT_FILE).write_text(
                json.dumps({"fingerprint": encoder.fingerprint, "source": encoder.manifest.get("source")}),
                encoding="utf-8",
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Embeds every training example's text, in length-sorted batches."""
        encoder = self._get_encoder(self._config["training_threads"])
        examples = [m for m in training_data.training_examples if isinstance(m.get(TEXT), str)]
        vectors = encoder.encode([expand(m.get(TEXT)) for m in examples], batch_size=64)
        for message, vector in zip(examples, vectors):
            self._add(message, vector)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Embeds each message's text (about 5-15 ms each on one thread), and each of its parts
        when it has several (background, then one or more questions): `PARTS_KEY`. A message
        that first sets a topic aside is embedded from what it asks (`asked_focus`). Texting
        shorthand is written out for the encoder only (components/shorthand.py)."""
        texts = [m for m in messages if isinstance(m.get(TEXT), str)]
        if texts:
            encoder = self._get_encoder(self._config["threads"])
            # A topic set aside first ("not the dose, just how it is given") is not what is asked.
            focus = [asked_focus(m.get(TEXT)) for m in texts]
            asked = [f.text if f else m.get(TEXT) for m, f in zip(texts, focus)]
            for message, text, part, vector in zip(texts, asked, focus, encoder.encode([expand(t) for t in asked])):
                offset = part.start if part else 0
                self._add(message, vector)
                as_drug = brand_as_drug(message)
                if as_drug is not None:
                    message.set(BRAND_AS_DRUG_KEY, encoder.encode([expand(as_drug)])[0])
                parts = split_parts(text)
                if len(parts) > 1:
                    vectors = encoder.encode([expand(p.text) for p in parts])
                    message.set(
                        PARTS_KEY,
                        [
                            {
                                "text": p.text,
                                "start": offset + p.start,
                                "end": offset + p.end,
                                "is_question": p.is_question,
                                "vector": v,
                            }
                            for p, v in zip(parts, vectors)
                        ],
                    )
        return messages

    def _add(self, message: Message, vector: np.ndarray) -> None:
        message.add_features(Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, self._identifier))


def brand_as_drug(message: Message) -> str | None:
    """The message's text with each `brand` entity replaced by the drug's name; None without one.

    Entities come from the EntityRuler before this featurizer (character offsets into TEXT).
    """
    text = message.get(TEXT)
    spans = sorted(
        (e["start"], e["end"])
        for e in message.get("entities") or []
        if e.get("entity") == BRAND_ENTITY and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    if not spans or not isinstance(text, str):
        return None
    pieces, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        pieces.extend([text[position:start], DRUG_NAME])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _encoder_dir(config: dict[str, Any]) -> Path:
    return Path(config["encoder_dir"]) if config.get("encoder_dir") else default_encoder_dir()


def sentence_vectors(messages: Iterable[Message], featurizer: str) -> np.ndarray:
    """The named featurizer's sentence features of TEXT, stacked: shape (n, dim).

    Raises:
        ValueError: a message has no such feature (the featurizer is missing from the pipeline,
            or comes after the classifier).
    """
    rows = []
    for message in messages:
        _, sentence = message.get_dense_features(TEXT, [featurizer])
        if sentence is None:
            raise ValueError(
                f"no dense sentence features from featurizer {featurizer!r}: put "
                f"SentenceEncoderFeaturizer (alias {featurizer!r}) before this classifier"
            )
        rows.append(np.asarray(sentence.features, dtype=np.float64).reshape(-1))
    return np.vstack(rows) if rows else np.zeros((0, 0))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class EmbeddingIntentClassifier(GraphComponent):
    """Intent from a logistic regression on the MiniLM sentence embedding.

    Config:
    - `featurizer`: the alias of the SentenceEncoderFeaturizer to read (default
      "sentence_encoder");
    - `C`: inverse L2 regularisation strength of sklearn's LogisticRegression (default 10:
      unit-length 384-d inputs need little regularisation);
    - `blend`: weight of this classifier when an earlier classifier (DIET) already set an
      intent ranking: confidence = blend * p_lr + (1 - blend) * p_earlier. 1.0 (default)
      replaces the earlier ranking; without an earlier ranking this classifier decides alone.
    - `ranking_length`: intents kept in the ranking (default 10).
    - Messages of several parts (components/question_parts.py; the featurizer embeds each
      part): confidence = (1 - `part_weight`) * p(whole message) + `part_weight` * mean of
      p(question part), so background before a question ("my sister has CP ..., what sort of
      drug is it?") does not outvote the question. When two or more question parts each get
      a different answerable intent (`part_intent_prefix`, minus `not_parts`) with at least
      `part_min_confidence`, the first one asked is the intent and each other one is added,
      in order, as an `also_asked` entity (answered by action_add_disclaimer). A message the
      whole-text classifier calls one of `keep_whole_for` (the safety intents) is left as is.
    - Messages naming a brand: the featurizer also embeds the text with the brand read as the
      drug's name (`BRAND_AS_DRUG_KEY`); when that reading is surer and asks something else,
      it wins, and the brand-names answer is added as also asked (`read_brand_as_drug`).

    Persisted as JSON (classes, coefficients, intercepts): no pickle in the model archive.
    """

    PARAMETERS_FILE = "logistic_regression.json"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "featurizer": FEATURIZER_NAME,
            "C": 10.0,
            "blend": 1.0,
            "ranking_length": 10,
            "random_seed": 42,
            "part_weight": 0.5,
            "part_min_confidence": 0.5,
            "part_intent_prefix": "ask_",
            "not_parts": ["ask_capabilities"],
            "keep_whole_for": ["emergency", "urgent"],
            "brand_intent": "ask_brand_names",
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classes: list[str] | None = None,
        coef: np.ndarray | None = None,
        intercept: np.ndarray | None = None,
    ) -> None:
        if not 0.0 <= float(config["blend"]) <= 1.0:
            raise ValueError(f"{type(self).__name__}: `blend` must be between 0 and 1, not {config['blend']!r}")
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._classes = classes or []
        self._coef = coef
        self._intercept = intercept

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmbeddingIntentClassifier:
        return cls(config, model_storage, resource)

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn"]

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(INTENT)]
        labels = [m.get(INTENT) for m in examples]
        if len(set(labels)) < 2:
            logger.warning("EmbeddingIntentClassifier: fewer than two intents, nothing to train")
            return self._resource
        vectors = sentence_vectors(examples, self._config["featurizer"])
        model = LogisticRegression(C=float(self._config["C"]), max_iter=2000, random_state=self._config["random_seed"])
        model.fit(vectors, labels)
        self._classes = [str(c) for c in model.classes_]
        self._coef, self._intercept = model.coef_, model.intercept_
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.PARAMETERS_FILE).write_text(
                json.dumps(
                    {"classes": self._classes, "coef": self._coef.tolist(), "intercept": self._intercept.tolist()}
                ),
                encoding="utf-8",
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EmbeddingIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                saved = json.loads((directory / cls.PARAMETERS_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError, OSError):
            logger.warning("EmbeddingIntentClassifier: no trained parameters; it will not classify")
            return cls(config, model_storage, resource)
        return cls(
            config,
            model_storage,
            resource,
            saved["classes"],
            np.asarray(saved["coef"], dtype=np.float64),
            np.asarray(saved["intercept"], dtype=np.float64),
        )

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_intents), columns in `self._classes` order."""
        scores = vectors @ self._coef.T + self._intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._coef is None:
            return messages
        for message in messages:
            _, sentence = message.get_dense_features(TEXT, [self._config["featurizer"]])
            if sentence is None:
                continue
            probs = self.probabilities(np.asarray(sentence.features, dtype=np.float64).reshape(1, -1))[0]
            also_asked: list[str] = []
            parts = message.get(PARTS_KEY) or []
            if parts:
                part_probs = self.probabilities(np.vstack([p["vector"] for p in parts]).astype(np.float64))
                message.set(
                    PART_INTENTS_KEY,
                    [self._classes[int(row.argmax())] for p, row in zip(parts, part_probs) if p["is_question"]],
                )
                probs, also_asked = self.combine_parts(
                    probs, [(p["is_question"], row) for p, row in zip(parts, part_probs)]
                )
            as_drug = message.get(BRAND_AS_DRUG_KEY)
            if as_drug is not None:
                probs, also_asked = self.read_brand_as_drug(
                    probs, also_asked, self.probabilities(np.asarray(as_drug, dtype=np.float64).reshape(1, -1))[0]
                )
            confidences = dict(zip(self._classes, probs))
            blend = float(self._config["blend"])
            earlier = message.get(INTENT_RANKING_KEY) or []
            if earlier and blend < 1.0:
                previous = {e[INTENT_NAME_KEY]: float(e[PREDICTED_CONFIDENCE_KEY]) for e in earlier}
                names = set(confidences) | set(previous)
                confidences = {n: blend * confidences.get(n, 0.0) + (1 - blend) * previous.get(n, 0.0) for n in names}
            ranking = sorted(confidences.items(), key=lambda kv: kv[1], reverse=True)
            ranking = ranking[: int(self._config["ranking_length"])]
            entries = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: float(c)} for n, c in ranking]
            message.set(INTENT, entries[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, entries, add_to_output=True)
            for intent in also_asked:
                add_entity(message, ALSO_ASKED_ENTITY, intent, type(self).__name__)
        return messages

    def read_brand_as_drug(
        self, probs: np.ndarray, also_asked: list[str], as_drug: np.ndarray
    ) -> tuple[np.ndarray, list[str]]:
        """The reading of a message that names a brand, and the other intents it asks.

        Args:
            probs: p(intent) of the message as written (after `combine_parts`), (n_intents,).
            also_asked: the other intents asked, from `combine_parts`.
            as_drug: p(intent) of the text with the brand read as the drug's name.

        Returns:
            When the brand-as-drug reading is surer and asks another answerable question
            ("what's Gablofen prescribed for?": uses), that reading, with the brand-names
            answer added first to the also-asked ones, so the reply also says what the brand
            is. Otherwise `probs` and `also_asked` unchanged. Safety intents keep the text's reading.
        """
        written, reread = int(probs.argmax()), int(as_drug.argmax())
        written_name, reread_name = self._classes[written], self._classes[reread]
        brands = self._config["brand_intent"]
        if (
            written_name in self._config["keep_whole_for"]
            or reread_name in self._config["keep_whole_for"]
            or reread_name == written_name
            or reread_name == brands
            or not self.answerable(reread_name)
            or as_drug[reread] <= probs[written]
        ):
            return probs, also_asked
        asked = [i for i in [brands, *also_asked] if i != reread_name and i in self._classes]
        combined = as_drug.copy()
        for name in asked:
            index = self._classes.index(name)
            combined[index] = min(combined[index], combined[reread] / 2)
        return combined, list(dict.fromkeys(asked))

    def answerable(self, intent: str) -> bool:
        """An intent that can be one part of a two-part question (a medical topic)."""
        return intent.startswith(self._config["part_intent_prefix"]) and intent not in self._config["not_parts"]

    def _asks_a_topic(self, probs: np.ndarray) -> bool:
        best = int(probs.argmax())
        return self.answerable(self._classes[best]) and probs[best] >= float(self._config["part_min_confidence"])

    def combine_parts(self, whole: np.ndarray, parts: list[tuple[bool, np.ndarray]]) -> tuple[np.ndarray, list[str]]:
        """Confidences for a message of several parts, and the other intents it asks.

        Args:
            whole: p(intent) of the whole message, shape (n_intents,), in `self._classes` order.
            parts: (is_question, p(intent) of that part) for each part, in the order written.

        Returns:
            (confidences, shape (n_intents,); also-asked intent names, in the order asked).
        """
        if self._classes[int(whole.argmax())] in self._config["keep_whole_for"]:
            return whole, []
        questions = [probs for is_question, probs in parts if is_question]
        if not questions:
            return whole, []
        # "my teacher asked what her medicine baclofen is for, what do I tell her?": once a part
        # asks a medical topic, a part that asks none ("what do I tell her") does not outvote it.
        # Safety intents always count.
        if any(self._asks_a_topic(probs) for probs in questions):
            questions = [
                probs
                for probs in questions
                if self.answerable(self._classes[int(probs.argmax())])
                or self._classes[int(probs.argmax())] in self._config["keep_whole_for"]
            ]
        weight = float(self._config["part_weight"])
        combined = (1 - weight) * whole + weight * np.mean(questions, axis=0)
        asked: list[tuple[int, float]] = []
        for probs in questions:
            best = int(probs.argmax())
            if (
                probs[best] >= float(self._config["part_min_confidence"])
                and self.answerable(self._classes[best])
                and best not in [index for index, _ in asked]
            ):
                asked.append((best, float(probs[best])))
        if len(asked) < 2:
            return combined, []
        first, confidence = asked[0]
        # Each part is sure of its own topic; the mean would halve both. The other parts are
        # answered too, so they must not make the first look ambiguous (FallbackClassifier).
        combined[first] = max(combined.max(), confidence)
        for index, _ in asked[1:]:
            combined[index] = min(combined[index], combined[first] / 2)
        return combined, [self._classes[index] for index, _ in asked[1:]]
