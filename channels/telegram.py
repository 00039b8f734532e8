"""The Telegram channel: `channels.telegram.TelegramConnector` in credentials.yml.

Replaces Rasa's built-in connector (same name, so the same URL: /webhooks/telegram/webhook),
which cannot start offline (it calls setWebhook at start-up, always), has the API address
hard-coded, breaks the first webhook ("Event loop is closed": its aiohttp session belongs to
a loop that `asyncio.run` closed), checks no webhook secret and calls getMe on every update.

Here: settings come from the environment (see telegram_settings.py; no TELEGRAM_TOKEN means
the channel is off and answers 503), an update is accepted only with Telegram's secret-token
header, webhook registration is optional and uses its own short-lived session, and replies
are split to Telegram's size limit and sent one after another, in order.

What users send gets the same treatment as on the REST and socket.io channels
(channels/input_limits.py): cleaned, at most MAX_TEXT_CHARS, text starting with "/" read as
words unless it is a plain "/intent_name" (see telegram_updates.read_user_text), and at most
`messages_per_minute_per_sender` (credentials.yml, default 30) messages a minute per chat.
Telegram's own servers make every call, so there is no per-IP limit. A refused message gets
the same polite reply as in the widget, and the webhook answers 200 all the same, so
Telegram does not deliver it again. An update delivered twice (same update_id) is answered
once (telegram_dedupe.py; per process).

Medical answers get an inline keyboard (telegram_answers.py): thumbs up and down, which send
the same rating payload as the widget, and "Where is this from?", which asks for the answer's
source. A thumbs-down first swaps the thumbs for the widget's "what was wrong" reasons (edited
in place, no turn); a rating then removes the rating buttons from that answer. The exact text "/erase_conversation_confirmed" (the Yes button under "delete my
conversation") deletes the chat's conversation from the tracker store (channels/erasure.py);
Telegram's own copy of the chat stays on the user's device, which the user can clear.

Message texts are never logged here.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from dataclasses import dataclass, field, replace
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram.bot.api import TelegramAPIServer
from aiogram.utils.exceptions import RetryAfter, TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.answer_metadata import metadata_of
from channels.erasure import erase_and_reply, is_erase_request
from channels.input_limits import (
    EMPTY_MESSAGE_REPLY,
    MessageRateLimiter,
    RateLimits,
    Rejection,
)
from channels.telegram_dedupe import RecentUpdateIds
from channels.turns import UNAVAILABLE_REPLY, deliver, run_turn
from channels.telegram_settings import (
    DEFAULT_API_BASE_URL,
    TelegramConfigError,
    TelegramSettings,
    load_settings,
)
from channels.telegram_answers import (
    WHAT_WAS_WRONG,
    after_rating,
    answer_keyboard,
    is_rating,
    reason_keyboard,
    reasons_request,
)
from channels.telegram_text import inline_keyboard, split_message
from channels.telegram_updates import (
    IgnoredUpdate,
    MalformedUpdate,
    UnreadableMessage,
    UserText,
    classify_update,
    read_user_text,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
NOT_TEXT_REPLY = "Sorry, I can only read text messages."
EDITED_REPLY = "Sorry, I can't read edited messages. Please send your question again as a new message."
DISABLED_REASON = "telegram channel disabled: TELEGRAM_TOKEN is not set"
# The update types this connector answers; Telegram then does not send the others.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]

REQUEST_TIMEOUT_SECONDS = 30
SEND_ATTEMPTS = 3
# Longer flood-control waits are not waited out: Telegram would time out the webhook call.
MAX_RETRY_AFTER_SECONDS = 10

# The one rate-limit key the telegram section of credentials.yml takes (as for REST).
RATE_LIMIT_KEY = "messages_per_minute_per_sender"
# Per chat only: every call comes from Telegram's servers, so a per-IP bucket would be
# one bucket shared by all Telegram users.
CHAT_RATE_LIMITS = RateLimits(per_ip=0)


class TelegramBotOutput(TelegramOutput):
    """Sends replies through the Bot API at a configurable address, one message at a time."""

    def __init__(self, access_token: Text, api_base_url: Text = DEFAULT_API_BASE_URL) -> None:
        super().__init__(access_token)
        self.server = TelegramAPIServer.from_base(api_base_url)
        self.timeout = REQUEST_TIMEOUT_SECONDS

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """A medical answer gets the rating and source buttons under its last part."""
        keyboard = answer_keyboard(metadata_of(message))
        text = message.get("text")
        if keyboard is None or not isinstance(text, str) or not text.strip() or message.get("buttons"):
            await super().send_response(recipient_id, message)
            return
        parts = split_message(text)
        for part in parts[:-1]:
            await self.send_part(recipient_id, part)
        await self.send_part(recipient_id, parts[-1], reply_markup=keyboard)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_message(text):
            await self.send_part(recipient_id, part)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        button_type: Optional[Text] = "inline",
        **kwargs: Any,
    ) -> None:
        """The text, with the buttons as an inline keyboard under its last part."""
        parts = split_message(text) or ["Please choose:"]
        for part in parts[:-1]:
            await self.send_part(recipient_id, part)
        await self.send_part(recipient_id, parts[-1], reply_markup=inline_keyboard(buttons))

    async def send_part(self, recipient_id: Text, text: Text, reply_markup: Optional[Dict[str, Any]] = None) -> None:
        """One sendMessage, waiting out Telegram's short flood-control pauses."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                await self.send_message(recipient_id, text, reply_markup=reply_markup)
                return
            except RetryAfter as error:
                if attempt == SEND_ATTEMPTS or error.timeout > MAX_RETRY_AFTER_SECONDS:
                    raise
                logger.info("Telegram flood control: waiting %s s before resending", error.timeout)
                await asyncio.sleep(error.timeout)

    async def close_session(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
            if self.server.base.startswith("https://"):
                # Lets SSL transports shut down before the loop ends (aiohttp's advice).
                await asyncio.sleep(0.25)


async def register_webhook(settings: TelegramSettings) -> None:
    """Check the token belongs to TELEGRAM_BOT_NAME, then point Telegram at our webhook.

    Uses its own session and closes it, so nothing outlives the caller's event loop.
    """
    if settings.webhook_url is None:
        raise TelegramConfigError("TELEGRAM_WEBHOOK_URL is needed to register the webhook.")
    bot = TelegramBotOutput(settings.token, settings.api_base_url)
    try:
        me = await bot.get_me()
        if (me.username or "").lower() != settings.bot_name.lower():
            raise TelegramConfigError(
                f"TELEGRAM_BOT_NAME is {settings.bot_name!r} but TELEGRAM_TOKEN belongs to "
                f"@{me.username}. Fix one of the two."
            )
        # aiogram 2.15's set_webhook predates secret_token, so the call is made directly.
        await bot.request(
            "setWebhook",
            {
                "url": settings.webhook_url,
                "secret_token": settings.webhook_secret,
                "allowed_updates": json.dumps(ALLOWED_UPDATES),
            },
        )
        logger.info("Telegram webhook set to %s", settings.webhook_url)
    except (TelegramAPIError, asyncio.TimeoutError) as error:
        reason = _without(settings.token, str(error)) or "no answer within the time-out"
        raise TelegramConfigError(
            f"Could not register the Telegram webhook at {settings.api_base_url}: "
            f"{reason}. Check TELEGRAM_TOKEN and "
            "TELEGRAM_WEBHOOK_URL, or set TELEGRAM_REGISTER_WEBHOOK=false and register it "
            "yourself."
        ) from None
    finally:
        await bot.close_session()


def _without(secret: str, text: str) -> str:
    return text.replace(secret, "<TELEGRAM_TOKEN>")


@dataclass(frozen=True)
class WebhookReply:
    status: int
    body: Dict[str, Any] = field(default_factory=dict)


OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class TelegramWebhook:
    """Handles one POST from Telegram; independent of Sanic so it can be tested directly.

    `rate_limiter` is keyed by chat id; `recent_updates` remembers this bot's update ids.
    """

    def __init__(
        self,
        settings: TelegramSettings,
        output: TelegramBotOutput,
        on_new_message: OnNewMessage,
        rate_limiter: Optional[MessageRateLimiter] = None,
        recent_updates: Optional[RecentUpdateIds] = None,
    ) -> None:
        self.settings = settings
        self.output = output
        self.on_new_message = on_new_message
        # Rasa's agent (for the emergency check of a refused turn, and for erasure); set once
        # the server runs.
        self.agent_getter: Callable[[], Any] = lambda: None
        self.rate_limiter = MessageRateLimiter(CHAT_RATE_LIMITS) if rate_limiter is None else rate_limiter
        # `is None`, not `or`: an empty RecentUpdateIds is falsy.
        self.recent_updates = RecentUpdateIds() if recent_updates is None else recent_updates

    async def handle(self, secret: Optional[str], body: bytes) -> WebhookReply:
        # The secret is checked before the body is even parsed.
        if secret is None:
            return WebhookReply(401, {"error": f"missing {SECRET_HEADER} header"})
        if not hmac.compare_digest(secret.encode("utf-8"), self.settings.webhook_secret.encode("utf-8")):
            return WebhookReply(403, {"error": f"wrong {SECRET_HEADER} header"})
        try:
            payload = json.loads(body or b"")
            update = classify_update(payload)
        except (ValueError, RecursionError) as error:  # also JSONDecodeError, UnicodeDecodeError
            reason = str(error) if isinstance(error, MalformedUpdate) else "the body is not valid JSON"
            logger.warning("Rejected a Telegram update: %s", reason)
            return WebhookReply(400, {"error": f"malformed update: {reason}"})

        # Remembered on arrival, not after the turn: the redelivery of a slow turn arrives
        # while the first delivery is still being answered.
        if self.recent_updates.is_duplicate(payload["update_id"]):
            logger.info("Ignored a repeated Telegram update (update_id %s)", payload["update_id"])
            return WebhookReply(200, {"status": "duplicate"})

        callback_query_id = getattr(update, "callback_query_id", None)
        rated = reasons_request(update.text) if isinstance(update, UserText) and update.is_button_press else None
        if callback_query_id:
            # Stops the spinner on the pressed button; the answer follows as a message (after a
            # thumbs-down, the question what was wrong shows as a short notice instead).
            await self._answer_callback_query(callback_query_id, WHAT_WAS_WRONG if rated else None)

        if isinstance(update, UserText) and rated is not None:
            # The thumbs become the reason buttons under the same answer; nothing is stored yet.
            await self._edit_keyboard(update, reason_keyboard(rated, update.reply_markup))
        elif isinstance(update, UserText):
            await self._pass_to_assistant(update, payload["update_id"])
            if update.is_button_press and is_rating(update.text):
                # rated once, like in the widget: the rating buttons go, "Where is this from?" stays
                await self._edit_keyboard(update, after_rating(update.reply_markup))
        elif isinstance(update, UnreadableMessage):
            reply = EDITED_REPLY if update.kind == "edited" else NOT_TEXT_REPLY
            await self._send_quietly(update.chat_id, reply)
        elif isinstance(update, IgnoredUpdate):
            logger.debug("Ignored a Telegram update of kind %s", update.kind)
        return WebhookReply(200, {"status": "ok"})

    async def _pass_to_assistant(self, update: UserText, update_id: int) -> None:
        try:
            text = read_user_text(update, self.settings.bot_name)
            self.rate_limiter.check(str(update.chat_id), None)
        except Rejection as rejection:
            # Answered 200 with the widget's polite reply: a 4xx would only make Telegram retry.
            logger.info("Telegram message refused (%s): %s", rejection.status, rejection.error)
            await self._send_quietly(update.chat_id, rejection.reply)
            return
        if not text:
            await self._send_quietly(update.chat_id, EMPTY_MESSAGE_REPLY)
            return
        if is_erase_request(text):
            reply = await erase_and_reply(self.agent_getter, str(update.chat_id))
            await self._send_quietly(update.chat_id, reply["text"])
            return
        chat = str(update.chat_id)
        # The update id makes a redelivered update safe on any instance (channels/turns.py).
        outcome = await run_turn(
            self.on_new_message,
            self.agent_getter(),
            text,
            chat,
            TelegramConnector.name(),
            message_id=f"telegram-{update_id}",
        )
        try:
            # Only a stored turn is answered; a refused one gets its emergency reply, if any,
            # then the "temporarily unavailable" notice (channels/turns.py). The webhook
            # answers 200 all the same: Telegram would otherwise resend the update for hours.
            await deliver(self.output, chat, outcome.messages)
        except (TelegramAPIError, asyncio.TimeoutError) as error:
            logger.error("Could not send to Telegram chat %s: %s", update.chat_id, error)
        if outcome.refused:
            await self._send_quietly(update.chat_id, UNAVAILABLE_REPLY)

    async def _answer_callback_query(self, callback_query_id: str, text: Optional[str] = None) -> None:
        try:
            # a notice only when there is one: the bare answer just stops the spinner
            await self.output.answer_callback_query(callback_query_id, **({"text": text} if text else {}))
        except (TelegramAPIError, asyncio.TimeoutError) as error:  # e.g. "query is too old"
            logger.warning("answerCallbackQuery failed: %s", error)

    async def _edit_keyboard(self, update: UserText, markup: Optional[Dict[str, Any]]) -> None:
        """Replaces the inline keyboard of the message the pressed button is under (None: removes it)."""
        if update.message_id is None:
            return  # a button under an inline-mode message: nothing of ours to edit
        try:
            await self.output.edit_message_reply_markup(
                chat_id=update.chat_id, message_id=update.message_id, reply_markup=markup
            )
        except (TelegramAPIError, asyncio.TimeoutError) as error:  # e.g. "message is not modified"
            logger.warning("editMessageReplyMarkup failed: %s", error)

    async def _send_quietly(self, chat_id: int, text: str) -> None:
        try:
            await self.output.send_text_message(str(chat_id), text)
        except (TelegramAPIError, asyncio.TimeoutError) as error:
            logger.error("Could not send to Telegram chat %s: %s", chat_id, error)


class TelegramConnector(TelegramInput):
    """Telegram input channel; configured by TELEGRAM_* environment variables."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        limits = RateLimits.from_credentials(
            {RATE_LIMIT_KEY: credentials.pop(RATE_LIMIT_KEY)} if RATE_LIMIT_KEY in credentials else {}
        )
        settings = load_settings(credentials, os.environ)
        if settings is None:
            logger.info("%s; the rest of the bot runs without it.", DISABLED_REASON)
        return cls(settings, replace(CHAT_RATE_LIMITS, per_sender=limits.per_sender))

    def __init__(self, settings: Optional[TelegramSettings], rate_limits: RateLimits = CHAT_RATE_LIMITS) -> None:
        super().__init__(
            settings.token if settings else None,
            settings.bot_name if settings else None,
            settings.webhook_url if settings else None,
            debug_mode=False,
        )
        self.settings = settings
        self.rate_limits = rate_limits
        self._output: Optional[TelegramBotOutput] = None

    def get_output_channel(self) -> TelegramBotOutput:
        """The one output channel; makes no network call (the built-in one calls setWebhook)."""
        if self.settings is None:
            raise TelegramConfigError(DISABLED_REASON)
        if self._output is None:
            self._output = TelegramBotOutput(self.settings.token, self.settings.api_base_url)
        return self._output

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        telegram = Blueprint("telegram_connector", __name__)
        if self.settings is None:
            return self._disabled_blueprint(telegram)

        if self.settings.register_webhook:
            # Rasa builds blueprints before its event loop starts; registration runs in a
            # loop of its own and closes its session before that loop ends.
            asyncio.run(register_webhook(self.settings))
        output = self.get_output_channel()
        webhook = TelegramWebhook(self.settings, output, on_new_message, MessageRateLimiter(self.rate_limits))

        @telegram.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            reply = await webhook.handle(request.headers.get(SECRET_HEADER), request.body)
            return response.json(reply.body, status=reply.status)

        @telegram.listener("after_server_start")
        async def remember_app(app: Any, *_: Any) -> None:
            webhook.agent_getter = lambda: getattr(app.ctx, "agent", None)

        @telegram.listener("after_server_stop")
        async def close_session(*_: Any) -> None:
            await output.close_session()

        return telegram

    @staticmethod
    def _disabled_blueprint(telegram: Blueprint) -> Blueprint:
        async def disabled(_: Request) -> HTTPResponse:
            return response.json({"status": "disabled", "reason": DISABLED_REASON}, status=503)

        telegram.add_route(disabled, "/", methods=["GET"], name="disabled_health")
        telegram.add_route(disabled, "/webhook", methods=["GET", "POST"], name="disabled_webhook")
        return telegram
