"""Medical answers that went out without their disclaimer, found in Rasa's stored events.

Every medical answer (`utter_...`) is followed by the custom action `action_add_disclaimer`,
which always sends one message. When Rasa 3.6 cannot run a custom action (action server
down, wrong URL or token, an HTTP error, a timeout), its processor logs the error at ERROR,
still records `ActionExecuted(action_add_disclaimer)` as though the action had run, drops the
action's events, and carries on: the user gets the answer alone, with HTTP 200. So the
tracker store keeps a usable trace: a turn with a medical answer, or with
`action_add_disclaimer`, but no message sent by `action_add_disclaimer`. The same holds when
the policies never predicted the action at all.

Which answers are medical comes from the training data: the responses that a rule or story
(data/rules/, data/stories/) follows with `action_add_disclaimer`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Any, FrozenSet, Iterable, List, Optional, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from staff.turns import Turn

ROOT = Path(__file__).resolve().parents[1]
DISCLAIMER_ACTION = "action_add_disclaimer"
TRAINING_DATA = (ROOT / "data" / "rules", ROOT / "data" / "stories")


def answers_before_disclaimer(steps: Iterable[Any]) -> List[str]:
    """The action steps that a rule's or story's steps follow with action_add_disclaimer.

    `steps` is the list under `steps:` (dicts such as {"intent": ...}, {"action": ...},
    {"slot_was_set": [...]}). A user step ends the search, so an answer is only paired with
    a disclaimer in the same turn.
    """
    answers: List[str] = []
    previous_action: Optional[str] = None
    for step in steps:
        if not isinstance(step, dict):
            continue
        if "intent" in step or "user" in step or "or" in step:
            previous_action = None
        action = step.get("action")
        if not isinstance(action, str):
            continue
        if action == DISCLAIMER_ACTION and previous_action is not None:
            answers.append(previous_action)
        previous_action = action
    return answers


@lru_cache(maxsize=4)
def medical_responses(folders: Tuple[Path, ...] = TRAINING_DATA) -> FrozenSet[str]:
    """Names of the responses the training data follows with action_add_disclaimer.

    Reads every *.yml under `folders` (missing folders and unreadable files are skipped, so
    a review away from the repository still counts the failed disclaimer calls).
    """
    names = set()
    for path in sorted(p for folder in folders if folder.is_dir() for p in folder.glob("**/*.yml")):
        try:
            document = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        except (OSError, YAMLError):
            continue
        for block in (document.get("rules") or []) + (document.get("stories") or []):
            if isinstance(block, dict):
                names.update(answers_before_disclaimer(block.get("steps") or []))
    return frozenset(names)


def disclaimer_sent(turn: Turn) -> bool:
    return any(message.action == DISCLAIMER_ACTION for message in turn.bot_messages)


def medical_answers(turn: Turn, medical: AbstractSet[str]) -> List[str]:
    """The medical responses the bot sent in this turn, in order."""
    return [m.response for m in turn.bot_messages if m.response in medical]


def missing_disclaimer(turn: Turn, medical: AbstractSet[str]) -> bool:
    """True when the turn needed a disclaimer and none was sent.

    Needed: a medical answer was sent, or action_add_disclaimer was run (Rasa records it as
    run even when the call failed).
    """
    needed = bool(medical_answers(turn, medical)) or DISCLAIMER_ACTION in turn.actions
    return needed and not disclaimer_sent(turn)
