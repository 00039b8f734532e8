"""Medical answers without their disclaimer, found in stored events (no assistant needed).

The events imitate what Rasa 3.6 writes to its tracker store: when the call of
action_add_disclaimer fails, the action is still recorded, but no message follows it.
tests/test_action_server_down.py checks the same on events written by a real Rasa.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

import pytest

from actions.safety_texts import FULL_DISCLAIMERS, Risk
from actions.topics import topics_from_domain
from staff.disclaimers import answers_before_disclaimer, medical_responses, missing_disclaimer
from staff.transcript_report import render_html, render_text, summarise
from staff.transcript_store import Conversation
from staff.turns import Turn, turns_from_events
from tests.support.project import domain, rules_by_file

MEDICAL = frozenset({"utter_what_is", "utter_side_effects"})


def turn_events(text: str, intent: str, answer: Optional[str], disclaimer: Optional[bool]) -> List[Dict]:
    """One turn as Rasa stores it. disclaimer: True sent, False called but failed, None not called."""
    events: List[Dict] = [
        {
            "event": "user",
            "text": text,
            "timestamp": 1.0,
            "parse_data": {"intent": {"name": intent, "confidence": 0.97}},
        }
    ]
    if answer:
        events += [
            {"event": "action", "name": answer},
            {"event": "bot", "text": f"the answer of {answer}", "metadata": {"utter_action": answer}},
        ]
    if disclaimer is not None:
        events.append({"event": "action", "name": "action_add_disclaimer"})
    if disclaimer:
        events += [
            {"event": "bot", "text": FULL_DISCLAIMERS[Risk.GENERAL], "metadata": {}},
            {"event": "slot", "name": "disclaimers_shown", "value": ["general"]},
        ]
    return events + [{"event": "action", "name": "action_listen"}]


def one_turn(*args) -> Turn:
    [turn] = turns_from_events(turn_events(*args))
    return turn


@pytest.mark.parametrize(
    "answer, disclaimer, missing",
    [
        ("utter_what_is", True, False),  # the normal case
        ("utter_what_is", False, True),  # the action server call failed
        ("utter_what_is", None, True),  # the policies never ran the action
        (None, False, True),  # recorded as run, sent nothing
        ("utter_greet", None, False),  # not a medical answer
        ("utter_greet", True, False),
    ],
)
def test_a_turn_misses_its_disclaimer(answer: Optional[str], disclaimer: Optional[bool], missing: bool) -> None:
    assert missing_disclaimer(one_turn("a question", "ask_what_is", answer, disclaimer), MEDICAL) is missing


def test_answers_are_paired_with_a_disclaimer_only_within_one_turn() -> None:
    steps = [
        {"intent": "ask_condition"},
        {"slot_was_set": [{"condition": "ms"}]},
        {"action": "utter_condition"},
        {"action": "action_add_disclaimer"},
        {"intent": "greet"},
        {"action": "utter_greet"},
        {"intent": "ask_dose"},
        {"action": "action_add_disclaimer"},  # no answer before it
        {"intent": "ask_routes"},
        {"action": "utter_routes"},
        {"action": "action_add_disclaimer"},
    ]
    assert answers_before_disclaimer(steps) == ["utter_condition", "utter_routes"]


def test_every_graded_topic_has_a_medical_answer_in_the_training_data() -> None:
    medical = medical_responses()
    answers = {}
    for rules in rules_by_file().values():
        for rule in rules:
            steps = rule["steps"]
            if len(steps) == 3 and steps[2].get("action") == "action_add_disclaimer":
                answers[steps[0]["intent"]] = steps[1]["action"]
    assert set(answers) == set(topics_from_domain(domain()).risk)
    assert set(answers.values()) == medical
    assert "utter_greet" not in medical and "utter_emergency" not in medical


def test_medical_responses_skip_missing_folders_and_bad_files(tmp_path) -> None:
    (tmp_path / "rules.yml").write_text(
        "rules:\n  - rule: r\n    steps:\n      - intent: ask_x\n      - action: utter_x\n"
        "      - action: action_add_disclaimer\n"
    )
    (tmp_path / "broken.yml").write_text("rules: [unclosed\n")
    assert medical_responses((tmp_path, tmp_path / "missing")) == frozenset({"utter_x"})


def test_the_report_counts_and_lists_the_answers_sent_bare() -> None:
    conversations = [
        Conversation(
            "a",
            turns_from_events(
                turn_events("what is it", "ask_what_is", "utter_what_is", True)
                + turn_events("hello", "greet", "utter_greet", None)
                + turn_events("side effects?", "ask_side_effects", "utter_side_effects", False)
            ),
            label="conv-a",
        ),
        Conversation(
            "b", turns_from_events(turn_events("what is it", "ask_what_is", "utter_what_is", False)), label="conv-b"
        ),
    ]
    summary = summarise(conversations, medical=MEDICAL)
    assert summary.missing_disclaimers == [("conv-a", 3, "utter_side_effects"), ("conv-b", 1, "utter_what_is")]
    text = render_text(summary, "test.db", [])
    assert "Medical answers sent without their disclaimer: 2 (in 2 conversations" in text
    section = text[text.index("Medical answers sent without their disclaimer") :]
    assert re.search(r"^\s+conv-a\s+3\s+utter_side_effects$", section, re.M)
    assert re.search(r"^\s+conv-b\s+1\s+utter_what_is$", section, re.M)
    page = render_html(summary, "test.db", [])
    assert '<div class="figure alert"><strong>2</strong>medical answers sent without their disclaimer</div>' in page
    assert "<td><code>conv-a</code></td><td>3</td><td><code>utter_side_effects</code></td>" in page


def test_the_report_says_so_when_every_answer_had_its_disclaimer() -> None:
    turns = turns_from_events(turn_events("what is it", "ask_what_is", "utter_what_is", True))
    summary = summarise([Conversation("a", turns, label="conv-a")], medical=MEDICAL)
    assert "Medical answers sent without their disclaimer: 0\n  (none)" in render_text(summary, "test.db", [])
    page = render_html(summary, "test.db", [])
    assert '<div class="figure"><strong>0</strong>medical answers sent without their disclaimer</div>' in page
    assert "<h2>Medical answers sent without their disclaimer: 0</h2>\n<p>None.</p>" in page
