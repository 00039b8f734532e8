"""The conversation runner against a live assistant, as staff run it (a separate process)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from staff_test_helpers import assert_no_traceback, run_module
from tests.support.servers import free_port

PASSING = """\
test_cases:
  - test_case: what it is, then stopping
    steps:
      - user: "What is baclofen?"
      - bot_mentions: ["muscle relaxant"]
      - refers_to_professional: true
      - utter: utter_what_is
      - user: "What happens if I stop taking it suddenly?"
      - bot_mentions: ["suddenly"]
      - bot_never_mentions: ["mg"]
"""

FAILING = """\
test_cases:
  - test_case: expects the wrong things
    steps:
      - user: "What is baclofen?"
      - bot_mentions: ["muscle relaxant", "paracetamol"]
      - bot_never_mentions: ["relaxant"]
      - emergency: true
  - test_case: a greeting that passes
    steps:
      - user: "hello"
      - bot_mentions: ["baclofen"]
"""


@pytest.mark.live
def test_a_passing_conversation_exits_0_and_shows_what_the_bot_understood(staff_bot, tmp_path: Path) -> None:
    path = tmp_path / "passing.yml"
    path.write_text(PASSING)
    results = tmp_path / "results.json"
    run = run_module(
        "staff.conversations",
        str(path),
        "--url",
        staff_bot.url,
        f"--token={staff_bot.token}",  # "=": a token may start with "-"
        "--json",
        str(results),
        "--no-start",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASS  what it is, then stopping" in run.stdout
    # One test case: every turn is shown, with the reply and the intent behind it.
    assert "You: What is baclofen?" in run.stdout and "muscle relaxant" in run.stdout
    assert "(understood as: ask_what_is (" in run.stdout
    assert "1 passed, 0 failed" in run.stdout
    assert "\033[" not in run.stdout  # not a terminal: no colour codes
    document = json.loads(results.read_text())
    assert document["summary"] == {**document["summary"], "total": 1, "passed": 1, "failed": 0}
    [case] = document["test_cases"]
    assert case["sender_id"].startswith("staff-test-")
    assert [turn["intent"] for turn in case["turns"]] == ["ask_what_is", "ask_withdrawal"]
    assert case["turns"][0]["responses"][0] == ["utter_what_is"]


@pytest.mark.live
def test_a_failing_conversation_exits_1_and_says_what_was_missing_or_forbidden(staff_bot, tmp_path: Path) -> None:
    path = tmp_path / "failing.yml"
    path.write_text(FAILING)
    junit = tmp_path / "junit.xml"
    run = run_module(
        "staff.conversations",
        str(path),
        "--url",
        staff_bot.url,
        f"--token={staff_bot.token}",  # "=": a token may start with "-"
        "--junit",
        str(junit),
        "--no-start",
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAIL  expects the wrong things" in run.stdout
    assert "PASS  a greeting that passes" in run.stdout
    # What went wrong, with the line of the check in the file.
    assert 'x missing: the reply does not mention "paracetamol"  (line 5)' in run.stdout
    assert 'x forbidden: the reply mentions "relaxant"' in run.stdout
    assert re.search(r"x expected the reply to tell the user to get emergency help now .*\(line 7\)", run.stdout)
    assert "Bot: Baclofen is a muscle relaxant" in run.stdout  # the actual reply is shown
    assert "1 passed, 1 failed" in run.stdout
    assert_no_traceback(run)
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase[@name='expects the wrong things']/failure")
    assert failure is not None and "paracetamol" in (failure.text or "")
    assert suite.find("testcase[@name='a greeting that passes']/failure") is None


@pytest.mark.live
def test_one_test_case_by_name_and_without_the_api_token(staff_bot, tmp_path: Path) -> None:
    """Without the token the tracker is unreadable: response names come from domain.yml texts."""
    path = tmp_path / "both.yml"
    path.write_text(PASSING + FAILING.replace("test_cases:\n", ""))
    run = run_module(
        "staff.conversations",
        str(path),
        "--test-case",
        "What it is, then stopping",
        "--url",
        staff_bot.url,
        "--no-start",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 0 failed, 1 conversation in" in run.stdout
    assert "expects the wrong things" not in run.stdout
    assert "Note: intents are not shown, and `utter:` steps are matched against the texts in domain.yml" in run.stdout
    assert "token is missing or wrong" in run.stdout
    assert "understood as" not in run.stdout


def test_an_unreachable_bot_with_no_start_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "passing.yml"
    path.write_text(PASSING)
    url = f"http://127.0.0.1:{free_port()}"
    run = run_module("staff.conversations", str(path), "--url", url, "--no-start")
    assert run.returncode == 2
    assert f"error: cannot reach the assistant at {url}" in run.stderr
    assert "make run" in run.stderr
    assert_no_traceback(run)
