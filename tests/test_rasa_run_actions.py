"""Rasa's own `rasa run actions`, run from the project's top level, listens on 127.0.0.1 and
requires the token from var/secrets.env (actions/__init__.py -> actions.server.protect_sdk_app)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.security.test_live_auth import listening_addresses
from tests.support.servers import ROOT, VENV_BIN, ManagedProcess, free_port

pytestmark = pytest.mark.live  # starts `rasa run actions`

TOKEN = "t" * 40


def post(url: str) -> int:
    body = json.dumps(
        {
            "next_action": "action_add_disclaimer",
            "sender_id": "x",
            "tracker": {
                "sender_id": "x",
                "slots": {},
                "latest_message": {},
                "events": [],
                "paused": False,
                "followup_action": None,
                "active_loop": {},
                "latest_action_name": None,
            },
            "domain": {},
        }
    ).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def rasa_run_actions(tmp_path_factory: pytest.TempPathFactory):
    """`rasa run actions` in a fresh top level whose var/secrets.env holds TOKEN."""
    top = tmp_path_factory.mktemp("top-level")
    (top / "var").mkdir()
    (top / "var" / "secrets.env").write_text(f"RASA_API_TOKEN={'a' * 40}\nACTION_SERVER_TOKEN={TOKEN}\n")
    (top / "actions").symlink_to(ROOT / "actions")
    (top / "safety").symlink_to(ROOT / "safety")
    port = free_port()
    server = ManagedProcess(
        name=f"rasa run actions :{port}",
        command=[str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port)],
        log_path=top / "actions.log",
        ready_url=f"http://127.0.0.1:{port}/health",
        # no SANIC_HOST and no ACTION_SERVER_TOKEN: the defaults are what is tested
        env={"SANIC_HOST": "", "ACTION_SERVER_TOKEN": "", "PYTHONPATH": str(top)},
        cwd=top,
    ).start()
    try:
        server.wait_until_ready(timeout=90)
        yield port
    finally:
        server.stop()


def test_it_listens_on_loopback_only(rasa_run_actions: int) -> None:
    assert listening_addresses(rasa_run_actions) == {"127.0.0.1"}


def test_it_refuses_calls_without_the_token_from_var_secrets(rasa_run_actions: int) -> None:
    webhook = f"http://127.0.0.1:{rasa_run_actions}/webhook"
    assert post(webhook) == 401
    assert post(webhook + "?token=wrong") == 401
    assert post(webhook + f"?token={TOKEN}") == 200
