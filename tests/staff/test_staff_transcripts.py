"""Transcript export and report, on real conversations that Rasa wrote to a SQLite tracker store."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, List

import pytest

from staff.debug_api import conversation_turns
from staff.domain import responses_matching
from staff_test_helpers import assert_no_traceback, run_module
from tests.support.servers import rest_turn

pytestmark = pytest.mark.live  # talks to a real assistant

CONVERSATIONS: Dict[str, List[str]] = {
    "patient-anna@example.org": ["hello", "What is baclofen?", "Will it make me sleepy?", "thanks, bye"],
    "carer-ben": ["my toddler ate some of my baclofen tablets"],
    "visitor-cho": ["asdf qwer zxcv", "ASDF  qwer zxcv??", "What are the side effects?"],
    # Text that a spreadsheet would run as a formula, and HTML that a Markdown viewer would render.
    "visitor-dee": ['=HYPERLINK("http://x") <b>is baclofen</b> a muscle relaxant?'],
}
TEST_RUN_SENDER = "staff-test-in-the-database"
HEALTHCHECK_SENDER = "healthcheck-in-the-database"  # what `make run` checks at start-up
AUTOMATED_SENDERS = (TEST_RUN_SENDER, HEALTHCHECK_SENDER)
FALLBACK_RESPONSES = {"utter_did_you_mean", "utter_please_rephrase", "utter_default"}


@dataclass
class Recorded:
    db: Path
    fallback_turns: Dict[str, int] = field(default_factory=dict)
    red_flag_turns: Dict[str, int] = field(default_factory=dict)
    topics: Counter = field(default_factory=Counter)


@pytest.fixture(scope="module")
def recorded(staff_bot, tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """Talk to the assistant; what it visibly did is the yardstick for the exports. The exports
    read a copy holding these conversations only: other staff tests share the assistant's store,
    in random order."""
    record = Recorded(db=tmp_path_factory.mktemp("transcripts-db") / "conversations.db")
    automated = {sender: ["What is baclofen?"] for sender in AUTOMATED_SENDERS}
    for sender, messages in {**CONVERSATIONS, **automated}.items():
        for message in messages:
            replies = rest_turn(staff_bot.url, sender, message)
            names = {name for reply in replies for name in responses_matching(reply.get("text") or "")}
            record.fallback_turns[sender] = record.fallback_turns.get(sender, 0) + bool(names & FALLBACK_RESPONSES)
            record.red_flag_turns[sender] = record.red_flag_turns.get(sender, 0) + ("utter_emergency" in names)
        if sender not in AUTOMATED_SENDERS:
            # Topics as the HTTP API reports them, to compare with what is read from the database.
            record.topics.update(
                t.intent
                for t in conversation_turns(staff_bot.url, sender, staff_bot.token)
                if t.intent != "nlu_fallback"
            )
    senders = list(CONVERSATIONS) + list(AUTOMATED_SENDERS)
    with sqlite3.connect(record.db) as connection:
        connection.execute("ATTACH DATABASE ? AS source", (str(staff_bot.db),))
        marks = ",".join("?" * len(senders))
        connection.execute(f"CREATE TABLE events AS SELECT * FROM source.events WHERE sender_id IN ({marks})", senders)
    # The gibberish and the emergency must have done their job, or these tests prove nothing.
    assert record.fallback_turns["visitor-cho"] >= 1 and record.red_flag_turns["carer-ben"] == 1
    return record


def export(recorded: Recorded, tmp_path: Path, fmt: str, *args: str, env=None):
    out = tmp_path / f"export.{fmt}"
    run = run_module(
        "staff.transcripts", "export", "--format", fmt, "--out", str(out), "--db", str(recorded.db), *args, env=env
    )
    assert run.returncode == 0, run.stderr
    assert_no_traceback(run)
    return out.read_text(encoding="utf-8"), run


def pseudonyms(markdown: str) -> List[str]:
    return re.findall(r"^## Conversation (\S+)$", markdown, re.MULTILINE)


def test_markdown_shows_each_turn_with_intent_and_hides_sender_ids(recorded: Recorded, tmp_path: Path) -> None:
    text, run = export(recorded, tmp_path, "md")
    for sender in CONVERSATIONS:
        assert sender not in text
    for sender in AUTOMATED_SENDERS:
        assert sender not in text  # conversation-test runs and start-up checks are left out by default
    assert len(pseudonyms(text)) == len(CONVERSATIONS)
    assert all(re.fullmatch(r"conv-[0-9a-f]{12}", p) for p in pseudonyms(text))
    assert "TRANSCRIPT_SALT" in run.stderr  # a one-off key: said so
    lines = text.splitlines()
    asked = next(i for i, line in enumerate(lines) if "**User**" in line and line.endswith(": What is baclofen?"))
    bot_line = lines[asked + 1]
    assert re.search(
        r"\*\*Bot\*\* \[ask_what_is \([01]\.\d\d\) → `utter_what_is`\]: Baclofen is a muscle relaxant", bot_line
    ), bot_line
    emergency_line = next(line for line in text.splitlines() if "my toddler ate" in line)
    assert emergency_line.endswith("**RED FLAG**")
    assert "- **sender ids:** pseudonymised" in text


def test_pseudonyms_are_stable_for_one_salt_and_differ_for_another(recorded: Recorded, tmp_path: Path) -> None:
    first, run = export(recorded, tmp_path, "md", env={"TRANSCRIPT_SALT": "one secret"})
    again, _ = export(recorded, tmp_path, "md", env={"TRANSCRIPT_SALT": "one secret"})
    other, _ = export(recorded, tmp_path, "md", env={"TRANSCRIPT_SALT": "another secret"})
    assert pseudonyms(first) == pseudonyms(again)
    assert set(pseudonyms(first)).isdisjoint(pseudonyms(other))
    assert "TRANSCRIPT_SALT" not in run.stderr
    # A pseudonym from a report or an earlier export finds the conversation again.
    one = pseudonyms(first)[0]
    single, _ = export(recorded, tmp_path, "md", "--conversation", one, env={"TRANSCRIPT_SALT": "one secret"})
    assert pseudonyms(single) == [one]


def test_csv_red_flag_only_with_real_sender_ids(recorded: Recorded, tmp_path: Path) -> None:
    text, _ = export(recorded, tmp_path, "csv", "--red-flag-only", "--keep-sender-ids")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["conversation"] for row in rows} == {"carer-ben"}
    user_rows = [row for row in rows if row["speaker"] == "user"]
    assert [row["text"] for row in user_rows] == CONVERSATIONS["carer-ben"]
    assert user_rows[0]["intent"] == "emergency" and user_rows[0]["red_flag"] == "yes"
    bot_rows = [row for row in rows if row["speaker"] == "bot"]
    assert [row["response"] for row in bot_rows] == ["utter_emergency"]
    assert bot_rows[0]["intent"] == "emergency" and float(bot_rows[0]["confidence"]) > 0


def test_user_text_cannot_become_a_formula_or_markup(recorded: Recorded, tmp_path: Path) -> None:
    text, _ = export(recorded, tmp_path, "csv", "--conversation", "visitor-dee", "--keep-sender-ids")
    [user_row] = [row for row in csv.DictReader(io.StringIO(text)) if row["speaker"] == "user"]
    assert user_row["text"] == "'" + CONVERSATIONS["visitor-dee"][0]
    markdown, _ = export(recorded, tmp_path, "md", "--conversation", "visitor-dee", "--keep-sender-ids")
    assert "&lt;b&gt;is baclofen&lt;/b&gt;" in markdown and "<b>" not in markdown


def test_json_fallback_only_and_min_turns(recorded: Recorded, tmp_path: Path) -> None:
    text, _ = export(recorded, tmp_path, "json", "--fallback-only", "--keep-sender-ids")
    document = json.loads(text)
    expected = {s for s, n in recorded.fallback_turns.items() if n and s not in AUTOMATED_SENDERS}
    assert {c["conversation"] for c in document["conversations"]} == expected
    for conversation in document["conversations"]:
        assert (
            sum(t["fallback"] for t in conversation["turns"]) == recorded.fallback_turns[conversation["conversation"]]
        )
    assert "only conversations with a message the bot did not understand" in document["filters"]

    text, _ = export(recorded, tmp_path, "json", "--min-turns", "4", "--keep-sender-ids")
    assert [c["conversation"] for c in json.loads(text)["conversations"]] == ["patient-anna@example.org"]


def test_date_filters_and_test_runs(recorded: Recorded, tmp_path: Path) -> None:
    today, day = date.today(), timedelta(days=1)
    ids = lambda text: {c["conversation"] for c in json.loads(text)["conversations"]}  # noqa: E731
    assert ids(
        export(recorded, tmp_path, "json", "--keep-sender-ids", "--since", str(today), "--until", str(today))[0]
    ) == set(CONVERSATIONS)
    assert ids(export(recorded, tmp_path, "json", "--since", str(today + day))[0]) == set()
    assert ids(export(recorded, tmp_path, "json", "--until", str(today - day))[0]) == set()
    with_tests = ids(export(recorded, tmp_path, "json", "--keep-sender-ids", "--include-test-runs")[0])
    assert set(AUTOMATED_SENDERS) | set(CONVERSATIONS) <= with_tests


def test_report_figures_match_the_conversations(recorded: Recorded, tmp_path: Path) -> None:
    html_path = tmp_path / "report.html"
    run = run_module("staff.transcripts", "report", "--db", str(recorded.db), "--html", str(html_path))
    assert run.returncode == 0, run.stderr
    out = run.stdout
    messages = sum(len(m) for m in CONVERSATIONS.values())
    fallbacks = sum(recorded.fallback_turns[s] for s in CONVERSATIONS)
    assert re.search(rf"Conversations\s+{len(CONVERSATIONS)}\n", out)
    assert re.search(rf"User messages\s+{messages}\n", out)
    assert f"{fallbacks / messages:.1%} ({fallbacks} of {messages} messages not understood)" in out
    assert re.search(r"Red flags\s+1 messages in 1 conversations", out)
    # The action server is up: every medical answer had its disclaimer.
    assert "Medical answers sent without their disclaimer: 0\n  (none)" in out
    # "asdf qwer zxcv" and "ASDF  qwer zxcv??" are one unanswered message.
    unanswered = out[out.index("Most frequent unanswered messages") : out.index("Most asked topics")]
    assert re.search(
        rf"^\s+{recorded.fallback_turns['visitor-cho']}\s+asdf\s+qwer zxcv", unanswered, re.MULTILINE | re.IGNORECASE
    )
    topics = out[out.index("Most asked topics") :]
    for intent, count in recorded.topics.items():
        assert re.search(rf"^\s+{count}\s+{intent}$", topics, re.MULTILINE), (intent, count, topics)
    page = html_path.read_text()
    assert page.count("<svg") == 2 and "<rect" in page
    assert not re.search(r"<script|<link|<img|src=|href=|@import|url\(", page)


def test_unreadable_databases_give_a_clear_error(tmp_path: Path) -> None:
    missing = run_module("staff.transcripts", "report", "--db", str(tmp_path / "nothing.db"))
    assert missing.returncode == 2 and f"error: no conversation database at {tmp_path / 'nothing.db'}" in missing.stderr
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x TEXT)").connection.commit()
    wrong = run_module("staff.transcripts", "export", "--db", str(other))
    assert wrong.returncode == 2 and "has no `events` table" in wrong.stderr
    bad_date = run_module("staff.transcripts", "export", "--since", "31/05/2024")
    assert bad_date.returncode == 2 and "is not a date like 2024-05-31" in bad_date.stderr
    for run in (missing, wrong, bad_date):
        assert_no_traceback(run)
