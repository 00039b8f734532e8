"""The shared input checks and rate limiter (channels/input_limits.py), REST body parsing
(channels/rest.py) and the log redaction filter (channels/log_safety.py), without servers."""

from __future__ import annotations

import json
import logging
import uuid

import pytest

from channels.input_limits import (
    MAX_BODY_BYTES,
    MAX_TEXT_CHARS,
    TOO_FAST_REPLY,
    TOO_LONG_REPLY,
    MessageRateLimiter,
    RateLimits,
    Rejection,
    TokenBuckets,
    clean_text,
    read_message_text,
    read_metadata,
    read_sender_id,
    session_id_or_none,
)
from channels.log_safety import REDACTED, SecretRedactingFilter, redact_secrets
from channels.rest import parse_body


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("what is\tbaclofen\n", "what is baclofen"),
        ("bac\x00lo\x07fen", "bac lo fen"),
        ("\u202eneflocab si tahw", "neflocab si tahw"),  # bidi override removed
        ("ba\u200bclo\ufefffen", "baclofen"),  # zero-width space, BOM
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467 family", "\U0001f468\u200d\U0001f469\u200d\U0001f467 family"),
        ("cafe\u0301", "caf\u00e9"),  # NFC
        ("bad \ud800 half", "bad \ufffd half"),
        ("line\u2028break\u00a0here", "line break here"),
        (" \t\u3000 ", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected
    clean_text(raw).encode("utf-8")  # always storable


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("/ask_side_effects", "/ask_side_effects"),  # a button
        ("/restart", "/restart"),
        ('/ask_uses{"x": "my toddler ate my baclofen"}', 'ask_uses{"x": "my toddler ate my baclofen"}'),
        ("//ask_dose please", "ask_dose please"),
        ("/ ", ""),
        ("what is 1/2 a tablet", "what is 1/2 a tablet"),
    ],
)
def test_only_plain_button_payloads_reach_rasa_as_commands(raw: str, expected: str) -> None:
    assert read_message_text(raw) == expected


def test_message_text_limits() -> None:
    assert read_message_text("a" * MAX_TEXT_CHARS) == "a" * MAX_TEXT_CHARS
    with pytest.raises(Rejection) as too_long:
        read_message_text("a" * (MAX_TEXT_CHARS + 1))
    assert too_long.value.status == 413 and too_long.value.reply == TOO_LONG_REPLY
    # Invisible characters do not count against the limit: they are removed first.
    assert len(read_message_text("a" * MAX_TEXT_CHARS + "\u200b" * 50)) == MAX_TEXT_CHARS


def test_an_over_long_message_with_a_red_flag_is_not_refused() -> None:
    story = "my son has cerebral palsy and has been on baclofen for years. " * 60
    text = read_message_text(story + "tonight he is fitting and foaming at the mouth, what do i do")
    assert len(text) <= MAX_TEXT_CHARS
    assert "foaming at the mouth" in text
    with pytest.raises(Rejection):
        read_message_text(story)


@pytest.mark.parametrize(
    "value,error",
    [
        (None, "`message` is missing"),
        (5, "not a number"),
        (["hi"], "not an array"),
        ({"text": "hi"}, "not an object"),
        (True, "not a boolean"),
    ],
)
def test_message_text_types(value: object, error: str) -> None:
    with pytest.raises(Rejection, match=error) as rejected:
        read_message_text(value)
    assert rejected.value.status == 400


@pytest.mark.parametrize(
    "sender", ["me", "a" * 64, "staff-test-dose-1a2b3c4d", "user:42", "x.y_z-1", "anna+chat@example.org"]
)
def test_sender_ids_accepted(sender: str) -> None:
    assert read_sender_id(sender) == sender


@pytest.mark.parametrize(
    "sender", ["", "a" * 65, "a b", "../etc", "a/b", "é", "a\nb", "' OR 1=1", "<b>", "a%20", 7, None]
)
def test_sender_ids_refused(sender: object) -> None:
    with pytest.raises(Rejection) as rejected:
        read_sender_id(sender)
    assert rejected.value.status == 400


def test_metadata_must_be_an_object() -> None:
    assert read_metadata(None) is None and read_metadata({"a": 1}) == {"a": 1}
    with pytest.raises(Rejection):
        read_metadata("{}")


def test_session_ids_must_be_random_uuid4s() -> None:
    fresh = uuid.uuid4()
    assert session_id_or_none(fresh.hex) == fresh.hex
    assert session_id_or_none(str(fresh).upper()) == fresh.hex  # one canonical form
    for guessable in ["1", "admin", "0" * 32, str(uuid.uuid1()), fresh.hex[:-1], fresh.hex + "0", None, 42]:
        assert session_id_or_none(guessable) is None, guessable


def test_token_bucket_allows_a_burst_then_refills() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=30, clock=clock)
    for _ in range(30):
        assert buckets.tokens("s") >= 1
        buckets.take("s")
    assert buckets.tokens("s") < 1
    assert buckets.seconds_until_token("s") == pytest.approx(2.0)
    clock.now += 2.0
    assert buckets.tokens("s") >= 1
    assert buckets.tokens("other") == 30


