"""Split a message into its parts: background statements and the questions it asks.

People write "my mum has had MS for 20 years and they want to start her on baclofen. What does
it do, and what are the side effects?": background first, then two questions. Classifying the
whole message picks up the background (the MS answer); classifying each question part as well
lets the classifier answer what is asked, and answer each question of a two-part message
(components/sentence_encoder.py, `EmbeddingIntentClassifier`).

`split_parts(text)` returns `Part`s in the order written. Boundaries:
- sentence ends (. ? ! ; and line breaks), " + ", " & ", and list markers ("1)", "2.", "a)");
- ", and", " and", ", also", ", plus", " or" and "," when the next words open a question
  ("... what's it for, and is it a tablet?", "how does it work and does it make you sleepy"),
  also after an ordinal ("first, does it help stiffness, second do people...");
- ":" and a spaced dash when what follows opens a question ("two things: is it ...",
  "Gablofen - how is it given"), even after one word ("Two-parter: is it ...").
A part is a question when it ends with "?", or opens with a question word ("what", "how",
"is", "can", "does"...; after a boundary also "whether" and "if"), or asks in other words ("tell
me", "I'd like to know", "wondering", "worried about"). A short question about "that" or "this"
joins the statement before it ("she's drowsy all day, is that the baclofen?").

Only the text's character offsets are kept, so the parts can be mapped back to the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

# Words that open a question (also after "and", "also", "plus").
_QUESTION_OPENER = (
    r"(?:what(?:'s|s| is| are| does| do| about| happens)?|how|why|when|where|which|who|whats"
    # typed as said ("wat r the side effects"), and a question word after a preposition ("and by
    # what mechanism?")
    r"|wat|wats|wot|wots|wut|wht|(?:by|in|for|with|from|on|at|to) (?:what|which|whom)"
    r"|is|isn't|are|aren't|does|doesn't|do|did|can|could|will|would|should|shall|may|might|has|have"
    r"|any|tell me|explain|i'?d like to know|i (?:just |really |only )?(?:want|wanted|need|needed) to know|wondering)\b"
)
# After a boundary, "whether" and "if" open an indirect question too ("..., and whether it's used
# in CP", "... and also if she can stop it"); not at the start of a message ("if I miss a dose...").
_INDIRECT_OPENER = r"(?:whether|if)\b"
# "first, does it help stiffness, second do people ...": an ordinal or "also" before the question.
_ORDINAL = r"(?:(?:second(?:ly)?|third(?:ly)?|next|lastly|finally|also|and also)\W+)?"
_ASKS = re.compile(
    r"^\W*(?:(?:and|also|plus|but|so|oh|ok|okay|then|secondly|second|lastly|finally|first(?:ly)?)\W+)*"
    + _QUESTION_OPENER
    # "..., and whether it's used in CP", "and also if she can stop it"; not a condition ("and if he
    # switches, can he ...": the question follows it).
    + r"|^\W*(?:(?:and|also|plus|or)\W+)*(?:whether\b|also\W+if\b)"
    + r"|\b(?:tell me|explain|i'?d like to know|i want to know|i need to know|wondering|curious)\b"
    # A reported question is asked too: "my teacher asked what her medicine is for".
    + r"|\b(?:asked|asks|asking|wants to know|wanted to know|was wondering|were wondering) (?:me |us |him |her )?"
    r"(?:what|how|why|whether|if|which|when)\b"
    # A worry is a question in other words: "mum is worried about feeling tired on it".
     + r"|\b(?:worried|worrying|concerned|anxious|nervous|scared|afraid|frightened) (?:about|of|that)\b",
    re.I,
)
# Hard boundaries: sentence ends, then the list-like ones: "+", "&", markers like "1)" "2." "b)".
# " n " is "&" typed short ("side effects n withdrawal?"), and " / " lists too ("uses / brands / forms?").
_HARD = re.compile(r"[?!;\n]+|(?<=\w)\.(?=\s|$)|(?P<listed>\s[+&n/]\s|(?:^|\s)(?:\d|[a-c])[).](?=\s))")
# An item of a list of questions asks even without a question word ("side effects + driving?").
_LIST_ITEM_MAX_WORDS = 6
# Soft boundaries: a conjunction or comma, kept only when a question opens right after it.
_SOFT = re.compile(r"(?:,\s*(?:and|also|plus|or)?|\s(?:and|also|plus|or)\b|:|\s[-\u2013\u2014]+(?=\s))\s*", re.I)
# After a label ("Two-parter: is it ...", "Gablofen - how is it given"), one word is enough before.
_LABEL = re.compile(r"[:\-\u2013\u2014]")
_OPENS_QUESTION = re.compile(r"\s*" + _ORDINAL + r"(?:" + _QUESTION_OPENER + "|" + _INDIRECT_OPENER + ")", re.I)
# "my dad's drowsy and weak on it, is that the drug?": a short question about "that" or "this"
# asks about the statement before it, so the two are one question part.
_REFERS_BACK = re.compile(
    r"^\W*(?:and |so |but )?(?:is|isn't|could|would|might|can|are|aren't|was|does|do)\s+(?:that|this|these|those)\b",
    re.I,
)
_REFERS_BACK_MAX_WORDS = 7
# A run-on question with no punctuation before it: "... start her on baclofen what does it do".
# Not after words that make the question part of the sentence ("I want to know what it does").
_RUN_ON = re.compile(
    r"(?<!\bknow)(?<!\bwonder)(?<!\bwondering)(?<!\bsure)(?<!\bask)(?<!\basked)(?<!\bexplain)"
    r"(?<!\btell)(?<!\bunderstand)(?<!\babout)(?<!\bidea)(?<!\bout)(?<!\bsee)(?<!\bof)(?<!\bon)"
    r"(?<!\bis)(?<!\band)(?<!\bor)(?<!\bme)(?<!\bus)(?<!\bhim)(?<!\bher)(?<!\bthem)(?<!\bremember)"
    r"\s+(?=(?:what|how|why|is it|is this|does it|does this|can it|will it|can i|can she|can he|should i"
    r"|do i|is there|are there)\b)",
    re.I,
)
_RUN_ON_MIN_WORDS = 5
# "...what kind of medicine even is it?": a run-on needs a question of its own after it.
_RUN_ON_MIN_WORDS_AFTER = 3
_MIN_WORDS = 2
_COURTESY = re.compile(r"\s+(?:pls|please|plz|thanks|thx|ta|thank you|cheers)\W*$", re.I)


@dataclass(frozen=True)
class Part:
    """One part of a message: `text[start:end]` of the original, and whether it asks."""

    start: int
    end: int
    text: str
    is_question: bool


def _is_question(text: str, ended_with_question_mark: bool) -> bool:
    return ended_with_question_mark or bool(_ASKS.search(text))


def _soft_split(start: int, end: int, text: str) -> List[tuple]:
    """Splits one hard segment at conjunctions and commas that a question follows."""
    cuts = [start]
    boundaries = sorted(
        list(_SOFT.finditer(text, start, end)) + list(_RUN_ON.finditer(text, start, end)),
        key=lambda m: m.start(),
    )
    for match in boundaries:
        if match.start() < cuts[-1]:
            continue
        after = match.end()
        if after >= end or not _OPENS_QUESTION.match(text, after):
            continue
        before = len(text[cuts[-1] : match.start()].split())
        if match.re is _RUN_ON:
            least = _RUN_ON_MIN_WORDS
            if len(text[after:end].split()) < _RUN_ON_MIN_WORDS_AFTER:
                continue
        else:
            least = 1 if _LABEL.search(match.group()) else _MIN_WORDS
        if before < least:
            continue  # "what and how" is one question, not two
        cuts.extend([match.start(), after])
    cuts.append(end)
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


def split_parts(text: str) -> List[Part]:
    """The message's parts, in order; a message of one part gives a list of one.

    Args:
        text: the user's message, any length.

    Returns:
        Parts with offsets into `text`; empty only for a text with no words.
    """
    # (start, end, ends with "?", is an item of a list)
    segments = []
    position = 0
    listed_before = False
    for match in _HARD.finditer(text):
        listed = match.group("listed") is not None
        segments.append((position, match.start(), "?" in match.group(), listed_before or listed))
        position, listed_before = match.end(), listed
    segments.append((position, len(text), False, listed_before))
    parts: List[Part] = []
    for start, end, question_mark, list_item in segments:
        items = _topic_list(start, end, text)
        if items is not None:
            parts.extend(Part(s, e, text[s:e], True) for s, e in items)
            continue
        pieces = _soft_split(start, end, text)
        for index, (piece_start, piece_end) in enumerate(pieces):
            piece = text[piece_start:piece_end]
            stripped = piece.strip(" ,:-")
            if not re.search(r"\w", stripped):
                continue
            offset = piece_start + piece.index(stripped)
            # "w/d pls": the courtesy is not part of what is asked
            courtesy = _COURTESY.search(stripped)
            if courtesy is not None and courtesy.start() > 0:
                stripped = stripped[: courtesy.start()]
            last = index == len(pieces) - 1
            asks = _is_question(stripped, question_mark and last) or (
                list_item and len(stripped.split()) <= _LIST_ITEM_MAX_WORDS
            )
            # "backlofen side affects and can u stop it": a short topic named before a question
            # split from it asks too, as a list item does; not a statement about someone ("she has CP").
            if not asks and not last and len(pieces) > 1 and _is_topic_phrase(stripped):
                asks = True
            parts.append(Part(offset, offset + len(stripped), stripped, asks))
    return _join_referring_questions(_merge_fragments(parts, text), text)


_SOMEONE = re.compile(
    r"\b(?:i|i'm|im|i've|me|my|he|he's|she|she's|they|they're|we|our|his|her|their|mum|mom|dad|son|daughter|husband|"
    r"wife|partner|is|are|was|were|has|have|had|been)\b",
    re.I,
)


def _is_topic_phrase(text: str) -> bool:
    """A few words naming a topic, with no one in them, no verb of being and no negation:
    "baclofen side effects"; not a label ("Gablofen - ...") or a scene ("for MS spasms - ...")."""
    words = re.sub(r"^(?:two|2|a couple of|few) (?:things|questions|qs)\W*", "", text.strip(), flags=re.I).split()
    phrase = " ".join(words)
    return (
        2 <= len(words) <= _TOPIC_PHRASE_MAX_WORDS
        and not _SOMEONE.search(phrase)
        and not _SET_ASIDE.search(phrase)
        and not _NOT_A_TOPIC_START.match(phrase)
    )


# "for MS spasms - does it work": a phrase that opens with a preposition sets the scene.
_NOT_A_TOPIC_START = re.compile(r"(?:for|with|about|in|on|after|since|because|from|to|re|regarding)\b", re.I)


_TOPIC_PHRASE_MAX_WORDS = 5

# A compact list of topics, each one asked: "side effects, driving, stopping - tell me the lot",
# "lioresal: uses and side effects", "what is it, how does it work, side effects".
# An optional label of up to three words ends in ":" or a spaced dash; a closing request is not
# an item; items are separated by commas, "&" and a last "and"/"or".
_LIST_GREETING = re.compile(r"^\W*(?:hi|hello|hey|hiya|morning|evening|afternoon)\b\W*", re.I)
_LIST_LABEL = re.compile(r"^\w[\w/'-]*(?:\s+[\w/'-]+){0,2}\s*(?::|\s[-\u2013\u2014]+)\s+")
_LIST_REQUEST = re.compile(
    r"(?:\s*[-\u2013\u2014:,.]+)?\s*(?:(?:(?:can you |could you |pls |please )?(?:tell me|explain|give me)"
    r"|(?:i want|i need|i'd like)(?: to know)?)(?: (?:about )?(?:the lot|everything|all of it|all that|all|it all|them all))?"
    r"|the lot|everything|info|pls|please|plz|thanks|thx|ta|\?)(?:\s*(?:pls|please|plz|thanks|thx))?\W*$",
    re.I,
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|or|&)\s+)?|\s+&\s+|\s+(?:and|or)\s+(?=[^,]*$)", re.I)
_LIST_ITEM_WORDS = 4
_LIST_QUESTION_WORDS = 6


def _topic_list(start: int, end: int, text: str) -> List[tuple] | None:
    """The items of a segment that is a compact list of topics, as (start, end) offsets; None for
    any other segment. Three items or more, or two after a label; at least one item names a topic
    without a question word (a list of questions only is _soft_split's), and none is about someone."""
    body_start, body_end = start, end
    request = _LIST_REQUEST.search(text, start, end)
    if request is not None and request.start() > start:
        body_end = request.start()
    greeting = _LIST_GREETING.match(text[body_start:body_end])
    if greeting:
        body_start += greeting.end()
    label = _LIST_LABEL.match(text[body_start:body_end])
    if label:
        body_start += label.end()
    cuts = [body_start]
    for match in _LIST_SEPARATOR.finditer(text, body_start, body_end):
        cuts.extend([match.start(), match.end()])
    cuts.append(body_end)
    items = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    if len(items) < (2 if label else 3):
        return None
    topics = 0
    for item_start, item_end in items:
        item = text[item_start:item_end].strip()
        words = item.split()
        if not words:
            return None
        if _OPENS_QUESTION.match(item):
            if len(words) > _LIST_QUESTION_WORDS:
                return None
            continue
        if len(words) > _LIST_ITEM_WORDS or _SOMEONE.search(item) or _SET_ASIDE.search(item):
            return None
        if _NOT_A_TOPIC_START.match(item) or not re.search(r"[^\W\d]", item):
            return None
        topics += 1
    return items if topics >= 1 else None


def _join_referring_questions(parts: List[Part], text: str) -> List[Part]:
    """ "she's drowsy all day. is that the baclofen?": the statement and the short question about
    it become one question part, classified together."""
    joined: List[Part] = []
    for part in parts:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not previous.is_question
            and part.is_question
            and _REFERS_BACK.match(part.text)
            and len(part.text.split()) <= _REFERS_BACK_MAX_WORDS
        ):
            joined[-1] = Part(previous.start, part.end, text[previous.start : part.end], True)
            continue
        joined.append(part)
    return joined


