"""Servers for the widget's browser tests: the static server, a TCP proxy whose stop/start
looks to the browser like a Rasa server going away and coming back, a scripted socket.io
server that sends exactly the bot messages a test needs, and the scripted replies of a bot
speaking the client protocol (docs/client-protocol.md)."""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import socketio
import yaml
from aiohttp import web

from actions.safety_texts import FULL_DISCLAIMERS, Risk

from tests.support.servers import ROOT, VENV_BIN, ManagedProcess


def static_server(port: int, rasa_url: str, log_dir: Path) -> ManagedProcess:
    return ManagedProcess(
        name=f"webchat static server :{port}",
        command=[str(VENV_BIN / "python"), "scripts/ops/serve_webchat.py", "--port", str(port), "--rasa-url", rasa_url],
        log_path=log_dir / f"webchat-{port}.log",
        ready_url=f"http://127.0.0.1:{port}/widget.js",
    )


class TcpProxy:
    """Forwards 127.0.0.1:listen_port to 127.0.0.1:target_port until stopped.

    stop() closes the listener and every open connection, like a server that died; start()
    listens on the same port again.
    """

    def __init__(self, listen_port: int, target_port: int) -> None:
        self.listen_port = listen_port
        self.target_port = target_port
        self._accept_thread: Optional[threading.Thread] = None
        self._connections: List[socket.socket] = []
        self._lock = threading.Lock()
        self._running = threading.Event()

    def start(self) -> "TcpProxy":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.listen_port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._running.set()
        self._accept_thread = threading.Thread(target=self._accept_loop, args=(listener,), daemon=True)
        self._accept_thread.start()
        return self

    def stop(self) -> None:
        self._running.clear()
        if self._accept_thread is not None:
            # The accept loop closes the listener itself: a socket closed while another thread
            # waits on it stays bound until that wait ends, and start() would then fail.
            self._accept_thread.join(5)
            self._accept_thread = None
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()

    def _accept_loop(self, listener: socket.socket) -> None:
        with listener:
            while self._running.is_set():
                try:
                    client, _ = listener.accept()
                except socket.timeout:
                    continue
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                except OSError:
                    client.close()
                    continue
                upstream.settimeout(None)
                client.settimeout(None)
                with self._lock:
                    self._connections += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@dataclass
class LiveStack:
    rasa_url: str  # Rasa itself (REST and tracker API, for assertions)
    proxy: "TcpProxy"  # what the widget connects to; stop() it to take the bot away
    site_url: str  # the demo page
    api_token: str  # Rasa's --auth-token: the staff token for the tracker API
    tracker_db: Path  # Rasa's SQLite tracker store


Replies = Callable[[str], List[dict]]
# Answers GET /conversations/{id}/tracker from the messages received so far: (status, json body).
TrackerAnswer = Callable[[List[dict]], Tuple[int, dict]]


@dataclass
class ScriptedSocketServer:
    """A socket.io server speaking Rasa's socketio protocol, answering with `replies(message)`.

    It records the `auth` payload of each connection and every user_uttered it receives.
    `required_token` set: connections without that token are refused, as Rasa does with jwt_key.
    `tracker` set: it answers the tracker API (with CORS headers, like Rasa with --cors);
    unset, that route answers 404 like a Rasa without --enable-api. Requests are recorded.
    """

    port: int
    replies: Replies
    required_token: Optional[str] = None
    auths: List[Optional[dict]] = field(default_factory=list)
    received: List[dict] = field(default_factory=list)
    tracker: Optional[TrackerAnswer] = None
    tracker_requests: List[str] = field(default_factory=list)

    def start(self) -> "ScriptedSocketServer":
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise TimeoutError("scripted socket.io server did not start")
        return self

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        ready.set()
        self._loop.run_forever()

    async def _serve(self) -> None:
        sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        app = web.Application()
        sio.attach(app)

        @sio.on("connect")
        async def connect(sid: str, environ: Dict, auth: Optional[dict]) -> bool:
            self.auths.append(auth)
            if self.required_token is None:
                return True
            return bool(auth) and auth.get("token") == self.required_token

        @sio.on("session_request")
        async def session_request(sid: str, data: Optional[dict]) -> None:
            # Like Rasa's channel: a new random id when the client has none.
            session_id = (data or {}).get("session_id") or f"scripted-{uuid.uuid4()}"
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: dict) -> None:
            self.received.append(data)
            for reply in self.replies(data.get("message", "")):
                reply = dict(reply)
                await asyncio.sleep(reply.pop("delay", 0))  # a slow bot, for the typing indicator
                await sio.emit("bot_uttered", reply, room=sid)

        async def tracker(request: web.Request) -> web.Response:
            self.tracker_requests.append(str(request.rel_url))
            status, body = self.tracker(self.received) if self.tracker else (404, {"reason": "not found"})
            return web.json_response(body, status=status, headers={"Access-Control-Allow-Origin": "*"})

        app.router.add_get("/conversations/{conversation_id}/tracker", tracker)

        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        await self._runner.cleanup()
        # engine.io's ping and service tasks outlive the site; end them so none is left pending.
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)


