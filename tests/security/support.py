"""Clients for the security tests: raw HTTP and socket.io, each from a chosen loopback address.

Every address in 127.0.0.0/8 reaches this machine, so spreading requests over 127.0.0.x
gives them different client IPs: the per-IP rate limit then only trips where a test wants it.
"""

from __future__ import annotations

import http.client
import itertools
import json
import logging
import queue
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import jwt
import requests
import socketio
from requests_toolbelt.adapters.source import SourceAddressAdapter

# The sync client logs "packet queue is empty, aborting" whenever the server ends a socket.
logging.getLogger("engineio.client").setLevel(logging.CRITICAL)

ALLOWED_ORIGINS = ("http://127.0.0.1:8080", "http://localhost:8080")
FOREIGN_ORIGIN = "http://evil.example"

# 127.0.0.1 is left to the fixtures' readiness checks; 127.0.0.2 upwards are handed out.
_client_addresses = (f"127.0.{n // 250}.{2 + n % 250}" for n in itertools.count())


def new_client_ip() -> str:
    return next(_client_addresses)


@dataclass
class HttpReply:
    status: int
    headers: Dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode())


def http_request(
    url: str,
    method: str = "GET",
    body: Optional[bytes] = None,
    headers: Optional[Dict[str, str]] = None,
    source_ip: str = "127.0.0.1",
    timeout: float = 60.0,
) -> HttpReply:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source_ip, 0))
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path or "/", body=body, headers=headers or {})
        answer = connection.getresponse()
        return HttpReply(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


def post_json(url: str, payload: Any, source_ip: str = "127.0.0.1", **headers: str) -> HttpReply:
    return http_request(
        url,
        "POST",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", **headers},
        source_ip,
    )


def rest_texts(reply: HttpReply) -> List[str]:
    return [m["text"] for m in reply.json() if isinstance(m, dict) and m.get("text")]


def make_jwt(key: str, algorithm: str = "HS256", expires_in: float = 300, **claims: Any) -> str:
    payload = {"sub": "site-user-1", "exp": int(time.time() + expires_in), **claims}
    return jwt.encode(payload, key, algorithm=algorithm)


@dataclass
class SocketChat:
    """A socket.io client like the chat widget: session_request, then user_uttered."""

    url: str
    token: Optional[str] = None
    origin: Optional[str] = ALLOWED_ORIGINS[0]
    source_ip: str = field(default_factory=new_client_ip)

    def __post_init__(self) -> None:
        self.http = requests.Session()
        self.http.mount("http://", SourceAddressAdapter(self.source_ip))
        # Sync client, polling transport: python-socketio's async client needs newer aiohttp.
        self.client = socketio.Client(reconnection=False, handle_sigint=False, http_session=self.http)
        self.events: "queue.Queue[Tuple[str, Any]]" = queue.Queue()
        self.client.on("bot_uttered", lambda message: self.events.put(("bot", message)))
        self.client.on("session_confirm", lambda session_id: self.events.put(("session", session_id)))
        self.client.on("connect_error", lambda data=None: self.events.put(("refused", data)))
        self.session_id: Optional[str] = None

    def connect(self, wait: bool = True) -> "SocketChat":
        headers = {"Origin": self.origin} if self.origin else {}
        auth = {"token": self.token} if self.token is not None else None
        self.client.connect(self.url, headers=headers, auth=auth, transports=["polling"], wait=wait, wait_timeout=10)
        return self

    def refused(self, timeout: float = 10.0) -> bool:
        """After connect(wait=False): True once the server refuses the socket."""
        kind, _ = self._next_event(timeout)
        return kind == "refused"

    def start_session(self, requested: Any = None) -> str:
        self.client.emit("session_request", {"session_id": requested})
        kind, value = self._next_event(timeout=10)
        assert kind == "session", (kind, value)
        self.session_id = value
        return value

    def send(self, payload: Any) -> None:
        self.client.emit("user_uttered", payload)

    def say(self, text: str, timeout: float = 30.0, quiet: float = 0.6) -> List[str]:
        self.send({"message": text, "session_id": self.session_id})
        return self.replies(timeout, quiet)

    def replies(self, timeout: float = 30.0, quiet: float = 0.6) -> List[str]:
        """The bot's texts: waits up to `timeout` for the first, then until `quiet` s pass."""
        texts: List[str] = []
        wait = timeout
        while True:
            try:
                kind, value = self._next_event(wait)
            except queue.Empty:
                return texts
            if kind == "bot" and isinstance(value, dict):
                texts.append(str(value.get("text", "")))
            wait = quiet

    def _next_event(self, timeout: float) -> Tuple[str, Any]:
        return self.events.get(timeout=timeout)

    @property
    def connected(self) -> bool:
        return self.client.connected

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()
        self.http.close()  # its kept-alive connections would hold up the server's shutdown
