"""IndexedRulePolicy: the keys it finds, and so every prediction, are exactly RulePolicy's."""

from __future__ import annotations

import copy
import json
import tarfile
from pathlib import Path
from typing import Dict, List

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from policies.indexed_rules import IndexedRulePolicy, KeyIndex, group_of
from tests.support.servers import latest_model


def key(*states: dict) -> str:
    return json.dumps(list(states))


LISTEN = {"action_name": "action_listen"}
RULES: Dict[str, str] = {
    key({"prev_action": LISTEN, "user": {"intent": "greet"}}): "utter_greet",
    key(
        {"prev_action": LISTEN, "user": {"intent": "greet"}},
        {"prev_action": {"action_name": "utter_greet"}, "user": {"intent": "greet"}},
    ): "action_listen",
    key({"prev_action": LISTEN, "user": {"intent": "ask_x", "entities": ["danger_check"]}}): "utter_danger_check",
    key({"prev_action": LISTEN, "user": {"intent": "ask_x"}}): "utter_x",
    key({}, {"prev_action": LISTEN, "user": {"intent": "greet"}}): "utter_welcome",  # conversation start
    key({"prev_action": {"action_name": SHOULD_NOT_BE_SET}, "user": {"intent": "ask_x"}}): "utter_x",
    key({"prev_action": {"action_text": "hi there"}}): "action_listen",
    key({"prev_action": LISTEN, "user": {"text": "exact words"}}): "utter_x",
}


def make_policy(tmp_path: Path, lookup_rules: Dict[str, str]) -> IndexedRulePolicy:
    context = ExecutionContext(GraphSchema({}), "test")
    lookup = {"rules": lookup_rules, "rule_only_slots": [], "rule_only_loops": [], "rules_for_loop_unhappy_path": {}}
    return IndexedRulePolicy(
        IndexedRulePolicy.get_default_config(), LocalModelStorage(tmp_path), Resource("rules"), context, lookup=lookup
    )


def conversations_from(rule_keys: List[str], intents: List[str]) -> List[List[dict]]:
    """Every prefix of every rule, and each prefix with its last user intent swapped or dropped:
    the turns a rule must match, and near misses it must not."""
    found = []
    for rule_key in rule_keys:
        states = json.loads(rule_key)
        for end in range(1, len(states) + 1):
            prefix = states[:end]
            found.append(prefix)
            for intent in intents + [None]:
                changed = copy.deepcopy(prefix)
                user = changed[-1].setdefault("user", {})
                if intent is None:
                    user.pop("intent", None)
                else:
                    user["intent"] = intent
                found.append(changed)
            started = [{}] + prefix  # the same turns after a conversation start
            found.append(started)
    return found


def assert_same_keys(policy: IndexedRulePolicy, conversations: List[List[dict]]) -> int:
    lookup = policy.lookup["rules"]
    applied = 0
    for states in conversations:
        expected = RulePolicy._get_possible_keys(policy, lookup, states)
        assert policy._get_possible_keys(lookup, states) == expected, states
        applied += bool(expected)
    return applied


def test_group_is_the_last_states_previous_action_and_intent() -> None:
    assert group_of(key({"prev_action": LISTEN, "user": {"intent": "greet", "entities": ["e"]}})) == (
        "action_listen",
        "greet",
    )
    assert group_of(key({"prev_action": {"action_name": "utter_x"}, "user": {}})) == ("utter_x", None)


@pytest.mark.parametrize(
    "rule_states",
    [
        [{}],  # a conversation start: RulePolicy applies it by other checks
        [{"prev_action": {"action_name": SHOULD_NOT_BE_SET}}],
        [{"prev_action": {"action_text": "hi there"}}],
        [],
    ],
)
def test_keys_that_pin_no_previous_action_are_candidates_for_every_turn(rule_states: list) -> None:
    rule_key = json.dumps(rule_states)
    assert group_of(rule_key) is None
    index = KeyIndex([rule_key])
    assert rule_key in index.candidates({"prev_action": LISTEN, "user": {"intent": "anything"}})
    assert rule_key in index.candidates({})


def test_candidates_leave_out_other_intents_and_other_previous_actions() -> None:
    index = KeyIndex(RULES)
    candidates = index.candidates({"prev_action": LISTEN, "user": {"intent": "ask_x"}})
    assert key({"prev_action": LISTEN, "user": {"intent": "ask_x"}}) in candidates
    assert key({"prev_action": LISTEN, "user": {"intent": "greet"}}) not in candidates
    after_greet = key(
        {"prev_action": LISTEN, "user": {"intent": "greet"}},
        {"prev_action": {"action_name": "utter_greet"}, "user": {"intent": "greet"}},
    )
    assert after_greet not in candidates
    # A turn read by its text (no intent) only meets keys that pin no intent.
    by_text = index.candidates({"prev_action": LISTEN, "user": {"text": "exact words"}})
    assert key({"prev_action": LISTEN, "user": {"text": "exact words"}}) in by_text
    assert key({"prev_action": LISTEN, "user": {"intent": "ask_x"}}) not in by_text


def test_same_keys_as_rule_policy_on_hand_made_rules(tmp_path: Path) -> None:
    policy = make_policy(tmp_path, RULES)
    conversations = conversations_from(list(RULES), ["greet", "ask_x", "other"])
    assert assert_same_keys(policy, conversations) > 0


def test_no_index_while_training_changes_the_lookup(tmp_path: Path) -> None:
    policy = make_policy(tmp_path, dict(RULES))
    states = [{"prev_action": LISTEN, "user": {"intent": "greet"}}]
    before = policy._get_possible_keys(policy.lookup["rules"], states)
    # A new dict (as training builds) gets its own index; the old one is not reused.
    grown = dict(RULES)
    grown[key({"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet", "entities": ["x"]}})] = (
        "utter_x"
    )
    policy.lookup["rules"] = grown
    after = policy._get_possible_keys(grown, states)
    assert after == RulePolicy._get_possible_keys(policy, grown, states)
    assert before <= after


@pytest.mark.slow  # reads the trained model: about 10 s over its ~470 rule keys
def test_same_keys_as_rule_policy_on_every_rule_of_the_trained_model(tmp_path: Path) -> None:
    with tarfile.open(latest_model()) as model:
        member = next(m for m in model.getmembers() if m.name.endswith("rule_policy.json"))
        rules = json.load(model.extractfile(member))["lookup"]["rules"]
    assert len(rules) > 100, "expected the generated answer rules"
    policy = make_policy(tmp_path, rules)
    intents = sorted({s["user"]["intent"] for k in rules for s in json.loads(k) if "intent" in s.get("user", {})})
    conversations = conversations_from(list(rules), intents[:8])
    applied = assert_same_keys(policy, conversations)
    assert applied >= len(rules), f"only {applied} of {len(conversations)} turns met a rule"
