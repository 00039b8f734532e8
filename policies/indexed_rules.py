"""RulePolicy with its rule lookup indexed by the current turn, for speed; predictions unchanged.

Rasa 3.6's RulePolicy tests every memorised rule key against the conversation on every
prediction (`_get_possible_keys`: about 10 us a key). This project generates a rule and two
twins per intent (scripts/setup/build_rules.py), about 470 keys, so each prediction spent
3-5 ms there and a medical turn, with three or four predictions, 7-10 ms (BENCHMARKS.md,
"Indexed rules").

A key can only apply if its LAST state matches the conversation's current state, and RulePolicy
compares two values of that state exactly: the previous action's name and the user's intent
(`RulePolicy._does_rule_match_state`). This policy groups the keys by those two values once,
after training or loading, and hands RulePolicy's own filter only the keys of the current
group plus the keys that name neither (conversation starts, `SHOULD_NOT_BE_SET`, action texts).
The filter then runs unchanged, so the set of applicable keys, and every prediction, is exactly
RulePolicy's (tests/policies/test_indexed_rules.py compares the two over every rule and story).
"""

from __future__ import annotations

import warnings
from typing import Any, Dict, FrozenSet, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

# Rasa's recipe validator looks for RulePolicy with `==`, not `issubclass`, and would warn that
# `restart` and `back` no longer work; this subclass keeps them (tests/test_e2e_user_features.py restarts).
warnings.filterwarnings("ignore", message="'RulePolicy' is not included in the model's policy", category=UserWarning)

# (previous action name, intent); None where the rule's last state does not pin the value.
GroupKey = Tuple[Optional[Text], Optional[Text]]


def _pinned(sub_state: Any, key: Text) -> Optional[Text]:
    """The value a rule state requires for `key`, or None if any value can match."""
    if not isinstance(sub_state, dict):
        return None
    value = sub_state.get(key)
    if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET:
        return value
    return None


def group_of(rule_key: Text) -> Optional[GroupKey]:
    """The group of a rule key (RulePolicy's JSON list of states), or None for "any turn".

    A last state without a previous action is a conversation start: RulePolicy applies it by
    other checks, so it is never narrowed here.
    """
    states = RulePolicy._rule_key_to_state(rule_key)
    if not states:
        return None
    last = states[-1]
    action = _pinned(last.get(PREVIOUS_ACTION), ACTION_NAME)
    if action is None:
        return None
    return action, _pinned(last.get(USER), INTENT)


class KeyIndex:
    """Rule keys grouped by `group_of`; `candidates(state)` is a superset of the keys that can apply."""

    def __init__(self, rule_keys: Any) -> None:
        self._any_turn: Set[Text] = set()
        self._groups: Dict[GroupKey, Set[Text]] = {}
        for rule_key in rule_keys:
            group = group_of(rule_key)
            if group is None:
                self._any_turn.add(rule_key)
            else:
                self._groups.setdefault(group, set()).add(rule_key)
        self._cache: Dict[GroupKey, FrozenSet[Text]] = {}

    def candidates(self, state: State) -> FrozenSet[Text]:
        action = _pinned(state.get(PREVIOUS_ACTION), ACTION_NAME)
        intent = _pinned(state.get(USER), INTENT)
        group: GroupKey = (action, intent)
        found = self._cache.get(group)
        if found is None:
            found = frozenset(
                self._any_turn | self._groups.get((action, intent), set()) | self._groups.get((action, None), set())
            )
            self._cache[group] = found
        return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IndexedRulePolicy(RulePolicy):
    """RulePolicy (same config, training and predictions) that looks rule keys up by the current turn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built on first use after training or loading; `train` changes the lookup while it
        # predicts (to find contradicting rules), so no index is used until it has finished.
        self._indexes: Dict[int, Tuple[Dict[Text, Text], KeyIndex]] = {}
        self._indexing = True

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        self._indexing = False
        try:
            return super().train(training_trackers, domain, **kwargs)
        finally:
            self._indexes = {}
            self._indexing = True

    def _index_for(self, lookup: Dict[Text, Text]) -> KeyIndex:
        held = self._indexes.get(id(lookup))
        if held is None or held[0] is not lookup:
            held = (lookup, KeyIndex(lookup.keys()))
            self._indexes[id(lookup)] = held
        return held[1]

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        if not self._indexing or not states:
            return super()._get_possible_keys(lookup, states)
        candidates = self._index_for(lookup).candidates(states[-1])
        # RulePolicy's own filter, over the candidates only: it reads nothing but the keys.
        return super()._get_possible_keys(dict.fromkeys(candidates), states)