def _merge_fragments(parts: List[Part], text: str) -> List[Part]:
    """A one-word piece ("hi", "ok") is not a part of its own: it joins the next one."""
    merged: List[Part] = []
    carry = None
    for part in parts:
        if carry is not None:
            part = Part(carry.start, part.end, text[carry.start : part.end], part.is_question or carry.is_question)
            carry = None
        if len(part.text.split()) < _MIN_WORDS and not part.is_question:
            carry = part
            continue
        merged.append(part)
    if carry is not None:
        if merged:
            last = merged.pop()
            merged.append(Part(last.start, carry.end, text[last.start : carry.end], last.is_question))
        else:
            merged.append(carry)
    return merged


def question_parts(text: str) -> List[Part]:
    """Only the parts that ask something (may be empty: "my legs feel like jelly")."""
    return [p for p in split_parts(text) if p.is_question]


# "not how much to take, just the different ways it can be taken", "no dizziness, no drowsiness,
# just wondering which conditions it's given for": a topic set aside, then what is asked.
_SET_ASIDE = re.compile(
    r"\b(?:not|no|don't|dont|do not|never mind|nevermind|forget|ignore|skip|leaving aside|not asking|isn't|aren't)\b",
    re.I,
)
_DISMISSAL = re.compile(
    r"\b(?:leave|leaving|put|putting|set|setting) [^,.;:?!]{1,30}? (?:out of it|out|aside|to one side)\b"
    r"|\b(?:forget|never ?mind|skip|ignore)\b|\bnot (?:asking|bothered|worried|interested|fussed) (?:about|by|in)\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:.?!\-\u2013\u2014]")
