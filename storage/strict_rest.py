"""The REST channel, except that a turn Rasa could not process answers 503 instead of 200 [].

Rasa's own RestInput catches every error while handling a message and returns whatever
replies it collected, usually none: a client cannot tell "the bot had nothing to say" from
"the lock store is down". Behind a load balancer that difference matters,
so this channel keeps the same URL (/webhooks/rest/webhook) and request format and only
turns such a failure into `503 {"error": ...}`.

credentials.yml:   storage.strict_rest.StrictRestInput:
"""
from __future__ import annotations

import contextvars
from typing import Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

# Sanic runs a request's middleware and handler in one task, so a context variable carries
# "this turn failed" from the message handler to the response middleware.
_turn_failure: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar(
    "turn_failure", default=None
)


class StrictRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # same webhook URL as the stock channel

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        async def handle_and_remember_failure(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception as error:
                _turn_failure.set(type(error).__name__)
                raise  # RestInput logs it with the traceback

        webhook = super().blueprint(handle_and_remember_failure)

        @webhook.on_request
        async def forget_previous_failure(request: Request) -> None:
            _turn_failure.set(None)  # one keep-alive connection serves many requests

        @webhook.on_response
        async def report_failure(request: Request, _: HTTPResponse) -> Optional[HTTPResponse]:
            failure = _turn_failure.get()
            if failure is None:
                return None
            return response.json(
                {"error": f"the message could not be processed ({failure}); please retry"},
                status=503,
            )

        return webhook
