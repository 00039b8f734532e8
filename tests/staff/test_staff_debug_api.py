"""staff.debug_api: the tracker only with the token; intents, entities and actions per turn."""

from __future__ import annotations

import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Iterator

import pytest

from staff.debug_api import (
    ApiAuthRefused,
    ApiNotEnabled,
    ApiUnreachable,
    conversation_turns,
    fetch_tracker,
    turn_summaries,
)
from tests.support.servers import free_port, rest_turn


@pytest.fixture(scope="module")
def conversation(staff_bot) -> str:
    sender = f"staff-test-debug-{uuid.uuid4().hex[:8]}"
    rest_turn(staff_bot.url, sender, "What is baclofen used for in multiple sclerosis?")
    rest_turn(staff_bot.url, sender, "my child swallowed some of my baclofen tablets")
    return sender


@pytest.mark.live
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_without_the_right_token_rasa_refuses(staff_bot, conversation: str, token) -> None:
    with pytest.raises(ApiAuthRefused) as refused:
        fetch_tracker(staff_bot.url, conversation, token)
    assert refused.value.status in (401, 403)
    assert "token" in str(refused.value)


@pytest.mark.live
def test_with_the_token_each_turn_shows_intent_confidence_entities_and_actions(staff_bot, conversation: str) -> None:
    first, second = conversation_turns(staff_bot.url, conversation, staff_bot.token)
    assert first.user_text == "What is baclofen used for in multiple sclerosis?"
    assert first.intent in ("ask_uses", "ask_condition") and 0 < first.confidence <= 1
    assert {"entity": "condition", "value": "multiple_sclerosis"}.items() <= next(
        e for e in first.entities if e["entity"] == "condition"
    ).items()
    assert first.actions[-1] == "action_add_disclaimer"
    assert not first.is_red_flag
    assert second.intent == "emergency" and second.is_red_flag
    # the notice for a message in another language follows; it sends nothing for English
    assert second.actions == ["utter_emergency", "action_language_notice"]
    assert [m.response for m in second.bot_messages] == ["utter_emergency"]
    [summary] = turn_summaries([second])
    assert summary["responses"] == ["utter_emergency"] and summary["red_flag"] is True


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server_without_api() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", free_port()), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_an_api_that_is_off_or_absent_is_explained(server_without_api: str) -> None:
    with pytest.raises(ApiNotEnabled, match="--enable-api"):
        fetch_tracker(server_without_api, "someone", "token")
    with pytest.raises(ApiUnreachable, match="cannot reach Rasa"):
        fetch_tracker(f"http://127.0.0.1:{free_port()}", "someone", "token")
