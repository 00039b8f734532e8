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
- a turn Rasa could not process answers 503, not Rasa's silent 200 [].

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

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
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
    read_metadata,
    read_sender_id,
)
from channels.answer_metadata import client_metadata
from channels.erasure import erase_and_reply, is_erase_request
from channels.log_safety import install_secret_redaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestMessage:
    sender_id: str
    text: str
    metadata: Optional[Dict[str, Any]]


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
    )


def client_ip(request: Request) -> str:
    # remote_addr is the X-Forwarded-For/Forwarded address only when Sanic is told to trust
    # a proxy (SANIC_PROXIES_COUNT / SANIC_REAL_IP_HEADER); otherwise the peer's address.
    return request.remote_addr or request.ip or "unknown"


def _error(rejection: Rejection) -> HTTPResponse:
    headers = {"Retry-After": str(rejection.retry_after)} if rejection.retry_after else None
    return response.json({"error": rejection.error}, status=rejection.status, headers=headers)


class MetadataCollectingOutput(CollectingOutputChannel):
    """Rasa's collecting channel, plus each message's client metadata (answer_metadata.py)."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        metadata = client_metadata(message)
        first_new = len(self.messages)
        await super().send_response(recipient_id, dict(message))
        if metadata is not None:
            for sent in self.messages[first_new:]:
                sent["metadata"] = metadata


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

            collector = MetadataCollectingOutput()
            try:
                await on_new_message(
                    UserMessage(
                        message.text,
                        collector,
                        message.sender_id,
                        input_channel=self.name(),
                        metadata=message.metadata,
                    )
                )
            except Exception as error:
                logger.error("A REST turn failed (%s)", type(error).__name__, exc_info=True)
                return response.json(
                    {"error": "the message could not be processed; please retry"}, status=503
                )
            return response.json(collector.messages)

        return webhook
