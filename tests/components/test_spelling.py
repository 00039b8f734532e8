"""SpellingCorrector: misspelt vocabulary terms are rewritten, correctly spelt words never are.

No trained model: the corrector is built from the real patterns and the English lexicon, with
a tiny training set, so that what keeps everyday words unchanged is the rules and not the
memory of the training examples. The cases are in spelling_cases.yml (also read by
bench/spelling.py, which prints precision, recall and the cost per message).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import components.spelling as spelling
from components.spelling import DEFAULT_PATTERNS, Corrector, SpellingCorrector, english_lexicon, load_patterns
from safety.evaluation import load_items
from safety.red_flags import _WORD_FIXES
from safety.triage import assess

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((Path(__file__).parent / "spelling_cases.yml").read_text(encoding="utf-8"))
MISSPELT = [case for case in CASES["misspelt"] if "miss" not in case]
MISSES = [case for case in CASES["misspelt"] if "miss" in case]
SMALL_TRAINING = ["what is baclofen", "does it make you drowsy"]


@pytest.fixture(scope="module")
def lexicon():
    return english_lexicon()


@pytest.fixture(scope="module")
def corrector(lexicon) -> Corrector:
    return Corrector.build(load_patterns(DEFAULT_PATTERNS), SMALL_TRAINING, lexicon)


def corrected(corrector: Corrector, text: str) -> str:
    return corrector.correct(text)[0]


# ---------------------------------------------------------------- the tables


def test_the_tables_are_large_enough_and_cover_every_kind_of_term() -> None:
    assert len(MISSPELT) >= 40 and len(CASES["unchanged"]) >= 200
    assert {"drug", "brand", "condition", "side_effect"} <= {case["kind"] for case in MISSPELT}


@pytest.mark.parametrize("case", MISSPELT, ids=lambda case: case["text"])
def test_a_misspelt_term_is_corrected(corrector: Corrector, case: Dict[str, str]) -> None:
    assert corrected(corrector, case["text"]) == case["expected"]


@pytest.mark.parametrize("case", MISSES, ids=lambda case: case["text"])
def test_what_the_rules_do_not_handle_is_left_as_typed(corrector: Corrector, case: Dict[str, str]) -> None:
    """Known limits (see `miss:`): left unchanged, never changed into something else."""
    assert corrected(corrector, case["text"]) == case["text"]


@pytest.mark.parametrize("text", CASES["unchanged"])
def test_a_correctly_spelt_question_is_unchanged(corrector: Corrector, text: str) -> None:
    assert corrected(corrector, text) == text


@pytest.mark.parametrize("text", CASES["near_words"])
def test_a_real_word_close_to_a_term_is_unchanged(corrector: Corrector, text: str) -> None:
    assert corrected(corrector, text) == text


# ---------------------------------------------------------------- the rules


def test_the_issue_examples(corrector: Corrector) -> None:
    for typed, expected in [
        ("balcofen baclfoen bacolfen baclophen backlofen", "baclofen baclofen baclofen baclofen baclofen"),
        ("lioresol lioreseal gablophen", "lioresal lioresal gablofen"),
        ("mutliple sclerosis, cerebal palsey, spinal chord", "multiple sclerosis, cerebral palsy, spinal cord"),
    ]:
        assert corrected(corrector, typed) == expected


def test_each_correction_is_reported_with_its_place_in_the_typed_text(corrector: Corrector) -> None:
    text, corrections = corrector.correct("Is Balcofen ok with mutliple sclerosis?")
    assert text == "Is Baclofen ok with multiple sclerosis?"
    assert [c.as_dict() for c in corrections] == [
        {"original": "Balcofen", "corrected": "Baclofen", "start": 3, "end": 11},
        {"original": "mutliple sclerosis", "corrected": "multiple sclerosis", "start": 20, "end": 38},
    ]


def test_short_words_are_never_corrected(corrector: Corrector) -> None:
    # "wek" could be "weak", "dizy" could be "dizzy": under 5 letters there is too little to go on
    assert corrected(corrector, "so wek and dizy, pils") == "so wek and dizy, pils"


def test_a_word_of_the_training_examples_is_never_changed_in_context(lexicon) -> None:
    # "chord" is English, and only changes inside a term ("spinal chord")...
    assert corrected(Corrector.build(load_patterns(DEFAULT_PATTERNS), [], lexicon), "spinal chord") == "spinal cord"
    # ...unless the training examples use it: then it is a known word, and stays
    trained = Corrector.build(load_patterns(DEFAULT_PATTERNS), ["play a chord"], lexicon)
    assert corrected(trained, "spinal chord") == "spinal chord"


def test_a_misspelling_the_training_examples_hold_on_purpose_is_still_corrected(lexicon) -> None:
    trained = Corrector.build(load_patterns(DEFAULT_PATTERNS), ["baclofen vs tizanadine"], lexicon)
    assert corrected(trained, "what is tizanadine") == "what is tizanidine"


def test_a_tie_between_two_terms_changes_nothing(corrector: Corrector) -> None:
    # one letter from "baclofen" and one from "gablofen"
    assert corrected(corrector, "what is bablofen") == "what is bablofen"


def test_a_brand_is_never_read_as_part_of_another_term(corrector: Corrector) -> None:
    # "baclofen pump" is a term, and "gablofen" is 2 letters from "baclofen"
    assert corrected(corrector, "my gablofen pump") == "my gablofen pump"
    assert corrected(corrector, "my gablophen pump") == "my gablofen pump"


def test_another_form_of_a_term_is_not_a_misspelling(corrector: Corrector) -> None:
    for text in ["too many baclofens", "pastillas de baclofeno", "tabletkę baclofenu", "two lioresals"]:
        assert corrected(corrector, text) == text
    assert corrected(corrector, "Baclofenn") == "Baclofen"  # a letter too many is a misspelling


def test_case_and_possessives_are_kept(corrector: Corrector) -> None:
    assert corrected(corrector, "BALCOFEN? Balcofen's side effects") == "BACLOFEN? Baclofen's side effects"


def test_empty_and_wordless_text(corrector: Corrector) -> None:
    for text in ["", "   ", "?!", "42 mg", "🙂🙂"]:
        assert corrector.correct(text) == (text, [])


def test_non_ascii_words_are_never_corrected_but_their_neighbours_are(corrector: Corrector) -> None:
    assert corrected(corrector, "¿qué es el baclofène?") == "¿qué es el baclofène?"
    assert corrected(corrector, "el baclofeno puede causar convulsiones?") == "el baclofeno puede causar convulsiones?"
    assert corrected(corrector, "Baclofen für Kinder, ça va?") == "Baclofen für Kinder, ça va?"
    assert corrected(corrector, "balcofen 🙂 ça va? мышцы") == "baclofen 🙂 ça va? мышцы"


def test_a_message_gets_only_a_few_slow_lookups(lexicon) -> None:
    """Words 2 edits from a term need the English-lexicon check (up to ~15 ms): 5 per message,
    so 2,000 characters of made-up near misses cannot hold the server. The others are left as
    typed, and are looked up again in a later message."""
    fresh = Corrector.build(load_patterns(DEFAULT_PATTERNS), [], lexicon)
    variants = [f"m{a}thocarbam{b}l" for a in "iuy" for b in "eiu"]  # 2 edits from methocarbamol
    _, corrections = fresh.correct(" ".join(variants))
    assert len(corrections) == 5 and {c.corrected for c in corrections} == {"methocarbamol"}
    assert fresh.correct(variants[-1])[0] == "methocarbamol"


# ---------------------------------------------------------------- safety


def test_the_red_flag_typo_list_is_never_contradicted(corrector: Corrector) -> None:
    """safety/red_flags.py fixes these typos itself: a correction may only agree with it."""
    for typo, fix in _WORD_FIXES.items():
        out = corrected(corrector, typo)
        assert out in (typo, fix), (typo, out)


def test_no_triage_decision_changes_on_the_blind_safety_sets(corrector: Corrector) -> None:
    """The triage runs on the corrected text: on every blind safety sentence (evaluation only,
    never trained on), it must decide as it does on the typed text."""
    changed: List[tuple] = []
    for name, fields in [
        ("emergency", ("text", "category")),
        ("urgent", ("text", "reason")),
        ("near_miss", ("text", "kind")),
    ]:
        for item in load_items(ROOT / "tests" / "safety_cases" / f"{name}.yml", fields):
            text = corrected(corrector, item["text"])
            if text != item["text"]:
                before, after = assess(item["text"]), assess(text)
                if (before.level, before.category) != (after.level, after.category):
                    changed.append((item["text"], before, after))
    assert changed == []


# ---------------------------------------------------------------- the Rasa component


def message(text: str) -> Message:
    return Message(data={"text": text})


@pytest.fixture()
def component(tmp_path: Path) -> SpellingCorrector:
    """Trained, persisted and loaded again, as `rasa train` and `rasa run` do."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("spelling")
    context = ExecutionContext(GraphSchema({}), "test")
    trainer = SpellingCorrector.create(SpellingCorrector.get_default_config(), storage, resource, context)
    trainer.train(TrainingData([Message(data={"text": t, "intent": "any"}) for t in SMALL_TRAINING]))
    return SpellingCorrector.load(SpellingCorrector.get_default_config(), storage, resource, context)


