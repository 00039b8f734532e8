"""With the production settings, the servers' logs hold no message texts, no bot replies and
no tokens, also when requests fail. Runs after the other live tests of this folder, so
their traffic is in the logs too."""

from __future__ import annotations

import secrets
import time
import uuid

import pytest

from tests.security.bad_inputs import HTML_TEXTS, RASA_COMMANDS, SQL_TEXTS, UNICODE_TEXTS
from tests.security.conftest import SecureStack
from tests.security.support import SocketChat, http_request, make_jwt, new_client_ip, post_json, rest_texts

pytestmark = pytest.mark.live


def test_production_logs_hold_no_texts_or_secrets(secure_stack: SecureStack) -> None:
    webhook = f"{secure_stack.url}/webhooks/rest/webhook"
    rest_marker, socket_marker, command_marker = (f"zq{uuid.uuid4().hex}" for _ in range(3))
    wrong_token = secrets.token_urlsafe(32)
    jwt_token = make_jwt(secure_stack.jwt_key)
    ip = new_client_ip()

    answered = post_json(webhook, {"sender": "log-check", "message": f"what is baclofen {rest_marker}"}, ip)
    assert "muscle relaxant" in rest_texts(answered)[0]
    assert post_json(webhook, {"sender": "log-check", "message": rest_marker * 100}, ip).status == 413
    assert post_json(webhook, {"sender": f"{rest_marker} !", "message": "hi"}, ip).status == 400
    # Rasa writes the text of a "/intent{...}" it cannot parse into a warning.
    command = f'/ask_dose{{"note": "{command_marker}"}}'
    assert post_json(webhook, {"sender": "log-check", "message": command}, ip).status == 200

    chat = SocketChat(secure_stack.url, token=jwt_token).connect()
    try:
        chat.start_session()
        assert "muscle relaxant" in chat.say(f"what is baclofen {socket_marker}")[0]
        chat.say(socket_marker * 100)  # refused: too long
    finally:
        chat.close()

    assert http_request(f"{secure_stack.url}/status?token={secure_stack.api_token}").status == 200
    assert http_request(f"{secure_stack.url}/status?token={wrong_token}").status == 401
    assert http_request(f"{secure_stack.action_url}/webhook?token={wrong_token}", "POST", b"{}").status == 401
    time.sleep(1.0)  # let both servers write their last lines

    rasa_log, action_log = secure_stack.rasa.log_text(), secure_stack.actions.log_text()
    # The logs are really captured: the refused calls are in them.
    assert "User is not authenticated" in rasa_log
    assert "Action server call refused: wrong token" in action_log
    secrets_and_texts = {
        "REST message": rest_marker,
        "socket message": socket_marker,
        "command": command_marker,
        "bot reply": "muscle relaxant",
        "API token": secure_stack.api_token,
        "action server token": secure_stack.action_token,
        "JWT key": secure_stack.jwt_key,
        "JWT": jwt_token,
        "wrong token": wrong_token,
    }
    # And the bad-input corpus, when the other live tests ran first.
    corpus = [t for t in HTML_TEXTS + SQL_TEXTS + UNICODE_TEXTS if len(t) >= 12 and t not in RASA_COMMANDS]
    secrets_and_texts.update({f"corpus text {text!r}": text for text in corpus})
    for log_name, log in (("Rasa", rasa_log), ("action server", action_log)):
        leaked = [name for name, value in secrets_and_texts.items() if value in log]
        assert not leaked, f"{log_name} log contains: {leaked}"
    print(
        f"\nproduction logs: Rasa {len(rasa_log.splitlines())} lines, action server "
        f"{len(action_log.splitlines())} lines; no message text, reply or token in either"
    )
