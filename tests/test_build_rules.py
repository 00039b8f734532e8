"""The generated rules (scripts/setup/build_rules.py) come from domain.yml alone, and apply to
the turns the triage really produces.

RulePolicy matches the entity names of a turn exactly, so a twin rule must name every entity
the NLU pipeline puts on that turn, not just the one it is about.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

import pytest
import yaml
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.nlu.training_data.message import Message

from components.triage import TriageDetector
from scripts.setup import build_rules
from tests.support.project import domain, rules_by_file


def triaged(text: str, intent: str, confidence: float) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set(
        "intent_ranking",
        [{"name": intent, "confidence": confidence}, {"name": "ask_side_effects", "confidence": 0.3}],
        add_to_output=True,
    )
    message.set("entities", [], add_to_output=True)
    TriageDetector().process([message])
    return message


def influencing_entities() -> set:
    names = set()
    for entry in domain()["entities"]:
        if isinstance(entry, str):
            names.add(entry)
        elif next(iter(entry.values())).get("influence_conversation", True):
            names.add(next(iter(entry)))
    return names


def turn_state(message: Message) -> Dict:
    """The user part of the state RulePolicy sees: the entity names that influence the
    conversation, sorted (as Rasa's featurisation does)."""
    names: Tuple[str, ...] = tuple(sorted({e["entity"] for e in message.get("entities")} & influencing_entities()))
    state: Dict = {"intent": message.get("intent")["name"]}
    if names:
        state["entities"] = names
    return {"user": state}


def rule_state(rule: Dict) -> Dict:
    user = rule["steps"][0]
    state: Dict = {"intent": user["intent"]}
    if "entities" in user:
        state["entities"] = tuple(sorted(next(iter(e)) for e in user["entities"]))
    return {"user": state}


def matching_rules(message: Message) -> List[str]:
    rules = [r for rules in rules_by_file().values() for r in rules]
    return [r["rule"] for r in rules if RulePolicy._does_rule_match_state(rule_state(r), turn_state(message))]


@pytest.mark.parametrize(
    "text,intent,confidence",
    [
        # no layer places it: the urgent reply, after the danger line
        ("please help, something is seriously wrong with my husband", "nlu_fallback", 0.3),
        ("something is really wrong with my mum", "goodbye", 0.6),
    ],
)
def test_an_unplaced_alarming_message_gets_the_danger_line_rule(text: str, intent: str, confidence: float) -> None:
    message = triaged(text, intent, confidence)
    assert message.get("intent")["name"] == "urgent"
    assert {e["entity"] for e in message.get("entities")} == {"urgent_flag", "danger_check"}
    assert "answer urgent, someone may be in danger" in matching_rules(message)


def test_an_urgent_message_without_danger_words_gets_the_plain_urgent_rule() -> None:
    message = triaged("my legs keep giving way since they put my dose up", "ask_side_effects", 0.9)
    names = {e["entity"] for e in message.get("entities")}
    assert "danger_check" not in names
    assert "answer urgent, someone may be in danger" not in matching_rules(message)


def test_only_the_triage_entities_steer_the_dialogue() -> None:
    assert influencing_entities() == {"urgent_flag", "danger_check"}


def test_an_urgent_medical_question_with_other_entities_gets_the_urgent_twin() -> None:
    message = triaged("really weak legs since the dose went up, is that a side effect?", "ask_weakness", 0.9)
    entities = list(message.get("entities")) + [
        {"entity": "side_effect", "value": "weakness"},
        {"entity": "drug", "value": "baclofen"},
    ]
    message.set("entities", entities, add_to_output=True)
    assert message.get("intent")["name"] == "ask_weakness"
    matched = matching_rules(message)
    assert "answer ask_weakness after the urgent advice" in matched, matched
    # RulePolicy takes the longest matching rule: the twin, over the plain answer
    assert "answer ask_weakness" in matched


# ---------------------------------------------------------------- the rules come from domain.yml alone


def new_answer_domain(metadata: Dict) -> Dict:
    """A domain with one new medical answer and the responses every domain needs."""
    return {
        "intents": ["ask_new"],
        "responses": {
            "utter_did_you_mean": [{"text": "Did you mean...?"}],
            "utter_new": [{"text": "The article says... Ask your doctor.", "metadata": metadata}],
        },
    }


def test_the_rules_file_is_what_domain_yml_gives() -> None:
    assert build_rules.build(domain()) == build_rules.RULES.read_text(encoding="utf-8"), (
        "data/rules/answers.yml is stale: run .venv/bin/python scripts/setup/build_rules.py"
    )


def test_a_new_answer_gets_its_rule_and_twins_from_its_metadata_alone() -> None:
    rules = yaml.safe_load(build_rules.build(new_answer_domain({"label": "New", "risk": "pump", "source": []})))
    steps = {r["rule"]: r["steps"] for r in rules["rules"]}
    answer = [{"action": "utter_new"}, {"action": "action_add_disclaimer"}]
    assert steps["answer ask_new"] == [{"intent": "ask_new"}, *answer]
    assert steps["answer ask_new, someone may be in danger"] == [
        {"intent": "ask_new", "entities": [{"danger_check": "yes"}]},
        {"action": "utter_danger_check"},
        *answer,
    ]
    assert steps["answer ask_new after the urgent advice"] == [
        {"intent": "ask_new", "entities": [{"urgent_flag": "unspecified"}]},
        {"action": "utter_urgent"},
        *answer,
    ]


@pytest.mark.parametrize(
    "metadata, named",
    [({"label": "New", "source": []}, "has no metadata.risk"), ({"risk": "high", "source": []}, "'high'")],
)
def test_a_missing_or_unknown_grade_stops_the_build_with_one_line(metadata: Dict, named: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_rules.build(new_answer_domain(metadata))
    message = str(stopped.value.code)
    assert message.startswith("error: domain.yml: response utter_new ") and named in message
    assert "\n" not in message
