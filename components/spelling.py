"""SpellingCorrector: misspelt medicine, brand and condition names are rewritten before anything reads them.

"is balcofen the same as tizanidine?" used to reach the ScopeGuard as a question naming another
drug and not baclofen. This component runs first in the pipeline and rewrites the message TEXT,
so the tokenizer, featurizers, EntityRuler, guards and triage all see "baclofen".

What it matches against is the EntityRuler's own vocabulary: the string patterns of
spacy_pipeline/patterns.jsonl, read at training time and stored with the model (nothing in the
project tree is read at run time). Matching is rapidfuzz's Damerau-Levenshtein distance, so a
swapped pair of letters ("balcofen", "baclfoen") costs one edit, on a key where "ph" is "f" and
"ck" is "c" ("baclophen", "backlofen" are then "baclofen").

Rules, in order, for each word or run of two or three words (joined by spaces or a hyphen):
1. A run that is exactly a pattern is kept, unless the pattern is itself a listed misspelling
   ("baclofin", "multiple scelrosis"), which becomes its correct spelling ("baclofen").
2. A run of two or three words that is one of the vocabulary's multi-word terms with one word
   misspelt ("spinal chord injury", "mutliple sclerosis") becomes that term; at least one word
   must already be right, and a word that is changed must pass the word rules below except
   that a real English word may be changed in that context ("chord" -> "cord"); a word that is
   itself a term, or that on its own reads as another term, is never changed ("gablofen pump"
   is not "baclofen pump").
3. A single word becomes the closest term (or a multi-word term written as one word,
   "multiplesclerosis") when all of these hold:
   - the word and the term have at least 5 letters and the word is plain ASCII letters;
   - the word is not the term with an ending ("baclofens", "baclofeno": a plural or the name
     in another language is not a misspelling);
   - the word is not known: not a word of the training examples (except the few misspellings
     they hold on purpose: words that are not English and that these rules would correct,
     "tizanadine", "bacloffen"), not a spaCy stop word, not an English word of the lexicon
     (spacy-lookups-data's English lemma tables, read at training time), not a word of the
     patterns;
   - its distance is at most 1 edit for keys of 5-9 letters, 2 edits from 10 letters (so a
     similarity of at least 0.8; "diclofen" is 2 edits from "baclofen" and stays);
   - no other term with a different correct spelling is as close (a tie changes nothing);
   - no English word is strictly closer ("prefer no change").

The tracker still stores what the user typed: Rasa builds the UserUttered event from the
UserMessage's text, not from the parsed message (rasa/core/processor.py), while the parse data
(`latest_message` in actions, `/model/parse`) carries the corrected TEXT. Each change is listed
in the parse data as `spelling_corrections` ({"original", "corrected", "start", "end"}, offsets
into the typed text), so staff can see what was read.

Training examples are left as written (see `process_training_data`): DIET trains on the same
data as without this component, so only the messages it corrects are read differently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATTERNS = ROOT / "spacy_pipeline" / "patterns.jsonl"
VOCABULARY_FILE = "spelling_vocabulary.json"
CORRECTIONS = "spelling_corrections"

MIN_LENGTH = 5
CACHE_SIZE = 10_000  # unknown words already looked up (the lexicon check can take ~15 ms)
LEXICON_CHECKS_PER_MESSAGE = 5
UNLIMITED = 1 << 30
# Words (letters, inner apostrophes: "parkinson's") and what may join two words of one term.
# A word may have a digit typed for a letter inside it ("bacl0fen", "lior3sal"): one token.
TOKEN = re.compile(r"[^\W\d_]+(?:(?:['\u2019]|\d+)[^\W\d_]+)*", re.UNICODE)
JOINER = re.compile(r"[ \t]+|-")
POSSESSIVE = re.compile(r"['\u2019]s$")
ASCII_WORD = re.compile(r"[a-z]+(?:[0-9]+[a-z]+)*")
WORD_FORM_SUFFIXES = ("s", "es", "ly", "ed", "ing")
# A term with one of these endings is another form of it (a plural, or the drug's name in
# Spanish, Portuguese, Italian or Polish: "baclofeno", "baclofenu"), not a misspelling.
WORD_ENDINGS = ("s", "es", "a", "e", "i", "o", "u")
# Letters that sound alike, so that a spelling by sound is a near or exact match.
_PHONETIC = (("ph", "f"), ("ck", "c"))


def key(text: str) -> str:
    """What is compared: lower case, "ph" as "f", "ck" as "c"."""
    text = text.lower()
    for written, sound in _PHONETIC:
        text = text.replace(written, sound)
    return text


def max_edits(length: int) -> int:
    """Edits allowed for a word whose key has `length` letters (transpositions count once)."""
    if length < MIN_LENGTH:
        return 0
    # 1 edit up to 9 letters: "diclofen" (for diclofenac) is 2 edits from "baclofen" and
    # must not become it.
    return 1 if length < 10 else 2


def words_of(texts: Iterable[str]) -> FrozenSet[str]:
    return frozenset(w.lower() for text in texts for w in TOKEN.findall(text))


def with_case_of(original: str, replacement: str) -> str:
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# ---------------------------------------------------------------- vocabulary (built at training)


def load_patterns(path: Path) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _canonical_name(pattern_id: str, texts: Sequence[str]) -> Optional[str]:
    for candidate in (pattern_id.lower(), pattern_id.lower().replace("_", " ")):
        if candidate in texts:
            return candidate
    return None


def build_terms(patterns: Iterable[Dict[str, Any]], lexicon: FrozenSet[str]) -> Dict[str, str]:
    """Every string pattern (lower case) -> the spelling to write for it.

    A pattern is a listed misspelling when it is not made of English words, is neither its id's
    own name nor a word form of a correct pattern ("intrathecally"), and is within the edit
    limit of a correctly spelt pattern of the same id ("drowsey" -> "drowsy", "cerebralpalsy"
    -> "cerebral palsy"). Other patterns are written as they are ("sleepy" stays "sleepy", though its id is drowsiness). The words and runs of words
    of each id's own name are terms too ("spinal cord", "cerebral"), written as they are.
    """
    by_id: Dict[str, List[str]] = {}
    for pattern in patterns:
        if isinstance(pattern.get("pattern"), str):
            by_id.setdefault(pattern["id"], []).append(pattern["pattern"].lower().strip())
    terms: Dict[str, str] = {}
    for pattern_id, texts in by_id.items():
        name = _canonical_name(pattern_id, texts)
        correct = [t for t in texts if t == name or all(w in lexicon for w in TOKEN.findall(t))]
        # a word form of a correct pattern is not a misspelling of it ("intrathecally")
        correct += [
            t
            for t in texts
            if t not in correct and any(t == c + suffix for c in correct for suffix in WORD_FORM_SUFFIXES)
        ]
        for text in texts:
            terms.setdefault(text, text)
            if text in correct:
                continue
            distances = [(DamerauLevenshtein.distance(key(text), key(c)), c) for c in correct]
            close = [(d, c) for d, c in distances if d <= max_edits(len(key(text)))]
            if close:
                terms[text] = min(close)[1]
        if name and " " in name:
            parts = name.split()
            for size in range(1, len(parts)):
                for start in range(len(parts) - size + 1):
                    run = " ".join(parts[start : start + size])
                    if size > 1 or len(run) >= MIN_LENGTH:
                        terms.setdefault(run, run)
    return terms


def english_lexicon() -> FrozenSet[str]:
    """English words from spacy-lookups-data's lemma tables (a build-time requirement)."""
    import gzip

    try:
        import spacy_lookups_data
    except ImportError as error:  # pragma: no cover - requirements.txt installs it
        raise RuntimeError("SpellingCorrector needs spacy-lookups-data at training time") from error
    data = Path(spacy_lookups_data.__file__).parent / "data"
    lookup = json.loads(gzip.open(data / "en_lemma_lookup.json.gz").read())
    index = json.loads(gzip.open(data / "en_lemma_index.json.gz").read())
    words = set(lookup) | set(lookup.values())
    for entries in index.values():
        words.update(entries)
    return frozenset(w.lower() for w in words if re.fullmatch(r"[A-Za-z]+(?:'[A-Za-z]+)?", w))


