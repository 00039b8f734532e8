"""Serve one connector's blueprint from a Sanic app in a background thread, without Rasa.

The blueprint is built before the server's event loop starts, as `rasa run` does, so a
webhook registration at build time runs in a loop of its own, exactly as in production.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

from sanic import Sanic

from channels.telegram import SECRET_HEADER, TelegramConnector
from tests.support.servers import free_port

_app_numbers = itertools.count(1)


@contextmanager
def serve_channel(connector: TelegramConnector, on_new_message: Callable) -> Iterator[str]:
    """Yields the base URL of a server with the channel at /webhooks/telegram/."""
    # As sanic-testing does: lets Sanic rewrite its protocol class again for a second app
    # in the same process (otherwise: KeyError in sanic.touchup).
    test_mode, Sanic.test_mode = Sanic.test_mode, True
    try:
        with _serve(connector, on_new_message) as url:
            yield url
    finally:
        Sanic.test_mode = test_mode


@contextmanager
def _serve(connector: TelegramConnector, on_new_message: Callable) -> Iterator[str]:
    app = Sanic(f"telegram_channel_test_{next(_app_numbers)}")
    app.blueprint(connector.blueprint(on_new_message), url_prefix="/webhooks/telegram")
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    state: Dict[str, Any] = {}

    async def start() -> None:
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        await server.before_start()
        await server.after_start()
        state["server"] = server

    async def stop() -> None:
        server = state["server"]
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(start())
        except BaseException as error:  # noqa: BLE001 - reported to the waiting test
            state["error"] = error
        started.set()
        if "error" not in state:
            loop.run_forever()

    thread = threading.Thread(target=run, name="telegram-channel-test", daemon=True)
    thread.start()
    started.wait(20)
    if "error" in state:
        raise state["error"]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(stop(), loop).result(20)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(20)
        loop.close()


def post_update(base_url: str, body: Any, secret: Optional[str], timeout: float = 60.0) -> Tuple[int, Dict[str, Any]]:
    """POST an update (a dict, or raw bytes for malformed bodies) the way Telegram does."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    request = urllib.request.Request(base_url.rstrip("/") + "/webhooks/telegram/webhook", data, headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw or b"{}")
        except ValueError:
            return error.code, {"raw": raw.decode(errors="replace")}
