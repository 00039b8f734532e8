"""The REST channel with input checks: `channels.rest.ValidatedRestInput` in credentials.yml.

Same name as Rasa's RestInput, so the same URL (POST /webhooks/rest/webhook) and the same
request and reply formats: {"sender": "...", "message": "...", "metadata": {...}} in,
a JSON list of bot messages out. What it adds (limits in channels/input_limits.py):

- a body over 16 KB or a text over 2,000 characters: 413; invalid UTF-8 or JSON, a missing
  `sender` or `message`, a wrong type, a sender id outside [A-Za-z0-9_.:@+-]{1,64}: 400;
  always a JSON {"error": "..."} that says what is wrong, never a traceback;
- control and invisible characters are removed; an empty message gets a prompt, without NLU;
- only plain button payloads ("/ask_uses") reach Rasa as commands: other text starting with
  "/" (e.g. '/ask_uses{"x": ...}', which would skip NLU and the red-flag checks) loses the
  slashes and is read as a question;
- at most 30 messages a minute per sender and 120 per client IP (credentials keys
  `messages_per_minute_per_sender` / `messages_per_minute_per_ip`), then 429 + Retry-After;
- `input_channel` in the body is ignored (Rasa's lets a client claim any channel), and so is
  `?stream=true`;
- an optional `"message_id"` (same characters as `sender`) makes a resend safe: when a turn
  with that id is already stored for the sender (its answer was lost, e.g. the instance died
  after storing it), the stored answer is returned and the turn is not run again;
- a turn Rasa could not process or store answers 503 with Retry-After and
  {"error": <the "temporarily unavailable" text>, "reason": ..., "messages": [...]}, not
  Rasa's silent 200 (channels/turns.py); `messages` holds the emergency or urgent reply
  when triage fired on the message, else it is empty.

What it adds to the replies (docs/client-protocol.md): each bot message produced by a response
carries `metadata` (channels/answer_metadata.py): `{"response": "utter_x"}`, and for medical
answers also the article `source` and `"rateable": true`. The exact payload
"/erase_conversation_confirmed" deletes the sender's conversation (channels/erasure.py) and
answers with `metadata: {"erased": true}`, without passing through Rasa.

Message texts are never logged here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.input_limits import (
    EMPTY_MESSAGE_REPLY,
    MAX_BODY_BYTES,
    MessageRateLimiter,
    RateLimits,
    Rejection,
    read_message_text,
    read_message_id,
    read_metadata,
    read_sender_id,
)
from channels.erasure import erase_and_reply, is_erase_request
from channels.log_safety import install_secret_redaction
from channels.turns import RETRY_AFTER_SECONDS, UNAVAILABLE_REPLY, run_turn

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestMessage:
    sender_id: str
    text: str
    metadata: Optional[Dict[str, Any]]
    message_id: Optional[str] = None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_body(body: bytes) -> RestMessage:
    """The checked message in a request body; raises Rejection saying what is wrong."""
    if len(body) > MAX_BODY_BYTES:
        raise Rejection(413, f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        decoded = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Rejection(400, "the body is not valid UTF-8") from None
    try:
        # NaN and Infinity are not JSON, and nothing downstream expects them.
        payload = json.loads(decoded, parse_constant=_no_constants)
    except (ValueError, RecursionError):  # JSONDecodeError; huge integers; deep nesting
        raise Rejection(400, "the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise Rejection(400, 'the body must be a JSON object: {"sender": "...", "message": "..."}')
    return RestMessage(
        sender_id=read_sender_id(payload.get("sender")),
        text=read_message_text(payload.get("message")),
        metadata=read_metadata(payload.get("metadata")),
        message_id=read_message_id(payload.get("message_id")),
    )


def client_ip(request: Request) -> str:
    # remote_addr is the X-Forwarded-For/Forwarded address only when Sanic is told to trust
    # a proxy (SANIC_PROXIES_COUNT / SANIC_REAL_IP_HEADER); otherwise the peer's address.
    return request.remote_addr or request.ip or "unknown"


def _error(rejection: Rejection) -> HTTPResponse:
    headers = {"Retry-After": str(rejection.retry_after)} if rejection.retry_after else None
    return response.json({"error": rejection.error}, status=rejection.status, headers=headers)


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # same webhook URL as the stock channel

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(RateLimits.from_credentials(credentials))

    def __init__(self, limits: RateLimits = RateLimits()) -> None:
        self.rate_limiter = MessageRateLimiter(limits)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        install_secret_redaction()
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                message = parse_body(request.body or b"")
                self.rate_limiter.check(message.sender_id, client_ip(request))
            except Rejection as rejection:
                logger.info("REST message refused (%s): %s", rejection.status, rejection.error)
                return _error(rejection)
            if not message.text:
                return response.json([{"recipient_id": message.sender_id, "text": EMPTY_MESSAGE_REPLY}])

            if is_erase_request(message.text):
                reply = await erase_and_reply(lambda: getattr(request.app.ctx, "agent", None), message.sender_id)
                return response.json([{"recipient_id": message.sender_id, **reply}])

            outcome = await run_turn(
                on_new_message,
                getattr(request.app.ctx, "agent", None),
                message.text,
                message.sender_id,
                self.name(),
                message.metadata,
                message.message_id,
            )
            if outcome.refused:
                # The turn was not stored, so it is not answered; an emergency's reply is
                # still in `messages` (channels/turns.py).
                return response.json(
                    {"error": UNAVAILABLE_REPLY, "reason": outcome.refused, "messages": outcome.messages},
                    status=503,
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            return response.json(outcome.messages)

        return webhook
