"""scripts/ops/startup_check.py: what `make run` checks before it says "running"."""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import Iterator

import pytest
from rasa.utils.endpoints import ClientResponseError

from actions.safety_texts import FULL_DISCLAIMERS, REMINDERS, Risk
from scripts.ops.startup_check import CheckFailed, action_call_problem, check_action_server, has_disclaimer
from tests.security.conftest import secured_action_server
from tests.support.servers import ManagedProcess, free_port

LOGS = Path("var/log")
ENDPOINTS = Path("endpoints.yml")
URL = "http://127.0.0.1:5055/webhook"


def test_the_general_disclaimer_counts_in_full_or_as_its_reminder() -> None:
    assert has_disclaimer(["Baclofen is a muscle relaxant.", FULL_DISCLAIMERS[Risk.GENERAL]])
    assert has_disclaimer([REMINDERS[Risk.GENERAL].replace(" ", "\n  ", 2)])  # spacing aside
    assert not has_disclaimer(["Baclofen is a muscle relaxant."])
    assert not has_disclaimer([FULL_DISCLAIMERS[Risk.PUMP]])  # another topic's text
    assert not has_disclaimer([FULL_DISCLAIMERS[Risk.GENERAL] + " And more."])
    assert not has_disclaimer([])


@pytest.mark.parametrize(
    "error, cause",
    [
        (ClientResponseError(401, "Unauthorized", "{}"), "refuses Rasa's token (HTTP 401)"),
        (ClientResponseError(403, "Forbidden", "{}"), "refuses Rasa's token (HTTP 403)"),
        (ClientResponseError(404, "Not Found", "{}"), "answers HTTP 404: it is not the action server's webhook"),
        (ClientResponseError(500, "Internal Server Error", "{}"), "answers HTTP 500; see var/log/actions.log"),
        (asyncio.TimeoutError(), "did not answer within 30 s"),
    ],
)
def test_each_failed_call_names_its_likely_cause(error: BaseException, cause: str) -> None:
    problem = action_call_problem(error, URL, ENDPOINTS, LOGS, timeout=30)
    assert cause in problem
    assert f"{URL} (action_endpoint.url in endpoints.yml)" in problem
    assert "\n" not in problem


# ----- against a real action server ----------------------------------------------------

TOKEN = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def action_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    server: ManagedProcess = secured_action_server(port, tmp_path_factory.mktemp("check-actions"), TOKEN, {})
    server.start()
    try:
        server.wait_until_ready(timeout=120)
        yield port
    finally:
        server.stop()


def endpoints(tmp_path: Path, url: str, token: str = TOKEN) -> Path:
    path = tmp_path / "endpoints.yml"
    path.write_text(f'action_endpoint:\n  url: "{url}"\n  token: "{token}"\n')
    return path


@pytest.mark.live
def test_rasas_call_of_the_disclaimer_action_works(action_port: int, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{action_port}/webhook"
    assert check_action_server(endpoints(tmp_path, url), "healthcheck-test", LOGS, timeout=30) == url


@pytest.mark.live
@pytest.mark.parametrize(
    "path, token, listening, cause",
    [
        ("/webhook", "another-token", True, "refuses Rasa's token (HTTP 401)"),
        ("/webhooks", TOKEN, True, "answers HTTP 404"),
        ("/webhook", TOKEN, False, "nothing answers there"),
    ],
)
def test_a_call_rasa_cannot_make_fails_the_check(
    action_port: int, tmp_path: Path, path: str, token: str, listening: bool, cause: str
) -> None:
    port = action_port if listening else free_port()
    with pytest.raises(CheckFailed, match=re.escape(cause)):
        check_action_server(
            endpoints(tmp_path, f"http://127.0.0.1:{port}{path}", token), "healthcheck-test", LOGS, timeout=30
        )
