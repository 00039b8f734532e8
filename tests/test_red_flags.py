"""The deterministic red-flag detector: real panicked messages fire, lookalike questions do not.

Sentences are written the way people type in a hurry (typos, no punctuation, texting speech,
carers writing about someone else). Each emergency names the category whose advice should win.
"""

from __future__ import annotations

from collections import Counter
from typing import List, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.red_flags import (
    CATEGORIES,
    PRIORITY,
    RedFlag,
    detect,
    is_general_question,
    mentions_red_flag_terms,
    normalise,
)

ZWSP = "\u200b"  # zero-width space, pasted in from phones and chat apps
LSQ, RSQ, LDQ, RDQ = "\u2018", "\u2019", "\u201c", "\u201d"

EMERGENCIES: List[Tuple[str, str]] = [
    # overdose
    ("i took 10 baclofen by mistake and feel really drowsy", "overdose"),
    ("my dad took way too many of his baclofen tablets", "overdose"),
    ("I think I overdosed on baclofen", "overdose"),
    ("accidentally took my dose twice this morning what do i do", "overdose"),
    ("accidently took 6 tabs instead of 2 help", "overdose"),
    ("grandma took her baclofen 3 times today shes really sleepy", "overdose"),
    ("i swallowed a whole bottle of baclofen", "overdose"),
    ("my husband od'd on his baclofen", "overdose"),
    (f"I{RSQ}ve taken double my dose and I can{RSQ}t stop shaking", "overdose"),
    ("help i took 80mg instead of 20mg", "overdose"),
    ("is it an overdose if i took 8 tablets an hour ago", "overdose"),
    (f"mum took too{ZWSP} many baclofen pills", "overdose"),
    ("i gave my dad his baclofen twice by accident", "overdose"),
    ("what do i do my dad took too many pills", "overdose"),
    ("is it bad that my husband took 15 tablets", "overdose"),
    ("is it dangerous if i took two doses", "overdose"),
    ("my dad overdosed", "overdose"),
    ("he swallowed like 20 baclofen", "overdose"),
    ("took 4 times my dose", "overdose"),
    ("found my dad with an empty packet of baclofen", "overdose"),
    # child_ingestion
    ("my toddler ate my baclofen", "child_ingestion"),
    ("my 2 year old swallowed some of my pills", "child_ingestion"),
    ("baby got into grandmas baclofen", "child_ingestion"),
    ("my son took 3 of my baclofen tablets", "child_ingestion"),
    ("i think my daughter chewed one of the tablets she found on the floor", "child_ingestion"),
    ("my 4yo might have eaten a baclofen", "child_ingestion"),
    ("kid found my baclofen and ate some what do i do", "child_ingestion"),
    ("my grandson got hold of my baclofen bottle", "child_ingestion"),
    ("toddlr swallowed a pill off the floor might be baclofen", "child_ingestion"),
    ("my niece ate one of grandpa's baclofen", "child_ingestion"),
    (f"MY TODDLER ATE SOME{ZWSP} OF MY PILLS", "child_ingestion"),
    ("is it dangerous if my son ate one of my tablets", "child_ingestion"),
    ("daughter drank my baclofen liquid", "child_ingestion"),
    ("my lil one swallowed a pill", "child_ingestion"),
    ("im worried my son took 10 of my pills", "child_ingestion"),
    ("found my 15 year old with an empty bottle of my baclofen", "child_ingestion"),
    # seizure
    ("my son is having a seizure right now", "seizure"),
    ("hes seizing what do i do", "seizure"),
    ("dad keeps having seizures since he stopped baclofen", "seizure"),
    ("shes shaking and jerking all over", "seizure"),
    ("i think im having a siezure", "seizure"),
    ("grandpa is convulsing on the floor", "seizure"),
    ("my daughter has had another fit", "seizure"),
    ("ceasures again today after missing baclofen", "seizure"),
    ("he is fitting and wont stop", "seizure"),
    (f"my wife{RSQ}s having a fit", "seizure"),
    ("my son is shaking uncontrollably and his eyes rolled back", "seizure"),
    ("my daughter is fitting right now", "seizure"),
    # withdrawal_reaction
    ("stopped my baclofen 2 days ago now im seeing things", "withdrawal_reaction"),
    ("my mum ran out of baclofen and shes hallucinating", "withdrawal_reaction"),
    ("ran out of baclofen and now i have a high fever and my muscles are so stiff", "withdrawal_reaction"),
    ("he came off baclofen suddenly and is really confused and sweaty", "withdrawal_reaction"),
    ("since i stopped baclofen im hearing voices", "withdrawal_reaction"),
    ("my dad quit baclofen cold turkey and now hes delirious", "withdrawal_reaction"),
    ("forgot my baclofen for 3 days fever of 39 and everything is tight", "withdrawal_reaction"),
    ("i'm burning up and my muscles are rigid after stopping baclofen", "withdrawal_reaction"),
    ("stopped baclofen and now he's not making sense and has a temperature", "withdrawal_reaction"),
    ("my wife missed her baclofen doses and is acting strange and confused", "withdrawal_reaction"),
    ("halucinating after stopping baclofen", "withdrawal_reaction"),
    ("i stopped baclofen and my temp is 40", "withdrawal_reaction"),
    ("baclofen withdrawal and high fever help", "withdrawal_reaction"),
    # pump_problem (with and without symptoms)
    ("my pump is alarming", "pump_problem"),
    ("the baclofen pump keeps beeping what do i do", "pump_problem"),
    ("my sons pump ran out and his spasms are really bad", "pump_problem"),
    ("we missed the pump refill appointment and hes getting really stiff", "pump_problem"),
    ("itb pump alarm going off and im itching all over", "pump_problem"),
    ("my intrathecal pump stopped working", "pump_problem"),
    ("refill was cancelled and the pump is empty", "pump_problem"),
    ("missed my refil last week and now i feel awful", "pump_problem"),
    ("the pump is beeping and my daughter is itchy and feverish", "pump_problem"),
    (f"the pump{RSQ}s low reservoir alarm went off", "pump_problem"),
    ("pump ran out yesterday", "pump_problem"),
    ("pumps beeping", "pump_problem"),
    ("we couldnt get to the refill appointment and now his temperature is high", "pump_problem"),
    ("refill overdue and hes stiff and hot", "pump_problem"),
    # breathing
    ("my husband is breathing really slowly after taking his baclofen", "breathing"),
    ("i cant breath", "breathing"),
    ("she's struggling to breathe", "breathing"),
    ("my dad's lips are going blue", "breathing"),
    ("he stopped breathing", "breathing"),
    (f"I{RSQ}m having trouble breathing", "breathing"),
    ("grandma is gasping for air", "breathing"),
    ("my chest feels tight and i cant catch my breath", "breathing"),
    ("baby's breathing is really shallow", "breathing"),
    ("short of breath and very drowsy after baclofen", "breathing"),
    ("my throat is closing up", "breathing"),
    ("my daughter is turning blue", "breathing"),
    ("shes blue around the lips", "breathing"),
    ("grandad is barely breathing", "breathing"),
    # unresponsive
    ("i cant wake my son up", "unresponsive"),
    ("my dad wont wake up", "unresponsive"),
    ("she's unconscious", "unresponsive"),
    ("grandma collapsed", "unresponsive"),
    ("he's not responding to me", "unresponsive"),
    ("my wife passed out on the sofa", "unresponsive"),
    ("i cant get him to wake up", "unresponsive"),
    ("mum is really floppy and wont respond", "unresponsive"),
    ("my son has gone limp and is not responding", "unresponsive"),
    ("found my brother unconscious in his room", "unresponsive"),
    ("my son is very hard to wake", "unresponsive"),
    (f"{LDQ}he{RSQ}s not waking up{RDQ} please help", "unresponsive"),
    ("hes out cold", "unresponsive"),
    ("i cant wake her", "unresponsive"),
    ("u there? my mum just collapsed", "unresponsive"),
    ("someone help my husband isnt moving", "unresponsive"),
    ("my patient is unrousable", "unresponsive"),
    # chest_pain_fainting
    ("i have chest pain", "chest_pain_fainting"),
    ("my chest hurts after taking baclofen", "chest_pain_fainting"),
    ("i fainted in the kitchen", "chest_pain_fainting"),
    ("my dad blacked out", "chest_pain_fainting"),
    ("i feel like im going to faint", "chest_pain_fainting"),
    ("pain in my chest and my heart is racing", "chest_pain_fainting"),
    ("i keep fainting since i started baclofen", "chest_pain_fainting"),
    ("grandma fainted twice today", "chest_pain_fainting"),
    ("sharp chest pains and feel dizzy", "chest_pain_fainting"),
    ("heart racing and chest tight", "chest_pain_fainting"),
    ("my heart is pounding and i feel like ill pass out", "chest_pain_fainting"),
    ("i keep blacking out", "chest_pain_fainting"),
    ("i just passed out", "chest_pain_fainting"),
    # substance_mix
    ("i drank a bottle of vodka with my baclofen and now i cant stand", "substance_mix"),
    ("mixed baclofen with alcohol and feel really dizzy", "substance_mix"),
    ("my son took baclofen with weed and hes acting weird", "substance_mix"),
    ("had a few drinks and took my baclofen now im so sleepy", "substance_mix"),
    ("dad took his baclofen with his sleeping pills and is really out of it", "substance_mix"),
    ("boyfriend took baclofen after drinking and now hes throwing up", "substance_mix"),
    ("took baclofen and oxycodone together and i feel weird", "substance_mix"),
    ("drunk and took my baclofen feeling really weird", "substance_mix"),
    ("i smoked weed on baclofen and feel really weird", "substance_mix"),
    ("had 6 beers and took my baclofen and now i feel really weird", "substance_mix"),
    ("had baclofen and xanax and cant keep my eyes open", "substance_mix"),
    ("took baclofen with 4 glasses of wine now i can barely stand", "substance_mix"),
    ("he had baclofen and oxy and is really drowsy and wont answer", "substance_mix"),
    # self_harm
    ("i want to kill myself", "self_harm"),
    ("what happens if i take all my baclofen at once to end it", "self_harm"),
    ("i dont want to be alive anymore", "self_harm"),
    ("thinking of taking all my tablets tonight", "self_harm"),
    ("how many baclofen would it take to die", "self_harm"),
    ("my brother said he wants to end it all", "self_harm"),
    ("i'm going to take the whole bottle", "self_harm"),
    ("i feel like ending my life", "self_harm"),
    ("my daughter has been self harming", "self_harm"),
    ("cant go on like this anymore i want to die", "self_harm"),
    (f"i{RSQ}ve been thinking about suicide", "self_harm"),
    ("is it possible to od on baclofen on purpose", "self_harm"),
    ("no point living anymore", "self_harm"),
    ("how much baclofen would kill me", "self_harm"),
    ("i've been cutting myself", "self_harm"),
    ("im going to overdose on my baclofen tonight", "self_harm"),
    ("thinking about ending it all", "self_harm"),
    ("i wanna kms", "self_harm"),
    ("my mum says she wants to die", "self_harm"),
    ("whats the point of living anymore", "self_harm"),
]

