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
    "animal_ingestion",
    "seizure",
    "withdrawal_reaction",
    "pump_problem",
    "breathing",
    "unresponsive",
    "chest_pain_fainting",
    "substance_mix",
    "allergic_reaction",
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
    "allergic_reaction",
    "unresponsive",
    "seizure",
    "withdrawal_reaction",
    "chest_pain_fainting",
    # last: a person in danger in the same message gets the human emergency wording
    "animal_ingestion",
)


@dataclass(frozen=True)
class RedFlag:
    category: str
    evidence: str


# ---------------------------------------------------------------- normalisation

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "`": "'"}
)

# Texting speech and common misspellings, word by word, so the patterns can stay readable.
_WORD_FIXES: Dict[str, str] = {
    "cant": "can't",
    "cnt": "can't",
    "wont": "won't",
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "arent": "aren't",
    "aint": "ain't",
    "youre": "you're",
    "whats": "what's",
    "thats": "that's",
    "itll": "it'll",
    "im": "i'm",
    "ive": "i've",
    "hes": "he's",
    "shes": "she's",
    "theyre": "they're",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "b4": "before",
    "2day": "today",
    "n": "and",
    "&": "and",
    "w/": "with",
    "gonna": "going to",
    "wanna": "want to",
    "kinda": "kind of",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "abt": "about",
    "rn": "right now",
    "ppl": "people",
    "tabs": "tablets",
    "tabets": "tablets",
    "tablests": "tablets",
    "pils": "pills",
    "meds": "medicine",
    "medz": "medicine",
    "baclofin": "baclofen",
    "baclophen": "baclofen",
    "bacolfen": "baclofen",
    "baklofen": "baclofen",
    "backlofen": "baclofen",
    "baclafen": "baclofen",
    "siezure": "seizure",
    "siezures": "seizures",
    "seizur": "seizure",
    "seizuer": "seizure",
    "sezure": "seizure",
    "sezures": "seizures",
    "seisure": "seizure",
    "seisures": "seizures",
    "ceasure": "seizure",
    "ceasures": "seizures",
    "seazure": "seizure",
    "seazures": "seizures",
    "siezing": "seizing",
    "seizeing": "seizing",
    "convulsing": "convulsing",
    "convulsions": "convulsions",
    "breathin": "breathing",
    "breating": "breathing",
    "breahting": "breathing",
    "breathng": "breathing",
    "brething": "breathing",
    "breth": "breathe",
    "breath": "breathe",
    "breate": "breathe",
    "overdoes": "overdose",
    "ovedose": "overdose",
    "overdoze": "overdose",
    "overdossed": "overdosed",
    "od": "overdose",
    "od'd": "overdosed",
    "oded": "overdosed",
    "o.d.": "overdosed",
    "od'ed": "overdosed",
    "halucinating": "hallucinating",
    "hallucinatin": "hallucinating",
    "halucinations": "hallucinations",
    "hallucinatons": "hallucinations",
    "hallucinaitng": "hallucinating",
    "halucinate": "hallucinate",
    "feaver": "fever",
    "fevor": "fever",
    "fevers": "fever",
    "temprature": "temperature",
    "unconcious": "unconscious",
    "unconsious": "unconscious",
    "unresponsive": "unresponsive",
    "unresponsiv": "unresponsive",
    "responsive": "responsive",
    "respondin": "responding",
    "colapsed": "collapsed",
    "collasped": "collapsed",
    "fainted": "fainted",
    "fanted": "fainted",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "suiside": "suicide",
    "swalowed": "swallowed",
    "swollowed": "swallowed",
    "swallowd": "swallowed",
    "swolled": "swallowed",
    "ate": "ate",
    "eatten": "eaten",
    "toddlr": "toddler",
    "todler": "toddler",
    "bby": "baby",
    "alarming": "alarming",
    "beepin": "beeping",
    "beaping": "beeping",
    "refil": "refill",
    "accidently": "accidentally",
    "accidentaly": "accidentally",
    "acidentally": "accidentally",
    "tablts": "tablets",
    "tablet's": "tablets",
    "pils's": "pills",
    "overdosing": "overdosing",
    "unconsiouss": "unconscious",
    "unconcsious": "unconscious",
    "responing": "responding",
    "wakeing": "waking",
    "wakin": "waking",
    "collaped": "collapsed",
    "colapse": "collapse",
    "fiant": "faint",
    "fainting": "fainting",
    "feinted": "fainted",
    "feint": "faint",
    "chestpain": "chest pain",
    "brethe": "breathe",
    "breathig": "breathing",
    "breathign": "breathing",
    "hallucinatting": "hallucinating",
    "hallusinating": "hallucinating",
    "suicidal": "suicidal",
    "sucide": "suicide",
    "suicde": "suicide",
    "kms": "kill myself",
    "alchohol": "alcohol",
    "alcohal": "alcohol",
    "alcool": "alcohol",
    "drinkin": "drinking",
    "yo": "yo",
    "yr": "year",
    "yrs": "years",
    "stoppd": "stopped",
    "stopd": "stopped",
    "stoped": "stopped",
    "mths": "months",
}
# Whole words, accented letters included ("réveille" must not lose its "r" to a texting fix).
_WORD = re.compile(r"[\w&/'.]+")