def test_persistence_round_trip_behaves_like_the_corrector_it_stored(
    component: SpellingCorrector, corrector: Corrector, monkeypatch: pytest.MonkeyPatch
) -> None:
    # at run time nothing reads the project tree: the vocabulary is in the model
    monkeypatch.setattr(spelling, "DEFAULT_PATTERNS", Path("/nonexistent/patterns.jsonl"))
    monkeypatch.setattr(spelling, "english_lexicon", lambda: pytest.fail("lexicon read at run time"))
    texts = [case["text"] for case in CASES["misspelt"]] + CASES["unchanged"][:50] + CASES["near_words"]
    messages = [message(t) for t in texts]
    component.process(messages)
    assert [m.get("text") for m in messages] == [corrected(corrector, t) for t in texts]


def test_the_parse_output_lists_the_corrections(component: SpellingCorrector) -> None:
    parsed = message("is balcofen the same as tizanidine?")
    component.process([parsed])
    output = parsed.as_dict(only_output_properties=True)
    assert output["text"] == "is baclofen the same as tizanidine?"
    assert output["spelling_corrections"] == [{"original": "balcofen", "corrected": "baclofen", "start": 3, "end": 11}]


@pytest.mark.parametrize("text", ["/ask_uses", '/ask_side_effects{"drug": "balcofen"}', "", "   "])
def test_button_payloads_and_empty_messages_are_untouched(component: SpellingCorrector, text: str) -> None:
    parsed = message(text)
    component.process([parsed])
    assert parsed.get("text") == text
    assert parsed.get("spelling_corrections") is None


def test_a_correct_message_gets_no_corrections_entry(component: SpellingCorrector) -> None:
    parsed = message("is baclofen the same as tizanidine?")
    component.process([parsed])
    assert "spelling_corrections" not in parsed.as_dict(only_output_properties=True)


def test_training_examples_are_left_as_written(component: SpellingCorrector) -> None:
    """So that DIET trains on the same data as without the corrector (see process_training_data)."""
    data = TrainingData([Message(data={"text": "wat is baclophen", "intent": "ask_what_is"})])
    component.process_training_data(data)
    assert [m.get("text") for m in data.training_examples] == ["wat is baclophen"]


def test_the_corrector_runs_first_in_the_pipeline() -> None:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    assert pipeline[0]["name"] == "components.spelling.SpellingCorrector"
