"""Deterministic red-flag detection: is someone describing a medical emergency right now?

Used by the Rasa server (components/red_flags.py) on every message, before any dialogue,
and by the action server to give full-strength disclaimers near red-flag topics. Standard
library only, so it is cheap to run and easy to test.

Each category has two kinds of pattern:
- `strong`: fires whatever the grammar ("he's unconscious, what do I do?" is an emergency);
- `report`: fires only when the message is not a general question ("I have trouble
  breathing" is an emergency, "does baclofen cause trouble breathing?" is a question).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Pattern, Tuple

CATEGORIES: Tuple[str, ...] = (
    "overdose",
    "child_ingestion",
    "seizure",
    "withdrawal_reaction",
    "pump_problem",
    "breathing",
    "unresponsive",
    "chest_pain_fainting",
    "substance_mix",
    "self_harm",
)

# When several categories match, the most specific advice wins (crisis line, poison control).
PRIORITY: Tuple[str, ...] = (
    "self_harm",
    "child_ingestion",
    "overdose",
    "substance_mix",
    "pump_problem",
    "breathing",
    "unresponsive",
    "seizure",
    "withdrawal_reaction",
    "chest_pain_fainting",
)


@dataclass(frozen=True)
class RedFlag:
    category: str
    evidence: str


# ---------------------------------------------------------------- normalisation

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "`": "'"})

# Texting speech and common misspellings, word by word, so the patterns can stay readable.
_WORD_FIXES: Dict[str, str] = {
    "cant": "can't", "cnt": "can't", "wont": "won't", "dont": "don't", "didnt": "didn't",
    "doesnt": "doesn't", "isnt": "isn't", "couldnt": "couldn't", "wouldnt": "wouldn't",
    "shouldnt": "shouldn't", "hasnt": "hasn't", "havent": "haven't", "wasnt": "wasn't", "werent": "weren't",
    "arent": "aren't", "aint": "ain't", "youre": "you're", "whats": "what's", "thats": "that's", "itll": "it'll", "im": "i'm", "ive": "i've", "hes": "he's", "shes": "she's",
    "theyre": "they're", "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please",
    "b4": "before", "2day": "today", "n": "and", "&": "and", "w/": "with", "gonna": "going to",
    "wanna": "want to", "kinda": "kind of", "bc": "because", "cuz": "because", "coz": "because",
    "abt": "about", "rn": "right now", "ppl": "people", "tabs": "tablets", "tabets": "tablets",
    "tablests": "tablets", "pils": "pills", "meds": "medicine", "medz": "medicine",
    "baclofin": "baclofen", "baclophen": "baclofen", "bacolfen": "baclofen", "baklofen": "baclofen",
    "backlofen": "baclofen", "baclafen": "baclofen",
    "siezure": "seizure", "siezures": "seizures", "seizur": "seizure", "seizuer": "seizure",
    "sezure": "seizure", "sezures": "seizures", "seisure": "seizure", "seisures": "seizures",
    "ceasure": "seizure", "ceasures": "seizures", "seazure": "seizure", "seazures": "seizures",
    "siezing": "seizing", "seizeing": "seizing", "convulsing": "convulsing", "convulsions": "convulsions",
    "breathin": "breathing", "breating": "breathing", "breahting": "breathing", "breathng": "breathing",
    "brething": "breathing", "breth": "breathe", "breath": "breathe", "breate": "breathe",
    "overdoes": "overdose", "ovedose": "overdose", "overdoze": "overdose", "overdossed": "overdosed",
    "od": "overdose", "od'd": "overdosed", "oded": "overdosed", "o.d.": "overdosed", "od'ed": "overdosed",
    "halucinating": "hallucinating", "hallucinatin": "hallucinating", "halucinations": "hallucinations",
    "hallucinatons": "hallucinations", "hallucinaitng": "hallucinating", "halucinate": "hallucinate",
    "feaver": "fever", "fevor": "fever", "fevers": "fever", "temprature": "temperature",
    "unconcious": "unconscious", "unconsious": "unconscious", "unresponsive": "unresponsive",
    "unresponsiv": "unresponsive", "responsive": "responsive", "respondin": "responding",
    "colapsed": "collapsed", "collasped": "collapsed", "fainted": "fainted", "fanted": "fainted",
    "suicidle": "suicidal", "sucidal": "suicidal", "suicidel": "suicidal", "suiside": "suicide",
    "swalowed": "swallowed", "swollowed": "swallowed", "swallowd": "swallowed", "swolled": "swallowed",
    "ate": "ate", "eatten": "eaten", "toddlr": "toddler", "todler": "toddler", "bby": "baby",
    "alarming": "alarming", "beepin": "beeping", "beaping": "beeping", "refil": "refill",
    "accidently": "accidentally", "accidentaly": "accidentally", "acidentally": "accidentally",
    "tablts": "tablets", "tablet's": "tablets", "pils's": "pills", "overdosing": "overdosing",
    "unconsiouss": "unconscious", "unconcsious": "unconscious", "responing": "responding",
    "wakeing": "waking", "wakin": "waking", "collaped": "collapsed", "colapse": "collapse",
    "fiant": "faint", "fainting": "fainting", "feinted": "fainted", "feint": "faint",
    "chestpain": "chest pain", "brethe": "breathe", "breathig": "breathing", "breathign": "breathing",
    "hallucinatting": "hallucinating", "halucinating": "hallucinating", "hallusinating": "hallucinating",
    "suicidal": "suicidal", "sucide": "suicide", "suicde": "suicide", "kms": "kill myself",
    "alchohol": "alcohol", "alcohal": "alcohol", "alcool": "alcohol", "drinkin": "drinking",
    "yo": "yo", "yr": "year", "yrs": "years", "mths": "months",
}
_WORD = re.compile(r"[a-z0-9&/'.]+")


def normalise(text: str) -> str:
    """Lower case, NFKC, no invisible characters, straight quotes, fixed typos, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_QUOTES).lower()
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)

    def fix(match: "re.Match[str]") -> str:
        word = match.group(0)
        stripped = word.rstrip(".")
        if stripped in _WORD_FIXES:
            return _WORD_FIXES[stripped] + word[len(stripped):]
        return word

    text = _WORD.sub(fix, text)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- vocabulary

