"""A turn Rasa could not process or store answers 503 with the "temporarily unavailable"
text, not Rasa's silent 200 [] (channels/rest.py, channels/turns.py, against a stand-in for
Rasa: no model needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from channels.turns import RETRY_AFTER_SECONDS, UNAVAILABLE_REPLY
from tests.security.support import post_json
from tests.support.servers import VENV_BIN, ManagedProcess, free_port

pytestmark = pytest.mark.live  # starts a stand-in Rasa server


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_dir: Path = tmp_path_factory.mktemp("rest-stand-in")
    server = ManagedProcess(
        name=f"validated REST stand-in :{port}",
        command=[str(VENV_BIN / "python"), "-m", "tests.security.rest_stand_in", str(port)],
        log_path=log_dir / "stand-in.log",
        ready_url=f"http://127.0.0.1:{port}/webhooks/rest/",
    ).start()
    try:
        server.wait_until_ready(timeout=60)
        yield f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    finally:
        server.stop()


def test_a_turn_that_was_not_stored_answers_503_and_none_of_its_replies(stand_in: str) -> None:
    failed = post_json(stand_in, {"sender": "me", "message": "boom"})
    assert failed.status == 503
    assert failed.headers.get("retry-after") == str(RETRY_AFTER_SECONDS)
    assert failed.json() == {"error": UNAVAILABLE_REPLY, "reason": "storage_unavailable", "messages": []}


def test_a_lock_store_outage_answers_503_with_its_reason(stand_in: str) -> None:
    failed = post_json(stand_in, {"sender": "me", "message": "boom-lock"})
    assert failed.status == 503
    assert failed.json() == {"error": UNAVAILABLE_REPLY, "reason": "lock_store_unavailable", "messages": []}


def test_a_turn_gets_the_cleaned_text(stand_in: str) -> None:
    answered = post_json(stand_in, {"sender": "me", "message": " hello\u200b\x00world "})
    assert answered.status == 200
    assert answered.json() == [{"recipient_id": "me", "text": "echo: hello world"}]
