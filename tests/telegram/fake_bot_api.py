"""A fake Telegram Bot API server on 127.0.0.1, for offline tests.

Answers like api.telegram.org (`{"ok": true, "result": ...}`, or `{"ok": false,
"error_code": ..., "description": ...}`), with Telegram's own checks where the connector
could get them wrong (message length, empty text, button data size, HTTPS webhook,
secret_token alphabet), and records every call for assertions.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from aiohttp import web

# Parameters Telegram takes as JSON-serialised strings.
JSON_PARAMETERS = {"reply_markup", "allowed_updates", "entities"}
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass
class ApiCall:
    method: str
    params: Dict[str, Any]
    status: int


class Failure(Exception):
    def __init__(self, status: int, description: str, retry_after: Optional[int] = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


class FakeBotApi:
    def __init__(
        self, token: str = "123456789:AAFakeTokenForOfflineTests_abcdefghij", username: str = "BaclofenInfoBot"
    ) -> None:
        self.token = token
        self.username = username
        self.bot_id = int(token.split(":")[0])
        self.port: Optional[int] = None
        self._calls: List[ApiCall] = []
        self._planned_failures: Dict[str, List[Failure]] = {}
        self._lock = threading.Lock()
        self._message_ids: Dict[str, int] = {}
        self._messages: Dict[Tuple[str, int], Dict[str, Any]] = {}  # what the bot sent, as it is now
        self.webhook: Dict[str, Any] = {"url": ""}
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> "FakeBotApi":
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            app = web.Application()
            app.router.add_route("*", "/bot{token}/{method}", self._handle)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # port 0: the OS picked a free one

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Bot API did not start")
        return self

    def stop(self) -> None:
        if self._loop is None or self._runner is None:
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- what tests use --------------------------------------------------------------------

    def calls(self, method: Optional[str] = None, chat_id: Optional[int] = None) -> List[ApiCall]:
        with self._lock:
            recorded = list(self._calls)
        return [
            call
            for call in recorded
            if (method is None or call.method == method)
            and (chat_id is None or str(call.params.get("chat_id")) == str(chat_id))
        ]

    def sent_texts(self, chat_id: int) -> List[str]:
        """Texts of the messages sent to a chat, in order (rejected calls left out)."""
        return [c.params["text"] for c in self.calls("sendMessage", chat_id) if c.status == 200]

    def messages(self, chat_id: int) -> List[Dict[str, Any]]:
        """The messages sent to a chat, as Telegram holds them now (edits applied), in order."""
        with self._lock:
            return [dict(m) for (chat, _), m in sorted(self._messages.items()) if chat == str(chat_id)]

    def fail_next(self, method: str, status: int, description: str, retry_after: Optional[int] = None) -> None:
        """The next call of `method` fails like Telegram would (e.g. 429 with retry_after)."""
        with self._lock:
            self._planned_failures.setdefault(method, []).append(Failure(status, description, retry_after))

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
            self._planned_failures.clear()

    # --- the API ---------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = self._canonical(request.match_info["method"])
        params = await self._params(request)
        if request.match_info["token"] != self.token:
            return self._record(method, params, Failure(401, "Unauthorized"))
        with self._lock:
            planned = self._planned_failures.get(method)
            failure = planned.pop(0) if planned else None
        if failure is not None:
            return self._record(method, params, failure)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return self._record(method, params, Failure(404, "Not Found"))
        try:
            result, description = handler(params)
        except Failure as rejected:
            return self._record(method, params, rejected)
        return self._record(method, params, None, result, description)

    def _record(
        self,
        method: str,
        params: Dict[str, Any],
        failure: Optional[Failure],
        result: Any = None,
        description: Optional[str] = None,
    ) -> web.Response:
        status = failure.status if failure else 200
        with self._lock:
            self._calls.append(ApiCall(method, params, status))
        if failure is not None:
            body: Dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
        else:
            body = {"ok": True, "result": result}
            if description:
                body["description"] = description
        return web.json_response(body, status=status)

    @staticmethod
    def _canonical(method: str) -> str:
        # Telegram method names are case-insensitive.
        known = {
            name.lower(): name
            for name in (
                "getMe",
                "setWebhook",
                "deleteWebhook",
                "getWebhookInfo",
                "sendMessage",
                "answerCallbackQuery",
                "editMessageReplyMarkup",
                "sendPhoto",
            )
        }
        return known.get(method.lower(), method)

    @staticmethod
    async def _params(request: web.Request) -> Dict[str, Any]:
        params: Dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update({key: value for key, value in (await request.post()).items() if isinstance(value, str)})
        for key in JSON_PARAMETERS & params.keys():
            if isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    raise web.HTTPBadRequest(
                        text=json.dumps(
                            {
                                "ok": False,
                                "error_code": 400,
                                "description": f"Bad Request: can't parse {key} JSON object",
                            }
                        ),
                        content_type="application/json",
                    ) from None
        return params

    def _bot_user(self) -> Dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Baclofen Info", "username": self.username}

    def _api_getMe(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }, None

    def _api_setWebhook(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://"):
            raise Failure(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.match(str(secret)):
            raise Failure(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": params.get("allowed_updates")}
        return True, "Webhook was set" if url else "Webhook was deleted"

    def _api_deleteWebhook(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        self.webhook = {"url": ""}
        return True, "Webhook was deleted"

    def _api_getWebhookInfo(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        info = {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info, None

    def _api_answerCallbackQuery(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        if not params.get("callback_query_id"):
            raise Failure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        return True, None

    def _api_sendMessage(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        chat_id = params.get("chat_id")
        if not re.fullmatch(r"-?\d+", str(chat_id or "")):
            raise Failure(400, "Bad Request: chat not found")
        text = str(params.get("text", ""))
        if not text.strip():
            raise Failure(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise Failure(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        if markup is not None:
            self._check_markup(markup)
        message = self._message(chat_id, text=text)
        if markup is not None:
            message["reply_markup"] = markup
        with self._lock:
            self._messages[(str(chat_id), message["message_id"])] = dict(message)
        return message, None

    def _api_editMessageReplyMarkup(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        """Replaces (or, without reply_markup, removes) the inline keyboard of a sent message."""
        key = (str(params.get("chat_id")), int(params.get("message_id") or 0))
        markup = params.get("reply_markup")
        if markup is not None:
            self._check_markup(markup)
        with self._lock:
            message = self._messages.get(key)
            if message is None:
                raise Failure(400, "Bad Request: message to edit not found")
            if message.get("reply_markup") == markup:
                raise Failure(400, "Bad Request: message is not modified")
            if markup is None:
                message.pop("reply_markup", None)
            else:
                message["reply_markup"] = markup
            return dict(message), None

    def _api_sendPhoto(self, params: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
        photo = {"file_id": "AgACAgFake", "file_unique_id": "AQADFake", "width": 320, "height": 240}
        return self._message(params.get("chat_id"), photo=[photo]), None

    @staticmethod
    def _check_markup(markup: Any) -> None:
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(rows, list):
            return
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise Failure(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                if len(str(button.get("callback_data", "")).encode("utf-8")) > 64:
                    raise Failure(400, "Bad Request: BUTTON_DATA_INVALID")

    def _message(self, chat_id: Any, **content: Any) -> Dict[str, Any]:
        with self._lock:
            self._message_ids[str(chat_id)] = self._message_ids.get(str(chat_id), 0) + 1
            message_id = self._message_ids[str(chat_id)]
        chat_id_int = int(chat_id)
        chat = {"id": chat_id_int, "type": "private" if chat_id_int > 0 else "supergroup"}
        return {"message_id": message_id, "from": self._bot_user(), "chat": chat, "date": int(time.time()), **content}