def stop_words() -> FrozenSet[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# ---------------------------------------------------------------- the corrector


@dataclass(frozen=True)
class Correction:
    original: str
    corrected: str
    start: int
    end: int

    def as_dict(self) -> Dict[str, Any]:
        return {"original": self.original, "corrected": self.corrected, "start": self.start, "end": self.end}


@dataclass
class Corrector:
    """Pure text-in, text-out: the Rasa component below only stores and loads one."""

    terms: Dict[str, str]  # pattern or term (lower case) -> correct spelling
    training_words: FrozenSet[str]  # words of the training examples: never changed
    lexicon: FrozenSet[str]  # English words: never changed on their own
    stop_words: FrozenSet[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # words of correctly spelt terms (not "cerebal" of the listed misspelling "cerebal palsy")
        self._pattern_words = words_of(self.terms.values())
        # one-word keys (and multi-word terms written as one word) -> correct spellings
        self._single: Dict[str, set] = {}
        for text, correct in self.terms.items():
            compact = key(text.replace(" ", "").replace("-", ""))
            if len(compact) >= MIN_LENGTH:
                self._single.setdefault(compact, set()).add(correct)
        self._single_keys = list(self._single)
        self._runs: Dict[int, List[Tuple[Tuple[str, ...], str]]] = {2: [], 3: []}
        for text, correct in self.terms.items():
            parts = tuple(TOKEN.findall(text))
            if len(parts) in self._runs and " ".join(parts) == text:
                self._runs[len(parts)].append((parts, correct))
        self._correct_words = frozenset(c for c in self.terms.values() if " " not in c)
        self._lexicon_checks_left = UNLIMITED
        self._cache: Dict[str, Optional[str]] = {}
        self._lexicon_by_length: Dict[int, List[str]] = {}
        for word in self.lexicon:
            self._lexicon_by_length.setdefault(len(word), []).append(word)

    # ---- persistence

    def to_json(self) -> Dict[str, Any]:
        return {
            "terms": dict(sorted(self.terms.items())),
            "training_words": sorted(self.training_words),
            "lexicon": sorted(self.lexicon),
            "stop_words": sorted(self.stop_words),
        }

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Corrector":
        return cls(
            terms=dict(data["terms"]),
            training_words=frozenset(data["training_words"]),
            lexicon=frozenset(data["lexicon"]),
            stop_words=frozenset(data["stop_words"]),
        )

    @classmethod
    def build(
        cls, patterns: Iterable[Dict[str, Any]], training_texts: Iterable[str], lexicon: Optional[FrozenSet[str]] = None
    ) -> "Corrector":
        lexicon = english_lexicon() if lexicon is None else lexicon
        terms, stops = build_terms(patterns, lexicon), stop_words()
        without_training = cls(terms, frozenset(), lexicon, stops)
        training = words_of(training_texts)
        return cls(terms, training - frozenset(without_training.misspellings_in(training)), lexicon, stops)

    def misspellings_in(self, words: Iterable[str]) -> Dict[str, str]:
        """Of `words`, those the word rules would correct, with their correction.

        The training examples hold a few misspellings on purpose ("tizanadine", "bacloffen"):
        they are not English and are one term's near miss, so they are not "known" words.
        """
        found = {}
        for word in words:
            correct = self.correct_word(word)
            if correct is not None:
                found[word] = correct
        return found

    # ---- word rules

    def _known(self, word: str) -> bool:
        return (
            word in self.training_words
            or word in self.stop_words
            or word in self.lexicon
            or word in self._pattern_words
        )

    def _changeable(self, word: str, in_context: bool) -> bool:
        """May `word` (lower case) be changed? In a multi-word term, English words may."""
        if len(word) < MIN_LENGTH or not ASCII_WORD.fullmatch(word):
            return False
        if word in self.training_words or word in self.stop_words or word in self._pattern_words:
            return False
        return in_context or word not in self.lexicon

    def correct_word(self, word: str) -> Optional[str]:
        """The correct spelling of one word, or None to leave it (rule 3)."""
        if not self._changeable(word, in_context=False):
            return None
        if word in self._cache:
            return self._cache[word]
        correct, settled = self._correct_unknown_word(word)
        if settled:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[word] = correct
        return correct

    def _correct_unknown_word(self, word: str) -> Tuple[Optional[str], bool]:
        """The correction (None: none), and whether it is settled (False: the message's budget
        of lexicon checks ran out, so the word is left as typed this time)."""
        if any(word.endswith(ending) and word[: -len(ending)] in self._correct_words for ending in WORD_ENDINGS):
            return None, True  # a word form, not a misspelling: "baclofens", "baclofeno" (Spanish)
        word_key = key(word)
        limit = max_edits(len(word_key))
        if not limit:
            return None, True
        matches = process.extract(
            word_key,
            self._single_keys,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=None,
        )
        if not matches:
            return None, True
        best = min(distance for _, distance, _ in matches)
        spellings = set().union(*(self._single[k] for k, distance, _ in matches if distance == best))
        if len(spellings) != 1:
            return None, True  # a tie between different terms: no change
        if best > 1:
            if self._lexicon_checks_left <= 0:
                return None, False
            self._lexicon_checks_left -= 1
            if self._closer_english_word(word, best):
                return None, True
        return spellings.pop(), True

    def _closer_english_word(self, word: str, distance: int) -> bool:
        """Is an English word fewer than `distance` edits away? (Levenshtein first, which is
        fast for small limits: a transposition is at most two of its edits.)"""
        limit = distance - 1
        for length in range(len(word) - limit, len(word) + limit + 1):
            bucket = self._lexicon_by_length.get(length)
            if not bucket:
                continue
            for candidate, _, _ in process.extract(
                word, bucket, scorer=Levenshtein.distance, score_cutoff=2 * limit, limit=None
            ):
                if DamerauLevenshtein.distance(word, candidate) <= limit:
                    return True
        return False

    def _correct_run(self, words: Sequence[str]) -> Optional[str]:
        """A run of 2-3 words that is a multi-word term with some words misspelt (rule 2)."""
        if not any(self._changeable(w, in_context=True) for w in words):
            return None  # most runs: nothing in them may change
        found = set()
        for parts, correct in self._runs[len(words)]:
            same = [w == p for w, p in zip(words, parts)]
            if all(same) or not any(same):
                continue
            if all(ok or self._fits_in_context(w, p) for w, p, ok in zip(words, parts, same)):
                found.add(correct)
        return found.pop() if len(found) == 1 else None

    def _fits_in_context(self, word: str, part: str) -> bool:
        """May `word` become `part` of a multi-word term? Never when it is itself a term
        ("gablophen" is gablofen, not the "baclofen" of "baclofen pump"), nor when on its own
        it reads as another term."""
        return (
            word not in self.terms
            and self._changeable(word, in_context=True)
            and DamerauLevenshtein.distance(key(word), key(part)) <= max_edits(len(key(word)))
            and self.correct_word(word) in (None, part)
        )

    # ---- text

    def correct(self, text: str) -> Tuple[str, List[Correction]]:
        # A few lexicon checks (up to ~15 ms each) per message, so that a long message of
        # made-up near misses cannot hold the server: the rest are left as typed.
        self._lexicon_checks_left = LEXICON_CHECKS_PER_MESSAGE
        try:
            return self._correct(text)
        finally:
            self._lexicon_checks_left = UNLIMITED

    def _correct(self, text: str) -> Tuple[str, List[Correction]]:
        tokens = list(TOKEN.finditer(text))
        corrections: List[Correction] = []
        i = 0
        while i < len(tokens):
            step, replacement = self._at(text, tokens, i)
            if replacement is not None:
                start, end = tokens[i].start(), tokens[i + step - 1].end()
                original = text[start:end]
                corrected = with_case_of(original, replacement)
                if corrected != original:
                    corrections.append(Correction(original, corrected, start, end))
            i += step
        if not corrections:
            return text, []
        pieces, last = [], 0
        for c in corrections:
            pieces.extend([text[last : c.start], c.corrected])
            last = c.end
        pieces.append(text[last:])
        return "".join(pieces), corrections

    def _exact(self, words: Sequence[str]) -> Tuple[bool, Optional[str]]:
        """Is the run a pattern, and if it is a listed misspelling, its correct spelling."""
        for joiner in (" ", "-"):
            phrase = joiner.join(words)
            if phrase in self.terms:
                correct = self.terms[phrase]
                return True, (correct if correct != phrase else None)
        return False, None

    def _at(self, text: str, tokens: List["re.Match[str]"], i: int) -> Tuple[int, Optional[str]]:
        """How many tokens from `i` are settled, and what they become (None: unchanged)."""
        runs = [1]
        for n in (2, 3):
            j = i + n - 1
            if j < len(tokens) and JOINER.fullmatch(text[tokens[j - 1].end() : tokens[j].start()]):
                runs.append(n)
            else:
                break
        lowered = [t.group(0).lower() for t in tokens[i : i + runs[-1]]]
        # Rule 1 for runs, rule 2, then rule 1 for the word: "spinal" is a term, but
        # "spinal chord injury" must first be read as a whole.
        for n in reversed(runs[1:]):
            found, correct = self._exact(lowered[:n])
            if found:
                return n, correct
        for n in reversed(runs[1:]):
            correct = self._correct_run(lowered[:n])
            if correct is not None:
                return n, correct
        found, correct = self._exact(lowered[:1])
        if found:
            return 1, correct
        word = lowered[0]
        possessive = POSSESSIVE.search(word)
        base = word[: possessive.start()] if possessive else word
        correct = self.correct_word(base)  # rule 3
        if correct is None:
            return 1, None
        return 1, correct + (tokens[i].group(0)[len(base) :] if possessive else "")


# ---------------------------------------------------------------- the Rasa component


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class SpellingCorrector(GraphComponent):
    """Rewrites misspelt vocabulary terms in the message text (first in the pipeline)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Relative paths are from the project root, not from where `rasa train` runs.
        return {"patterns": str(DEFAULT_PATTERNS.relative_to(ROOT))}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        corrector: Optional[Corrector] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._corrector = corrector

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SpellingCorrector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        patterns_path = Path(self._config.get("patterns") or DEFAULT_PATTERNS)
        if not patterns_path.is_absolute():
            patterns_path = ROOT / patterns_path
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        self._corrector = Corrector.build(load_patterns(patterns_path), texts)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(self._corrector.to_json()), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "SpellingCorrector":
        with model_storage.read_from(resource) as directory:
            data = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, Corrector.from_json(data))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples are left as written, on purpose.

        Correcting them too (the ~80 that hold a listed misspelling) changes what DIET learns
        from every batch, and a model retrained that way shifted the intents of many messages
        the corrector never touches (measured on the blind safety sets: more emergency replies
        to near misses). Left as written, DIET is the model it was, and the corrector changes
        only the messages it corrects; DIET knows the correct spellings it is given.
        """
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._correct(message)
        return messages

    def _correct(self, message: Message) -> None:
        text = message.get(TEXT)
        # Button payloads ("/ask_side_effects") are resolved by Rasa itself, later.
        if not text or not isinstance(text, str) or text.startswith("/") or self._corrector is None:
            return
        corrected, corrections = self._corrector.correct(text)
        if corrections:
            message.set(TEXT, corrected)
            message.set(CORRECTIONS, [c.as_dict() for c in corrections], add_to_output=True)
