"""Triage over blind sets: every emergency caught, near misses and answers left alone.

The sentence sets in tests/safety_cases/ were written by a helper who saw only the article and
the category definitions, never the patterns or the training data. Never train on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
import yaml

from safety import negation, urgent
from safety.evaluation import answer_texts, load_items, main as evaluation_main, measure
from safety.red_flags import CATEGORIES
from safety.triage import Level, assess

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "safety_cases"
ANSWER_SETS = sorted((ROOT / "tests" / "eval").glob("*.yml"))
EMERGENCIES = load_items(CASES / "emergency.yml", ("text", "category"))
URGENT = load_items(CASES / "urgent.yml", ("text", "reason"))
NEAR_MISSES = load_items(CASES / "near_miss.yml", ("text", "kind"))


def test_the_blind_sets_are_large_enough_and_cover_every_category() -> None:
    assert len(EMERGENCIES) >= 400 and len(URGENT) >= 150 and len(NEAR_MISSES) >= 400
    assert {item["category"] for item in EMERGENCIES} == set(CATEGORIES)
    assert {"question", "negated", "history", "hypothetical"} <= {item["kind"] for item in NEAR_MISSES}


@pytest.mark.parametrize("item", EMERGENCIES, ids=lambda item: item["category"])
def test_every_blind_emergency_is_an_emergency(item: dict) -> None:
    triage = assess(item["text"])
    assert triage.level is Level.EMERGENCY, f"missed: {item['text']!r} -> {triage}"
    assert triage.category in CATEGORIES and triage.evidence


def test_most_blind_emergencies_get_their_own_category_wording() -> None:
    agree = sum(assess(item["text"]).category == item["category"] for item in EMERGENCIES)
    assert agree / len(EMERGENCIES) >= 0.85, f"{agree}/{len(EMERGENCIES)}"


def test_urgent_messages_are_triaged_above_routine() -> None:
    levels = [assess(item["text"]).level for item in URGENT]
    above = sum(level is not Level.ROUTINE for level in levels)
    exactly = sum(level is Level.URGENT for level in levels)
    assert above / len(levels) >= 0.9, f"{above}/{len(levels)} above routine"
    assert exactly / len(levels) >= 0.75, f"{exactly}/{len(levels)} urgent"


def test_near_misses_rarely_raise_an_emergency() -> None:
    alarms = [item["text"] for item in NEAR_MISSES if assess(item["text"]).level is Level.EMERGENCY]
    assert len(alarms) / len(NEAR_MISSES) <= 0.01, alarms


def test_blind_answer_sets_rarely_raise_an_emergency() -> None:
    texts = answer_texts(ANSWER_SETS)
    assert len(texts) >= 300
    alarms = [text for text in texts if assess(text).level is Level.EMERGENCY]
    assert len(alarms) / len(texts) <= 0.01, alarms


# ---------------------------------------------------------------- the issue's own kinds


@pytest.mark.parametrize(
    "text,category",
    [
        ("my nephew had the lid off my tablet bottle and I can't tell how many are missing", "child_ingestion"),
        ("I've kept back a stash of my pills and I know what I'm doing with them this weekend", "self_harm"),
        ("that's it, I'm done. I'm going to swallow every tablet I have left", "self_harm"),
        ("what would happen if i took the whole packet of baclofen in one go. asking for myself", "self_harm"),
        ("my wife's on baclofen and she keeps talking about killing herself", "self_harm"),
        ("if i swallowed all of the pills in my bottle would i just never wake up", "self_harm"),
        ("mixed up the dosette box and he's taken two days' worth in one go", "overdose"),
        (
            "came off baclofen on monday, is it normal that I'm burning up and seeing bugs on the ceiling?",
            "withdrawal_reaction",
        ),
        ("my son cut his baclofen down last month and he's just had a fit in the garden", "seizure"),
        ("is it ok that he's only breathing about four times a minute since his dose", "breathing"),
        ("my brother is thrashing about and foaming at the mouth, he's on baclofen", "seizure"),
        ("the dog chewed through my baclofen packet", "animal_ingestion"),
        (
            "found a chewed blister strip of my baclofen under the sofa, my toddler is acting totally normal though",
            "child_ingestion",
        ),
        ("hives all over and my lips have puffed up since the first dose", "allergic_reaction"),
        ("the thing in her tummy keeps beeping and her spasms are coming back", "pump_problem"),
        ("what amount would make me sleep and not wake again", "self_harm"),
        ("which side effect could end things for me? that's what I'm hoping for", "self_harm"),
        ("mi hija se tomó mis pastillas, she's 3", "child_ingestion"),
        ("I don't have chest pain but I can't breathe", "breathing"),
        # a seizure named by its kind, and the time told first
        ("resident on baclofen just had a tonic-clonic seizure, it was withheld since Tuesday", "seizure"),
        # despair next to asking how much one can take
        ("what's the most you can take? asking because I'm done with everything", "self_harm"),
        ("pump keeps chirping and I've no idea what it means", "pump_problem"),
        ("so tired of everything lately. if I swallowed the lot would it be like drifting off?", "self_harm"),
        ("how much baclofen would someone need before they don't wake up", "self_harm"),
        ("can't see the point any more. tablets are next to me. night all", "self_harm"),
        ("heart racing, really hot, can't think straight, he came off baclofen on friday", "withdrawal_reaction"),
        ("I stopped my baclofen all at once on Monday and today I've had two fits", "seizure"),
        # the signs first, the stopping after them
        (
            "dad's not making any sense, he's hot to touch and twitching. he stopped his baclofen cold turkey last week",
            "withdrawal_reaction",
        ),
    ],
)
def test_the_issues_emergencies(text: str, category: str) -> None:
    triage = assess(text)
    assert (triage.level, triage.category) == (Level.EMERGENCY, category), triage


@pytest.mark.parametrize(
    "text",
    [
        "I don't have chest pain. Does baclofen make you drowsy?",
        "I'm not having a seizure, I just want to know what it is",
        "I haven't fainted, can I drive on it?",
        "No fever, no trouble breathing. What are the side effects?",
    ],
)
def test_a_denied_symptom_next_to_a_question_is_routine(text: str) -> None:
    triage = assess(text)
    assert triage.level is Level.ROUTINE and triage.denied, triage


@pytest.mark.parametrize(
    "text",
    [
        "my 78-year-old mum on baclofen has been muddled and nearly fell twice this week",
        "really weak legs since the dose went up",
        "can't stay awake at work",
        "mum's been a bit muddled since they put her baclofen up last week, she keeps losing track of the day",
        "missed taking my baclofen for the past three days, can I just carry on?",
        "skipped his tablets for most of this week to see how he'd manage",
        "the last few nights she's seemed confused, she knows us though and has no fever",
        "the pharmacy can't get it in and I'm down to my last tablet",
        "dad's a bit muddled since the nurse adjusted his pump rate",
        "grandad's a bit more forgetful and muddled than usual since the new tablets",
        "with the move there were like 4 or 5 doses missed",
        "kept missing my tablets the whole week with the new job",
        "a bit of clear fluid seeping out near where the pump tube goes in",
        "the nursing home missed giving mum her baclofen last night and again this morning",
        "lost my tablets on the bus, missed yesterday's and today's doses",
        "flying out on friday and we haven't got enough baclofen to last the holiday",
        "he missed all his evening doses while he was in respite",
        "stoppd my baclofen yesterday, feeling ok so far",  # a typo of "stopped"
    ],
)
def test_the_issues_urgent_messages(text: str) -> None:
    assert assess(text).level is Level.URGENT, assess(text)


@pytest.mark.parametrize(
    "text",
    [
        "baclofen made me feel weak is that a side effect",
        "can baclofen cause weakness?",
        "does baclofen make you drowsy",
        "i missed a dose of baclofen",
        "what if i stop baclofen all at once",
        "he had a tonic-clonic seizure years ago, can he take baclofen?",
        "is a grand mal seizure a side effect of stopping baclofen?",
        "i can't cope anymore with the spasms, what's the max dose",
        "i'm done with the side effects, can i stop?",
        "does the pump chirp when it needs a refill?",
        "if someone took the lot would it be dangerous?",
        "what's the point of taking baclofen if it doesn't help",
        "can stopping baclofen make you confused and feverish? he stopped it last week and seems fine",
    ],
)
def test_ordinary_questions_are_routine(text: str) -> None:
    assert assess(text).level is Level.ROUTINE, assess(text)


def test_alarming_words_without_a_pattern_ask_for_the_danger_line() -> None:
    triage = assess("please help, something is seriously wrong with my husband")
    assert triage.level is Level.ROUTINE and triage.danger_check
    assert not assess("what is baclofen used for").danger_check


# ---------------------------------------------------------------- negation scope


def test_negation_masks_only_denied_symptoms_and_only_in_questions() -> None:
    assert negation.mask_negated("No fever, no trouble breathing. What are the side effects?") == (
        "No [denied], no [denied]. What are the side effects?"
    )
    # a denial's scope ends at "but"; "can't breathe" is never a maskable symptom
    assert negation.mask_negated("I don't have chest pain but I can't breathe?") == (
        "I don't have [denied] but I can't breathe?"
    )
    # "don't know" denies nothing
    assert "seizure" in negation.mask_negated("I don't know what to do, is he having a seizure?")
    # a report that asks nothing is left as it is
    assert negation.mask_negated("no one is answering and he's collapsed") == "no one is answering and he's collapsed"


def test_urgent_detect_names_its_category() -> None:
    flag = urgent.detect("i've run out of baclofen and the chemist is closed till monday")
    assert flag is not None and flag.category == "supply_gap"
    assert urgent.detect("what if i run out of baclofen?") is None


def test_falling_asleep_is_drowsiness_not_a_fall() -> None:
    asleep = urgent.detect("my friend keeps falling asleep at college since starting baclofen")
    assert asleep is not None and asleep.category == "drowsiness"
    fell = urgent.detect("he keeps falling over since his dose went up")
    assert fell is not None and fell.category == "confusion_or_falls"


# ---------------------------------------------------------------- the report


@pytest.mark.slow  # the whole evaluation
def test_evaluation_report_prints_the_figures_and_passes(capsys: pytest.CaptureFixture) -> None:
    assert evaluation_main([]) == 0
    out = capsys.readouterr().out
    assert "all                    497/497 (100.0%)" in out or "(100.0%)" in out.splitlines()[len(CATEGORIES) + 1]
    assert "near-miss false alarms" in out and "blind answer sets false alarms" in out


@pytest.mark.slow  # the whole evaluation
def test_evaluation_fails_when_recall_is_not_complete(tmp_path: Path) -> None:
    for name in ("urgent.yml", "near_miss.yml"):
        (tmp_path / name).write_text((CASES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "emergency.yml").write_text(
        yaml.safe_dump([{"text": "what is baclofen", "category": "overdose"}]), encoding="utf-8"
    )
    figures = measure(tmp_path, [])
    assert figures.emergency_recall == 0.0
    assert evaluation_main(["--cases-dir", str(tmp_path), "--answer-sets"]) == 1


def test_held_out_sets_are_reported_never_gated(capsys: pytest.CaptureFixture) -> None:
    assert evaluation_main(["--prefix", "holdout_", "--report-only", "--answer-sets"]) == 0
    assert "[holdout sets]" in capsys.readouterr().out


def test_a_malformed_case_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "emergency.yml").write_text("- {text: 3}\n", encoding="utf-8")
    assert evaluation_main(["--cases-dir", str(tmp_path), "--answer-sets"]) == 2
    assert "item 0 needs string fields text, category" in capsys.readouterr().err


def _texts(items: List[dict]) -> List[str]:
    return [item["text"] for item in items]


def test_the_blind_sets_are_not_training_data() -> None:
    training = {
        line.strip()[2:].strip().lower()
        for path in (ROOT / "data" / "nlu").glob("*.yml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- ")
    }
    # short generic questions ("is baclofen addictive") can coincide; a long message cannot
    long_texts = [t for t in _texts(EMERGENCIES) + _texts(URGENT) + _texts(NEAR_MISSES) if len(t.split()) >= 10]
    assert [t for t in long_texts if t.lower() in training] == []


@pytest.mark.parametrize(
    "text",
    [
        "the skin over his baclofen pump is red and a bit sore, no fever or anything",
        "her pump site looks swollen and tender today",
        "there's some redness around my pump scar, otherwise I'm fine",
    ],
)
def test_a_sore_or_red_pump_site_is_urgent_not_an_emergency(text: str) -> None:
    result = assess(text)
    assert result.level is Level.URGENT, result
    assert result.category == "pump_site"


@pytest.mark.parametrize(
    "text",
    ["can a baclofen pump site get infected?", "is it normal for the pump wound to be sore after surgery?"],
)
def test_questions_about_the_pump_site_are_answered_not_triaged(text: str) -> None:
    assert assess(text).level is Level.ROUTINE


def test_a_red_pump_site_with_a_fever_stays_an_emergency() -> None:
    assert assess("the area around her pump is swollen and hot and she has a fever").level is Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "got a new itchy rash spreading up my arms since starting baclofen last week. no swelling, breathing is fine",
        "hives all over after my first baclofen, breathing ok, no swelling",
    ],
)
def test_a_rash_with_swelling_and_breathing_ruled_out_is_urgent(text: str) -> None:
    result = assess(text)
    assert result.level is Level.URGENT and result.category == "skin_reaction", result


@pytest.mark.parametrize(
    "text",
    [
        "rash spreading all over since starting baclofen",  # no all-clear: stays an emergency
        "itchy rash since starting baclofen and my lips are swelling",
        "rash everywhere since baclofen, no swelling but breathing feels tight",
    ],
)
def test_a_rash_without_that_all_clear_stays_an_emergency(text: str) -> None:
    assert assess(text).level is Level.EMERGENCY


def test_one_sign_ruled_out_is_not_the_happy_end_of_a_story() -> None:
    # "breathing is fine" rules out one sign; "he is fine now" ends the story
    assert assess("he had a seizure last week and he is fine now").level is Level.ROUTINE
    assert assess("new rash spreading since starting baclofen last week, breathing is fine").level is not Level.ROUTINE


@pytest.mark.parametrize(
    "text",
    [
        "Is baclofen just pills or are there other ways to have it? My son really struggles to swallow tablets",
        "and can it be given through a pump instead of tablets?",
        "my daughter has trouble swallowing her tablets, is there a liquid?",
    ],
)
def test_trouble_swallowing_and_routes_are_no_ingestion(text: str) -> None:
    assert assess(text).level is Level.ROUTINE, assess(text)


@pytest.mark.parametrize(
    "text, category",
    [
        ("my toddler has trouble swallowing and I think he swallowed a baclofen", "child_ingestion"),
        ("he took my baclofen instead of his paracetamol", "overdose"),
        ("just come off baclofen, been having jerking fits on and off for the last hour and can't stop", "seizure"),
    ],
)
def test_ingestion_and_fits_told_in_other_words_stay_emergencies(text: str, category: str) -> None:
    result = assess(text)
    assert result.level is Level.EMERGENCY and result.category == category, result


@pytest.mark.parametrize(
    "text",
    [
        "pharmacy says baclofen is out of stock and they can't get it till next week. I've got 1 day's worth left",
        "I'm in France on holiday and I've only got 2 baclofen tablets left. Didn't bring enough",
    ],
)
def test_a_supply_gap_told_in_other_words_is_urgent(text: str) -> None:
    result = assess(text)
    assert result.level is Level.URGENT and result.category == "supply_gap", result


def test_asking_about_stock_in_general_is_not_urgent() -> None:
    assert assess("what happens if baclofen is out of stock?").level is Level.ROUTINE


@pytest.mark.parametrize(
    "text",
    [
        "my son's liquid baclofen has been open for a few weeks, how long does it keep once opened?",
        "my son forgets to eat, can he have baclofen anyway",
        "my son has CP and is tube fed. can it go down his tube or does it have to be swallowed",
        "my teenage daughter has CP and since the baclofen was added she says the room tilts, is that a side effect",
        "I'm a carer and a client's family asked me what could be used instead of baclofen, what are the alternatives?",
        "I had a problem with painkillers years ago and I'm really careful now. Is baclofen addictive?",
        "my husband hurt his spine when the scaffolding collapsed, would baclofen help his spasms?",
        "would he not wake up if I let him sleep in after his dose?",
        "how many breaths a minute is normal for an adult",
    ],
)
def test_everyday_questions_that_borrow_red_flag_words_are_answered(text: str) -> None:
    assert assess(text).level is not Level.EMERGENCY, assess(text)


@pytest.mark.parametrize("text", ["i feel sleepy, is that normal", "legs are a bit wobbly, is this the baclofen?"])
def test_a_question_after_a_comma_asks(text: str) -> None:
    assert negation.asks_something(text)


@pytest.mark.parametrize(
    "text",
    [
        "i started baclofen yesterday and feel sleepy, is that one of the side effects",
        "my mum gets dizzy since starting baclofen, is that normal",
        "since starting baclofen i feel a bit tired",
    ],
)
def test_an_expected_side_effect_since_starting_is_not_urgent(text: str) -> None:
    assert assess(text).level is Level.ROUTINE


@pytest.mark.parametrize(
    "text",
    [
        "my mum is so sleepy since starting baclofen she keeps nodding off at lunch",
        "he's much weaker since the dose went up",
        "i've been a lot more dizzy than usual since the increase",
    ],
)
def test_a_common_side_effect_told_as_severe_stays_urgent(text: str) -> None:
    assert assess(text).level is not Level.ROUTINE


@pytest.mark.parametrize(
    "text, category",
    [
        ("my brother has had two seizures this morning, he stopped his baclofen last week", "seizure"),
        ("she's gone all stiff and is burning up, her pump refill got missed last week", "pump_problem"),
    ],
)
def test_signs_happening_now_after_a_past_stop_or_missed_refill_are_emergencies(text: str, category: str) -> None:
    result = assess(text)
    assert result.level is Level.EMERGENCY and result.category == category, result


def test_seizures_long_ago_are_no_emergency() -> None:
    assert assess("he had a few seizures as a child, can he take baclofen?").level is Level.ROUTINE


@pytest.mark.parametrize(
    "text",
    [
        "my son lost his baclofen at school camp, he's away till friday",
        "can't get a GP appointment for 2 weeks and i'm almost out of baclofen",
        "my wife stopped baclofen a week ago on her own",
    ],
)
def test_lost_almost_out_or_stopped_without_symptoms_is_urgent(text: str) -> None:
    assert assess(text).level is Level.URGENT, assess(text)


def test_hearsay_about_withdrawal_is_a_question_not_an_emergency() -> None:
    assert assess("ive heard coming off it can cause a high fever, is that true").level is Level.ROUTINE
    reported = assess("my dad came off it and now has a high fever, i heard that can happen")
    assert reported.level is Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "is it good for MS stiffness? asking for myself, just diagnosed",
        "the chemist handed me Gablofen instead of baclofen, is it the same thing?",
        "I read about people seeing things when they come off baclofen, is that true?",
        "my arm goes rigid and then jerks, is baclofen meant for that?",
        "diazepam knocked me out cold, is baclofen gentler?",
        "the pump isn't beeping and everything's fine, how does intrathecal baclofen work?",
    ],
)
def test_questions_that_borrow_red_flag_words_are_answered(text: str) -> None:
    assert assess(text).level is not Level.EMERGENCY, assess(text)


@pytest.mark.parametrize(
    "text, category",
    [
        ("how many would it take to not wake up? asking for myself", "self_harm"),
        ("gave him his brother's Lioresal by mistake", "overdose"),
        ("he went stiff as a board and then started jerking", "seizure"),
        ("my son's pump is alarming", "pump_problem"),
    ],
)
def test_the_same_words_in_a_report_stay_emergencies(text: str, category: str) -> None:
    result = assess(text)
    assert result.level is Level.EMERGENCY and result.category == category, result


@pytest.mark.parametrize(
    "text, category",
    [
        ("new itchy rash all over his body since starting baclofen, he's breathing fine", "skin_reaction"),
        ("rash on my arms since starting baclofen, no swelling", "skin_reaction"),
        ("her spasms have got way worse even though her pump was refilled last week", "pump_refill"),
        ("since the pump went in i get a pounding headache whenever i sit up", "pump_site"),
        ("clear fluid leaking from my husband's pump wound, he feels alright", "pump_site"),
        ("the pharmacy label says 3 times a day but the doctor told me twice, which do i take?", "dose_instructions"),
        ("the chemist gave me the wrong strength tablets and i'm due a dose", "dose_instructions"),
        ("since her baclofen went up last week mum has been much more muddled", "new_or_worse"),
        ("her baclofen wasn't in today's delivery and she's missed her morning and lunchtime doses", "supply_gap"),
        ("having an operation tomorrow and i'm nil by mouth, what about my baclofen?", "procedure"),
        ("clear fluid seeping from my wound where the pump went in last week, no fever", "pump_site"),
        ("since they changed my dose i'm dizzy every time i stand and i had a wobble in the kitchen", "new_or_worse"),
        ("i'm going into hospital tomorrow and i'll be nil by mouth, what happens with my baclofen?", "procedure"),
        ("his repeat prescription won't be ready for 4 days and he runs out tomorrow", "supply_gap"),
        (
            "pump went in 3 weeks ago and everything was fine, but today the skin around it has gone red and hot",
            "pump_site",
        ),
        ("a resident hasn't had his baclofen for 24 hours because of a stock issue, he seems ok", "supply_gap"),
        ("the pharmacy says my prescription has expired and i have one dose left", "supply_gap"),
        ("took my baclofen then realised it was from my husband's box, a different strength", "dose_instructions"),
        ("forgot to pack dad's lioresal for his respite stay and he's missed his morning dose", "supply_gap"),
        ("resident has refused his baclofen for two days, seems ok", "supply_gap"),
        ("had diarrhoea and vomiting since yesterday and i'm struggling to take my baclofen", "vomiting"),
    ],
)
def test_situations_for_a_professional_today(text: str, category: str) -> None:
    result = assess(text)
    assert result.level is Level.URGENT and result.category == category, result


@pytest.mark.parametrize(
    "text",
    [
        "what does the leaflet say about taking it with water?",
        "does the pump help if the spasms come back?",
        "is it normal to get a headache after a lumbar puncture in general?",
        "can you take baclofen before an operation?",
        "rash all over, breathing fine but his face is puffy",  # an airway sign: still an emergency
    ],
)
def test_questions_and_airway_signs_are_not_downgraded_to_urgent(text: str) -> None:
    assert assess(text).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    ["my son keeps missing doses of his baclofen at uni", "my son has been missing his baclofen doses for three days"],
)
def test_missed_doses_are_urgent_not_a_child_at_missing_tablets(text: str) -> None:
    result = assess(text)
    assert result.level is Level.URGENT and result.category == "supply_gap", result


def test_tablets_missing_near_a_child_stay_an_emergency() -> None:
    result = assess("my toddler was near my baclofen and two are missing")
    assert result.level is Level.EMERGENCY and result.category == "child_ingestion"


@pytest.mark.parametrize(
    "text, mild",
    [
        ("nan's been a bit woozy since her first dose", True),
        ("i feel a little dizzy when i stand up on baclofen", True),
        ("she's a bit drowsy and floppy", False),  # floppy is no common side effect
        ("he's a bit sleepy and not really himself", False),
        ("a bit dizzy but she fell twice", False),
        ("really dizzy since starting", False),  # told as severe
        ("my dad's drowsy and weak on baclofen", False),  # not told as mild
        ("a bit sleepy, something is seriously wrong", False),
    ],
)
def test_only_mild_common_side_effects(text: str, mild: bool) -> None:
    from safety.urgent import only_mild_expected_effects

    assert only_mild_expected_effects(text) is mild


def test_forgetting_doses_on_purpose_is_not_self_harm() -> None:
    text = "he's a moody teen and has started 'forgetting' to take it on purpose. what happens if he just stops?"
    assert assess(text).category != "self_harm"
    assert assess("she took all her tablets on purpose").category == "self_harm"


@pytest.mark.parametrize(
    "text, category",
    [
        (
            "grandad took his baclofen, forgot, took it again, then a third time. now we can barely wake him",
            "unresponsive",
        ),
        (
            "can't get a response from my brother, he's cold and clammy and there are empty packets by the bed",
            "unresponsive",
        ),
        (
            "he stopped all his meds last week because he was fed up, and now he's fitting on the kitchen floor",
            "seizure",
        ),
    ],
)
def test_emergencies_told_in_everyday_words(text: str, category: str) -> None:
    result = assess(text)
    assert result.level is Level.EMERGENCY and result.category == category, result


@pytest.mark.parametrize("text", ["what does nil by mouth mean", "i can barely wake up in the mornings on baclofen"])
def test_general_words_stay_routine(text: str) -> None:
    assert assess(text).level is Level.ROUTINE
