"""devtools.rest, the one REST client, against a small local HTTP server (no Rasa needed)."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Iterator

import pytest

from devtools.rest import RestTurnError, reply_text, rest_turn
from devtools.servers import free_port

ANSWERS = {
    "hello": (200, json.dumps([{"recipient_id": "s", "text": "Hi"}, "junk", {"recipient_id": "s", "text": "Bye"}])),
    "empty": (200, ""),
    "broken": (200, "<html>"),
    "object": (200, "{}"),
    "busy": (503, json.dumps({"error": "try later"})),
}


class Handler(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.received.append((self.path, body))
        status, text = ANSWERS[body["message"]]
        self.send_response(status)
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_turn_posts_rasas_body_and_returns_the_messages(url: str) -> None:
    messages = rest_turn(url, "sender-1", "hello", metadata={"turn": 3})
    assert Handler.received[-1] == (
        "/webhooks/rest/webhook",
        {"sender": "sender-1", "message": "hello", "metadata": {"turn": 3}},
    )
    assert messages == [{"recipient_id": "s", "text": "Hi"}, {"recipient_id": "s", "text": "Bye"}]
    assert reply_text(messages) == "Hi\nBye"
    assert rest_turn(url, "sender-1", "empty") == []


@pytest.mark.parametrize("message, status", [("busy", 503), ("broken", 200), ("object", 200)])
def test_errors_and_bodies_that_are_no_message_list_raise_with_the_status(url: str, message: str, status: int) -> None:
    with pytest.raises(RestTurnError) as error:
        rest_turn(url, "sender-1", message)
    assert error.value.status == status
    if message == "busy":
        assert "try later" in error.value.body


def test_nothing_listening_raises_without_a_status() -> None:
    with pytest.raises(RestTurnError) as error:
        rest_turn(f"http://127.0.0.1:{free_port()}", "sender-1", "hello", timeout=5)
    assert error.value.status is None and "no answer" in str(error.value)
