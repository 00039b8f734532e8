"""Texting shorthand written out in full, for the sentence encoder only.

"wots baclofen 4 n does it make u drowsy", "mech of action pls", "IT baclofen - wats that": the
sentence encoder (MiniLM) was trained on written English and reads "4", "u" and "IT" as what
they usually are in writing. `expand(text)` writes the shorthand out before a text is embedded,
in training and at run time alike (components/sentence_encoder.py), so both see the same words.

Only the embedding input changes: the message TEXT, which the triage, the entity extractors
and the transcripts read, stays as typed ("took 4" must still read as four tablets).
"""

from __future__ import annotations

import hashlib
import re
from typing import Dict

# One word, whole, any case: the shorthand and what it stands for.
_WORDS: Dict[str, str] = {
    "u": "you",
    "n": "and",
    "ur": "your",
    "r": "are",
    "y": "why",
    "wat": "what",
    "wot": "what",
    "wht": "what",
    "hw": "how",
    "wats": "what's",
    "wots": "what's",
    "whats": "what's",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "b4": "before",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "bc": "because",
    "abt": "about",
    "ppl": "people",
    "dr": "doctor",
    "docs": "doctors",
    "gp's": "doctor's",
    "meds": "medicines",
    "tabs": "tablets",
    "mech": "mechanism",
    "moa": "mechanism of action",
    "s/e": "side effects",
    "s/es": "side effects",
    "se's": "side effects",
    "w/d": "withdrawal",
    "w/": "with",
    "w/o": "without",
    "rn": "right now",
    "tbh": "to be honest",
    "idk": "I don't know",
    "im": "I'm",
}
_WORD = re.compile(
    r"(?<![\w/'])(?:" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")(?![\w/'])", re.I
)
# "what's it 4", "baclofen wat 4?": "4" for "for" only after a question about what something is
# for, at the end of a clause; a number elsewhere stays a number ("took 4", "4 tablets").
_FOR = re.compile(
    r"(\b(?:what|wat|wot|whats|what's|wats|wots|wut)\b[^?!.,\d]{0,30}?\s)4(?=\s*(?:[?!.,]|\bn\b|\band\b|$))", re.I
)
# "ok 2 drive", "safe 2 take": "2" for "to" between a word of permission and a verb.
_TO = re.compile(r"\b(ok|okay|safe|allowed|able|fine|how|need|want|going|got)\s+2\s+(?=[a-z])", re.I)
# "IT baclofen", "baclofen IT": intrathecal, written in capitals next to the drug or a pump.
_INTRATHECAL = re.compile(r"\bIT(?=\s+(?:baclofen|pump|dose|trial|route|injection)\b)|(?<=baclofen\s)IT\b")


def expand(text: str) -> str:
    """`text` with texting shorthand written out; text without any is returned unchanged.

    Args:
        text: a message or a part of one, as typed.

    Returns:
        The text for the encoder: "wots baclofen 4" -> "what's baclofen for".
    """
    text = _INTRATHECAL.sub("intrathecal", text)
    text = _FOR.sub(lambda m: f"{m.group(1)}for", text)
    text = _TO.sub(lambda m: f"{m.group(1)} to ", text)
    return _WORD.sub(lambda m: _WORDS[m.group(0).lower()], text)


def shorthand_fingerprint() -> str:
    """A short hash of what `expand` writes out: a new table means newly embedded training data."""
    table = repr((sorted(_WORDS.items()), _FOR.pattern, _TO.pattern, _INTRATHECAL.pattern))
    return hashlib.sha256(table.encode("utf-8")).hexdigest()[:12]