_PERSON = (
    r"(?:i|i'm|i've|me|we|he|she|they|he's|she's|they're|someone|somebody|my \w+(?: \w+)?|"
    r"our \w+|his \w+|her \w+|the patient|(?:the )?(?:kid|child|baby|toddler))"
)
_CHILD = (
    r"(?:child|children|kid|kids|toddler|baby|babies|infant|son|daughter|boy|girl|grandson|granddaughter|"
    r"grandchild|grandkid|nephew|niece|little one|lil one|little 'un|bub|bubba|newborn|preschooler|twins?|\d+ ?(?:(?:year|yr|month|week)s?[- ]?olds?|y/?o|yos?)|teen|teenager)"
)
_OTHER_ADULT = (
    r"(?:husband|wife|partner|dad|father|mum|mom|mother|brother|sister|friend|flatmate|roommate|"
    r"grandma|grandpa|granny|grandad|grandmother|grandfather|nan|aunt|uncle|someone|somebody)"
)
_INGEST_ANY = r"(?:swallowed|swallowing|ate|eaten|eating|chewed|chewing|got into|gotten into|got hold of|found and (?:ate|took|swallowed)|has had|might have (?:eaten|swallowed|taken)|may have (?:eaten|swallowed|taken))"
_TOOK = r"(?:took|taken|has taken|had taken)"
_NOT_OWN = r"(?:my|mine|our|mum's|mom's|dad's|grandma's|grandpa's|granny's|nan's|grandad's|someone's|somebody's|her mum's|his mum's|some|a few|several|a handful|handful|lots|loads|a bunch|\d+|two|three|four|five|six|the whole|all|a couple)"
_PILLS = r"(?:pills?|tablets?|baclofen|medicine|medication|tabs|bottle|packet|strip|lioresal|them|some)"
_QUANTITY = (
    r"(?:too many|too much|way too|extra|an extra|a double|double|twice|triple|three times|the whole|a whole|"
    # one or two tablets is an ordinary dose; from three on (or two doses) it is worth a call
    r"all (?:of )?(?:my|his|her|the|their)|all|a handful|handful|loads|lots|a bunch|a lot|[3-9]|[1-9]\d+|"
    r"(?:two|2) (?:doses|lots|days' worth)|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|more than)"
)
_UNWELL_NOW = (
    r"(?:now|(?:feel|feels|feeling|felt)(?! (?:fine|ok|okay|good|great|normal|alright|all right|better))|can't stay awake|can't stand|"
    r"can't keep (?:my|his|her|their) eyes open|(?:really|very|extremely) drowsy|won't answer|not answering|very (?:drowsy|sleepy)|so (?:drowsy|sleepy)|"
    r"throwing up|vomiting|being sick|passed out|unwell|really sick|out of it|won't wake|confused|"
    r"dizzy|slurring|can't walk|not right|weird|strange|acting (?:weird|strange|odd))"
)
_SUBSTANCE = (
    r"(?:alcohol|drink|drinks|drinking|drank|beer|beers|wine|vodka|whisky|whiskey|booze|drunk|"
    r"weed|cannabis|opioids?|oxy\w*|heroin|fentanyl|sleeping pills|xanax|benzos?|valium|drugs|pills)"
)
_NOT_A_PILL_COUNT = (
    r"(?! ?(?:mg|ml|milligrams?)\b| (?:\w+ )?(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|am|pm|o'clock)\b|"
    r" (?:times |x )?(?:a|per|each|every) (?:day|week|night|morning)\b| ?x (?:a|per) day\b| daily\b|"
    r" (?:\w+ )?(?:of )?(?:glass\w*|pints?|beers?|drinks?|shots?|cans?|units?|wine|vodka|whisk\w*|cups?)\b)"
)
# "i had a seizure years ago" is history, not an emergency
_LONG_AGO = (
    r"(?![^.?!]{0,30}?\b(?:(?:years?|months?|weeks?) ago|last (?:year|month)|as a (?:child|kid|baby|teen\w*)|"
    r"when (?:i|he|she) was|in the past)\b)"
)
_REPORT_MARKER = re.compile(
    r"\b(now|right now|just|currently|at the moment|keeps?|won't|can't wake|help me|please help|"
    r"i took|he took|she took|they took|ambulance|i'm having|he's having|she's having|is having|are having|"
    r"started|since|after stopping|this morning|tonight|today|last night|"
    # past events, but not the passive of a general question ("should it be taken with food?")
    r"(?=[tsaedmocf])(?<!be )(?<!been )(?<!being )(?:took|taken|swallowed|ate|eaten|drank|mixed|overdosed|collapsed|fainted)|"
    r"what (?:do|should|can) (?:i|we) do(?! if\b))\b"
)
# "is it dangerous if my son ate one?" asks about something that already happened.
_PAST_AFTER_IF = re.compile(
    r"\bif (?:i|he|she|they|we|my \w+(?: \w+)?|our \w+) (?:have |has |had |just |already |accidentally )*"
    r"(?:took|taken|ate|eaten|swallowed|drank|mixed|overdosed)\b"
)
_QUESTION_START = re.compile(
    r"^(?:can|could|does|do|did baclofen|will|would|is|are|should|what|how|why|when|which|may|might|"
    r"any|tell me|explain|i wonder|wondering)\b"
)
# "i'm worried about overdose" voices a concern; a report still needs a report marker
_CONCERN = re.compile(
    r"^(?:i'm |i am |we're |we are |i've been |i get |i feel )?(?:a bit |really |very |so )?"
    r"(?:worried|scared|afraid|concerned|nervous|anxious|paranoid|frightened) (?:about|of)\b"
)
_HYPOTHETICAL = re.compile(r"\b(what if|what happens if|what would happen|if you|if someone|if a person|in case)\b")


