"""`make transcripts` on handoffs and ratings: real conversations with the assistant, then the
report and the exports read from its tracker store."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Dict, List

import pytest

from staff.transcript_store import Pseudonymiser
from staff_test_helpers import assert_no_traceback, run_module
from tests.support.servers import rest_turn

pytestmark = pytest.mark.live

SALT = "user-features-salt"
DOWN_WHAT_IS = '/rate_answer{"rating":"down","response":"utter_what_is","reason":"unclear"}'
CONVERSATIONS: Dict[str, List[str]] = {
    # utter_what_is: three conversations rate it down (one changes its mind from up), one up
    "uf-rater-1": ["what is baclofen", DOWN_WHAT_IS],
    "uf-rater-2": ["what is baclofen", '/rate_answer{"rating":"up","response":"utter_what_is"}', DOWN_WHAT_IS],
    "uf-rater-3": ["what is baclofen", "that answer was not helpful"],
    "uf-rater-4": ["what is baclofen", '/rate_answer{"rating":"up","response":"utter_what_is"}'],
    # utter_driving: one thumbs-down
    "uf-rater-5": ["can i drive on baclofen", '/rate_answer{"rating":"down","response":"utter_driving"}'],
    # handoffs
    "uf-handoff-1": ["hello", "can I talk to a real person"],
    "uf-handoff-2": ["/human_handoff"],
    "uf-plain": ["how does baclofen work"],
}


@pytest.fixture(scope="module")
def db(staff_bot, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """These conversations only, copied row by row from the assistant's own tracker store (so the
    other staff tests' conversations do not change the figures)."""
    for sender, messages in CONVERSATIONS.items():
        for message in messages:
            rest_turn(staff_bot.url, sender, message)
    copy = tmp_path_factory.mktemp("user-features-db") / "conversations.db"
    with sqlite3.connect(copy) as connection:
        connection.execute("ATTACH DATABASE ? AS source", (str(staff_bot.db),))
        marks = ",".join("?" * len(CONVERSATIONS))
        connection.execute(
            f"CREATE TABLE events AS SELECT * FROM source.events WHERE sender_id IN ({marks})", list(CONVERSATIONS)
        )
    return copy


def label(sender: str) -> str:
    return Pseudonymiser(SALT)(sender)


def test_the_report_ranks_the_answers_rated_down_with_their_conversations(db: Path, tmp_path: Path) -> None:
    html_path = tmp_path / "report.html"
    run = run_module(
        "staff.transcripts", "report", "--db", str(db), "--html", str(html_path), env={"TRANSCRIPT_SALT": SALT}
    )
    assert run.returncode == 0, run.stderr
    assert_no_traceback(run)
    out = run.stdout
    section = out[out.index("Answers rated down most often") : out.index("Most frequent unanswered")]
    rows = [line.split() for line in section.splitlines()[3:] if line.strip() and not line.startswith("Requests")]
    what_is = next(r for r in rows if r[0] == "utter_what_is")
    driving = next(r for r in rows if r[0] == "utter_driving")
    assert section.index("utter_what_is") < section.index("utter_driving")
    assert what_is[1:3] == ["3", "1"] and driving[1:3] == ["1", "0"]
    assert "unclear 2" in section
    for sender in ("uf-rater-1", "uf-rater-2", "uf-rater-3"):
        assert label(sender) in what_is[-3:] or label(sender) in " ".join(what_is)
    assert label("uf-rater-4") not in section

    handoffs = out[out.index("Requests to reach a person") : out.index("Answers rated down")]
    assert label("uf-handoff-1") in handoffs and label("uf-handoff-2") in handoffs
    assert label("uf-plain") not in handoffs
    assert "Handoffs          2 requests to reach a person" in out or "2 requests to reach a person" in out

    page = html_path.read_text(encoding="utf-8")
    assert "Answers rated down most often" in page and label("uf-rater-3") in page and label("uf-handoff-2") in page


def test_the_export_has_a_handoff_column_and_filter(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "handoffs.csv"
    run = run_module(
        "staff.transcripts",
        "export",
        "--format",
        "csv",
        "--out",
        str(out),
        "--db",
        str(db),
        "--handoff-only",
        env={"TRANSCRIPT_SALT": SALT},
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["conversation"] for r in rows} == {label("uf-handoff-1"), label("uf-handoff-2")}
    flagged = {(r["conversation"], r["text"]) for r in rows if r["handoff"] == "yes" and r["speaker"] == "user"}
    assert flagged == {
        (label("uf-handoff-1"), "can I talk to a real person"),
        (label("uf-handoff-2"), "/human_handoff"),
    }


def test_the_export_shows_each_rating(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    run = run_module(
        "staff.transcripts", "export", "--format", "csv", "--out", str(out), "--db", str(db), "--keep-sender-ids"
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    ratings = [(r["conversation"], r["rating"]) for r in rows if r["speaker"] == "user" and r["rating"]]
    assert ("uf-rater-1", "down utter_what_is (unclear)") in ratings
    assert ("uf-rater-3", "down utter_what_is") in ratings
    markdown = run_module(
        "staff.transcripts",
        "export",
        "--format",
        "md",
        "--db",
        str(db),
        "--keep-sender-ids",
        "--conversation",
        "uf-handoff-1",
    )
    assert "**HANDOFF**" in markdown.stdout
