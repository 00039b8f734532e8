"""The prebuilt action-reply validator accepts and refuses exactly what Rasa's own check does."""

from __future__ import annotations

from typing import Any, Dict

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401  (installs the validator, as loading the model does)
from components import action_result_schema

ACTION = RemoteAction("action_add_disclaimer", None)

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "disclaimers_shown", "value": ["general"], "timestamp": None}],
        "responses": [{"response": "utter_disclaimer_general"}, {"text": "Please note", "buttons": []}],
    },
    {},
]
INVALID = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [], "responses": ["a bare string"]},
    {"events": [{"event": "slot", "name": 3}]},
]


def rasa_verdict(result: Dict[str, Any]) -> str:
    try:
        action_result_schema._original(ACTION, result)
    except ValidationError as error:
        return error.message
    return "valid"


def our_verdict(result: Dict[str, Any]) -> str:
    try:
        assert ACTION._validate_action_result(result) is True
    except ValidationError as error:
        return error.message
    return "valid"


def test_importing_the_components_package_installs_it() -> None:
    assert action_result_schema.installed()


@pytest.mark.parametrize("result", VALID)
def test_valid_replies_pass(result: Dict[str, Any]) -> None:
    assert our_verdict(result) == rasa_verdict(result) == "valid"


@pytest.mark.parametrize("result", INVALID)
def test_invalid_replies_get_rasas_error_and_hint(result: Dict[str, Any]) -> None:
    ours = our_verdict(result)
    assert ours != "valid"
    assert ours == rasa_verdict(result)
    assert ours.endswith(action_result_schema.HINT)


def test_installing_twice_changes_nothing() -> None:
    action_result_schema.install()
    action_result_schema.install()
    assert our_verdict(INVALID[0]) == rasa_verdict(INVALID[0])