GENERAL_QUESTIONS: List[str] = [
    "can baclofen cause seizures?",
    "what are the withdrawal symptoms?",
    "is an overdose dangerous?",
    "what happens if the pump runs out?",
    "how often is the pump refilled",
    "does baclofen affect breathing",
    "can baclofen make you faint",
    "what are the signs of a baclofen overdose",
    "how much baclofen is an overdose",
    "can you get hallucinations from stopping baclofen",
    "what does the pump alarm mean",
    "why does the pump beep",
    "is chest pain a side effect of baclofen",
    "can baclofen cause trouble breathing",
    "is it safe to drink alcohol with baclofen",
    "can i drink wine while taking baclofen",
    "what should i do if i miss a refill",
    "how do i store baclofen away from kids",
    "is baclofen safe for children",
    "can kids take baclofen",
    "does baclofen cause fever",
    "can baclofen withdrawal cause a high temperature",
    "can baclofen cause confusion in elderly people",
    "how long does the pump battery last",
    "what is an intrathecal baclofen pump",
    "does alcohol make baclofen stronger",
    "what if i stop baclofen all at once",
    "can i take a double dose?",
    "how many tablets can i take",
    "how many baclofen tablets can i take in a day",
    "what is the maximum dose of baclofen per day",
    "what are the symptoms of baclofen withdrawal",
    "does the pump need to be refilled every 3 months",
    "what happens at a pump refill appointment",
    "can baclofen cause chest pain",
    "can baclofen slow your breathing",
    "is shortness of breath a side effect",
    "could baclofen cause seizures in someone with epilepsy",
    "do i need to avoid alcohol on baclofen",
    "is it ok to have a beer on baclofen",
    "what should i do if i miss a dose",
    "what happens if you take too much baclofen",
    "why do people get hallucinations when they stop baclofen",
    "can baclofen make you pass out",
    "is fainting a side effect",
    "what are the symptoms of an overdose",
    "which drugs should not be mixed with baclofen",
    "is it dangerous to mix baclofen with sleeping pills",
    "what is baclofen withdrawal syndrome",
    "how quickly does withdrawal start if the pump stops",
    "can you od on baclofen",
    "is overdosing on baclofen dangerous",
    "can baclofen be taken with alcohol",
    "should baclofen be taken with food",
    "what should i do if my pump alarm goes off",
    "what should i do if someone has a seizure",
    "what happens if a child drinks baclofen syrup",
    "how much baclofen can i take to ease spasms",
]

