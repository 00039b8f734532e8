"""What a public chat channel accepts from a user, and how often: shared by the REST,
socket.io and Telegram channels (channels/rest.py, channels/socketio.py, channels/telegram.py).

Every check raises `Rejection`, which carries both the JSON error a REST client gets and the
polite sentence a chat user is shown, so the channels refuse the same things the same way.
"""

from __future__ import annotations

import re
import time
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, Hashable, Optional, Tuple

from channels.payloads import canonical_payload
from safety import red_flags

MAX_TEXT_CHARS = 2000
MAX_BODY_BYTES = 16 * 1024
MAX_SENDER_ID_CHARS = 64
# Letters, digits and the punctuation of UUIDs, user names and e-mail addresses (a back end
# may use those); nothing that means something in a URL path, a shell or a log line.
SENDER_ID_PATTERN = re.compile(r"[A-Za-z0-9_.:@+-]{1,%d}" % MAX_SENDER_ID_CHARS)
# uuid4().hex (what Rasa and the widget use) or the dashed form; version 4, RFC 4122 variant.
_UUID4_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}")

EMPTY_MESSAGE_REPLY = "Please type a question about baclofen."
UNREADABLE_REPLY = "Sorry, I could not read that message. Please type your question as text."
TOO_LONG_REPLY = f"Your message is too long. Please keep it under {MAX_TEXT_CHARS:,} characters."
TOO_FAST_REPLY = "You are sending messages very quickly. Please wait a moment and try again."

# Zero-width (non-)joiners are format characters that real text needs: emoji sequences
# (ZWJ) and Persian or Indic spelling (ZWNJ). Every other format character is invisible
# and only useful for hiding or reordering text (bidi overrides, zero-width spaces, BOMs).
_KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What the chat buttons send: "/" and an intent name. Rasa takes any message starting with
# "/" as an intent, and "/intent{...json...}" also as entities, skipping NLU, the red-flag
# checks in it, and writing the text into a warning on every parse failure.
_BUTTON_PAYLOAD = re.compile(r"/[A-Za-z0-9_]+")


class Rejection(ValueError):
    """Input the channel refuses: `error` for API clients, `reply` for people."""

    def __init__(
        self, status: int, error: str, reply: str = UNREADABLE_REPLY, retry_after: Optional[int] = None
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.reply = reply
        self.retry_after = retry_after  # seconds, for 429


def clean_text(text: str) -> str:
    """The text without control and invisible format characters, in NFC, whitespace collapsed.

    Lone surrogates (JSON can encode them as "\\ud800") cannot be written as UTF-8, so they
    would break the tracker store or a log line later: they become U+FFFD.
    """
    text = unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", text))
    kept = []
    for character in text:
        category = unicodedata.category(character)
        if category in ("Cc", "Zl", "Zp"):
            kept.append(" ")  # tabs and line breaks separate words; NUL etc. go with the rest
        elif category == "Cf" and character not in _KEPT_FORMAT_CHARACTERS:
            continue
        else:
            kept.append(character)
    return " ".join("".join(kept).split())


def defuse_command(text: str) -> str:
    """A button payload stays as it is (a structured one of channels/payloads.py in canonical
    form); any other text starting with "/" loses the slashes, so it goes through NLU like a
    typed question."""
    if text.startswith("/") and not _BUTTON_PAYLOAD.fullmatch(text):
        return canonical_payload(text) or text.lstrip("/").strip()
    return text


def read_message_text(value: Any) -> str:
    """The user's text, cleaned; may be empty (the caller answers that without NLU)."""
    if value is None:
        raise Rejection(400, "`message` is missing")
    if not isinstance(value, str):
        raise Rejection(400, f"`message` must be a string, not {_json_type(value)}")
    text = defuse_command(clean_text(value))
    if len(text) > MAX_TEXT_CHARS:
        # A red flag must not be refused for length: its part of the message goes on to NLU.
        part = part_with_red_flag(text)
        if part is None:
            raise Rejection(413, f"`message` is longer than {MAX_TEXT_CHARS} characters", TOO_LONG_REPLY)
        return part
    return text


def part_with_red_flag(text: str, size: int = MAX_TEXT_CHARS) -> Optional[str]:
    """The first `size`-character window of `text` (half-overlapping) with a red flag, or None."""
    step = size // 2
    for start in range(0, max(len(text) - size, 0) + step, step):
        window = text[start : start + size]
        if red_flags.detect(window) is not None:
            return window
    return None


def read_sender_id(value: Any) -> str:
    if value is None:
        raise Rejection(400, "`sender` is missing")
    if not isinstance(value, str):
        raise Rejection(400, f"`sender` must be a string, not {_json_type(value)}")
    if not SENDER_ID_PATTERN.fullmatch(value):
        raise Rejection(
            400,
            f"`sender` must be 1 to {MAX_SENDER_ID_CHARS} characters from A-Z a-z 0-9 _ . : @ + -",
        )
    return value


def read_message_id(value: Any) -> Optional[str]:
    """The client's id for a message (optional): a resend with the same id is not run twice."""
    if value is None:
        return None
    if not isinstance(value, str) or not SENDER_ID_PATTERN.fullmatch(value):
        raise Rejection(
            400,
            f"`message_id` must be 1 to {MAX_SENDER_ID_CHARS} characters from A-Z a-z 0-9 _ . : @ + -",
        )
    return value


def read_metadata(value: Any) -> Optional[Dict[str, Any]]:
    if value is None or isinstance(value, dict):
        return value
    raise Rejection(400, f"`metadata` must be an object, not {_json_type(value)}")


def session_id_or_none(value: Any) -> Optional[str]:
    """A client's session id in canonical form (uuid4 hex), or None if it is not one.

    Conversations are found by this id, so only ids nobody can guess are accepted.
    """
    if not isinstance(value, str) or not _UUID4_PATTERN.fullmatch(value.lower()):
        return None
    return uuid.UUID(value).hex


def new_session_id() -> str:
    return uuid.uuid4().hex


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}
    return names.get(type(value), type(value).__name__)