def _compile(patterns: List[str]) -> List[Pattern[str]]:
    return [re.compile(p) for p in patterns]


_STRONG: Dict[str, List[Pattern[str]]] = {
    "self_harm": _compile([
        r"\bsuicid\w*",
        r"\b(?:kill|hurt|harm|cut|hang|poison|starv|drown|overdos)\w* (?:my ?self|myself)\b",
        r"\bself[- ]?harm\w*",
        r"\bend(?:ing)? (?:my|his|her) (?:own )?life\b",
        r"\b(?:to|i'll|i will|might|just|going to) end (?:it|it all|things|everything)\b",
        r"\bending (?:it all|everything)\b",
        r"\b(?:thinking (?:of|about)|considering|contemplating|want to|going to) ending (?:it|things)\b",
        r"\b(?:wants?|wants? to|going to|plan(?:ning)? to|plans to|thinking (?:of|about)|thought about|tempted to) (?:to )?die\b",
        r"\bwhat's the point (?:of|in) (?:going on|living|carrying on|being alive|life|anything)\b",
        r"\b(?:don't|do not|no longer) want to (?:live|be alive|be here|exist|wake up|go on)\b",
        r"\bno (?:reason|point) (?:(?:to|in) )?(?:live|living|going on|carry on|carrying on|being alive)\b",
        r"\bbetter off dead\b",
        r"\b(?:wish i was|wish i were|rather be) dead\b",
        r"\b(?:thinking of|thinking about|want to|going to|plan(?:ning)? to|tempted to|might) (?:take|taking|swallow|swallowing) "
        r"(?:all|the whole|every)\b",
        r"\btake (?:all|the whole \w+) (?:of )?(?:my )?\w+ (?:at once )?to (?:end|die|stop)",
        # asking how much it takes to die is treated as intent, whatever the grammar
        r"\b(?:take|takes|need|enough|how many|how much)\b[^.?!]{0,30}?\bto (?:die|kill (?:me|myself|a person|someone|you)|end (?:it|my life|things))\b",
        r"\b(?:lethal|fatal|deadly) (?:dose|amount|overdose)\b",
        r"\b(?:how many|how much|enough)\b[^.?!]{0,30}?\b(?:kill|end) (?:me|myself|it|my life|a person|someone)\b",
        r"\b(?:going to|want to|plan(?:ning)? to|thinking (?:of|about)|i'll|i will|tempted to) overdos\w*",
        r"\b(?:overdos\w*|took|take|taking|swallow\w*)\b[^.?!]{0,40}?\b(?:on purpose|deliberately|intentionally)\b",
    ]),
    "child_ingestion": _compile([
        rf"\b{_CHILD}\b[^.?!]{{0,40}}?\b{_INGEST_ANY}\b[^.?!]{{0,40}}?\b{_PILLS}\b",
        rf"\b{_CHILD}\b[^.?!]{{0,40}}?\b{_TOOK}\b[^.?!]{{0,15}}?\b{_NOT_OWN}\b[^.?!]{{0,25}}?\b{_PILLS}\b",
        rf"\b{_OTHER_ADULT}\b[^.?!]{{0,25}}?\b(?:{_INGEST_ANY}|{_TOOK}) (?:\w+ )?(?:of )?(?:my|mine)\b[^.?!]{{0,20}}?\b{_PILLS}\b",
        rf"\b{_CHILD}\b[^.?!]{{0,30}}?\b(?:swallowed|ate|eaten|chewed) (?:a |an |one |some |two |\d+ )?(?:of )?(?:the |my |her |his )?{_PILLS}\b",
        rf"\b(?:found|caught)\b[^.?!]{{0,30}}?\b{_CHILD}\b[^.?!]{{0,30}}?\b(?:empty|opened|open|half[- ]empty) (?:packet|bottle|strip|box|blister)",
        # liquid baclofen: "drank" alone is everyday ("drank some juice"), so the medicine must be named
        rf"\b{_CHILD}\b[^.?!]{{0,30}}?\b(?:drank|drunk|drinking|swallowed|had) (?:some |a bit |half |all |most |a lot )?(?:of )?"
        rf"(?:the |my |our |a |{_NOT_OWN} )?(?:bottle of )?(?:baclofen|lioresal|liquid baclofen|baclofen (?:liquid|syrup|solution)|syrup|medicine bottle)\b",
    ]),
    "overdose": _compile([
        r"\b(?:i|he|she|they|we|just|has|have|had|i've|he's|she's|they've|may have|might have|think i|think he|think she) (?:\w+ )?overdosed\b",
        r"\btook an overdose\b",
        r"\bfound (?:\w+ ){1,3}?with (?:an |the |a )?(?:empty|half[- ]empty) (?:packet|bottle|strip|box|blister|pill)",
        r"\b(?:my|our|his|her) \w+(?: \w+)? (?:has |have |just |may have |might have )?overdosed\b",
        r"\boverdosed on\b",
        r"\b(?:i'm|i am|he's|he is|she's|she is|they're|they are|(?:my|our|his|her) \w+ (?:is|are)) (?:\w+ )?overdosing\b",
    ]),
    "pump_problem": _compile([]),
    "breathing": _compile([
        r"\b(?:can't|cannot|can not|can hardly|barely|struggling to|struggles to|unable to|fighting to) breathe\b",
        r"\bbreathing\b[^.?!]{0,25}?\b(?:slow\w*|shallow|stopped|weird|strange|funny|irregular|laboured|labored|noisy|rattl\w*)\b",
        r"\b(?:slow|shallow|stopped|stopping|not|barely|hardly|isn't|is not) breathing\b",
        r"\bgasping\b",
        r"\bthroat (?:is |feels )?(?:closing|swelling|swollen|tight)\b",
        r"\b(?:turning|going|gone|went|looks?|looking) (?:a bit |very |really )?blue\b",
        r"\b(?:he's|she's|he is|she is|they're|they are|(?:son|daughter|baby|child|kid|toddler|husband|wife|dad|mum|mom|partner) is) (?:\w+ )?blue\b",
        r"\bblue (?:around|round|on|in) (?:the|his|her|my|their) (?:lips|mouth|face)\b",
        r"\b(?:lips|face|skin)\b[^.?!]{0,15}?\b(?:blue|grey|gray)\b",
        r"\bcan't catch (?:my|his|her|their) breathe\b",
    ]),
    "unresponsive": _compile([
        # "i can't wake up in the mornings" is tiredness, not someone else who will not wake
        r"\b(?:can't|cannot|can not|won't|will not|unable to|couldn't|could not|not able to) (?:wake|rouse)\b(?! up\b| me\b| myself\b)",
        r"\b(?=c|w|u|n)(?<!\bi )(?<!\bi just )(?<!\bi often )(?<!\bi sometimes )(?:can't|cannot|can not|won't|will not|unable to|couldn't|could not|not able to) (?:wake|rouse) up\b"
        r"(?! (?:in|early|on time|at|before|for|till|until|easily|properly)\b)",
        r"\b(?:can't|cannot|can not|won't|will not|unable to|couldn't|could not|not able to) (?:wake|rouse|get) (?:him|her|them|my \w+|\w+) (?:to )?(?:wake )?up\b",
        r"\b(?=w|d|i|n)(?<!\bi'm )(?<!\bi am )(?:won't|will not|doesn't|does not|isn't|is not|not) (?:wake|waking|respond|responding|responsive)\b"
        r"(?! to (?:baclofen|it|treatment|medication|medicine|tablets|pills|therapy|physio|drugs?|the (?:\w+ )?(?:dose|medicine|medication|drug|treatment|tablets|pump|pills)|any (?:treatment|medication|medicine|drugs?))\b)",
        r"\b(?:hard|difficult|impossible) to (?:wake|rouse)\b",
        r"\bunresponsive\b",
        r"\bun-?a?rous(?:e)?able\b",
        r"\b(?:he|she|they|he's|she's|they're|(?:my|our) (?:\w+ )?(?:son|daughter|baby|child|kid|toddler|husband|wife|partner|dad|mum|mom|father|mother|brother|sister|friend|grandma|grandpa|nan|granny|patient)) (?:isn't|is not|'s not|not|has stopped|stopped|won't|doesn't|does not) (?:moving|move)\b"
        r"(?! (?:(?:his|her|their|my|the) \w+|much|well|as|very|properly|around|about)\b)",
        r"\b(?:is|are|was|he's|she's|they're|went|gone|just went|found (?:\w+ ){1,2}?)unconscious\b",
        r"\b(?:has |have |just |suddenly )?collapsed\b",
        # "i passed out" is said by someone who came round: that is fainting, below
        r"\b(?=pass)(?<!\bi )(?<!\bi just )(?<!\bi've )(?<!\bi have )(?<!\bi keep )(?<!\bi'm )(?:passed|passing) out\b",
        r"\b(?:floppy|limp)\b[^.?!]{0,20}?\b(?:won't|will not|not|isn't|can't) (?:respond|responding|wake|waking|move|moving)\b",
        r"\bout cold\b",
    ]),
    "seizure": _compile([
        r"\b(?:having|is having|started having|keeps having|getting|in the middle of|just had|now having) (?:a |another |more |lots of |several )?(?:seizures?|fits?|convulsions?)\b(?! of\b)",
        r"\b(?:had|has had|got) (?:a|another) (?:seizure|fit|convulsion)\b(?! of\b)" + _LONG_AGO,
        r"\b(?:seizing|convulsing)\b",
        r"\beyes (?:have |are |were )?(?:rolled|rolling) (?:back|up)\b",
        r"\b(?:shaking|jerking|twitching) (?:uncontrollably|all over and (?:not|won't|can't))\b",
        r"\bfoaming at the mouth\b",
        # "fitting" is also what splints and school friends do
        r"\b(?:is|are|am|i'm|he's|she's|they're|been|keeps?|started|still|now) (?:\w+ )?fitting\b(?! (?:in|into|well|properly|ok|okay|fine|the|his|her|my|a|for|over|under|on)\b)",
        r"\b(?:shaking|jerking|twitching) (?:and|&) (?:jerking|shaking|twitching|won't stop|foaming)\b",
        r"\bnow (?:i'm |he's |she's |they're )?(?:having )?(?:seizures?|fits|convulsions)\b",
    ]),
    "withdrawal_reaction": _compile([
        r"\b(?:seeing|hearing) (?:things|stuff|people|voices|bugs|spiders)\b",
        r"\b(?:is|are|am|i'm|he's|she's|they're|been|keeps?|started|now|currently|suddenly) (?:\w+ )?hallucinat\w*",
        r"\bhallucinating\b",
        r"\bburning up\b",
        r"\b(?:is|are|am|i'm|he's|she's|they're|been|now|suddenly|very|really|so) (?:really |very |so )?(?:confused|delirious|disoriented|disorientated)\b(?! (?:about|by|with|as to|why|what|how|whether|if|over|on)\b)",
        r"\b(?:fever|temperature|temp) (?:of|is|at|over|above) (?:3[89]|4[0-2]|10[0-9])",
    ]),
    "chest_pain_fainting": _compile([
        r"\b(?:fainted|blacked out|blacking out|keeps passing out)\b" + _LONG_AGO,
        r"\bi (?:just |have |'ve |keep |am |'m )?(?:passed|passing) out\b" + _LONG_AGO,
        r"\bi've (?:just )?passed out\b" + _LONG_AGO,
    ]),
    "substance_mix": _compile([]),
}