_AFTER_DISMISSAL = re.compile(r"[,;:.\-\u2013\u2014]\s*(?:but\s+|and\s+)?(?=" + _QUESTION_OPENER + ")", re.I)
_FOCUS = re.compile(r"[,;:.]\s*(?:but\s+|and\s+)?(?=(?:i\s+)?(?:just|only|rather|instead|simply)\b)", re.I)


def asked_focus(text: str) -> Part | None:
    """The part that asks, when the message first sets a topic aside; None otherwise.

    Args:
        text: the user's message.

    Returns:
        The text from the last "just"/"only"/"rather" clause after a clause with a negation
        ("not", "no", "don't", "forget"...), with its offsets into `text`; None when there is none.
    """
    found = None
    # "leave side effects out of it, which conditions is it for?": a dismissal, and the question
    # right after it (the next clause; not a later one, which may ask about something else).
    dismissal = _DISMISSAL.search(text)
    if dismissal is not None and "?" not in text[: dismissal.start()]:
        boundary = _CLAUSE_END.search(text, dismissal.end())
        if boundary is not None:
            found = _AFTER_DISMISSAL.match(text, boundary.start())
    for match in _FOCUS.finditer(text):
        set_aside = _SET_ASIDE.search(text, 0, match.start())
        # "Can it help MS spasms? No other symptoms, just that.": the question came first, and
        # what follows it only narrows it.
        if set_aside and "?" not in text[: set_aside.start()]:
            found = match
    if found is None:
        return None
    start = found.end()
    stripped = text[start:].strip()
    if len(stripped.split()) < _MIN_WORDS:
        return None
    start = text.index(stripped, start)
    return Part(start, start + len(stripped), stripped, True)
