"""LanguageGuard on parsed messages built in the test, with the real detector (its models ship
inside the lingua wheel: nothing is downloaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.language_guard import DEFAULT_LANGUAGES, LanguageGuard
from components.triage import TriageDetector
from tests.components.test_guards import intent_of, parsed
from tests.support.project import ROOT, domain, nlu_examples

# English messages the guard must leave alone: every training example but those of
# other_language, and every case of the evaluation sets but those expecting the notice.
EVALUATION_SETS = sorted((ROOT / "tests" / "eval").glob("*.yml")) + [ROOT.parent / "shared" / "eval" / "dev_cases.yml"]

CONFIGURED = next(
    c["languages"]
    for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    if c["name"].endswith("LanguageGuard")
)


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> LanguageGuard:
    """Trained on the project's own NLU examples, as `rasa train` does, then loaded."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("language-guard"))
    resource = Resource("language_guard")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {"languages": CONFIGURED}
    examples = [
        Message(data={"text": text, "intent": intent}) for intent, texts in nlu_examples().items() for text in texts
    ]
    LanguageGuard.create(config, storage, resource, context).train(TrainingData(examples))
    return LanguageGuard.load(config, storage, resource, context)


def language_entity(message: Message):
    return [e["value"] for e in message.get("entities") if e["entity"] == "language"]


@pytest.mark.parametrize(
    "text,language",
    [
        ("¿qué es el baclofeno?", "es"),
        ("¿cuáles son los efectos secundarios del baclofeno?", "es"),
        ("qu'est-ce que le baclofène ?", "fr"),
        ("quels sont les effets secondaires du baclofène ?", "fr"),
        ("Welche Nebenwirkungen hat Baclofen?", "de"),
        # half its words look English ("was", "die", "baclofen"), and "die" is a red-flag word in English
        ("Was sind die Nebenwirkungen von Baclofen?", "de"),
        ("Was macht die Tablette mit den Muskeln?", "de"),
        ("quali sono gli effetti collaterali del baclofene?", "it"),
        ("quais são os efeitos colaterais do baclofeno?", "pt"),
        ("что такое баклофен?", "ru"),
        ("巴氯芬有什么副作用？", "zh"),
    ],
)
def test_a_question_in_another_language_gets_its_language(guard: LanguageGuard, text: str, language: str) -> None:
    message = parsed(text, "nlu_fallback", 0.3)
    guard.process([message])
    assert intent_of(message) == "other_language"
    assert language_entity(message) == [language]


# Short questions in plain ASCII: the detector alone is unsure of them (Spanish 0.2-0.3 for
# "que es el baclofeno"); the function words place them.
@pytest.mark.parametrize(
    "text,language",
    [
        ("Was ist Baclofen?", "de"),
        ("wie wirkt baclofen", "de"),
        ("que es el baclofeno", "es"),
        ("para que sirve el baclofeno", "es"),
        ("qu'est ce que le baclofene", "fr"),
        ("est ce que le baclofene fait dormir", "fr"),
        ("cos'è il baclofen", "it"),  # German first by the detector; "cos" and "il" are Italian
        ("o que e baclofeno", "pt"),
        ("para que serve baclofeno", "pt"),
        ("co to jest baklofen", "pl"),  # "co" and "to" are words of the English examples too
    ],
)
def test_a_short_ascii_question_in_another_language_gets_its_language(
    guard: LanguageGuard, text: str, language: str
) -> None:
    message = parsed(text, "nlu_fallback", 0.3)
    guard.process([message])
    assert intent_of(message) == "other_language"
    assert language_entity(message) == [language]


@pytest.mark.parametrize("word", ["baclofen", "baclofeno", "baclofène", "baklofenu", "lioresal", "ibuprofeno"])
def test_medicine_names_and_names_with_an_ending_are_names(guard: LanguageGuard, word: str) -> None:
    assert guard.is_name(word)


@pytest.mark.parametrize("word", ["bac", "was", "que", "the", "spasms"])
def test_other_words_are_not_names(guard: LanguageGuard, word: str) -> None:
    assert not guard.is_name(word)


def test_names_alone_say_nothing_about_the_language(guard: LanguageGuard) -> None:
    assert guard.language_of("baclofeno?") is None and guard.language_of("baclofen lioresal") is None


def english_messages() -> Iterator[str]:
    for intent, texts in nlu_examples().items():
        if intent != "other_language":
            yield from texts
    for path in EVALUATION_SETS:
        assert path.exists(), f"{path} is missing"
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for turn in case.get("turns", [case]):
                # a greeting may be in any language: "Bonjour" is a chat turn in one set
                if turn.get("say") and turn.get("kind") not in ("other_language", "chat"):
                    yield turn["say"]


@pytest.mark.slow  # about 10 s: some 5,600 messages
def test_no_english_message_of_the_project_becomes_other_language(guard: LanguageGuard) -> None:
    """Every English message the project holds, through the guard then the triage (the pipeline's
    order), whatever the classifier guessed: not one may get the other-language notice."""
    messages = list(english_messages())
    assert len(messages) > 5000  # the sets were read
    flagged: List[str] = []
    for text in messages:
        message = parsed(text, "ask_side_effects", 0.8)
        guard.process([message])
        TriageDetector().process([message])
        if intent_of(message) == "other_language":
            flagged.append(text)
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "is baclofen a steroid",  # read as Spanish by the detector alone
        "what is it used for",
        "ok thanks",
        "baclofen drowsy?",
        "non ho la febbre, non ho problemi a respirare, i just want to know the side effects",
        "merci",  # one word the detector is unsure of
        "qwzx plorb vtt",  # keyboard mashing: a fallback, not a language
        "hjkl zxqv blorf",
        "asdf jkl",
        "is baclofen an antispasmodic",  # English 0.02 by the detector, all words English
        "is baclofen a gaba b agonist?",
        "baclofen contraindications?",
        "/ask_side_effects",
    ],
)
def test_english_and_mostly_english_messages_are_left_alone(guard: LanguageGuard, text: str) -> None:
    message = parsed(text, "ask_side_effects", 0.8)
    guard.process([message])
    assert intent_of(message) == "ask_side_effects" and language_entity(message) == []