def normalise(text: str) -> str:
    """Lower case, NFKC, no invisible characters, straight quotes, fixed typos, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_QUOTES).lower()
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)

    def fix(match: "re.Match[str]") -> str:
        word = match.group(0)
        stripped = word.rstrip(".")
        if stripped in _WORD_FIXES:
            return _WORD_FIXES[stripped] + word[len(stripped) :]
        return word

    text = _WORD.sub(fix, text)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- vocabulary

_PERSON = (
    r"(?:i|i'm|i've|me|we|he|she|they|he's|she's|they're|someone|somebody|my \w+(?: \w+)?|"
    r"our \w+|his \w+|her \w+|the patient|(?:the )?(?:kid|child|baby|toddler))"
)
_CHILD = (
    r"(?:child|children|kids?|kiddos?|toddlers?|baby|babys|baby's|babies|infants?|sons?|daughters?|boys?|girls?|grandsons?|"
    r"granddaughters?|grandchild(?:ren)?|grandkids?|nephews?|nieces?|little one|lil one|little 'un|bub|bubba|newborn|"
    r"preschooler|twins?|little (?:brother|sister)|baby (?:brother|sister)|\((?:[1-9]|1[0-2])\)|"
    r"(?:he's|she's|he is|she is) (?:only |just )?(?:[1-9]|1[0-2])\b(?! ?(?:mg|ml|tablets|pills|times|doses|hours|days|weeks))|\d+ ?(?:(?:year|yr|month|week)s?[- ]?olds?|y/?o|yos?)|teen|teenager)"
)
_OTHER_ADULT = (
    r"(?:husband|wife|partner|dad|father|mum|mom|mother|brother|sister|friend|flatmate|roommate|"
    r"grandma|grandpa|granny|grandad|grandmother|grandfather|nan|aunt|uncle|someone|somebody|boyfriend|girlfriend|"
    r"neighbou?r|housemate|lodger|colleague|resident|patient|client|visitor|guest)"
)
_PET = (
    r"(?:dogs?|doggy|doggo|pupp(?:y|ies)|pup|cats?|kittens?|kitty|pets?|rabbits?|bunny|ferret|hamster|guinea pig|"
    r"parrot|budgie|bird|pony|horse|labrador|lab|spaniel|terrier|collie|retriever|poodle|staffie|jack russell|"
    r"beagle|greyhound|whippet|lurcher|chihuahua|pug|dachshund|sausage dog|husky|shepherd|alsatian|bulldog|boxer|"
    r"rottweiler|doberman|schnauzer|shih tzu|cockapoo|cavapoo|labradoodle|westie|corgi|collie|springer|cocker|"
    r"perr[oa]|chien(?:ne)?|chat|hund|pies|psa|kot|cane|gatt[oa]|gat[oa]|c[aã]o|cachorr[oa]|katze)"
)
# Containers and traces of tablets a child or pet has been at.
_CONTAINER = (
    r"(?:packet|pack|blister(?: pack| strip)?|strip|bottle|pot|tub|box|pill ?box|dosette(?: box)?|organi[sz]er|"
    r"tablets?|pills?|meds|medicine|baclofen)"
)
# A few everyday words from other languages, for red flags inside mixed-language messages.
_FOREIGN_CHILD = (
    r"(?:hij[oa]|niñ[oa]|nin[oa]|beb[eé]|niet[oa]|fils|fille|enfant|b[ée]b[ée]|petite?|syn|c[oó]rka|dziecko|"
    r"sohn|tochter|kind|figli[oa]|bambin[oa]|filh[oa]|crian[çc]a|beb[êe])"
)
_FOREIGN_SWALLOWED = (
    r"(?:se (?:tom[oó]|comi[oó]|trag[oó])|tom[oó]|trag[oó]|comi[oó]|a aval[ée]|aval[ée]|a pris|a mang[ée]|"
    r"po[lł]kn[aą][lł]a?|zjad[lł]a?|wzi[aą][lł]a?|geschluckt|gegessen|genommen|ha (?:ingoiato|preso|mangiato)|"
    r"ingoiato|engoliu|tomou|comeu|gefressen|m[aâ]ch[ée]|a croqu[ée]|masticato|mordisc\w+|pogryz\w*)"
)
_FOREIGN_PILLS = (
    r"(?:pastillas?|comprimid[oa]s?|p[ií]ldoras|medicamentos?|medicinas?|comprim[ée]s|cachets|pilules|"
    r"m[ée]dicaments|tabletk[iaę]|tabletek|leki|lek[oó]w|tabletten|medikamente|pastiglie|compresse|pillole|rem[ée]dios|"
    r"plaquettes?|baclof[eè]ne|baclofeno)"
)
_INGEST_ANY = r"(?:swallowed|swallowing|ate|eaten|eating|chewed|chewing|got into|gotten into|got hold of|found and (?:ate|took|swallowed)|has had|might have (?:eaten|swallowed|taken)|may have (?:eaten|swallowed|taken))"
_TOOK = r"(?:took|taken|has taken|had taken)"
_NOT_OWN = r"(?:my|mine|our|mum's|mom's|dad's|grandma's|grandpa's|granny's|nan's|grandad's|someone's|somebody's|her mum's|his mum's|some|a few|several|a handful|handful|lots|loads|a bunch|\d+|two|three|four|five|six|the whole|all|a couple)"
_PILLS = r"(?:pills?|tablets?|baclofen(?! (?:pump|dose|prescription|trial|review|clinic))|medicine|medication|tabs|bottle|packet|strip|lioresal|them|some)"
_QUANTITY = (
    r"(?:too many|too much|way too|extra|an extra|a double|double|twice|triple|three times|the whole|a whole|"
    # one or two tablets is an ordinary dose; from three on (or two doses) it is worth a call
    r"all (?:of )?(?:my|his|her|the|their)|all|a handful|handful|loads|lots|a bunch|a lot|[3-9]|[1-9]\d+|"
    r"(?:two|2) (?:doses|lots|days' worth)|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|more than)"
)
_UNWELL_NOW = (
    r"(?:now|(?:feel|feels|feeling|felt)(?! (?:fine|ok|okay|good|great|normal|alright|all right|better))|can't stay awake|can't stand|"
    r"can't keep (?:my|his|her|their) eyes open|(?:really|very|extremely|super|proper|dead|well) (?:drowsy|sleepy|woozy)|won't answer|"
    r"not answering|very (?:drowsy|sleepy)|so (?:drowsy|sleepy)|going under|fading|can barely keep|"
    r"throwing up|vomiting|being sick|passed out|unwell|really sick|out of it|won't wake|confused|"
    r"dizzy|slurring|can't walk|not right|weird|strange|acting (?:weird|strange|odd))"
)
_SUBSTANCE = (
    r"(?:alcohol|drink|drinks|drinking|drank|beer|beers|wine|vodka|whisky|whiskey|booze|drunk|"
    r"weed|cannabis|opioids?|oxy\w*|heroin|fentanyl|sleeping pills|xanax|benzos?|valium|drugs|pills|pints?|gin|rum|"
    r"cider|lager|brandy|cocktails?|shots|spirits|prosecco|codeine|co-codamol|morphine|tramadol|oramorph|diazepam|"
    r"lorazepam|clonazepam|zopiclone|amitriptyline|gabapentin|pregabalin|ghb|ketamine|mdma|methadone|painkillers|"
    r"sleeping tablets|alkohol|alcool|alcol|[áa]lcool|bebí|bebi|getrunken)"
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
    r"what (?:do|should|can) (?:i|we) do(?! if\b)|"
    r"(?:i'm|i am|he's|she's|they're|he is|she is|is|are) (?:really|very|so|extremely|completely|totally|feeling|barely|hardly)|"
    r"i feel)\b"
)
# "is it dangerous if my son ate one?" asks about something that already happened.
_PAST_AFTER_IF = re.compile(
    r"\bif (?:i|he|she|they|we|my \w+(?: \w+)?|our \w+|an? (?:\d+ )?\w+(?: old)?) (?:have |has |had |just |already |accidentally )*"
    r"(?:took|taken|ate|eaten|swallowed|drank|mixed|overdosed)\b"
)
_QUESTION_START = re.compile(
    r"^(?!can't|cannot|couldn't|doesn't|don't|isn't|aren't|won't|wouldn't|shouldn't|didn't)"
    r"(?:can|could|does|do|did baclofen|will|would|is|are|should|what|how|why|when|which|may|might|"
    r"any|tell me|explain|i wonder|wondering|el \w+ puede|le \w+ peut|puede|peut|kann|czy|pu[oò]|pode|est-ce que|"
    r"es normal|c'est normal)\b"
)
# "i'm worried about overdose" voices a concern; a report still needs a report marker
_CONCERN = re.compile(
    r"^(?:i'm |i am |we're |we are |i've been |i get |i feel )?(?:a bit |really |very |so )?"
    r"(?:worried|scared|afraid|concerned|nervous|anxious|paranoid|frightened) (?:about|of)\b"
)
# Bare topic words: discounted in history, hypotheticals and general questions ("can it cause
# suicidal thoughts?"), unlike the patterns of _STRONG["self_harm"], which state intent.
_TOPIC_WORDS: Dict[str, List[Pattern[str]]] = {
    "self_harm": [re.compile(r"\bsuicid\w*"), re.compile(r"\bself[- ]?harm\w*")],
}
_HYPOTHETICAL = re.compile(r"\b(what if|what happens if|what would happen|if you|if someone|if a person|in case)\b")


def _compile(patterns: List[str]) -> List[Pattern[str]]:
    return [re.compile(p) for p in patterns]


# Despair in everyday words, and asking for the most one can take: together, a wish to self-harm.
_DESPAIR = (
    r"(?:(?:i'm|im|i am|i've|i have|i) (?:just |so |totally |completely |really )?(?:done with (?:everything|it all|life|"
    r"all of it|living|this life)|had enough of (?:everything|it all|life|living)|given up on (?:everything|life)|"
    r"can't (?:go on|do this any ?more|cope any ?more(?! with)|take (?:it|this|any of it) any ?more(?! with)))|"
    r"(?:tired|sick) of (?:living|life|being alive|everything|it all))"
)
_HOW_MUCH = (
    r"(?:what's the most|what is the most|the most (?:you|i|one|someone) can|max(?:imum)? (?:amount|dose|you can)|"
    r"how many (?:would|does|do|could|can|is|are)|how much (?:would|does|do|could|can|is)|too many|too much|"
    r"the whole (?:box|packet|strip|bottle|lot)|(?:took|take|taking|swallowed|swallow) (?:the lot|them all|all of them|"
    r"all of it|every (?:one|tablet|pill)))"
)

# "a tonic-clonic seizure", "a grand mal fit": named by its kind
_SEIZURE_KIND = r"tonic[- ]clonic|grand mal|major|proper|massive|huge|epileptic|prolonged|long|nasty|full"

_STRONG: Dict[str, List[Pattern[str]]] = {
    "animal_ingestion": _compile(
        [
            rf"\b{_PET}\b[^.?!]{{0,40}}?\b(?:ate|eaten|eating|chewed|chewing|swallowed|got into|gotten into|got hold of|"
            rf"has had|had|licked|munched|scoffed|wolfed)\b[^.?!]{{0,40}}?\b(?:{_CONTAINER}|them|some|one|a few|several)\b",
            rf"\b{_PET}\b[^.?!]{{0,40}}?\b(?:chewed|ripped|tore|torn|got) (?:through|into|open|up)\b",
            rf"\b(?:found|caught)\b[^.?!]{{0,30}}?\b{_PET}\b[^.?!]{{0,40}}?\b(?:chewed|chewing|eating|with) "
            rf"(?:my |the |his |her )?{_CONTAINER}\b",
        ]
    ),
    "allergic_reaction": _compile(
        [
            r"\b(?:l[eè]vres|labios|lippen|usta|labbra|l[aá]bios|visage|cara|gesicht|twarz|faccia|rosto|gorge|garganta|hals|"
            r"gard[lł]o|gola)\b[^.?!]{0,20}?\b(?:gonfl\w*|hinchad\w*|geschwollen|schwillt|schwellen|spuchni\w*|gonfi\w*|"
            r"inchad\w*|se hinchan|incham)\b",
            r"\b(?:lips?|tongue|face|throat|mouth|eyes?|eyelids)\b[^.?!]{0,25}?\b(?:swell\w*|swollen|puff\w*|blown up|"
            r"ballooned|blew up|twice the size)\b",
            r"\b(?:swell\w*|swollen|puffy|puffed(?: up)?)\b[^.?!]{0,15}?\b(?:lips?|tongue|face|throat|mouth|eyelids)\b",
            r"\banaphyla\w*\b",
            r"\b(?:having|had|is having|think (?:i'm|he's|she's) having|it's) (?:an )?allergic reaction\b",
            r"\b(?:hives|welts|rash)\b[^.?!]{0,30}?\b(?:all over|everywhere|spreading|whole body)\b",
        ]
    ),
    "self_harm": _compile(
        [
            r"\b(?:make sure|so that|so) i (?:don't|do not|won't|never) wake\b",
            r"\bto (?:not|never) wake(?: up)?\b",
            r"\b(?:sleep|go to sleep|drift off|went to sleep)\b[^.?!]{0,20}?\b(?:and|&) (?:didn't|don't|wouldn't|never|not) wake\b",
            r"\b(?:sleep|go to sleep|drift off) (?:forever|for ever|for good|permanently)\b",
            r"\bgo quietly\b",
            r"\bpainless(?:ly)? (?:way|death|to die|to go)\b",
            r"\b(?:would|will|is) it (?:be )?(?:peaceful|painless|quick)\b",
            r"\b(?:hoping|hope) (?:it'll|it will|that it'll|it would|this will|that will) be the end\b",
            r"\b(?:my|this is my) (?:last|final) (?:message|words|goodbye|night)\b",
            r"\btell (?:my \w+|everyone|them|him|her) (?:i'm|i am|that i'm|that i am|i was) sorry\b",
            r"\b(?:written|wrote|writing|left) (?:letters?|notes?|a note|a letter|goodbye letters?) (?:to|for) (?:my|everyone|them)\b",
            r"\b(?:pills|tablets|meds|baclofen|them|everything) (?:are |is )?(?:ready|lined up|counted out)\b",
            r"\b(?:picturing|imagining|imagine|fantasi[sz]ing about|thinking about|thinking of) (?:swallowing|taking|downing) "
            r"(?:the whole|all|every|the lot|everything|my whole)\b",
            r"\b(?:plan|planning|going|gonna|intend|intending|about) to (?:take|swallow|down) (?:my whole|the whole|all my|"
            r"all of my|everything|the lot|every)\b",
            r"\b(?:i'm|im|i am) (?:going to )?(?:taking|take|swallowing|having|downing) (?:the lot|everything|all of them|"
            r"all my \w+|the whole \w+)\b",
            r"\b(?:wish|want) (?:i could |to )?(?:just )?(?:not exist|stop existing|disappear for good|be gone|not be here|"
            r"not wake up)\b",
            r"\b(?:would anyone|would anybody|will anyone) (?:even )?(?:notice|care|miss me)\b",
            r"\b(?:no one|nobody) (?:would|will) (?:miss|notice|care)\b",
            r"\bthat'?s what i (?:want|am hoping for|'m hoping for|hope for)\b",
            r"\b(?:ich will nicht mehr leben|je veux en finir|en finir avec (?:la vie|tout)|nie chc[eę] (?:ju[zż] )?[zż]y[cć]|"
            r"non voglio (?:pi[uù] )?vivere|(?:ya )?no quiero (?:seguir )?vivir|quiero morirme|n[aã]o quero (?:mais )?viver)\b",
            # no "kill" or "suicide": tablets kept back, with a time or a finality
            r"\b(?:stash|stockpil\w*|hoard\w*|saved up|saving up|been saving|kept back|keeping back|put aside|"
            r"putting aside|squirrel\w* away|hidden away|hiding away|collected|collecting|building up)\b[^.?!]{0,60}?"
            r"\b(?:know what i'm doing|know what i am doing|know what to do with them|for good|this weekend|tonight|"
            r"tomorrow|when the time comes|enough to|the right time|all at once|once and for all|goodbye|end)\b",
            r"\b(?:know what i'm doing|know what i am doing|made up my mind|decided)\b[^.?!]{0,40}?"
            r"\bwith (?:them|the pills|the tablets|my pills|my tablets|my stash)\b",
            r"\b(?:sleep|go to sleep|fall asleep|drift off)\b[^.?!]{0,20}?\b(?:and|&) (?:not|never) wake(?: up)?(?: again)?\b",
            r"\b(?:never|not) (?:to )?wake up again\b",
            r"\b(?:could|would|might|will) end (?:it|things|everything|it all) for me\b",
            r"\bend (?:things|it all|everything)\b",
            r"\b(?:hoping|hope|wish|want) (?:it|that|they|this)\b[^.?!]{0,20}?\b(?:kill\w*|end\w*) (?:me|it|things|everything)\b",
            r"\bthat's what i'm hoping for\b",
            r"\b(?:won't|will not) be (?:here|around) (?:much longer|tomorrow|anymore|any more|next week)\b",
            r"\b(?:everyone|everybody|they|my family) (?:would be|will be|'d be) better off without me\b",
            r"\b(?:saying|say|said) (?:my )?goodbyes?\b[^.?!]{0,30}?\b(?:for good|forever|for ever|to everyone|one last)\b",
            r"\bwant (?:it all|everything|the pain|this) to (?:stop|end) for good\b",
            r"\b(?:quiero|voy a) (?:morir|matarme|suicidarme)\b|\bme quiero matar\b|\bje veux (?:mourir|me tuer)\b|"
            r"\bme suicider\b|\bchc[eę] umrze[cć]\b|\bich will (?:sterben|mich umbringen)\b|\bvoglio (?:morire|uccidermi)\b|"
            r"\bquero (?:morrer|me matar)\b",
            r"\b(?:kill|hurt|harm|cut|hang|poison|starv|drown|overdos)\w* (?:my ?self|myself)\b",
            # someone else's words: "tonight he's talking about killing himself"
            r"\b(?:kill|hang|poison|overdos)\w* (?:him|her|them)sel(?:f|ves)\b",
            r"\btak(?:e|ing) (?:my|his|her|their) own life\b",
            # every tablet there is, tonight: "I'm taking every baclofen I've got"
            r"\b(?:i'm|im|i am|i'll|i will|gonna|going to|about to)\s+(?:just )?(?:take|taking|swallow|swallowing|down|downing)"
            r"\s+(?:every|all the|all my|all of my|all of the)\b[^.?!]{0,30}?\b(?:i've got|i have|i've|i own|left|in the house)\b",
            # the whole container, asked in the first person: "what happens if i take the whole box at once"
            r"\bif i (?:take|took|swallow|swallowed|down|downed)\s+(?:the whole|a whole|all the|all my|every|all of the|all of my)"
            r"\s+(?:\w+\s+){0,2}?(?:in (?:this|the|my|that) )?(?:box|packet|pack|bottle|tub|strip|blister|supply|prescription|lot)\b",
            # "would I just not wake up?"
            r"\bwould i (?:just )?(?:not|never) wake(?: up)?\b",
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
            # not waking, peace, no point: "...before they just don't wake up", "would it be like falling asleep"
            r"\b(?:before|until|so that|so) (?:they|i|you|he|she|someone|a person|one) (?:just )?(?:don't|dont|do not|"
            r"wouldn't|won't|never) wake(?: up)?\b",
            r"\b(?:would|will|is) it (?:just )?(?:be )?like (?:falling asleep|going to sleep|sleeping|drifting off)\b",
            r"\b(?:don't|dont|do not|can't|cant|cannot) see (?:the|any) point (?:any ?more|in (?:living|going on|anything|"
            r"carrying on|life|being here))\b",
            # how much it takes, next to despair: "what's the most you can take? I'm done with everything"
            rf"\b{_HOW_MUCH}\b[^!]{{0,120}}?\b{_DESPAIR}\b",
            rf"\b{_DESPAIR}\b[^!]{{0,120}}?\b{_HOW_MUCH}\b",
            # asking how much it takes to die is treated as intent, whatever the grammar
            r"\b(?:take|takes|need|enough|how many|how much)\b[^.?!]{0,30}?\bto (?:die|kill (?:me|myself|a person|someone|you)|end (?:it|my life|things))\b",
            r"\b(?:lethal|fatal|deadly) (?:dose|amount|overdose)\b",
            r"\b(?:how many|how much|enough)\b[^.?!]{0,30}?\b(?:kill|end) (?:me|myself|it|my life|a person|someone)\b",
            r"\b(?:going to|want to|plan(?:ning)? to|thinking (?:of|about)|i'll|i will|tempted to) overdos\w*",
            # not "'forgetting' to take it on purpose": missing doses on purpose is no overdose
            r"(?<!forgetting to )(?<!forgetting' to )(?<!forget to )(?<!forgot to )(?<!not to )(?<!refusing to )"
            r"(?<!refuses to )(?<!won't )(?<!doesn't )(?<!didn't )(?<!not )"
            r"\b(?:overdos\w*|took|take|taking|swallow\w*)\b[^.?!]{0,40}?\b(?:on purpose|deliberately|intentionally)\b",
        ]
    ),
    "child_ingestion": _compile(
        [
            # without "swallowed": a child at an open container, tablets missing, a chewed strip found
            rf"\b{_CHILD}\b[^.?!]{{0,60}}?\b(?:lid|cap|top|seal)\b[^.?!]{{0,15}}?\b(?:off|open|opened|undone)\b",
            rf"\b{_CHILD}\b[^.?!]{{0,80}}?\b(?:how many (?:are|were|is|was) (?:missing|gone|left)|"
            rf"(?:some|a few|tablets|pills|one|two) (?:are |were |is |was )?missing|missing (?:tablets|pills))\b",
            rf"\b(?:missing|gone)\b[^.?!]{{0,60}}?\b{_CHILD}\b",
            rf"\b(?:found|caught|saw)\b[^.?!]{{0,40}}?\b(?:chewed|bitten|opened|open|torn|ripped|empty|half[- ]empty|"
            rf"squashed|sucked)\b[^.?!]{{0,20}}?\b{_CONTAINER}\b(?=[^?!]{{0,120}}\b{_CHILD}\b)",
            rf"\b{_CHILD}\b[^?!]{{0,120}}?\b(?:found|caught|saw)\b[^.?!]{{0,40}}?\b(?:chewed|bitten|opened|open|torn|"
            rf"ripped|empty|half[- ]empty)\b[^.?!]{{0,20}}?\b{_CONTAINER}\b",
            rf"\b{_CHILD}\b[^.?!]{{0,40}}?\b(?:got|gotten|been|was|went)\b (?:into|in|at|through) (?:my|his|her|the|our|"
            rf"grandma's|granny's|nan's|mum's|mom's|dad's)\b[^.?!]{{0,25}}?\b(?:{_CONTAINER}|handbag|bag|cupboard|"
            rf"drawer|medicine cabinet)\b",
            rf"\b{_CHILD}\b[^.?!]{{0,40}}?\b(?:put|putting|popped|had|has|with) (?:a |an |some |one |two |the |my )?"
            rf"(?:tablets?|pills?|baclofen) (?:in|into) (?:his|her|their) mouth\b",
            rf"\b{_CHILD}\b[^.?!]{{0,50}}?\b(?:(?:chewing|sucking|eating|licking|playing with|holding)\b[^.?!]{{0,15}}?|"
            rf"(?:had|has|got) (?:hold of |into )?)\b(?:my|his|her|the|our|mum's|mom's|dad's|grandma's|granny's|nan's) "
            rf"(?:baclofen|tablets|pills|meds|medicine|blister|strip|packet|pill ?box)\b",
            rf"\b{_FOREIGN_CHILD}\b[^.?!]{{0,40}}?\b{_FOREIGN_SWALLOWED}\b",
            rf"\b{_CHILD}\b[^.?!]{{0,40}}?\b{_INGEST_ANY}\b[^.?!]{{0,40}}?\b{_PILLS}\b",
            rf"\b{_CHILD}\b[^.?!]{{0,40}}?\b{_TOOK}\b[^.?!]{{0,15}}?\b{_NOT_OWN}\b[^.?!]{{0,25}}?\b{_PILLS}\b",
            rf"\b{_OTHER_ADULT}\b[^.?!]{{0,25}}?\b(?:{_INGEST_ANY}|{_TOOK}) (?:\w+ )?(?:of )?(?:my|mine)\b[^.?!]{{0,20}}?\b{_PILLS}\b",
            rf"\b{_CHILD}\b[^.?!]{{0,30}}?\b(?:swallowed|ate|eaten|chewed) (?:a |an |one |some |two |\d+ )?(?:of )?(?:the |my |her |his )?{_PILLS}\b",
            rf"\b(?:found|caught)\b[^.?!]{{0,30}}?\b{_CHILD}\b[^.?!]{{0,30}}?\b(?:empty|opened|open|half[- ]empty) (?:packet|bottle|strip|box|blister)",
            # liquid baclofen: "drank" alone is everyday ("drank some juice"), so the medicine must be named
            rf"\b{_CHILD}\b[^.?!]{{0,30}}?\b(?:drank|drunk|drinking|swallowed|had) (?:some |a bit |half |all |most |a lot )?(?:of )?"
            rf"(?:the |my |our |a |{_NOT_OWN} )?(?:bottle of )?(?:baclofen|lioresal|liquid baclofen|baclofen (?:liquid|syrup|solution)|syrup|medicine bottle)\b"
            # "had a baclofen pump put in", "has baclofen injections": treatment, not a drink
            rf"(?! (?:pump|injections?|trial|test dose|tablets? prescribed|prescribed|review|appointment|refill))",
        ]
    ),
    "overdose": _compile(
        [
            r"\b(?:tom[eé]|tom[oó]|pris|wzi[aą][lł]e?m?|genommen)\b[^.?!]{0,10}?\b(?:demasiad\w*|trop de|za du[zż]o|zu viele|troppe|demais)\b",
            rf"\b(?:took|taken|tom[eé]|tom[oó]|pris|wzi[aą][lł]e?m?|genommen)\b[^.?!]{{0,20}}?\b{_FOREIGN_PILLS}\b"
            rf"[^.?!]{{0,30}}?\b(?:too many|demasiad\w*|trop|za du[zż]o|zu viele|troppe|demais)\b",
            r"\b(?:i|he|she|they|we|just|has|have|had|i've|he's|she's|they've|may have|might have|think i|think he|think she) (?:\w+ )?overdosed\b",
            r"\btook an overdose\b",
            # "took a whole week's worth at once by mistake"
            r"\b(?:took|taken|swallowed|had|given|gave (?:him|her|them))\b[^.?!]{0,20}?\b(?:a |the |two |several )?(?:whole |full )?"
            r"(?:week'?s?|weeks'|days'|few days'?|month'?s?|two days'?|2 days'?) (?:worth|supply)\b",
            r"\bfound (?:\w+ ){1,3}?with (?:an |the |a )?(?:empty|half[- ]empty) (?:packet|bottle|strip|box|blister|pill)",
            r"\b(?:my|our|his|her) \w+(?: \w+)? (?:has |have |just |may have |might have )?overdosed\b",
            r"\boverdosed on\b",
            r"\b(?:i'm|i am|he's|he is|she's|she is|they're|they are|(?:my|our|his|her) \w+ (?:is|are)) (?:\w+ )?overdosing\b",
        ]
    ),
    "pump_problem": _compile([]),
    "breathing": _compile(
        [
            r"\bcan't get (?:a |any )?(?:proper |deep |decent )?(?:breathe?|air)(?: in)?\b",
            r"\bstruggling to get (?:a |any )?(?:breathe?|air)\b",
            r"\bbreathing (?:about |only |like )?(?:\d+|a few|five|six|four) (?:times|breaths) (?:a|per) minute\b",
            r"\bbreath(?:s|ing)?\b[^.?!]{0,25}?\bpausing\b",
            r"\bthroat\b[^.?!]{0,20}?\bclos\w*",
            r"\b(?:atmet (?:ganz |sehr )?(?:langsam|schlecht|kaum)|respire (?:presque )?plus|ne respire|no puedo respirar|no respira|"
            r"nie mog[eę] oddycha[cć]|non riesco a respirare|n[aã]o consigo respirar)\b",
            # described, not named
            r"\b(?:lips|lip|mouth|face|fingers|fingertips|skin)\b[^.?!]{0,20}?\b(?:purple|bluish|blueish|dusky|"
            r"a (?:funny|weird|strange|odd|bad) colou?r|going dark)\b",
            r"\bbreath(?:s|ing)?\b[^.?!]{0,25}?\b(?:stop(?:s|ping)? and start\w*|start(?:s|ing)? and stop\w*|"
            r"keeps? stopping|stops for|comes and goes|coming and going|pauses?|in gasps|rattl\w*|gurgl\w*)\b",
            r"\b(?:stops?|stopped|keeps stopping|keep stopping|stopping) breathing\b",
            r"\b(?:long )?(?:pauses|gaps) (?:between|in) (?:his|her|their|my) breath\w*\b",
            r"\bcan't (?:get|catch) (?:my|his|her|their) breathe?\b",
            r"\b(?:not|isn't|is not|barely|hardly) breathing (?:properly|right|normally|well)\b",
            r"\b(?:no respira|ne respire (?:plus|pas)|nie oddycha|atmet nicht|kann nicht atmen|non respira|"
            r"n[aã]o (?:consegue )?respira)\b",
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
        ]
    ),
    "unresponsive": _compile(
        [
            # in other languages: "(he/she) does not wake up"
            r"\b(?:non si sveglia|no se despierta|no despierta|ne se r[ée]veille pas|wacht nicht (?:mehr )?auf|"
            r"n[aã]o acorda|nie (?:mo[zż]e si[eę] )?obudzi[cć]|nie budzi si[eę])\b",
            r"\b(?:wouldn't|would not|won't|didn't|did not|doesn't|does not) wake (?:up )?(?:for|this|when|at all)\b",
            r"\beyes (?:are )?(?:half )?open but (?:not there|nobody home|no one home|not responding|not seeing|blank|glazed)\b",
            r"\b(?:nobody|no one|no-one) home\b",
            r"\bwon't (?:squeeze|grip|hold) (?:my|your) hand\b",
            r"\b(?:lying|slumped|collapsed) on the (?:\w+ )?(?:floor|ground)\b[^.?!]{0,40}?\b(?:won't|not|can't|isn't)\b",
            r"\blimp like a rag doll\b|\bwon't open (?:his|her|their) eyes\b",
            r"\bcan't (?:get|keep) (?:him|her|them) (?:to stay )?awake\b",
            r"\b(?:won't|will not|isn't|is not|not) (?:come|coming) round\b",
            r"\b(?:ne se r[ée]veille pas|nicht ansprechbar|no responde|no despierta|nie reaguje|non risponde|n[aã]o responde)\b",
            r"\b(?:can't|cannot|can not|couldn't|could not|unable to) (?:be )?(?:roused|woken|woke|rouse|wake) "
            r"(?:properly|fully|up properly)\b",
            r"\bcan't be (?:roused|woken|woke)\b",
            r"\b(?:can't|cannot|couldn't|can not) (?:get|make) (?:any )?sense (?:out )?of (?:him|her|them)\b",
            r"\b(?:can't|cannot|couldn't) get (?:a|any) (?:response|reaction|word) (?:out of|from) (?:him|her|them|my \w+|\w+)\b",
            r"\b(?:can|could) (?:barely|hardly|only just) (?:wake|rouse|get a response from) (?:him|her|them|my \w+)\b",
            r"\b(?:barely|hardly|not really) (?:conscious|responsive|responding|awake|with it)\b",
            r"\b(?:drifting|slipping|going) in and out(?: of consciousness)?\b",
            r"\bin and out of consciousness\b",
            r"\b(?:won't|doesn't|isn't|not|will not|does not) (?:respond|responding|react|reacting) to (?:me|us|his name|"
            r"her name|their name|anything|touch|shaking|pain|voices)\b",
            r"\b(?:inconsciente|inconscient|nieprzytomn\w*|bewusstlos|privo di sensi|svenut[oa]|desmaiou)\b",
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
            # not a thing that collapsed: "when the scaffolding collapsed"
            r"(?<!scaffolding )(?<!scaffold )(?<!roof )(?<!ceiling )(?<!wall )(?<!building )(?<!bridge )(?<!tent )"
            r"(?<!chair )(?<!bed )(?<!lung )(?<!floor )(?<!stage )(?<!stairs )\b(?:has |have |just |suddenly )?collapsed\b",
            # "i passed out" is said by someone who came round: that is fainting, below
            r"\b(?=pass)(?<!\bi )(?<!\bi just )(?<!\bi've )(?<!\bi have )(?<!\bi keep )(?<!\bi'm )(?:passed|passing) out\b",
            r"\b(?:floppy|limp)\b[^.?!]{0,20}?\b(?:won't|will not|not|isn't|can't) (?:respond|responding|wake|waking|move|moving)\b",
            # not "Flexeril knocked me out cold": a drug's effect, told to compare
            r"(?<!knocked me )(?<!knocks me )(?<!knock me )\bout cold\b",
        ]
    ),
    "seizure": _compile(
        [
            # a fit given a duration, or one that will not stop
            r"\b(?:been|is|was|he's|she's|they're|i've|he has|she has|keeps|kept|started) (?:\w+ )?(?:fitting|seizing|convulsing) "
            r"for (?:\d+|a few|a couple of|several|one|two|three|four|five|ten|over|more than|about|nearly|almost) "
            r"(?:\w+ )?(?:minutes?|mins?|seconds?|secs?|hours?)\b",
            r"\b(?:fit|fits|fitting|seizure|seizures|convulsions?)\b[^.?!]{0,30}?\b(?:won't|will not|can't|isn't|is not) "
            r"stop(?:ping)?\b",
            r"\bfroth\w*\b",
            r"\b(?:went|gone|is|was) (?:all )?(?:stiff|rigid) as a board\b",
            r"\b(?:teeth|jaw) (?:clenched|locked|clamped)\b[^.?!]{0,40}?\b(?:shak\w*|jerk\w*|drool\w*|twitch\w*)\b",
            r"\b(?:shaking|jerking|twitching|convulsing|thrashing|fitting) (?:on|all over) (?:the|his|her|their|my) (?:\w+ ){0,2}"
            r"(?:floor|ground|bed|sofa|couch|carpet)\b",
            r"\b(?:face|mouth|smile) (?:is )?(?:pulling|drooping|droopy|lopsided|dropped|fallen) (?:to|on|down) (?:one|the \w+) side\b",
            r"\bwhat (?:looked|looks|seemed|sounded|felt) like (?:a|an) (?:fit|seizure|convulsion)\b",
            r"\bwhat (?:\w+ ){1,4}(?:was|were|is) (?:a|an) (?:fit|seizure|convulsion)\b",
            r"\bwent (?:blank|vacant|absent)\b[^.?!]{0,40}?\b(?:shak\w*|jerk\w*|twitch\w*)\b",
            r"\b(?:found|find) me\b[^.?!]{0,20}?\bon the (?:floor|ground)\b",
            r"\b(?:was|been|were|being) found on the (?:\w+ )?(?:floor|ground)\b",
            r"\bbitten (?:his|her|their|my) tongue\b",
            r"\bcrise (?:convulsive|d'[ée]pilepsie)\b|\bkrampf\w*\b|\bconvulsion\w*\b",
            # told by what is seen, not named
            r"\b(?:thrashing|thrash(?:es|ed)) (?:about|around)\b",
            r"\bfoam(?:ing|s|ed)? (?:at|from) (?:the|his|her|their) mouth\b",
            # a person, not a limb ("my leg goes stiff as a board and then jerks" is spasticity)
            r"(?<!leg )(?<!legs )(?<!arm )(?<!arms )(?<!foot )(?<!hand )(?<!muscle )(?<!muscles )(?<!calf )(?<!knee )"
            r"\b(?:went|gone|going|goes|is going|has gone|suddenly went) (?:all |really |completely )?(?:stiff|rigid)\b"
            r"[^.?!]{0,40}?\b(?:shak\w*|jerk\w*|twitch\w*|eyes|unresponsive|not responding|won't respond|floor|fell|"
            r"dropped|blue|foam\w*)\b",
            r"\b(?:shak\w*|jerk\w*|twitch\w*)\b[^.?!]{0,30}?\b(?:went|gone|going) (?:stiff|rigid)\b",
            r"\b(?:whole body|arms and legs|his body|her body|their body) (?:is |was |keeps |started |has been )?"
            r"(?:shaking|jerking|twitching|convulsing|stiffening)\b",
            r"\b(?:stiffening|stiffened) (?:up )?(?:and|&) (?:shaking|jerking|twitching)\b",
            r"\b(?:shaking|jerking|twitching)\b[^.?!]{0,30}?\b(?:not|isn't|won't|can't) (?:respond\w*|answer\w*|wake)\b",
            r"\bbit (?:his|her|their|my) tongue\b",
            r"\b(?:wet|peed|soiled) (?:him|her|them|my)sel(?:f|ves)\b[^.?!]{0,60}?\b(?:floor|shak\w*|jerk\w*|confus\w*|"
            r"fit|seizure|stiff)\b",
            r"\b(?:found|find) (?:him|her|them|my \w+(?: \w+)?|mum|mom|dad)\b[^.?!]{0,20}?\bon the (?:floor|ground|"
            r"bathroom floor|kitchen floor)\b",
            r"\b(?:woke|came round|came to|came around|came back round) (?:up )?on the (?:floor|ground)\b",
            r"\b(?:convulsi[oó]n\w*|convulsiona\w*|convuls[eé]|crise d'[ée]pilepsie|drgawk\w*|atak padaczki|"
            r"krampfanfall|krampft|convulsioni|convuls[aã]o)\b",
            rf"\b(?:having|is having|started having|keeps having|getting|in the middle of|just had|now having) (?:a |another |more |lots of |several )?(?:(?:jerking|shaking|twitching|bad|big|little|small|funny|strange|weird|violent|full[- ]on|{_SEIZURE_KIND}) )?(?:seizures?|fits?|convulsions?)\b(?! of\b)",
            rf"\b(?:had|has had|got) (?:a|another) (?:(?:{_SEIZURE_KIND}) )?(?:seizure|fit|convulsion)\b(?! of\b)"
            + _LONG_AGO,
            # "today I've had two fits": the time first
            r"\b(?:today|tonight|this (?:morning|afternoon|evening)|just now|an hour ago)\b[^.?!]{0,30}?\b(?:i've|i have|"
            r"he's|she's|they've|he has|she has|has|have|had) (?:had|got) (?:\d+|a|an|another|two|three|four|several|a few|"
            r"a couple of|multiple) (?:\w+ )?(?:seizures?|fits?|convulsions?)\b",
            r"\b(?:seizing|convulsing)\b",
            r"\beyes (?:have |are |were )?(?:rolled|rolling) (?:back|up)\b",
            r"\b(?:shaking|jerking|twitching) (?:uncontrollably|all over and (?:not|won't|can't))\b",
            r"\bfoaming at the mouth\b",
            # "fitting" is also what splints and school friends do
            r"\b(?:is|are|am|i'm|he's|she's|they're|been|keeps?|started|still|now) (?:\w+ )?fitting\b(?! (?:in|into|well|properly|ok|okay|fine|the|his|her|my|a|for|over|under|on)\b)",
            r"\b(?:shaking|jerking|twitching) (?:and|&) (?:jerking|shaking|twitching|won't stop|foaming)\b",
            r"\bnow (?:i'm |he's |she's |they're )?(?:having )?(?:seizures?|fits|convulsions)\b",
            r"\b(?:has had|have had|'s had|had|having) (?:\d+|two|three|four|five|several|a few|a couple of|multiple|lots of|"
            r"repeated|back to back) (?:\w+ )?(?:seizures|fits|convulsions)\b[^.?!]{0,30}?\b(?:today|tonight|this (?:morning|"
            r"afternoon|evening)|in the (?:last|past)|since|now|already|back to back|in a row)\b",
        ]
    ),
    "withdrawal_reaction": _compile(
        [
            r"\b(?:things|people|someone|bugs|insects|spiders|animals|stuff) (?:that|who|which) (?:aren't|are not|isn't|"
            r"is not|weren't|wasn't) (?:there|real)\b",
            r"\b(?:talking|talks|talked|shouting|screaming) (?:to|at) (?:people|someone|somebody|things) (?:who|that) "
            r"(?:aren't|are not|isn't|is not) there\b",
            # a story: ran out or stopped, then hot, sweaty, confused or seeing things
            r"\b(?:ran out|run out|running out|out of|stopped|quit|came off|come off|cut down|cut back|hasn't had|"
            r"has not had|haven't had|have not had|not had (?:any|it|them)|without (?:his|her|their|my) (?:baclofen|"
            r"tablets|pills|meds)|forgot(?:ten)? (?:to take )?(?:his|her|their|my) (?:baclofen|tablets|pills|meds)|"
            r"missed)\b[^?!]{0,160}?\b(?:hallucinat\w*|seeing things|hearing things|hearing voices|not there|burning up|"
            r"fever\w*|high temperature|boiling hot|roasting|hot and sweaty|sweating buckets|drenched in sweat|"
            r"sweaty and (?:confused|shaking|agitated|hot)|delirious|(?:very|really|so|totally|completely) confused|"
            r"confused and|agitated and|not making (?:any )?sense|talking nonsense|doesn't know where (?:he|she|they) "
            r"(?:is|are))\b",
            # the same told the other way round: "not making any sense, hot to touch ... he stopped it last week"
            r"\b(?:hallucinat\w*|seeing things|hearing things|hearing voices|burning up|fever\w*|high temperature|"
            r"boiling hot|hot to (?:the )?touch|hot and sweaty|(?:very|really|so) hot|delirious|"
            r"(?:very|really|so|totally|completely) confused|can't think straight|cant think straight|"
            r"not making (?:any )?sense|talking nonsense)\b[^?!]{0,160}?\b(?:stopped|quit|came off|come off|"
            r"cold turkey|ran out|run out|withheld|went without|gone without|has not had|hasn't had|not had (?:any|it|"
            r"them)|missed)\b",
            r"\b(?:hot|sweaty|sweating|feverish|clammy|burning up)\b[^.?!]{0,40}?\b(?:confused|agitated|delirious|"
            r"seeing things|not making (?:any )?sense|talking nonsense|hallucinat\w*)\b",
            r"\b(?:confused|agitated|delirious|seeing things|not making (?:any )?sense|talking nonsense)\b[^.?!]{0,40}?"
            r"(?<!no )(?<!not )(?<!without )(?<!without a )(?<!no high )"
            r"\b(?:hot and sweaty|sweating|burning up|feverish|high temperature|fever|hot to (?:the )?touch)\b",
            r"\b(?:seeing|hearing) (?:things|stuff|people|voices|bugs|spiders)\b",
            r"\b(?:is|are|am|i'm|he's|she's|they're|been|keeps?|started|now|currently|suddenly) (?:\w+ )?hallucinat\w*",
            r"\bhallucinating\b",
            r"\bburning up\b",
            # not "I'm confused": someone who types it is puzzled, not delirious
            r"\b(?:is|are|he's|she's|they're|been|now|suddenly|very|really|so) (?:really |very |so )?(?:confused|delirious|disoriented|disorientated)\b(?! (?:about|by|with|as to|why|what|how|whether|if|over|on)\b)",
            r"\b(?:am|i'm) (?:really |very |so )?(?:delirious|disoriented|disorientated)\b",
            r"\b(?:fever|temperature|temp) (?:of|is|at|over|above) (?:3[89]|4[0-2]|10[0-9])",
        ]
    ),
    "chest_pain_fainting": _compile(
        [
            r"\b(?:se desmay[oó]|s'est [ée]vanoui\w*|tomb[ée]e? dans les pommes|zemdla[lł]a?|ohnm[aä]chtig|[eè] svenut[oa]|desmaiou)\b",
            r"\b(?:fainted|blacked out|blacking out|keeps passing out)\b" + _LONG_AGO,
            r"\bi (?:just |have |'ve |keep |am |'m )?(?:passed|passing) out\b" + _LONG_AGO,
            r"\bi've (?:just )?passed out\b" + _LONG_AGO,
        ]
    ),
    "substance_mix": _compile([]),
}

_REPORT: Dict[str, List[Pattern[str]]] = {
    "seizure": _compile(
        [
            r"\b(?:fell|collapsed|dropped|went down)\b[^?!]{0,60}?\b(?:shak\w*|jerk\w*|twitch\w*|stiff|rigid|eyes rolled|"
            r"bit (?:his|her|their) tongue)\b",
        ]
    ),
    "allergic_reaction": _compile(
        [
            r"\b(?:hives|welts|itchy rash|rash|blotches|lumps)\b[^.?!]{0,50}?\b(?:since|after|started|came up|came out|"
            r"appeared|broke out|this morning|today|tonight|now)\b",
            r"\b(?:came out|broke out|broken out|covered) in (?:hives|welts|a rash|rash|blotches|lumps)\b",
        ]
    ),
    "pump_problem": _compile(
        [
            # "the thing in her tummy keeps beeping"
            r"\b(?:thing|device|implant|box|machine|gadget)\b[^.?!]{0,40}?\b(?:beep\w*|bleep\w*|alarm\w*|buzz\w*|going off|"
            r"making a noise|making noises|chirp\w*)\b",
            r"\b(?:beep\w*|bleep\w*|alarm\w*)\b[^.?!]{0,40}?\bin (?:his|her|their|my) (?:tummy|belly|stomach|side|abdomen|back)\b",
            r"\b(?:keeps|kept|is|has been|started|won't stop|keep) (?:beeping|bleeping|alarming|going off)\b[^?!]{0,80}?"
            r"\b(?:spasm\w*|stiff\w*|tight\w*|pump|tummy|belly|side)\b",
            r"\bpumps?\b[^.?!]{0,40}?\b(?:alarm\w*|beep\w*|bleep\w*|chirp\w*|ran out|has run out|running out|is empty|went empty|empty|"
            r"stopped working|not working|isn't working|stopped|broke|broken|failed|failing|malfunction\w*|error|leak\w*)",
            r"\b(?:alarm|beeping)\b[^.?!]{0,30}?\bpumps?\b",
            r"\b(?:missed|miss|late|forgot|skipped|overdue|cancelled|postponed)\b[^.?!]{0,20}?\brefill\b",
            r"\brefill\b[^.?!]{0,20}?\b(?:missed|late|overdue|cancelled|forgotten|skipped)\b",
            r"\b(?:couldn't|could not|can't|didn't|did not|never) (?:get to|make it to|make|go to|attend) (?:the |our |my |his |her |their )?(?:\w+ )?refill\b",
        ]
    ),
    "overdose": _compile(
        [
            r"\b(?<!be )(?<!been )(?:used|measured|drew up|drawn up|poured)\b[^.?!]{0,40}?\b(?:instead of|by mistake|by accident|accidentally|wrong)\b",
            r"\b(?:double|triple)[- ]?dos(?:ed|ing)\b",
            r"\b(?:doubled|tripled|quadrupled) (?:up )?(?:on )?(?:my|his|her|their|the)? ?(?:dose|dosage|tablets|baclofen)\b",
            r"\b(?:\d+|half|most) of (?:the|them|her|his|my) (?:\d+s? )?(?:tablets |pills )?(?:are |were )?(?:gone|missing)\b",
            rf"\b(?:took|taken|swallowed|popped|downed|gave|given)\b[^.?!]{{0,25}}?\b{_QUANTITY}\b{_NOT_A_PILL_COUNT}",
            # "had"/"ate" are everyday words: only with pills named ("had 3 of my tablets", not "had 6 beers")
            rf"\b(?:had|ate|eaten)\b[^.?!]{{0,15}}?\b{_QUANTITY}\b[^.?!]{{0,15}}?\b(?:pills?|tablets?|baclofen|doses?|lioresal)\b",
            # not a route ("can it be given through a pump instead of tablets?"), nor a brand for
            # the generic ("the pharmacist gave me Lioresal instead of baclofen")
            r"\b(?:took|taken|had|gave|given|swallowed)\b(?![^.?!]{0,40}?\b(?:through|via|by injection|as an? "
            r"(?:injection|liquid)|intrathecal\w*|into the spin\w*)\b)"
            r"(?![^.?!]{0,40}?\b(?:lioresal|gablofen|baclofen|generic|brand)\w* instead of (?:the )?(?:baclofen|lioresal|"
            r"gablofen|generic|brand)\b)[^.?!]{0,40}?\b(?:instead of|by mistake|by accident|"
            r"accidentally|in error)\b",
            r"\b(?:accidentally|by mistake|mistakenly)\b[^.?!]{0,10}?\b(?:took|taken|had|gave|given|swallowed|doubled)\b",
            r"\b(?:took|taken|had|swallowed)\b[^.?!]{0,25}?\b(?:[1-9]\d{2,}) ?mg\b",
            r"\boverdose\b",
            r"\btoo many (?:pills|tablets|baclofen)\b",
        ]
    ),
    "substance_mix": _compile(
        [
            rf"\b(?:mixed|drank|had(?! (?:a |an )?(?:problems?|issues?|addiction|history|past))|took|been drinking|was drinking|after drinking|on top of|(?<!problem )(?<!problems )(?<!issues )(?<!trouble )(?<!history )with)\b[^.?!]{{0,40}}?\b{_SUBSTANCE}\b[^.?!]{{0,50}}?\b{_UNWELL_NOW}\b",
            rf"\b{_SUBSTANCE}\b[^.?!]{{0,40}}?\b(?:baclofen|it)\b[^.?!]{{0,40}}?\b{_UNWELL_NOW}\b",
            # "baclofen plus pregabalin plus some beers, feel like I'm going under"
            rf"\bbaclofen\b[^.?!]{{0,10}}?(?:\bplus\b|\band\b|\bwith\b|\+|&|\bon top of\b)[^.?!]{{0,30}}?\b{_SUBSTANCE}\b"
            rf"[^.?!]{{0,50}}?\b{_UNWELL_NOW}\b",
        ]
    ),
    "breathing": _compile(
        [
            r"\b(?:really |very |so |badly |suddenly |quite )?breathless\w*\b",
            r"\bchok(?:ing|es|ed)\b",
            r"\bwheez\w*\b[^.?!]{0,20}?\b(?:badly|can't|cannot|struggling)\b",
            r"\b(?:trouble|difficulty|difficulties|problems?|struggling|hard|short of breathe|shortness of breathe)\b[^.?!]{0,10}?\bbreath\w*",
            r"\bbreathing (?:problems?|difficulties|trouble)\b",
            r"\b(?:short of|shortness of|out of) breathe\b",
        ]
    ),
    # noqa: F601 below: this key replaces the earlier "seizure" entry of _REPORT, whose
    # fell-and-shaking pattern is therefore never used (left for the triage owners to decide).
    "seizure": _compile([r"\b(?:seizures?|convulsions?|fits?)\b[^.?!]{0,20}?\b(?:now|again|won't stop|right now)\b"]),  # noqa: F601
    "withdrawal_reaction": _compile(
        [
            r"\b(?:stopped|quit|came off|ran out of|missed|forgot)\b[^.?!]{0,60}?\b(?:hallucinat\w*|fever|confus\w*|temperature|delirious)\b",
            r"\b(?:have|has|got|running|with) (?:a )?(?:high )?(?:fever|temperature)\b(?! of (?:3[0-7]|9\d)(?:\.\d)?\b)",
            r"\b(?:high|very high|huge|really high|spiking|spiked) (?:fever|temperature|temp)\b",
            r"\b(?:fever|temperature|temp) (?:is |went |has gone |keeps )?(?:very |really |so )?(?:high|up|spiking|rising|through the roof)\b",
        ]
    ),
    "chest_pain_fainting": _compile(
        [
            r"\b(?:pain|pains|pressure|tightness|tight|crushing|heaviness|squeezing|ache|aching)\b[^.?!]{0,25}?\b(?:in|across|on|around) "
            r"(?:my|his|her|the|their) (?:\w+ (?:of )?(?:my|his|her|the) )?chest\b",
            r"\bpain\b[^.?!]{0,10}?\bin chest\b",
            r"\b(?:douleur dans la poitrine|schmerzen in der brust|dolor (?:en el|de) pecho|b[oó]l w klatce|dolore al petto|dor no peito)\b",
            r"\bchest (?:pain|pains|hurts|hurting|is tight|tightness|pressure)\b",
            r"\bchest (?:is |feels |feeling |gets |got |going )?(?:very |really |so )?(?:tight|heavy|crushing|squeezing)\b",
            r"\bpain in (?:my|his|her|their) chest\b",
            r"\b(?:faint|fainting|about to faint)\b",
            r"\b(?:going to|about to|i'll|ill|gonna|might|feel like i (?:will|might|could)) (?:pass|black) out\b",
        ]
    ),
    "unresponsive": _compile(
        [
            # "i can't stay awake on baclofen" is drowsiness the writer is living through
            # someone else; "can't stay awake at work" (the writer) is urgent, not an emergency
            r"\b(?:he|she|they|he's|she's|(?:my|our|his|her) \w+(?: \w+)?) (?:just |really |simply )?(?:won't|can't|cannot|will not) stay awake\b",
            r"\bunconscious\b",
            r"\b(?:won't|isn't|is not|not) (?:answer|answering)\b(?! (?:his|her|their|my|the) (?:phone|texts?|calls?|door|messages?|questions?))",
        ]
    ),
}

# ---------------------------------------------------------------- whole-message combinations

# A red flag told across a long message: every part must appear somewhere in it, in any order
# ("found a chewed blister strip under the sofa ... my toddler is acting normal").
_MEDICINE = (
    r"(?:baclofen|lioresal|tablets?|pills?|tabs|meds|medicine|medication|blister\w*|packet|bottle|pill ?(?:pot|box|organi[sz]er)|"
    r"dosette|capsules?|liquid|syrup|muscle relaxants?|sweeties|foil|box|{foreign})"
).replace("{foreign}", _FOREIGN_PILLS[3:-1])
_INGEST_EVIDENCE = (
    r"(?:{foreign}|swallowed|swallowing|swallows|ate|eaten|eating(?! (?:well|normally|properly|ok|okay|fine))|eats? (?:some|one|a|an|them|it|the|my|his|her|several|two|\d+)\b|chew\w*|grabbed|snatched|stole|pinched|can't find (?:it|them|one)|"
    r"got (?:my|the|her|his|our|their|\w+'s) (?:\w+ )?(?:tablets|pills|bottle|packet|box|meds|medicine|baclofen)|"
    r"(?:was|been|got) given|drank (?:some|all|half|most|a bit) (?:of )?(?:the|her|his|my|their|our)? ?(?:liquid|syrup|"
    r"medicine|baclofen|bottle)|empty|suck\w*|lick\w*|nibbl\w*|munch\w*|bit into|in (?:his|her|their) mouth|"
    r"round (?:his|her|their) mouth|on (?:his|her|their) lips|(?:might|may|could) (?:of|have) (?:had|taken|eaten)|"
    r"missing(?! (?:\w+ ){0,2}(?:doses?|days?|appointments?|school|lessons|classes|lectures|meals))|gone|fewer|short|doesn't add up|don't add up|can't account|cannot account|not sure how many|no idea how many|"
    r"can't tell how many|one less|two less|(?:some|a few|one|two|three|\d+) (?:are |is )?(?:gone|missing)|"
    r"(?:open\b(?! for)|opened\b(?! (?:for|it|them))(?<!once opened)|undone|broken|torn|ripped|crushed|powdery|soggy|half sucked|bits of)|got (?:into|hold of)|"
    r"took (?:some|one|a|them|it)|taken (?:some|one|them|it)|had (?:some|one|a tablet|a pill))"
)
_INGEST_EVIDENCE = _INGEST_EVIDENCE.replace("{foreign}", _FOREIGN_SWALLOWED[3:-1])
_STOPPED = (
    r"(?:stopped|quit|came off|come off|coming off|cut down|cut back|cut (?:my|his|her|their) \w+ down|halved|reduced|"
    r"threw (?:his|her|their|my) \w+ (?:away|out|in the bin)|ran out|run out|out of (?:his|her|their|my) |"
    r"hasn't had|has not had|haven't had|have not had|not had (?:any|it|them|my|his|her)|had no (?:baclofen|tablets|pills|meds)|"
    r"no (?:baclofen|tablets|pills|meds) (?:since|for)|without (?:his|her|their|my) (?:baclofen|tablets|pills|meds)|"
    r"forgot(?:ten)? (?:to take )?(?:his|her|their|my) (?:baclofen|tablets|pills|meds)|missed (?:his|her|their|my|a few|several|\w+) doses|detox)"
)
_WITHDRAWAL_SIGNS = (
    r"(?:hallucinat\w*|seeing (?:things|shadows|faces|people|bugs|spiders)|hearing (?:things|voices|whispering|my name|his name|her name)|"
    r"(?:isn't|aren't|wasn't|weren't|is not|are not) (?:there|real)|nobody there|no one there|"
    r"burning up|fever\w*|high temp\w*|temp(?:erature)? (?:of )?(?:3[89]|4[01]|10[0-9])|a temp\b|boiling|roasting|hot as|"
    r"soaked in sweat|sweat(?:ing)? (?:like crazy|buckets|through)|drenched|sweating|sweaty|delirious|paranoid|"
    r"(?:very|really|so|totally|completely) confused|not making (?:any )?sense|talking nonsense|talking to the|"
    r"(?:doesn't|don't|does not) know (?:where|who)|losing my mind|going mad|not sure what's real|bugs crawling|skin (?:is )?on fire)"
)
_PUMP_THING = r"(?:pump|device|implant|thing in (?:his|her|their|my) (?:tummy|belly|stomach|side|abdomen)|aparato|pompe|pumpe|pompa)"
_PUMP_TROUBLE = (
    r"(?:alarm\w*|beep\w*|bleep\w*|chirp\w*|pitando|piepst|bipe|noise|buzz\w*|two-tone|empty|ran out|run out|battery|"
    r"stopped working|not working|broken|failed|forgot|missed|overdue)"
)
_SEDATED = (
    r"(?:floppy|can't hold (?:his|her|their|my) head up|very drowsy|so drowsy|really drowsy|can't stay awake|hard to wake|"
    r"won't wake|limp|slurring|breathing (?:slowly|slow))"
)
_UNWELL_WORDS = (
    r"(?:(?:very|really|so|extremely|v v|v) (?:dizzy|sleepy|drowsy|sick|groggy|confused|muddled|floppy|wobbly|unwell)|"
    r"throwing up|vomiting|being sick|can't think straight|not making (?:any )?sense|falling asleep|slurr\w*|slumped)"
)
_WEIRD_NOW = (
    r"(?:now|feel|feels|feeling|felt|is|he's|she's|i'm|im)\b[^.?!]{0,30}?\b(?:drowsy|sleepy|groggy|dizzy|sick|vomiting|"
    r"throwing up|confused|muddled|slurr\w*|slumped|slow to respond|tiny pupils|pupils are tiny|can't think|not making sense|"
    r"falling asleep|nodding off|can't keep (?:my|his|her|their) eyes open|out of it|unwell|wobbly|floppy|weird|awful|terrible|"
    r"racing|pounding|not making (?:any )?sense)"
)

_STRONG_ALL: Dict[str, List[Tuple[Pattern[str], ...]]] = {
    "self_harm": [
        tuple(re.compile(p) for p in pair)
        for pair in [
            (
                r"\b(?:saved|saving|save|stockpil\w*|hoard\w*|stash\w*|kept back|collect\w*|counted (?:them )?out|lined up|ready)\b",
                r"\b(?:tablets|pills|meds|baclofen|them|supply)\b",
                r"\b(?:enough|ready to go|when i'm ready|i'm ready|tonight|decided|made my decision|burden|no point|don't see the point|"
                r"tired of|can't do this|cant do this|goodbye|the end|to go|for good|end it|die|wake)\b",
            ),
            (
                r"\b(?:how many|enough|will \d+|would \d+|is \d+|\d+ (?:of these|tablets|pills)|the number|what amount|which dose|"
                r"what dose|a dose)\b",
                r"\b(?:don't wake|dont wake|not wake|never wake|sleep forever|go to sleep forever|drift off and|don't come back|"
                r"not come back|never come back|go quietly|painless|die|dying|dead|stop (?:your|my) breathing|"
                r"end it|the end|to go)\b",
            ),
        ]
    ],
}

_STRONG_ALL["self_harm"] += [
    tuple(re.compile(p) for p in parts)
    for parts in [
        (r"\bgoodbye\b", r"\b(?:won't|will not) (?:need|be needing|be using) (?:this|you|it)\b"),
        (
            r"\b(?:made|make) (?:my|the) (?:decision|mind up)\b",
            r"\b(?:tonight|the woods|goodbye|for good|last|pills|tablets|baclofen)\b",
        ),
        (r"\b(?:die|dying|dead)\b", r"\b(?:i need to know|please just tell me|just tell me the number)\b"),
        # "how many would it take? asking for myself", not "does it help MS? asking for myself"
        (
            r"\basking for (?:me|myself)\b",
            r"\b(?:how many|how much|what amount|the amount|lethal|deadly|fatal|kill|die|dying|overdose|too many|enough to|"
            r"end it|not wake|stop (?:your|my) breathing)\b",
        ),
        (
            r"\b(?:given away|giving away|gave away|sorted (?:out )?my (?:will|affairs)|put my affairs)\b",
            r"\b(?:how many|tablets|pills|baclofen|enough)\b",
        ),
        (
            r"\bcan't (?:do|take|cope with|go on with) (?:this|it) (?:anymore|any more|much longer)\b",
            r"\b(?:pills|tablets|meds|baclofen|tonight)\b",
        ),
    ]
]

_REPORT_ALL: Dict[str, List[Tuple[Pattern[str], ...]]] = {
    "child_ingestion": [
        tuple(re.compile(p) for p in (rf"\b{_CHILD}\b", rf"\b{_MEDICINE}\b", rf"\b{_INGEST_EVIDENCE}")),
        tuple(
            re.compile(p)
            for p in (
                rf"\b{_OTHER_ADULT}\b[^.?!]{{0,40}}?\b(?:took|taken|was given|given|had|swallowed|ate)\b"
                rf"[^.?!]{{0,40}}?\b(?:my|mine|someone else's|another|the wrong|\w+'s)\b[^.?!]{{0,30}}?\b{_MEDICINE}\b",
            )
        ),
    ],
    "animal_ingestion": [
        tuple(re.compile(p) for p in (rf"\b{_PET}\b", rf"\b{_MEDICINE}\b", rf"\b{_INGEST_EVIDENCE}")),
    ],
    "withdrawal_reaction": [
        tuple(re.compile(p) for p in (rf"\b{_STOPPED}", rf"\b{_WITHDRAWAL_SIGNS}")),
    ],
    "pump_problem": [
        tuple(re.compile(p) for p in (rf"\b{_PUMP_THING}\b", rf"\b{_PUMP_TROUBLE}\b")),
        tuple(re.compile(p) for p in (r"\b(?:refill\w*|refilled|topped up|pump)\b", rf"\b{_SEDATED}\b")),
        # a missed refill, then withdrawal signs: "gone all rigid and burning hot, his refill was missed"
        tuple(
            re.compile(p)
            for p in (r"\b(?:refill\w*|pump)\b", rf"(?<!no )(?<!not )(?<!without )(?<!any )\b{_WITHDRAWAL_SIGNS}")
        ),
    ],
    "substance_mix": [
        tuple(
            re.compile(p)
            for p in (
                r"\b(?:baclofen|lioresal|my tablets|his tablets|her tablets|it|them|baclofeno|baclof[eè]ne)\b",
                rf"\b{_SUBSTANCE}\b",
                rf"\b(?:{_WEIRD_NOW}|{_UNWELL_WORDS})\b",
            )
        ),
    ],
}


def _all_found(patterns: Tuple[Pattern[str], ...], text: str) -> Optional[str]:
    """The parts' matches, joined, when every part is found somewhere in `text` and the first
    (the person, pet or thing the story is about) is not in history or a hypothetical."""
    matches = [list(p.finditer(text)) for p in patterns]
    if not all(matches):
        return None
    live = [next((m for m in found if not discounted(text, m)), None) for found in matches]
    # what the story is about is happening now, or its evidence is, in a message that is no story
    if not (live[0] or (live[-1] and not is_story(text))):
        return None
    return " ... ".join((m or found[0]).group(0) for m, found in zip(live, matches))


# ---------------------------------------------------------------- history, hypotheticals, questions

# A clause about the past ("i had a seizure in 2018", "when i was a kid") reports no emergency.
_PAST_TIME = re.compile(
    r"\b(?:(?:\d+|a few|a couple of|two|three|four|five|six|seven|eight|nine|ten|many|several) (?:years?|months?|weeks?) "
    r"(?:ago|back)|years? ago|months? ago|years back|last (?:year|month|winter|summer|spring|autumn|fall|christmas|easter)|"
    r"(?:in|since|back in) (?:19|20)\d\d|in the (?:19)?[5-9]0s|last week(?:end)?|(?:at|over|last) christmas|(?:in|during) (?:the )?lockdown|in the past|back (?:in|when)|as a (?:child|kid|baby|toddler|"
    r"teen\w*|youngster)|when (?:i|he|she|they|we|my \w+|our \w+) (?:was|were) (?:little|small|young|younger|a \w+|\d+|in)|"
    r"in (?:my|his|her|their) (?:teens|twenties|youth|childhood)|at (?:age )?\d+\b(?! ?(?:mg|ml|am|pm|o'clock|tablets|pills))|"
    r"vor jahren|hace (?:\w+ )?a[ñn]os|il y a (?:\w+ )?ans|lata temu|anni fa|anos atr[aá]s|(?<!at )(?<!all at )\bonce\b"
    r"(?! (?:a|every|daily|you|it|or|and|more|again)\b)|one time|used to)\b"
)
# A clause that says so is about now, whatever else it says.
_NOW = re.compile(
    r"\b(?:now|right now|today|tonight|this (?:morning|afternoon|evening)|at the moment|currently|just now|"
    r"(?:\d+|a few|ten|five|twenty|thirty|an|half an) (?:mins?|minutes|hours?|hrs?) ago|"
    r"help me|please help|keeps?|still|is having|are having|'s having|ever since|since then|spreading|"
    r"since (?:starting|taking|i started|he started|she started|they started|we started)|"
    r"(?:i'm|i am|he's|she's|they're|is|are) (?:really |still )?struggling|"
    r"in the (?:last|past) (?:hour|half hour|few hours|couple of hours|\d+ (?:hours?|minutes|mins))|"
    r"(?:has|have|he's|she's|they've|i've) (?:just )?gone (?:all |really |very )?\w+|is burning|burning up|"
    r"(?:is|are|he's|she's|they're|i'm) (?:\w+ )?(?:shaking|sweating|fitting|seizing|jerking|hallucinating)|"
    # a change that lasts until now: "since the pump went in", "has been much more muddled", "got way worse"
    r"since (?:the|his|her|my|their) (?:\w+ )?(?:pump|dose|operation|surgery|op|procedure|increase)|"
    r"since (?:his |her |my |their |the )?(?:baclofen|dose|dosage|it) (?:was |has been |got |went )?(?:up|increased|"
    r"changed|put up|doubled)|"
    r"since (?:they|the doctor|the gp|the consultant|the hospital|the nurse|he|she|we|i) (?:put|upped|increased|raised|"
    r"changed|doubled|bumped|started|adjusted|altered|turned up) (?:up )?(?:his|her|their|my|the) (?:baclofen|dose|dosage|"
    r"tablets|pump(?: setting| rate)?|setting|rate)|"
    r"(?:has|have|she's|he's|i've|they've) been (?:much |a lot |far |even )?(?:more|really|very|so)|"
    r"(?:got|getting|gotten|gone) (?:way |much |a lot |far |really )?worse|whenever (?:i|he|she|they) \w+|"
    r"(?:seeping|oozing|leaking|weeping|bleeding) (?:from|out of|around))\b"
)
# "...and she was fine", "all sorted now": the story ended well, so its "now" is no report.
_RESOLVED = re.compile(
    r"\b(?:was|were|is|are|he's|she's|i'm|they're|been|turned out|all) (?:\w+ )?(?:fine|ok|okay|alright|all right|well|better|sorted)\b|"
    r"\b(?:fully |thankfully )?recovered\b|\bhealed\b|\bsurvived\b|\bthankfully\b|\bgr[eo]wn? out of\b|\bone[- ]off\b|"
    r"\bnothing since\b|\b(?:that's|it's|has|have) gone (?:now|away)\b|\bcleared up\b|\bsettled\b|\bgot (?:it|that|them) sorted\b|\bnever again\b|\bin a good place\b|\bdoing well\b|\bsober\b|\b(?:that's|it's|all) (?:all )?sorted\b|"
    r"\b(?:'d|would|will) be (?:fine|ok|okay|alright)\b|\bturned out (?:to be|it was)\b|"
    r"\bunrelated\b|\bfine now\b|\bok now\b|\bokay now\b|\bwell now\b|\bdie vet\b"
)
_CLAUSE = re.compile(r"[^.?!;,]+")
_SENTENCE = re.compile(r"[^.?!]+[.?!]*")
# "if my dog ate a tablet, what would happen?": a conditional clause with a modal question.
_IF = re.compile(r"\b(?:if|suppose|supposing|hypothetically|in case|in the event|whenever|say)\b")
_MODAL = re.compile(
    r"\b(?:would|could|might|what (?:do|should|would|can) (?:i|we|you|they|carers|someone)|what happens|"
    r"how (?:quickly|soon|long|fast)|hypothetically|first aid|care plan|thinking ahead|just in case|in (?:the )?future|"
    r"what (?:number|symptoms|signs)|what does (?:that|it) mean|is (?:that|it) (?:a reason|normal|dangerous|bad|serious)|"
    r"should (?:i|we|someone|they|you|he|she|carers)|how (?:do|would|can|should) (?:i|we|you)|dangerous|safe|harmful|toxic|"
    r"likely|possible|could it|would it)\b"
)
_CONDITIONAL = re.compile(r"\b(?:would|could|might|hypothetically|suppose|supposing|say)\b")
# A question about the medicine, not about a person: "can baclofen cause you to stop breathing?"
_DRUG_QUESTION = re.compile(
    r"^(?:can|could|does|do|will|would|is|are|might|may) (?:baclofen|lioresal|gablofen|"
    r"the (?:drug|medicine|medication|tablets?|pills?|pump)|taking|stopping|too much|an? (?:baclofen )?overdose)\b|"
    r"^(?:el|le|la|das|il|o) baclof\w+ (?:puede|peut|kann|mo[zż]e|pu[oò]|pode)\b"
)
# Someone in particular: a question about them is no general question ("why is my son seizing?").
# Someone other than "it": a hearsay question about a named person may report something.
_PERSON_NAMED = re.compile(
    r"\b(?:my|his|her|their|our|he|she|he's|she's|him|mum|mom|dad|husband|wife|son|daughter|partner|brother|sister)\b"
)
_SPECIFIC_PERSON = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|mine|we|we're|our|us|he|he's|him|his|she|she's|her|hers|they're|them|their)\b"
)


def _span_of(pattern: Pattern[str], text: str, at: int) -> str:
    for piece in pattern.finditer(text):
        if piece.start() <= at < max(piece.end(), piece.start() + 1):
            return piece.group(0)
    return text


def discounted(text: str, match: "re.Match[str]") -> bool:
    """Does this match (in normalised `text`) stand in history, a hypothetical, or a general
    question, not a report? Also used by safety.urgent."""
    if _HEARSAY.search(text) and not _NOW.search(text) and not _PERSON_NAMED.search(text):
        return True  # "I've read about people hallucinating when they stop, is that real?"
    clause = _span_of(_CLAUSE, text, match.start())
    if _PAST_TIME.search(clause) and (not _NOW.search(clause) or _resolved(text)):
        return True
    if match.group(0).startswith(("had ", "has had ")) and _resolved(text):
        return True
    sentence = _span_of(_SENTENCE, text, match.start())
    before = sentence[: max(0, sentence.find(match.group(0)))]
    if _IF.search(before) and _MODAL.search(sentence) and not _reports_after_if(sentence):
        return True
    if _DRUG_QUESTION.search(sentence.strip()) and not (_NOW.search(sentence) or _SPECIFIC_PERSON.search(sentence)):
        return True
    return is_general_question(sentence) and not _SPECIFIC_PERSON.search(sentence)


def _reports_after_if(text: str) -> bool:
    """ "is it dangerous if my son ate one?" asks about what happened; "would" makes it a supposition."""
    return bool(_PAST_AFTER_IF.search(text)) and not _CONDITIONAL.search(text)


# The writer says there is no emergency, or that they only ask.
_CALM = re.compile(
    r"\b(?:(?:nobody|no one|no-one) (?:is |was |got )?(?:hurt|ill|harmed|in danger)|no emergency|not an emergency|"
    r"not (?:dying|in danger)|(?:everyone|everybody|all) (?:is |are )?(?:fine|ok|okay|safe|well)|"
    r"just (?:asking|curious|wondering|want to know|wanted to know|checking)|"
    r"for (?:my|our|a) (?:course|exam|essay|first aid|care plan|information|records|training)|"
    r"in theory|in advance|ahead of time|beforehand|just in case|hypothetically)\b"
)


def only_asks_or_tells_of_the_past(text: str) -> bool:
    """Past-time words, a hypothetical, or an explicit all-clear: nothing says it is happening now.

    Used to overrule the classifier's emergency guess when no pattern found a red flag.
    """
    t = normalise(text)
    return bool(_PAST_TIME.search(t) or _CALM.search(t) or _is_hypothetical(t) or is_story(t))


def reports_now(text: str) -> bool:
    """Does the message say something is happening now (not only ask about it)?"""
    # "or just sleepiness" is no report: "just" counts only in the patterns' own checks
    t = re.sub(r"\bjust\b", "", normalise(text))
    return bool(_REPORT_MARKER.search(t) or _NOW.search(t))


def is_story(text: str) -> bool:
    """The message tells of the past (ended, or with nothing happening now) or of a hypothetical."""
    past = bool(_PAST_TIME.search(text))
    return (past and (not _NOW.search(text) or _resolved(text))) or _is_hypothetical(text)


def _resolved(text: str) -> bool:
    """The story ended well ("and she was fine"); one sign ruled out ("breathing is fine") is not that,
    nor is a good spell that something new ended ("everything was fine, but today it's gone red")."""
    t = _ALL_CLEAR_FOR_ONE_SIGN.sub(" ", text)
    found = _RESOLVED.search(t)
    return bool(found) and not _BUT_NOW.search(t, found.end())


_BUT_NOW = re.compile(r"\bbut (?:now|today|tonight|this (?:morning|afternoon|evening)|since (?:then|yesterday)|then)\b")


# "breathing is fine", "no temp and lips are ok": one sign ruled out, not the story's happy end.
_ALL_CLEAR_FOR_ONE_SIGN = re.compile(
    r"\b(?:breathing|breath|temperature|temp|lips|throat|tongue|face|eating|drinking|heart|chest|bp|blood pressure)"
    r" (?:is|are|seems?|looks?) (?:\w+ )?(?:fine|ok|okay|alright|all right|normal|well)\b"
)


def _is_hypothetical(text: str) -> bool:
    """The whole message asks about something that has not happened."""
    found = _IF.search(text)
    return bool(
        found and _MODAL.search(text) and not _NOW.search(text[: found.start()]) and not _reports_after_if(text)
    )


_RED_FLAG_TERMS = re.compile(
    r"seiz\w*|\bfits?\b|convuls\w*|hallucinat\w*|fever|temperature|overdos\w*|breath\w*|\bpump\b|alarm|refill|"
    r"suicid\w*|kill (?:my ?self|myself)|self[- ]?harm|unconscious|unresponsive|collaps\w*|faint\w*|passed out|"
    r"chest pain|withdraw\w*|poison\w*|swallowed|confus\w*|delirious|too many|double dose|emergency|"
    r"alcohol|drunk|lethal|overdose"
)


# Words that name a red flag or its everyday signs (wider than _RED_FLAG_TERMS, which grades
# disclaimers): a message using them never gets a fallback or a goodbye.
_RED_FLAG_NAMES = re.compile(
    r"\b(?:allerg\w*|hives|rash|swell\w*|swollen|anaphyla\w*|choking|blue|foam\w*|froth\w*|"
    r"stiff|rigid|jerk\w*|shaking|twitch\w*|floppy|limp|wake|asleep|sleepy|drowsy|dizzy|fall\w*|fell|weak\w*|"
    r"die|dying|dead|death|kill\w*|end it|stash|hoard\w*|swallow\w*|"
    r"vomit\w*|sick|ran out|run out|missed|stopp\w*|quit|cold turkey|beep\w*|refill|hospital|a&e|ambulance|999|911)\b"
)
# Who it can happen to counts only next to medicine: "my cat got at the tablets", not "a poem
# about my cat".
_AT_RISK = re.compile(r"\b(?:dog|cat|puppy|kitten|pet|vet|child|toddler|baby|kid)s?\b")
_MEDICINE_NEAR = re.compile(
    r"\b(?:baclofen|tablets?|pills?|meds?|medicines?|medication|drugs?|dose\w*|ate|eaten|eating|swallow\w*|"
    r"chew\w*|got into|got at|bottle|packet|blister\w*)\b"
)


def names_red_flag(text: str) -> bool:
    """Does `text` name a red flag, its signs, or who or what it happens to (for the triage)?"""
    t = normalise(text)
    return bool(
        _RED_FLAG_TERMS.search(t) or _RED_FLAG_NAMES.search(t) or (_AT_RISK.search(t) and _MEDICINE_NEAR.search(t))
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


# "my son struggles to swallow tablets": trouble swallowing them, not a child who swallowed some.
_SWALLOWING_TROUBLE = re.compile(
    r"\b(?:struggl\w*|hard|harder|difficult\w*|trouble|problems?|issues?|can't|cannot|can not|won't|unable|"
    r"refus\w*|hates?|gags? (?:on|when)|for (?:him|her|them|me) to) (?:to |with |at |when )?"
    r"(?:swallow\w*)(?: (?:tablets?|pills?|them|it|(?:his|her|their|my) (?:tablets|pills|meds)))?\b"
    r"|\b(?:to|can|must|should|could|needs? to|have to|has to|it) be swallowed\b"
)


# "I've heard coming off it can cause a high fever, is that true?": a question about what is
# said, with nobody named and nothing happening now.
_HEARSAY = re.compile(
    r"\b(?:i'?ve heard|i heard|i read|i've read|they say|people say|someone said|is it true|is that true|apparently)\b"
)


# "pump isn't alarming, everything's fine": the writer rules the red flag out.
_ALL_CLEAR = re.compile(
    r"\b(?:pump|it|alarm) (?:isn't|is not|isnt|hasn't been|has not been|hasn't|has not|wasn't|never) "
    r"(?:alarming|beeping|bleeping|going off|empty|leaking|gone off|run out|ran out)\b"
)


# Stopped lately, and the signs of withdrawal now in the first person, however it is asked: "is it
# normal to see spiders on the walls after stopping baclofen yesterday? ... I'm boiling hot".
_STOPPED_LATELY = (
    r"\b(?:stopped|stopping|came off|coming off|quit|quitting)\b[^.?!]{0,30}?\b(?:yesterday|last night|today|this morning|"
    r"(?:\w+ )?days? ago|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
_WITHDRAWAL_NOW = (
    r"\b(?:i'm|i am|he's|she's|they're)\s+(?:\w+ )?(?:boiling|burning up|roasting|hallucinating|seeing things|shaking)\b"
    r"|\b(?:see|seeing) (?:spiders|bugs|insects|things|people|faces|shadows)\b[^.?!]{0,40}?\b(?:walls?|ceiling|room|floor|"
    r"aren't there|not there|look so real)\b"
)
# Signs seen in someone now, however the message is framed, so never discounted: (category, parts),
# every part found somewhere in the text. "is it normal if someone's only breathing a few times a
# minute after baclofen" asks about what is happening, not in general.
_ALWAYS_NOW: List[Tuple[str, Tuple[Pattern[str], ...]]] = [
    (category, tuple(re.compile(p) for p in parts))
    for category, parts in [
        # "I stopped ... last week and I just had a seizure at work": "last week" dates the stopping
        (
            "seizure",
            (
                r"\b(?:i|i've|he|he's|she|she's|they|they've|(?:my|our) \w+) (?:has |have )?just had (?:a |another )?"
                r"(?:\w+ )?(?:seizure|fit|convulsion)\b",
            ),
        ),
        (
            "breathing",
            (
                r"\b(?:is|'s|are|he's|she's|they're) (?:only |barely )?breathing (?:about |like |maybe )?(?:\d+|a few|two|"
                r"three|four|five|six|once or twice) (?:times|breaths) (?:a|per|every) minute\b",
            ),
        ),
        ("withdrawal_reaction", (_STOPPED_LATELY, _WITHDRAWAL_NOW)),
    ]
]


def detect(text: str) -> Optional[RedFlag]:
    """The red flag in `text`, or None. Deterministic; safe on any input."""
    t = _ALL_CLEAR.sub(" all clear ", _SWALLOWING_TROUBLE.sub(" finds tablets hard ", normalise(text)))
    if not t:
        return None
    general = is_general_question(t) or bool(_HEARSAY.search(t) and not _NOW.search(t) and not _PERSON_NAMED.search(t))
    # a whole-message story of long ago, or of what might happen, is not happening now
    story_only = is_story(t)
    # a past story told as a question, or with a good ending, reports nothing happening now
    history_question = story_only and ("?" in t or _resolved(t))
    for category, parts in _ALWAYS_NOW:
        found = [p.search(t) for p in parts]
        if all(found):
            return RedFlag(category, " ... ".join(m.group(0) for m in found))
    for category in PRIORITY:
        for pattern in _STRONG.get(category, []):
            for found in pattern.finditer(t):
                # intent to self-harm is never discounted, only its bare topic words are
                if category == "self_harm":
                    return RedFlag(category, found.group(0))
                if not history_question and not discounted(t, found):
                    return RedFlag(category, found.group(0))
        for pattern in _TOPIC_WORDS.get(category, []):
            for found in pattern.finditer(t):
                if not history_question and not discounted(t, found):
                    return RedFlag(category, found.group(0))
        for parts in _STRONG_ALL.get(category, []):
            evidence = _all_found(parts, t)
            if evidence:
                return RedFlag(category, evidence)
        if general:
            continue
        for pattern in _REPORT.get(category, []):
            for found in pattern.finditer(t):
                if not discounted(t, found):
                    return RedFlag(category, found.group(0))
        if story_only:
            continue
        for parts in _REPORT_ALL.get(category, []):
            evidence = _all_found(parts, t)
            if evidence:
                return RedFlag(category, evidence)
    return None


def mentions_red_flag_terms(text: str) -> bool:
    """Any red-flag vocabulary at all, emergency or not (for full-strength disclaimers)."""
    return bool(_RED_FLAG_TERMS.search(normalise(text))) or detect(text) is not None