# ---------------------------------------------------------------- the client protocol, scripted


def _what_is_response() -> Dict[str, Any]:
    """utter_what_is as domain.yml has it: the scripted bot's answer uses its real text and sections."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"]["utter_what_is"][0]


ARTICLE_TITLE = (
    (ROOT.parent / "shared" / "source" / "baclofen-article.txt").read_text(encoding="utf-8").splitlines()[0].strip()
)
ANSWER_TEXT = _what_is_response()["text"].strip()
DISCLAIMER_TEXT = FULL_DISCLAIMERS[Risk.GENERAL]
ANSWER_METADATA: Dict[str, Any] = {
    "response": "utter_what_is",
    "source": {
        "title": ARTICLE_TITLE,
        "year": 2023,
        "sections": list(dict.fromkeys(part["section"] for part in _what_is_response()["metadata"]["source"])),
    },
    "rateable": True,
}
THANKS_TEXT = "Thank you for rating this answer."
HANDOFF_TEXT = "To talk to a person, call the support team on 000 0000 (placeholder)."
RESTARTED_TEXT = "Starting a new conversation."
GREETING_TEXT = "Hello! What would you like to know about baclofen?"
TOPICS = [
    {"content_type": "text", "title": "What is baclofen?", "payload": "/ask_what_is"},
    {"content_type": "text", "title": "Side effects", "payload": "/ask_side_effects"},
]
ERASED_TEXT = "Your conversation has been deleted."


def protocol_replies(message: str) -> List[dict]:
    """What the server side sends back, per docs/client-protocol.md, for the widget's messages.

    "what is baclofen": a rateable answer with its source, then the disclaimer (no metadata);
    "slow ...": an answer after 1.5 s; "stall": nothing at all; anything else is echoed.
    """
    if message in ("what is baclofen", "/ask_what_is"):
        return [{"text": ANSWER_TEXT, "metadata": ANSWER_METADATA}, {"text": DISCLAIMER_TEXT}]
    if message.startswith("/rate_answer"):
        return [{"text": THANKS_TEXT}]
    if message == "/human_handoff":
        return [{"text": HANDOFF_TEXT}]
    if message == "/restart":
        return [{"text": RESTARTED_TEXT}, {"text": GREETING_TEXT, "quick_replies": TOPICS}]
    if message == "/erase_conversation_confirmed":
        return [{"text": ERASED_TEXT, "metadata": {"erased": True}}]
    if message.startswith("slow"):
        return [{"text": f"late answer to: {message}", "delay": 1.5}]
    if message == "stall":
        return []
    if message == "not really erased":
        return [{"text": f"echo: {message}", "metadata": {"erased": "true"}}]
    return [{"text": f"echo: {message}"}]


@dataclass
class ProtocolSite:
    server: ScriptedSocketServer
    url: str

    def sent(self) -> List[str]:
        """The messages the widget has sent so far (all pages)."""
        return [data.get("message") for data in self.server.received]