_REPORT: Dict[str, List[Pattern[str]]] = {
    "pump_problem": _compile([
        r"\bpumps?\b[^.?!]{0,40}?\b(?:alarm\w*|beep\w*|ran out|has run out|running out|is empty|went empty|empty|"
        r"stopped working|not working|isn't working|stopped|broke|broken|failed|failing|malfunction\w*|error|leak\w*)",
        r"\b(?:alarm|beeping)\b[^.?!]{0,30}?\bpumps?\b",
        r"\b(?:missed|miss|late|forgot|skipped|overdue|cancelled|postponed)\b[^.?!]{0,20}?\brefill\b",
        r"\brefill\b[^.?!]{0,20}?\b(?:missed|late|overdue|cancelled|forgotten|skipped)\b",
        r"\b(?:couldn't|could not|can't|didn't|did not|never) (?:get to|make it to|make|go to|attend) (?:the |our |my |his |her |their )?(?:\w+ )?refill\b",
    ]),
    "overdose": _compile([
        rf"\b(?:took|taken|swallowed|popped|downed|gave|given)\b[^.?!]{{0,25}}?\b{_QUANTITY}\b{_NOT_A_PILL_COUNT}",
        # "had"/"ate" are everyday words: only with pills named ("had 3 of my tablets", not "had 6 beers")
        rf"\b(?:had|ate|eaten)\b[^.?!]{{0,15}}?\b{_QUANTITY}\b[^.?!]{{0,15}}?\b(?:pills?|tablets?|baclofen|doses?|lioresal)\b",
        r"\b(?:took|taken|had|gave|given|swallowed)\b[^.?!]{0,40}?\b(?:instead of|by mistake|by accident|accidentally|in error)\b",
        r"\b(?:accidentally|by mistake|mistakenly)\b[^.?!]{0,10}?\b(?:took|taken|had|gave|given|swallowed|doubled)\b",
        r"\b(?:took|taken|had|swallowed)\b[^.?!]{0,25}?\b(?:[1-9]\d{2,}) ?mg\b",
        r"\boverdose\b",
        r"\btoo many (?:pills|tablets|baclofen)\b",
    ]),
    "substance_mix": _compile([
        rf"\b(?:mixed|drank|had|took|been drinking|was drinking|after drinking|on top of|with)\b[^.?!]{{0,40}}?\b{_SUBSTANCE}\b[^.?!]{{0,50}}?\b{_UNWELL_NOW}\b",
        rf"\b{_SUBSTANCE}\b[^.?!]{{0,40}}?\b(?:baclofen|it)\b[^.?!]{{0,40}}?\b{_UNWELL_NOW}\b",
    ]),
    "breathing": _compile([
        r"\b(?:trouble|difficulty|difficulties|problems?|struggling|hard|short of breathe|shortness of breathe)\b[^.?!]{0,10}?\bbreath\w*",
        r"\bbreathing (?:problems?|difficulties|trouble)\b",
        r"\b(?:short of|shortness of|out of) breathe\b",
    ]),
    "seizure": _compile([r"\b(?:seizures?|convulsions?|fits?)\b[^.?!]{0,20}?\b(?:now|again|won't stop|right now)\b"]),
    "withdrawal_reaction": _compile([
        r"\b(?:stopped|quit|came off|ran out of|missed|forgot)\b[^.?!]{0,60}?\b(?:hallucinat\w*|fever|confus\w*|temperature|delirious)\b",
        r"\b(?:have|has|got|running|with) (?:a )?(?:high )?(?:fever|temperature)\b(?! of (?:3[0-7]|9\d)(?:\.\d)?\b)",
        r"\b(?:high|very high|huge|really high|spiking|spiked) (?:fever|temperature|temp)\b",
        r"\b(?:fever|temperature|temp) (?:is |went |has gone |keeps )?(?:very |really |so )?(?:high|up|spiking|rising|through the roof)\b",
    ]),
    "chest_pain_fainting": _compile([
        r"\bchest (?:pain|pains|hurts|hurting|is tight|tightness|pressure)\b",
        r"\bchest (?:is |feels |feeling |gets |got |going )?(?:very |really |so )?(?:tight|heavy|crushing|squeezing)\b",
        r"\bpain in (?:my|his|her|their) chest\b",
        r"\b(?:faint|fainting|about to faint)\b",
        r"\b(?:going to|about to|i'll|ill|gonna|might|feel like i (?:will|might|could)) (?:pass|black) out\b",
    ]),
    "unresponsive": _compile([
        # "i can't stay awake on baclofen" is drowsiness the writer is living through
        r"\b(?=won't|can't)(?<!\bi )(?<!\bi just )(?:won't|can't) stay awake\b",
        r"\bunconscious\b",
        r"\b(?:won't|isn't|is not|not) (?:answer|answering)\b(?! (?:his|her|their|my|the) (?:phone|texts?|calls?|door|messages?|questions?))",
    ]),
}

