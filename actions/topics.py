"""The medical topics and the disclaimer grade of each, read from the domain's responses.

A medical answer is a response whose `metadata` has a `source` key (actions/answers.py). Its
`metadata.risk` names the disclaimer it needs: one of the actions.safety_texts.Risk values
`general`, `side_effects`, `withdrawal`, `pump`. Every variation of a graded response carries
the same risk (a YAML anchor shares one metadata block between them). The urgent advice
(`utter_urgent`) is graded but cites nothing: it answers no topic. A note (`metadata.note: true`,
`utter_condition_context`) cites the article but is only ever sent with another answer.

    utter_driving:
      - text: ...
        metadata: {label: "Driving", risk: side_effects, source: [...]}

An intent is answered by the response named after it (`response_for`). The actions read the
domain that Rasa sends with every call to the action server, so the action server needs no
copy of domain.yml; scripts/setup/build_rules.py reads domain.yml with `strict=True` and
refuses a missing or unknown grade with one line naming the response.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional

from actions.safety_texts import Risk

logger = logging.getLogger(__name__)

# Highest last: one disclaimer covers a reply that answers several topics.
RISK_ORDER: List[Risk] = [Risk.GENERAL, Risk.SIDE_EFFECTS, Risk.PUMP, Risk.WITHDRAWAL]
# Responses not named after their intent.
RESPONSE_FOR: Dict[str, str] = {"nlu_fallback": "utter_did_you_mean", "explain_simpler": "action_repeat_answer"}
RISK_NAMES = ", ".join(r.value for r in Risk)


class RiskError(ValueError):
    """A response's `metadata.risk` is missing, unknown or not the same in every variation.
    The message is one line naming the response and saying what to write."""


def response_for(intent: str) -> str:
    """The response that answers `intent`: `ask_side_effects` -> `utter_side_effects`,
    `greet` -> `utter_greet`; `nlu_fallback` -> `utter_did_you_mean`."""
    if intent in RESPONSE_FOR:
        return RESPONSE_FOR[intent]
    return "utter_" + (intent[len("ask_") :] if intent.startswith("ask_") else intent)


def highest_risk(risks: Iterable[Risk]) -> Risk:
    """The highest of `risks` by RISK_ORDER; Risk.GENERAL when there are none."""
    return max(risks, key=RISK_ORDER.index, default=Risk.GENERAL)


def _metadata(variation: Any) -> Mapping[str, Any]:
    metadata = variation.get("metadata") if isinstance(variation, dict) else None
    return metadata if isinstance(metadata, dict) else {}


def is_medical_answer(variations: Any) -> bool:
    """Whether a response (its list of variations) cites the article: a `source` key."""
    return isinstance(variations, list) and any("source" in _metadata(v) for v in variations)


def is_note(variations: Any) -> bool:
    """Whether a medical response is a note sent with other answers (`metadata.note: true`, as
    `utter_condition_context`), not an answer of its own that an intent is answered by."""
    return isinstance(variations, list) and any(_metadata(v).get("note") is True for v in variations)


def response_risk(name: str, variations: Any) -> Optional[Risk]:
    """The grade in `metadata.risk` of response `name` (its list of variations); None for a
    response with no risk that is not a medical answer. Raises RiskError otherwise."""
    variations = variations if isinstance(variations, list) else []
    values = [_metadata(v).get("risk") for v in variations]
    if all(value is None for value in values):
        if is_medical_answer(variations):
            raise RiskError(
                f"domain.yml: response {name} is a medical answer (metadata.source) but has no metadata.risk; "
                f"add `risk: <one of {RISK_NAMES}>` to its metadata"
            )
        return None
    if None in values:
        raise RiskError(
            f"domain.yml: response {name}: variation {values.index(None) + 1} has no metadata.risk; "
            "give every variation the same risk"
        )
    unknown = [v for v in values if v not in [r.value for r in Risk]]  # a list: a value may be unhashable
    if unknown:
        raise RiskError(f"domain.yml: response {name} has metadata.risk {unknown[0]!r}; expected one of {RISK_NAMES}")
    if len(set(values)) > 1:
        raise RiskError(
            f"domain.yml: response {name}: its variations have different metadata.risk "
            f"({', '.join(sorted(set(values)))}); give every variation the same risk"
        )
    return Risk(values[0])


def intent_names(domain: Mapping[str, Any]) -> List[str]:
    """The intents of a domain, as domain.yml lists them or as Rasa's Domain.as_dict() sends them."""
    names = []
    entries = domain.get("intents")
    for entry in entries if isinstance(entries, list) else []:
        name = entry if isinstance(entry, str) else next(iter(entry), None) if isinstance(entry, dict) else None
        if isinstance(name, str):
            names.append(name)
    return names


@dataclass(frozen=True)
class Topics:
    """What the domain says about its medical intents.

    risk:   intent -> Risk, for every intent whose response has a `metadata.risk` (the intents
            that end with action_add_disclaimer, `urgent` included);
    topics: the intents answered by a medical answer (every graded intent but `urgent`).
    """

    risk: Mapping[str, Risk] = field(default_factory=dict)
    topics: FrozenSet[str] = frozenset()

    def risk_for(self, intent: Optional[str]) -> Optional[Risk]:
        return self.risk.get(intent or "")

    @property
    def answers(self) -> FrozenSet[str]:
        """The response names of the medical answers."""
        return frozenset(response_for(i) for i in self.topics)


def topics_from_domain(domain: Any, strict: bool = False) -> Topics:
    """The Topics of `domain` (a parsed domain.yml, or the dict Rasa sends to the action server).

    strict=True (building, validating): raises RiskError for the first bad response, and for a
    medical answer that no intent is answered by. strict=False (the actions, at run time): a
    bad response is left ungraded and logged, so its answer still gets the general disclaimer.
    """
    domain = domain if isinstance(domain, dict) else {}
    responses = domain.get("responses") if isinstance(domain.get("responses"), dict) else {}
    intents = intent_names(domain)
    if strict:
        answered = {response_for(i) for i in intents}
        for name, variations in responses.items():
            response_risk(name, variations)
            if is_medical_answer(variations) and not is_note(variations) and name not in answered:
                raise RiskError(
                    f"domain.yml: response {name} is a medical answer but no intent under `intents:` is "
                    f"answered by it; add the intent ask_{name[len('utter_') :]}"
                )
    risk: Dict[str, Risk] = {}
    topics = set()
    for intent in intents:
        name = response_for(intent)
        variations = responses.get(name)
        try:
            grade = response_risk(name, variations)
        except RiskError as error:
            logger.error("%s (its answers get the general disclaimer)", error)
            grade = None
        if grade is not None:
            risk[intent] = grade
        if is_medical_answer(variations):
            topics.add(intent)
    return Topics(risk=risk, topics=frozenset(topics))
