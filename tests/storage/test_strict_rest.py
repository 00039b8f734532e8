"""storage.strict_rest.StrictRestInput: a failed turn is a 503, and only that turn."""
from __future__ import annotations

import http.client
import json
import sys
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from tests.support.servers import ManagedProcess, free_port


@pytest.fixture(scope="module")
def channel_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    server = ManagedProcess(
        name=f"strict rest :{port}",
        command=[sys.executable, "-m", "tests.storage.strict_rest_app", str(port)],
        log_path=Path(tmp_path_factory.mktemp("strict-rest")) / "server.log",
        ready_url=f"http://127.0.0.1:{port}/webhooks/rest/",
    ).start()
    try:
        server.wait_until_ready(timeout=60)
        yield port
    finally:
        server.stop()


def post(connection: http.client.HTTPConnection, message: str) -> Tuple[int, object]:
    body = json.dumps({"sender": "s", "message": message})
    connection.request("POST", "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"null")


def test_failed_turn_is_503_and_the_next_turn_on_the_same_connection_is_not(channel_port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", channel_port, timeout=10)
    try:
        assert post(connection, "hello") == (200, [{"recipient_id": "s", "text": "echo: hello"}])
        status, body = post(connection, "boom")
        assert status == 503 and "ConnectionError" in body["error"]
        # keep-alive: the same connection (same Sanic task) must not inherit the failure
        assert post(connection, "again") == (200, [{"recipient_id": "s", "text": "echo: again"}])
    finally:
        connection.close()