def test_an_unconfirmed_other_language_guess_becomes_a_fallback(guard: LanguageGuard) -> None:
    message = parsed("what does baclofen do", "other_language", 0.6)
    guard.process([message])
    assert intent_of(message) == "nlu_fallback"


@pytest.mark.parametrize(
    "text,classifier,category",
    [
        # the patterns miss it; the classifier's emergency guess carries it (the live test checks that)
        ("mi hijo swallowed my pills", "emergency", "unspecified"),
        ("mi hija se tomó mis pastillas, she's 3", "other_language", "child_ingestion"),
    ],
)
def test_a_mixed_language_red_flag_keeps_the_emergency(
    guard: LanguageGuard, text: str, classifier: str, category: str
) -> None:
    """The pipeline's order: the guard, then the triage, which must still decide `emergency`."""
    message = parsed(text, classifier, 0.7)
    guard.process([message])
    TriageDetector().process([message])
    assert intent_of(message) == "emergency"
    assert [e["value"] for e in message.get("entities") if e["entity"] == "red_flag"] == [category]


def test_a_red_flag_in_another_language_keeps_the_triage_reply_and_is_tagged_for_the_notice(
    guard: LanguageGuard,
) -> None:
    # "my son has a baclofen pump and the alarm is beeping": the emergency reply, then the German notice
    message = parsed(
        "Mein Sohn hat eine Baclofen Pumpe und der Alarm piept. Was soll ich tun?", "ask_intrathecal_pump", 0.6
    )
    guard.process([message])
    assert intent_of(message) == "ask_intrathecal_pump" and language_entity(message) == ["de"]
    TriageDetector().process([message])
    assert intent_of(message) == "emergency"


@pytest.mark.parametrize("intent", ["emergency", "urgent"])
def test_the_classifier_s_safety_guess_is_left_to_the_triage(guard: LanguageGuard, intent: str) -> None:
    message = parsed("mi madre no respira bien desde esta mañana", intent, 0.6)
    guard.process([message])
    assert intent_of(message) == intent and language_entity(message) == []


def test_red_flag_words_in_another_language_get_the_triage_s_reply_not_the_notice(guard: LanguageGuard) -> None:
    message = parsed("mi hijo tiene seizures otra vez", "other_language", 0.7)
    guard.process([message])
    TriageDetector().process([message])
    assert intent_of(message) in ("urgent", "emergency")


@pytest.mark.parametrize(
    "text",
    ["बैक्लोफेन किस काम आता है?", "バクロフェンは何に使いますか？", "Τι είναι η βακλοφαίνη;", "מה זה בקלופן?"],
)
def test_a_script_without_a_detector_gets_the_default_notice(guard: LanguageGuard, text: str) -> None:
    """Hindi, Japanese, Greek, Hebrew: no detector is loaded for them; "und" (undetermined)
    fills the language slot, which no variation names, so the English default is sent."""
    message = parsed(text, "nlu_fallback", 0.3)
    guard.process([message])
    assert intent_of(message) == "other_language"
    assert language_entity(message) in (["und"], ["zh"])  # Japanese kanji may read as Chinese


def test_every_configured_language_has_its_notice_and_no_other() -> None:
    """The translations live in domain.yml (utter_other_language), one per detected language."""
    variations = domain()["responses"]["utter_other_language"]
    conditioned = {v["condition"][0]["value"] for v in variations if v.get("condition")}
    assert conditioned == set(CONFIGURED) - {"en"}
    assert set(CONFIGURED) <= set(DEFAULT_LANGUAGES) | set(CONFIGURED)
    english = [v["text"] for v in variations if not v.get("condition")]
    assert len(english) == 1 and "only answer in English" in english[0]
    for variation in variations:
        # the referral and the emergency line, in every notice
        assert "doctor or pharmacist" in variation["text"] and "{emergency_number}" in variation["text"]


def test_the_notices_are_pinned() -> None:
    texts = {
        v["condition"][0]["value"]: v["text"]
        for v in domain()["responses"]["utter_other_language"]
        if v.get("condition")
    }
    assert texts["es"].startswith("Lo siento, solo puedo responder en inglés.")
    assert texts["fr"].startswith("Désolé, je ne peux répondre qu'en anglais.")
    assert texts["de"].startswith("Entschuldigung, ich kann nur auf Englisch antworten.")


def test_english_must_be_among_the_languages(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="include en"):
        LanguageGuard({"languages": ["es", "fr"]}, LocalModelStorage(tmp_path), Resource("x"))


def test_letters_inside_a_code_are_no_function_words(guard: LanguageGuard) -> None:
    # "zq3f9a0e" once read as Portuguese by its "a", "e" and "o"
    assert guard.language_of("what is baclofen zq3f9a0e7c1b2d4o5a6e") is None
    assert guard.language_of("o que e baclofeno") == "pt"
