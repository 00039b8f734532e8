"""The socket.io channel with input checks: `channels.socketio.ValidatedSocketIOInput`.

Same name and options as Rasa's SocketIOInput (so the same /socket.io path and events, and
the chat widget works unchanged). What it adds:

- Origins: a browser page may connect only from an origin that `rasa run --cors` allows, or
  the server's own (channels/web_origins.py): browsers apply no CORS to WebSockets. With
  BACLOFEN_PRODUCTION=true, `--cors "*"` stops Rasa at start-up.
- JWT (credentials `jwt_key`, `jwt_method`, default HS256): with a key, a socket connects
  only with `auth: {token: <valid JWT>}`; expired or forged tokens are refused. The token is
  never logged.
- Sessions (`session_persistence: true`): the conversation id is the client's session id,
  so only random UUID4 ids are accepted (anything else gets a new one), and a socket may
  only send to the session it was confirmed (no writing into a conversation by naming it).
  A message naming another id is refused with a reply saying what the client must do, and
  session_confirm is sent again with the socket's own id.
- Messages: the checks of channels/input_limits.py (as for REST, see channels/rest.py); refusals are polite bot messages to the
  sending socket only (a text too long, not text, too fast, an empty message's prompt).
- Turns (channels/turns.py): the bot's messages are sent once the turn is stored; a turn
  that could not be stored or processed gets the "temporarily unavailable" notice instead
  (after the emergency or urgent reply, when triage fired on the message).
- Packets over 64 KB close the connection (engine.io's own limit is 1 MB).
- Replies: each `bot_uttered` produced by a response carries `metadata` (Rasa's own
  SocketIOOutput drops it): `{"response": "utter_x"}`, plus the article `source` and
  `"rateable": true` for medical answers (channels/answer_metadata.py, docs/client-protocol.md).
- Erasure: the exact message "/erase_conversation_confirmed" deletes the session's
  conversation (channels/erasure.py) and is answered with `metadata: {"erased": true}`.

Message texts and tokens are never logged here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import jwt
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.input_limits import (
    EMPTY_MESSAGE_REPLY,
    UNREADABLE_REPLY,
    MessageRateLimiter,
    RateLimits,
    Rejection,
    new_session_id,
    read_message_text,
    session_id_or_none,
)
from channels.answer_metadata import metadata_of
from channels.erasure import erase_and_reply, is_erase_request
from channels.log_safety import install_secret_redaction
from channels.turns import UNAVAILABLE_REPLY, deliver, run_turn
from channels.web_origins import origin_allowed, refuse_any_origin_in_production

logger = logging.getLogger(__name__)

MAX_PACKET_BYTES = 64 * 1024
# Refusals say what a chat client must do (the protocol is in the README, "socket.io
# protocol"), and what a person can do: the widget never gets them, other clients may.
NO_SESSION_REPLY = (
    "Your chat session has not started. Please reload the page. (For the chat client: emit "
    "session_request first, then send messages with the session_id from session_confirm.)"
)
OTHER_SESSION_REPLY = (
    "This message belongs to another chat session. Please reload the page to continue. (For "
    "the chat client: the server issues session ids; send the session_id from session_confirm, "
    "which has just been sent again, or leave session_id out.)"
)


@dataclass
class ConnectedClient:
    ip: str
    app: Any  # the Sanic app: its ctx.agent serves the turn (it changes when a model loads)
    session_id: Optional[str] = None
    app: Optional[Sanic] = None  # for the agent, when a message asks for erasure


class CheckedSocketBlueprint(SocketBlueprint):
    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        # Rasa has configured CORS by now: a wildcard in production stops the start here.
        refuse_any_origin_in_production(app, self.ctx.socketio_path)
        super().register(app, options)


def _own_origin(environ: Dict[str, Any]) -> Optional[str]:
    host = environ.get("HTTP_HOST")
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}" if host else None


def _client_ip(environ: Dict[str, Any]) -> str:
    request = environ.get("sanic.request")  # engine.io's REMOTE_ADDR is always 127.0.0.1
    if request is None:
        return "unknown"
    return request.remote_addr or request.ip or "unknown"


def decode_jwt(token: Any, key: str, method: str) -> Optional[Dict[str, Any]]:
    """The token's claims if it is valid (signature, algorithm, expiry), else None."""
    if not isinstance(token, str) or not token:
        return None
    if token.lower().startswith("bearer "):
        token = token[len("bearer ") :]
    try:
        claims = jwt.decode(token, key, algorithms=[method])
    except jwt.PyJWTError as error:
        logger.info("socket.io connection refused: invalid JWT (%s)", type(error).__name__)
        return None
    return claims if isinstance(claims, dict) else None


class MetadataSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, plus the client metadata on the last part of each message
    (Rasa splits texts at blank lines; the widget shows the source and rating once)."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text) -> None:
        super().__init__(sio, bot_message_evt)
        self._held: Optional[List[Dict[str, Any]]] = None

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        metadata = metadata_of(message)
        if metadata is None:
            await super().send_response(recipient_id, message)
            return
        self._held = []
        try:
            await super().send_response(recipient_id, message)
        finally:
            held, self._held = self._held, None
        if held:
            held[-1] = {**held[-1], "metadata": metadata}
        for part in held:
            await super()._send_message(recipient_id, part)

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if self._held is not None:
            self._held.append(response)
            return
        await super()._send_message(socket_id, response)


class ValidatedSocketIOInput(SocketIOInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.rate_limiter = MessageRateLimiter(RateLimits.from_credentials(credentials))
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rate_limiter = MessageRateLimiter(RateLimits())
        self.clients: Dict[str, ConnectedClient] = {}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        install_secret_redaction()
        # cors_allowed_origins=[]: engine.io adds no CORS headers of its own; Rasa's --cors
        # (sanic-cors) sets them for every route, this one included.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=MAX_PACKET_BYTES)
        webhook = CheckedSocketBlueprint(sio, self.socketio_path, "validated_socketio_webhook", __name__)
        self.sio = sio  # used by get_output_channel

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict[str, Any], auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            request = environ.get("sanic.request")
            if request is None or not origin_allowed(request.app, request.path, origin, _own_origin(environ)):
                logger.info("socket.io connection refused: origin %r is not allowed", origin)
                return False
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                if decode_jwt(token, self.jwt_key, self.jwt_algorithm or "HS256") is None:
                    return False
            self.clients[sid] = ConnectedClient(ip=_client_ip(environ), app=request.app)
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            self.clients.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            client = self.clients.get(sid)
            if client is None:
                return
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = session_id_or_none(requested) or new_session_id()
            if self.session_persistence:
                if client.session_id and client.session_id != session_id:
                    sio.leave_room(sid, client.session_id, namespace=self.namespace)
                sio.enter_room(sid, session_id, namespace=self.namespace)
            client.session_id = session_id
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def reply_to_socket(sid: Text, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            client = self.clients.get(sid)
            if client is None:
                return
            if not isinstance(data, dict):
                await reply_to_socket(sid, UNREADABLE_REPLY)
                return
            if self.session_persistence:
                if client.session_id is None:
                    await reply_to_socket(sid, NO_SESSION_REPLY)
                    return
                claimed = data.get("session_id")  # the widget repeats it; leaving it out is fine
                if claimed is not None and session_id_or_none(claimed) != client.session_id:
                    logger.info("socket.io message refused: not this socket's session")
                    await reply_to_socket(sid, OTHER_SESSION_REPLY)
                    # the id this socket may use, again, for clients that adopt it when told
                    await sio.emit("session_confirm", client.session_id, room=sid, namespace=self.namespace)
                    return
                sender_id = client.session_id
            else:
                sender_id = sid
            try:
                text = read_message_text(data.get("message"))
                self.rate_limiter.check(sender_id, client.ip)
            except Rejection as rejection:
                logger.info("socket.io message refused (%s): %s", rejection.status, rejection.error)
                await reply_to_socket(sid, rejection.reply)
                return
            if not text:
                await reply_to_socket(sid, EMPTY_MESSAGE_REPLY)
                return
            if is_erase_request(text):
                app = client.app
                reply = await erase_and_reply(lambda: getattr(app.ctx, "agent", None) if app else None, sender_id)
                # to the whole session (room), like Rasa's own replies: every tab of it clears
                await sio.emit(
                    self.bot_message_evt,
                    reply,
                    room=sender_id if self.session_persistence else sid,
                    namespace=self.namespace,
                )
                return
            outcome = await run_turn(
                on_new_message,
                getattr(client.app.ctx, "agent", None),
                text,
                sender_id,
                self.name(),
                self._metadata(data.get(self.metadata_key)),
            )
            # Only a stored turn is answered; a refused one shows its emergency reply, if
            # any, then the "temporarily unavailable" notice (channels/turns.py).
            await deliver(MetadataSocketIOOutput(sio, self.bot_message_evt), sender_id, outcome.messages)
            if outcome.refused:
                await reply_to_socket(sid, UNAVAILABLE_REPLY)

        return webhook

    @staticmethod
    def _metadata(value: Any) -> Dict[str, Any]:
        """The widget's metadata object; a JSON string is decoded, anything else dropped."""
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                return {}
        return value if isinstance(value, dict) else {}