def test_token_buckets_forget_idle_keys() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=60, clock=clock, max_keys=100)
    for n in range(100):
        buckets.take(n)
    clock.now += 120  # all full again
    buckets.take("new")
    assert len(buckets._buckets) == 1


def test_rate_limiter_checks_sender_and_ip_and_takes_nothing_when_refusing() -> None:
    clock = FakeClock()
    limiter = MessageRateLimiter(RateLimits(per_sender=3, per_ip=5), clock)
    for _ in range(3):
        limiter.check("alice", "10.0.0.1")
    with pytest.raises(Rejection) as too_fast:
        limiter.check("alice", "10.0.0.1")
    assert too_fast.value.status == 429 and too_fast.value.retry_after == 20
    assert too_fast.value.reply == TOO_FAST_REPLY
    limiter.check("bob", "10.0.0.1")
    limiter.check("bob", "10.0.0.1")  # the IP's 5th
    with pytest.raises(Rejection):
        limiter.check("carol", "10.0.0.1")  # IP exhausted, carol untouched
    limiter.check("carol", "10.0.0.2")


def test_this_machine_is_exempt_from_the_ip_limit_but_not_from_the_sender_limit() -> None:
    limiter = MessageRateLimiter(RateLimits(per_sender=2, per_ip=2), FakeClock())
    for n in range(10):
        limiter.check(f"sender-{n}", "127.0.0.1")
    limiter.check("busy", "::1")
    limiter.check("busy", "::1")
    with pytest.raises(Rejection):
        limiter.check("busy", "::1")


def test_rate_limits_from_credentials() -> None:
    assert RateLimits.from_credentials(None) == RateLimits(30, 120, ("127.0.0.1", "::1"))
    assert RateLimits.from_credentials({"rate_limit_exempt_ips": []}).exempt_ips == ()
    with pytest.raises(ValueError, match="rate_limit_exempt_ips"):
        RateLimits.from_credentials({"rate_limit_exempt_ips": "127.0.0.1"})
    assert RateLimits.from_credentials({"messages_per_minute_per_ip": 0}).per_ip == 0
    for bad in (-1, "10", 1.5, True):
        with pytest.raises(ValueError, match="messages_per_minute_per_sender"):
            RateLimits.from_credentials({"messages_per_minute_per_sender": bad})


def test_parse_body_accepts_the_rest_format() -> None:
    message = parse_body(json.dumps({"sender": "me", "message": " hi\u200b ", "metadata": {"k": 1}}).encode())
    assert (message.sender_id, message.text, message.metadata) == ("me", "hi", {"k": 1})


@pytest.mark.parametrize(
    "body,status,error",
    [
        (b"", 400, "not valid JSON"),
        (b'{"sender": "me", "message": "\xff"}', 400, "not valid UTF-8"),
        (b'{"sender": "me", "message": NaN}', 400, "not valid JSON"),
        (b"[" * 5000 + b"]" * 5000, 400, "not valid JSON"),  # deeper than json's recursion limit
        (b'{"sender": "me", "message": 1' + b"0" * 5000 + b"}", 400, "not valid JSON"),
        (b'"hi"', 400, "must be a JSON object"),
        (b'{"message": "hi"}', 400, "`sender` is missing"),
        (b'{"sender": "me"}', 400, "`message` is missing"),
        (b'{"sender": "me", "message": "hi", "metadata": []}', 400, "`metadata`"),
        (b'{"sender": "me", "message": "' + b"a" * MAX_BODY_BYTES + b'"}', 413, "larger than"),
    ],
    ids=["empty", "bad-utf8", "nan", "deep", "huge-int", "string", "no-sender", "no-message", "metadata", "big"],
)
def test_parse_body_refuses_with_a_clear_error(body: bytes, status: int, error: str) -> None:
    with pytest.raises(Rejection, match=error) as rejected:
        parse_body(body)
    assert rejected.value.status == status


def test_redaction_hides_tokens_in_urls_and_headers() -> None:
    line = 'GET /status?token=s3cr3t&x=1 Authorization: Bearer abc.def.ghi "authorization": "Bearer zzz"'
    redacted = redact_secrets(line)
    assert "s3cr3t" not in redacted and "abc.def.ghi" not in redacted and "zzz" not in redacted
    assert redacted.count(REDACTED) == 3 and "x=1" in redacted


def test_redaction_filter_rewrites_records() -> None:
    record = logging.LogRecord("rasa", logging.ERROR, __file__, 1, "call to %s failed", ("/model?token=abc",), None)
    record.request = "PUT /model?token=abc"
    assert SecretRedactingFilter().filter(record)
    assert record.getMessage() == f"call to /model?token={REDACTED} failed"
    assert record.request == f"PUT /model?token={REDACTED}"