NOT_EMERGENCY_STATEMENTS: List[str] = [
    "since starting baclofen my arms feel floppy and weak",
    "my son has cerebral palsy",
    "my son has seizures and cp can he take baclofen",
    "i took 2 tablets at 8am as prescribed",
    "i gave my son his baclofen at 7am",
    "my son took his 5mg dose at school",
    "i took 2 baclofen this morning and my legs feel looser",
    "i missed a dose",
    "i had a fever last year",
    "i'm confused about the dosing",
    "im confused about when to take it",
    "my spasms are not responding to baclofen",
    "my son takes his baclofen at night",
    "i want to stop taking baclofen",
    "i take 20mg three times a day",
    "i took my baclofen this morning",
    "i took 10mg at breakfast",
    "i took baclofen three times a day for years",
    "it took 3 weeks for baclofen to help",
    "my daughter took her baclofen with dinner",
    "my son took his baclofen at 8pm",
    "my son has been on baclofen since he was 5",
    "my dad has a baclofen pump",
    "my pump refill is next tuesday",
    "we have a pump refill booked for friday",
    "the pump was refilled last week and it went fine",
    "my daughter had her pump replaced last year",
    "i had a seizure years ago before i started baclofen",
    "my son has epilepsy and takes keppra",
    "my fits are well controlled",
    "my breathing is fine",
    "i do breathing exercises for my anxiety",
    "i'm tired all the time on baclofen",
    "baclofen makes me drowsy",
    "i had a glass of wine last night with my baclofen and felt fine",
    "i drank a beer last night with my baclofen and felt fine",
    "i keep my pills locked away from my toddler",
    "my daughter takes baclofen for her cp",
    "my 5 year old takes 5mg of baclofen twice a day",
    "my grandma was confused about which tablets to take",
    "i forgot to take my baclofen yesterday",
    "i want to come off baclofen slowly",
    "my neurologist wants me to stop baclofen",
    "i set an alarm on my phone for my doses",
    "my baby brother has cp and is on baclofen",
    "i can't wake up in the mornings since starting baclofen",
    "i'm not responding to the lower dose",
    "i've had a lot of spasms today",
    "the pharmacy was late with my prescription refill",
    "i feel better since starting baclofen",
    "my son is having a good day",
    "my mum has had a lot of questions about the pump",
    "i'm worried about overdose",
    "i'm scared of withdrawal",
    "i'm nervous about the pump refill",
    "i can't wake up early anymore",
    "i sometimes can't wake up on time",
    "my son drank some juice with his pills",
    "i passed out from exhaustion years ago",
    "my son had a fit when he was 2",
    "my son drank his baclofen syrup like normal",
    "my baby is teething and has a temperature of 37",
    "my daughter takes 3 tablets a day",
    "my son takes 10mg three times a day",
    "i took baclofen yesterday and i'm fine",
    "my dad has trouble swallowing tablets",
    "i have trouble sleeping on baclofen",
    "my daughter's seizures got better on baclofen",
    "i can't stay awake on baclofen",
    "he's not moving his legs much",
    "my dad is not moving well since the stroke",
    "my son won't answer his phone",
]