_RED_FLAG_TERMS = re.compile(
    r"seiz\w*|\bfits?\b|convuls\w*|hallucinat\w*|fever|temperature|overdos\w*|breath\w*|\bpump\b|alarm|refill|"
    r"suicid\w*|kill (?:my ?self|myself)|self[- ]?harm|unconscious|unresponsive|collaps\w*|faint\w*|passed out|"
    r"chest pain|withdraw\w*|poison\w*|swallowed|confus\w*|delirious|too many|double dose|emergency|"
    r"alcohol|drunk|lethal|overdose"
)


def is_general_question(text: str) -> bool:
    """A general question about red-flag topics, not a report of something happening now."""
    t = normalise(text)
    if not t:
        return False
    # A trailing "?" alone is not enough: "my pump is beeping, what do i do?" is a report.
    asks = bool(_QUESTION_START.search(t) or _HYPOTHETICAL.search(t) or _CONCERN.search(t))
    if not asks:
        return False
    hypothetical = _HYPOTHETICAL.search(t)
    if hypothetical:
        # only what comes before the "if" can report something happening now
        reported = any(m.start() < hypothetical.start() for m in _REPORT_MARKER.finditer(t))
        return not (reported or _PAST_AFTER_IF.search(t))
    return not _REPORT_MARKER.search(t)


def detect(text: str) -> Optional[RedFlag]:
    """The red flag in `text`, or None. Deterministic; safe on any input."""
    t = normalise(text)
    if not t:
        return None
    general = is_general_question(t)
    for category in PRIORITY:
        for pattern in _STRONG.get(category, []):
            found = pattern.search(t)
            if found:
                return RedFlag(category, found.group(0))
        if general:
            continue
        for pattern in _REPORT.get(category, []):
            found = pattern.search(t)
            if found:
                return RedFlag(category, found.group(0))
    return None


def mentions_red_flag_terms(text: str) -> bool:
    """Any red-flag vocabulary at all, emergency or not (for full-strength disclaimers)."""
    return bool(_RED_FLAG_TERMS.search(normalise(text))) or detect(text) is not None
