"""With the action server down, answers still carry their own referral and Rasa keeps serving;
the failed disclaimer calls are logged at ERROR and counted by the staff transcript report."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from actions.safety_texts import FULL_DISCLAIMERS
from staff.disclaimers import medical_responses
from staff.domain import responses_matching
from staff.transcript_store import Pseudonymiser
from tests.staff.staff_test_helpers import assert_no_traceback, run_module
from tests.support.project import REFERRAL
from tests.support.servers import ManagedProcess, free_port, rasa_server, reply_text, rest_turn, write_endpoints

pytestmark = pytest.mark.live  # starts a Rasa server

SALT = "action-server-down"


@dataclass
class BotWithoutActions:
    url: str
    rasa: ManagedProcess
    db: Path
    # sender -> the bot's messages, one list per turn: what users visibly got
    replies: Dict[str, List[List[dict]]] = field(default_factory=dict)

    def say(self, sender: str, message: str) -> List[dict]:
        messages = rest_turn(self.url, sender, message)
        self.replies.setdefault(sender, []).append(messages)
        return messages


@pytest.fixture(scope="module")
def bot_without_actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotWithoutActions]:
    log_dir: Path = tmp_path_factory.mktemp("no-actions")
    db = log_dir / "conversations.db"
    endpoints = write_endpoints(  # nothing listens at its action server
        log_dir / "endpoints.yml",
        action_port=None,
        extra_yaml=f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {db}\n",
    )
    port = free_port()
    rasa = rasa_server(port, log_dir, endpoints).start()
    try:
        rasa.wait_until_ready(timeout=240)
        yield BotWithoutActions(f"http://127.0.0.1:{port}", rasa, db)
    finally:
        rasa.stop()


@pytest.mark.parametrize(
    "question",
    ["what are the side effects of baclofen", "can i stop baclofen suddenly", "how much baclofen can i take"],
)
def test_medical_answer_still_refers_to_a_professional(bot_without_actions: BotWithoutActions, question: str) -> None:
    text = reply_text(bot_without_actions.say(f"down-{uuid.uuid4().hex[:8]}", question))
    assert REFERRAL.search(text), text
    assert not any(d in text for d in FULL_DISCLAIMERS.values()), "the disclaimer came from somewhere"
    assert bot_without_actions.rasa.process.poll() is None


def test_emergency_reply_does_not_need_the_action_server(bot_without_actions: BotWithoutActions) -> None:
    text = reply_text(bot_without_actions.say("down-emergency", "he took the whole bottle of baclofen"))
    assert re.search(r"emergency", text, re.I)


def test_rasa_logs_the_failed_action_at_error_without_the_message(bot_without_actions: BotWithoutActions) -> None:
    marker = f"zq{uuid.uuid4().hex[:10]}"  # a word of the question, to look for in the log
    bot = bot_without_actions
    bot.say("down-log", f"what is baclofen used for {marker}")
    errors = [line for line in bot.rasa.log_text().splitlines() if " ERROR " in line]
    # Rasa's own lines: the action's name and the reason (the connection was refused).
    assert any("action_add_disclaimer" in line and "Couldn't connect" in line for line in errors), errors
    assert any("Encountered an exception while running action 'action_add_disclaimer'" in line for line in errors)
    assert marker not in bot.rasa.log_text()
    assert bot.rasa.process.poll() is None
    assert reply_text(bot.say("down-log", "hello"))


def test_the_report_counts_medical_answers_sent_without_their_disclaimer(
    bot_without_actions: BotWithoutActions, tmp_path: Path
) -> None:
    bot = bot_without_actions
    sender = f"down-report-{uuid.uuid4().hex[:8]}"
    for message in ("what is baclofen?", "hello", "will it make me sleepy?"):
        bot.say(sender, message)
    # The start-up check's conversation is not a user's: it must not be counted.
    rest_turn(bot.url, f"healthcheck-{uuid.uuid4().hex[:12]}", "what is baclofen?")

    # The yardstick: every turn, in any conversation of this module, whose visible reply was a
    # medical answer (all of them bare: nothing can send the disclaimer).
    pseudonym = Pseudonymiser(SALT)
    expected = []
    for who, turns in bot.replies.items():
        for number, messages in enumerate(turns, start=1):
            names = {n for m in messages for n in responses_matching(m.get("text") or "")}
            if names & medical_responses():
                expected.append((pseudonym(who), number, sorted(names & medical_responses())))
    assert sum(1 for label, _, _ in expected if label == pseudonym(sender)) == 2, bot.replies[sender]

    html_path = tmp_path / "report.html"
    run = run_module(
        "staff.transcripts", "report", "--db", str(bot.db), "--html", str(html_path), env={"TRANSCRIPT_SALT": SALT}
    )
    assert run.returncode == 0, run.stderr
    assert_no_traceback(run)
    out = run.stdout
    conversations = len({label for label, _, _ in expected})
    assert f"Medical answers sent without their disclaimer: {len(expected)} (in {conversations} conversations" in out
    start = out.index("Medical answers sent without their disclaimer")
    section = out[start : out.index("\n\n", start)]
    for label, number, names in expected:
        assert re.search(rf"^\s+{label}\s+{number}\s+{', '.join(names)}$", section, re.M), (label, number, section)
    assert len(re.findall(r"^\s+conv-[0-9a-f]{12}\s", section, re.M)) == len(expected)
    page = html_path.read_text()
    assert f"<strong>{len(expected)}</strong>medical answers sent without their disclaimer" in page
    assert f"<td><code>{pseudonym(sender)}</code></td><td>1</td><td><code>utter_what_is</code></td>" in page


def test_the_failed_disclaimer_calls_are_counted_at_the_metrics_endpoint(
    bot_without_actions: BotWithoutActions,
) -> None:
    import urllib.request

    def failed_disclaimer_calls() -> float:
        with urllib.request.urlopen(bot_without_actions.url + "/health/metrics", timeout=10) as response:
            for line in response.read().decode().splitlines():
                if line.startswith('baclofen_action_failures_total{action="action_add_disclaimer"} '):
                    return float(line.split()[-1])
        return 0.0

    before = failed_disclaimer_calls()
    bot_without_actions.say(f"metrics-{uuid.uuid4().hex[:8]}", "what are the side effects of baclofen")
    assert failed_disclaimer_calls() == before + 1
    # and readiness says why medical answers lack their disclaimer
    with pytest.raises(urllib.error.HTTPError) as not_ready:
        urllib.request.urlopen(bot_without_actions.url + "/health/ready", timeout=10)
    assert not_ready.value.code == 503