EVERYDAY_WORDS: List[str] = [
    "the new splint doesn't fit",
    "the splint isnt fitting properly",
    "my son had a fit of giggles after his physio",
    "he threw a fit when i gave him his medicine",
    "my daughter is fitting in well at her new school",
    "this stiffness is killing me",
    "i'm so tired i could sleep for a week",
    "i'm breathing a sigh of relief the spasms are better",
    "i'm dying to know if baclofen helps with ms",
    "the pump fits under the skin of the belly",
    "i'm pumped to start physio",
    "the pump is blue",
    "my lips are dry from the spasm meds",
    "this pain is going to kill me",
    "no point in taking it if it doesn't work",
    "how many tablets to end the spasms",
    "temperature of the fridge for baclofen",
]

NEAR_MISSES: List[str] = GENERAL_QUESTIONS + NOT_EMERGENCY_STATEMENTS + EVERYDAY_WORDS


def _ids(cases: List[Tuple[str, str]]) -> List[str]:
    return [f"{category}-{index}" for index, (_, category) in enumerate(cases)]


@pytest.mark.parametrize("text,category", EMERGENCIES, ids=_ids(EMERGENCIES))
def test_emergency_is_detected_with_its_category(text: str, category: str) -> None:
    flag = detect(text)
    assert flag is not None, f"missed emergency: {text!r}"
    assert flag.category == category, f"{text!r} -> {flag}"
    assert flag.evidence, "evidence should quote the matched words"


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_is_not_an_emergency(text: str) -> None:
    assert detect(text) is None, f"false alarm: {text!r} -> {detect(text)}"