class TokenBuckets:
    """One token bucket per key: `per_minute` tokens, refilled evenly over a minute.

    Kept in memory, so limits are per process. Idle buckets (full again) are forgotten once
    there are more than `max_keys`, so a flood of made-up sender ids cannot use up memory.
    """

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.capacity = float(per_minute)
        self.refill_per_second = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: Dict[Hashable, Tuple[float, float]] = {}  # key -> (tokens, at)

    def tokens(self, key: Hashable) -> float:
        now = self.clock()
        tokens, at = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - at) * self.refill_per_second)

    def take(self, key: Hashable) -> None:
        self._buckets[key] = (self.tokens(key) - 1.0, self.clock())
        if len(self._buckets) > self.max_keys:
            self._forget_idle()

    def seconds_until_token(self, key: Hashable) -> float:
        missing = 1.0 - self.tokens(key)
        return max(0.0, missing / self.refill_per_second) if self.refill_per_second else 60.0

    def _forget_idle(self) -> None:
        for key in [k for k in self._buckets if self.tokens(k) >= self.capacity]:
            del self._buckets[key]
        if len(self._buckets) > self.max_keys:
            # Still too many busy keys: an attack. Drop the least recently used half.
            by_age = sorted(self._buckets, key=lambda k: self._buckets[k][1])
            for key in by_age[: len(by_age) // 2]:
                del self._buckets[key]


@dataclass(frozen=True)
class RateLimits:
    """Messages per minute; 0 turns a limit off. Set in credentials.yml (see from_credentials).

    `exempt_ips` skip the per-IP limit (the per-sender one still applies): by default this
    machine itself, i.e. tests, staff tools and `rasa shell`. Behind a reverse proxy, tell
    Sanic to trust it (SANIC_PROXIES_COUNT=1 or SANIC_REAL_IP_HEADER=x-real-ip), or every user
    shares the proxy's address: one bucket for all, or none if the proxy is on this machine.
    """

    per_sender: int = 30
    per_ip: int = 120
    exempt_ips: Tuple[str, ...] = ("127.0.0.1", "::1")

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "RateLimits":
        credentials = credentials or {}
        values: Dict[str, Any] = {}
        keys = {"per_sender": "messages_per_minute_per_sender", "per_ip": "messages_per_minute_per_ip"}
        for field_name, key in keys.items():
            value = credentials.get(key, getattr(cls, field_name))
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"credentials: `{key}` must be a whole number >= 0, not {value!r}")
            values[field_name] = value
        exempt = credentials.get("rate_limit_exempt_ips", list(cls.exempt_ips))
        if not isinstance(exempt, list) or not all(isinstance(ip, str) for ip in exempt):
            raise ValueError(f"credentials: `rate_limit_exempt_ips` must be a list of addresses, not {exempt!r}")
        return cls(exempt_ips=tuple(exempt), **values)


class MessageRateLimiter:
    """Allows a message only if both its sender and its client IP have a token left."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._senders = TokenBuckets(limits.per_sender, clock) if limits.per_sender else None
        self._ips = TokenBuckets(limits.per_ip, clock) if limits.per_ip else None

    def check(self, sender_id: str, ip: Optional[str]) -> None:
        """Takes one token from each bucket, or raises a 429 Rejection and takes none."""
        ip = ip or "unknown"
        ip_buckets = None if ip in self.limits.exempt_ips else self._ips
        pairs = [(self._senders, sender_id), (ip_buckets, ip)]
        pairs = [(buckets, key) for buckets, key in pairs if buckets is not None]
        for buckets, key in pairs:
            if buckets.tokens(key) < 1.0:
                wait = max(1, round(buckets.seconds_until_token(key)))
                raise Rejection(429, f"too many messages; retry in {wait} s", TOO_FAST_REPLY, wait)
        for buckets, key in pairs:
            buckets.take(key)
