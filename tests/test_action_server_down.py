"""With the action server down, answers still carry their own referral and Rasa keeps serving."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from actions.safety_texts import FULL_DISCLAIMERS
from tests.support.project import REFERRAL
from tests.support.servers import free_port, rasa_server, reply_text, rest_turn, write_endpoints


@pytest.fixture(scope="module")
def bot_without_actions(tmp_path_factory: pytest.TempPathFactory):
    log_dir: Path = tmp_path_factory.mktemp("no-actions")
    endpoints = write_endpoints(log_dir / "endpoints.yml", action_port=None)  # nothing listens there
    port = free_port()
    rasa = rasa_server(port, log_dir, endpoints).start()
    try:
        rasa.wait_until_ready(timeout=180)
        yield f"http://127.0.0.1:{port}", rasa
    finally:
        rasa.stop()


@pytest.mark.parametrize(
    "question",
    ["what are the side effects of baclofen", "can i stop baclofen suddenly", "how much baclofen can i take"],
)
def test_medical_answer_still_refers_to_a_professional(bot_without_actions, question: str) -> None:
    url, rasa = bot_without_actions
    messages = rest_turn(url, f"down-{uuid.uuid4().hex[:8]}", question)
    text = reply_text(messages)
    assert REFERRAL.search(text), text
    assert not any(d in text for d in FULL_DISCLAIMERS.values()), "the disclaimer came from somewhere"
    assert rasa.process.poll() is None


def test_emergency_reply_does_not_need_the_action_server(bot_without_actions) -> None:
    url, _ = bot_without_actions
    text = reply_text(rest_turn(url, "down-emergency", "he took the whole bottle of baclofen"))
    assert re.search(r"emergency", text, re.I)


def test_rasa_logs_the_failed_action_and_keeps_serving(bot_without_actions) -> None:
    url, rasa = bot_without_actions
    rest_turn(url, "down-log", "what is baclofen used for")
    assert "action_add_disclaimer" in rasa.log_text()
    assert rasa.process.poll() is None
    assert reply_text(rest_turn(url, "down-log", "hello"))