def test_every_category_has_enough_emergencies_and_enough_near_misses() -> None:
    # allergic_reaction and animal_ingestion are covered by tests/test_triage.py's blind set
    counts = Counter(category for _, category in EMERGENCIES)
    assert set(counts) | {"allergic_reaction", "animal_ingestion"} == set(CATEGORIES)
    assert min(counts.values()) >= 7, counts
    assert len(EMERGENCIES) >= 90
    assert len(NEAR_MISSES) >= 90
    assert len(set(NEAR_MISSES)) == len(NEAR_MISSES)


def test_priority_covers_every_category_once() -> None:
    assert sorted(PRIORITY) == sorted(CATEGORIES)


# ---------------------------------------------------------------- priority between categories


@pytest.mark.parametrize(
    "text,category",
    [
        ("i want to die so i took all my baclofen", "self_harm"),
        ("i took 20 tablets to kill myself", "self_harm"),
        ("overdosed on purpose because i want to end my life", "self_harm"),
        ("my toddler swallowed a handful of my pills", "child_ingestion"),
        ("my 3 year old took too many of my baclofen", "child_ingestion"),
    ],
)
def test_most_specific_category_wins(text: str, category: str) -> None:
    flag = detect(text)
    assert flag is not None and flag.category == category, flag


# ---------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    "raw,expected",
    [
        (f"my{ZWSP} son", "my son"),
        ("over\u200ddose\ufeff", "overdose"),
        (f"he{RSQ}s {LDQ}fine{RDQ}", 'he\'s "fine"'),
        (f"it{LSQ}s", "it's"),
        ("BACLOFEN Pump", "baclofen pump"),
        ("  lots\t\tof \n space  ", "lots of space"),
        ("bell\x07 and\x00null", "bell and null"),
        ("cant breath", "can't breathe"),
        ("im having a siezure", "i'm having a seizure"),
        ("u ok? baclofin", "you ok? baclofen"),
        ("my toddlr swalowed tabs", "my toddler swallowed tablets"),
        ("ｂａｃｌｏｆｅｎ", "baclofen"),  # full-width letters from some phone keyboards
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_is_idempotent_on_messages() -> None:
    for text, _ in EMERGENCIES:
        once = normalise(text)
        assert normalise(once) == once


# ---------------------------------------------------------------- gating helpers


@pytest.mark.parametrize("text", GENERAL_QUESTIONS)
def test_general_questions_are_recognised(text: str) -> None:
    assert is_general_question(text)


@pytest.mark.parametrize(
    "text",
    [text for text, category in EMERGENCIES if category not in {"self_harm"}][::3]
    + ["my pump is beeping, what do i do?", "is it normal that he won't wake up?"],
)
def test_emergencies_are_not_general_questions(text: str) -> None:
    assert not is_general_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "can baclofen cause seizures?",
        "is an overdose dangerous?",
        "how often is the pump refilled",
        "does baclofen affect breathing",
        "can baclofen make you faint",
        "what are the withdrawal symptoms?",
        "can baclofen cause a fever",
        "i'm confused about the dosing",
    ],
)
def test_red_flag_terms_are_noticed_in_near_misses(text: str) -> None:
    assert detect(text) is None
    assert mentions_red_flag_terms(text)


