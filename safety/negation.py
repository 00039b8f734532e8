"""Negated symptoms: "I don't have chest pain. Does baclofen make you drowsy?" is a question.

NegEx (the maintained `negspacy` implementation, on a blank spaCy English pipeline) finds
which symptom mentions a message denies. `mask_negated` blanks those mentions out, so the
red-flag and urgent patterns only see symptoms the writer did not deny:

    mask_negated("I don't have chest pain but I can't breathe")
    -> "I don't have [denied] but I can't breathe"        (still a breathing emergency)

Safety limits, each on purpose:
- Only symptoms that are positive words are masked (chest pain, seizure, fever...). Phrases
  whose meaning is itself a negation ("not breathing", "can't wake", "won't stop fitting")
  are never symptom mentions, so a negation can never hide them.
- Masking only happens in a message that asks something (a "?", a question word, "I want
  to know"). A pure report ("no one is answering and he's collapsed") is left as it is.
- NegEx's scope ends at a sentence end and at terminating words ("but", "and now"...);
  "don't know", "can't tell" and the like are pseudo-negations that negate nothing.

Needs spaCy and negspacy (both in the Rasa server's environment). The pipeline is built once
per process, on first use (about 50 ms).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Tuple

DENIED = "[denied]"
LABEL = "SYMPTOM"

# Positive symptom words a writer can deny. Lower case; matched token by token.
SYMPTOMS: Tuple[str, ...] = (
    "chest pain",
    "chest pains",
    "pain in my chest",
    "chest tightness",
    "tight chest",
    "tightness in my chest",
    "seizure",
    "seizures",
    "seizing",
    "fit",
    "fits",
    "fitting",
    "convulsion",
    "convulsions",
    "convulsing",
    "fever",
    "fevers",
    "high fever",
    "temperature",
    "high temperature",
    "temp",
    "hallucination",
    "hallucinations",
    "hallucinating",
    "seeing things",
    "hearing things",
    "hearing voices",
    "trouble breathing",
    "difficulty breathing",
    "breathing problems",
    "breathing problem",
    "breathing trouble",
    "breathing difficulties",
    "shortness of breath",
    "short of breath",
    "breathless",
    "breathlessness",
    "problems breathing",
    "issues breathing",
    "fainted",
    "fainting",
    "faint",
    "passed out",
    "blacked out",
    "collapsed",
    "collapse",
    "suicidal",
    "suicidal thoughts",
    "thoughts of suicide",
    "thoughts of harming myself",
    "self harm",
    "self-harm",
    "overdosed",
    "overdose",
    "overdosing",
    "confused",
    "confusion",
    "delirious",
    "disoriented",
    "unconscious",
    "unresponsive",
    "rash",
    "hives",
    "swelling",
    "swollen",
    "allergic reaction",
    "allergy",
    "alarm",
    "alarms",
    "alarming",
    "alarm going off",
    "alarms going off",
    "beeping",
    "beeps",
    "floppy",
    "hard to wake",
    "gasping",
    "struggling for breath",
    "choking",
    "swallow",
    "swallowed",
    "swallow any",
    "eat any",
    "ate any",
    "eaten any",
    "take any",
    "taken any",
    "had any",
    "took too many",
    "taken too many",
    "too many",
    "double dose",
    "harm myself",
    "hurt myself",
    "hurting myself",
    "harming myself",
    "kill myself",
    "suicide",
    "vomiting",
    "throwing up",
    "being sick",
    "dizzy",
    "dizziness",
    "weak",
    "weakness",
    "drowsy",
    "drowsiness",
    "falls",
    "fallen",
    "fell",
    "withdrawal",
    "withdrawal symptoms",
)

# Phrases that look like a negation but negate nothing ("I don't know what to do, he's
# fitting"). Added to negspacy's own English list.
PSEUDO_NEGATIONS: Tuple[str, ...] = (
    "don't know",
    "dont know",
    "do not know",
    "didn't know",
    "not sure",
    "no idea",
    "can't tell",
    "cant tell",
    "cannot tell",
    "can't say",
    "not normal",
    "isn't normal",
    "not right",
    "isn't right",
    "won't stop",
    "wont stop",
    "can't stop",
    "cant stop",
    "doesn't stop",
    "not stopping",
    "didn't stop",
    "not responding",
    "not breathing",
    "can't breathe",
    "cant breathe",
    "cannot breathe",
    "can't wake",
    "won't wake",
    "not waking",
    "can't get",
    "cannot get",
    "couldn't get",
    "not getting better",
    "no better",
    "not better",
    "not going away",
    "won't go away",
    "doesn't go away",
    "never seen",
    "not like",
    "never like",
    "not himself",
    "not herself",
    "not themselves",
)

# Where a denial's scope ends, besides negspacy's own list and sentence ends.
TERMINATIONS: Tuple[str, ...] = (
    "and now",
    "now",
    "and then",
    "then",
    "suddenly",
    "because",
    "since",
    "until",
    "when",
    "while",
    "only",
    "just",
    "except that",
    "apart from",
    "other than",
    "although",
    "whereas",
    "instead",
)

# Denials negspacy's English list lacks: the perfect tense and everyday forms.
PRECEDING_NEGATIONS: Tuple[str, ...] = (
    "haven't",
    "havent",
    "hasn't",
    "hasnt",
    "hadn't",
    "hadnt",
    "have not",
    "has not",
    "had not",
    "not having",
    "not had",
    "never had",
    "free of",
    "no sign of",
    "no signs of",
    "nothing like",
    "not got",
    "haven't got",
    "hasn't got",
    "ain't got",
    "no more",
    "not any",
    "without any",
    "nobody",
    "no one",
    "didnt",
    "didn't",
    "did not",
    "not going to",
    "not thinking of",
    "not thinking about",
    "not planning",
)

_ASKS = re.compile(
    r"\?|^\s*(?:(?:so|and|but|then|ok|okay|right|well)\s+)?(?:can|could|does|do|did|will|would|is|are|should|what|"
    r"what's|whats|how|why|when|which|may|might|"
    r"any|tell me|explain)\b|[,;:.]\s*(?:what|what's|whats|how|why|is it|is that|is this|are (?:(?:both|all) (?:of )?)?(?:they|these|those|them)|could it|(?:does|will|can|would|could|should) (?:baclofen|lioresal|gablofen)|could that|does it|does that|can i|can it|will it|should i|do i)\b|"
    r"\b(?:wants? to (?:know|ask|check|confirm)|wanted to (?:know|ask|check)|wondering|wonder|"
    r"whether|confirm|curious|just asking|question|is there|are there|"
    r"can you tell|could you tell|tell me|asking (?:about|because|for)|for my information)\b",
    re.IGNORECASE | re.MULTILINE,
)


def asks_something(text: str) -> bool:
    """True when the message asks a question (only then are denied symptoms masked)."""
    return bool(_ASKS.search(text))


@lru_cache(maxsize=1)
def _pipeline():  # -> spacy.language.Language; built lazily so importing this module is cheap
    import spacy
    from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)
    from negspacy.termsets import termset

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": LABEL, "pattern": phrase} for phrase in SYMPTOMS])
    terms = termset("en")
    terms.add_patterns(
        {
            "pseudo_negations": list(PSEUDO_NEGATIONS),
            "preceding_negations": list(PRECEDING_NEGATIONS),
            "termination": list(TERMINATIONS),
        }
    )
    nlp.add_pipe("negex", config={"ent_types": [LABEL], "neg_termset": terms.get_patterns()})
    return nlp


def denied_spans(text: str) -> List[Tuple[int, int]]:
    """Character spans (start, end) of the symptom mentions that `text` denies."""
    doc = _pipeline()(text)
    return [(ent.start_char, ent.end_char) for ent in doc.ents if ent._.negex]


def mask_negated(text: str) -> str:
    """`text` with denied symptom mentions replaced by "[denied]", when it asks something.

    Returns `text` unchanged when it asks nothing or denies nothing. Safe on any string.
    """
    if not text or not asks_something(text):
        return text
    spans = denied_spans(text)
    for start, end in reversed(spans):
        text = text[:start] + DENIED + text[end:]
    return text