@pytest.mark.parametrize(
    "text",
    ["what is baclofen", "how do i take baclofen with food", "hello", "", "my son has cerebral palsy"],
)
def test_plain_questions_have_no_red_flag_terms(text: str) -> None:
    assert not mentions_red_flag_terms(text)


@pytest.mark.parametrize("text", [text for text, _ in EMERGENCIES][::4])
def test_emergencies_count_as_red_flag_terms(text: str) -> None:
    # The disclaimer near red-flag topics must never be weaker than for the topic itself.
    assert mentions_red_flag_terms(text)


# ---------------------------------------------------------------- robustness and speed


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    flag = detect(text)
    assert flag is None or (isinstance(flag, RedFlag) and flag.category in CATEGORIES)
    assert isinstance(normalise(text), str)
    assert isinstance(is_general_question(text), bool)
    assert isinstance(mentions_red_flag_terms(text), bool)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.sampled_from([t for t, _ in EMERGENCIES] + NEAR_MISSES)),
    st.text(alphabet=" \t\n\r", max_size=4),
    st.text(alphabet=" \t\n\r", max_size=4),
)
def test_detect_ignores_case_and_surrounding_whitespace(text: str, before: str, after: str) -> None:
    expected = detect(text)
    assert detect(before + text.upper() + after) == expected


@pytest.mark.parametrize(
    "text, named",
    [
        ("my cat got at my baclofen tablets", True),
        ("the dog ate a blister pack", True),
        ("toddler swallowed something", True),
        ("legs feel weak", True),
        ("write me a poem about my cat please", False),
        ("my kid's school play is tonight", False),
        ("what is baclofen", False),
    ],
)
def test_who_it_happens_to_names_a_red_flag_only_next_to_medicine(text: str, named: bool) -> None:
    from safety.red_flags import names_red_flag

    assert names_red_flag(text) is named


@pytest.mark.parametrize(
    "text, category",
    [
        # another sedative or drink with baclofen, and a sign now
        ("took my baclofen with diazepam earlier and now i'm super sleepy", "substance_mix"),
        ("baclofen plus gabapentin and a few pints, feel like i'm fading", "substance_mix"),
        # red flags told in another language, or half in one
        ("mio padre non si sveglia dopo il baclofen", "unresponsive"),
        ("my gran no se despierta, she's on baclofen", "unresponsive"),
        ("ihre Lippen schwellen an seit dem Baclofen", "allergic_reaction"),
    ],
)
def test_sedative_mixes_and_other_language_red_flags(text: str, category: str) -> None:
    found = detect(text)
    assert found is not None and found.category == category, (text, found)
