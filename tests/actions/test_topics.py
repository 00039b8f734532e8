"""actions/topics.py: the medical topics and their grades, derived from the domain's metadata.

The actions read the domain Rasa sends to the action server (Domain.as_dict()), build_rules
reads domain.yml: both must give the same table, and a bad grade must be refused with one
line naming the response.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml
from rasa.shared.core.domain import Domain

from actions.safety_texts import Risk
from actions.topics import RiskError, highest_risk, response_for, topics_from_domain
from tests.support.project import ROOT, domain


def medical(risk: Any = "general", **metadata: Any) -> list:
    meta = {"label": "X", "source": [], **metadata}
    if risk is not None:
        meta["risk"] = risk
    return [{"text": "An answer. Ask your doctor.", "metadata": meta}]


def small_domain(**responses: list) -> Dict[str, Any]:
    return {"intents": ["greet", "ask_x"], "responses": {"utter_greet": [{"text": "hi"}], **responses}}


def test_the_projects_grades_come_from_domain_yml() -> None:
    topics = topics_from_domain(domain(), strict=True)
    # the safety-critical grades (actions/safety_texts.ALWAYS_FULL, and the urgent advice)
    for intent in ("ask_withdrawal", "ask_dose", "ask_missed_dose", "ask_addiction"):
        assert topics.risk_for(intent) is Risk.WITHDRAWAL, intent
    for intent in ("ask_routes", "ask_intrathecal_pump"):
        assert topics.risk_for(intent) is Risk.PUMP, intent
    assert topics.risk_for("urgent") is Risk.SIDE_EFFECTS
    assert topics.risk_for("ask_what_is") is Risk.GENERAL
    assert topics.risk_for("greet") is None and topics.risk_for(None) is None
    # every medical answer is graded; the urgent advice is graded but is no topic
    assert topics.topics == set(topics.risk) - {"urgent"}
    assert "utter_urgent" not in topics.answers and "utter_withdrawal" in topics.answers


def test_the_domain_rasa_sends_gives_the_same_table_as_domain_yml() -> None:
    """The action server has no domain.yml (deploy/Dockerfile copies actions/ and safety/):
    the grades must survive Rasa's own loading and Domain.as_dict(), which it sends."""
    sent = Domain.load(str(ROOT / "domain.yml")).as_dict()
    assert topics_from_domain(sent) == topics_from_domain(domain(), strict=True)


def test_rasa_sends_the_domain_with_every_action_call() -> None:
    """With `enable_selective_domain`, Rasa sends the domain only to actions declared with
    `send_domain: true`; the disclaimer, suggestion and repeat actions read their grades from it."""
    for path in [ROOT / "endpoints.yml", *sorted((ROOT / "deploy").glob("endpoints*.yml"))]:
        endpoint = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("action_endpoint") or {}
        assert not endpoint.get("enable_selective_domain"), (
            f"{path.name}: enable_selective_domain is on; declare action_add_disclaimer, action_suggest_topics "
            "and action_repeat_answer with `send_domain: true` in domain.yml, or their grades are lost"
        )


@pytest.mark.parametrize(
    "responses, message",
    [
        (
            {"utter_x": medical(risk=None)},
            "domain.yml: response utter_x is a medical answer (metadata.source) but has no metadata.risk; "
            "add `risk: <one of general, side_effects, withdrawal, pump>` to its metadata",
        ),
        (
            {"utter_x": medical(risk="low")},
            "domain.yml: response utter_x has metadata.risk 'low'; expected one of general, side_effects, "
            "withdrawal, pump",
        ),
        (
            {"utter_x": medical(risk=["pump"])},
            "domain.yml: response utter_x has metadata.risk ['pump']; expected one of general, side_effects, "
            "withdrawal, pump",
        ),
        (
            {"utter_x": medical() + medical(risk=None)},
            "domain.yml: response utter_x: variation 2 has no metadata.risk; give every variation the same risk",
        ),
        (
            {"utter_x": medical() + medical(risk="pump")},
            "domain.yml: response utter_x: its variations have different metadata.risk (general, pump); "
            "give every variation the same risk",
        ),
        (
            {"utter_x": medical(), "utter_y": medical()},
            "domain.yml: response utter_y is a medical answer but no intent under `intents:` is answered by it; "
            "add the intent ask_y",
        ),
    ],
    ids=["missing", "unknown", "not a string", "one variation missing", "variations disagree", "no intent"],
)
def test_a_bad_grade_is_refused_with_one_line_naming_the_response(responses: Dict, message: str) -> None:
    with pytest.raises(RiskError) as refused:
        topics_from_domain(small_domain(**responses), strict=True)
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)


def test_at_run_time_a_bad_grade_is_logged_and_the_rest_still_graded(caplog: pytest.LogCaptureFixture) -> None:
    sent = small_domain(utter_x=medical(risk="low"), utter_withdrawal=medical(risk="withdrawal"))
    sent["intents"].append({"ask_withdrawal": {"use_entities": True}})  # as Domain.as_dict() lists intents
    with caplog.at_level(logging.ERROR, logger="actions.topics"):
        topics = topics_from_domain(sent)
    assert topics.risk == {"ask_withdrawal": Risk.WITHDRAWAL}
    assert topics.topics == {"ask_x", "ask_withdrawal"}  # still offered and repeated
    assert "utter_x has metadata.risk 'low'" in caplog.text


@pytest.mark.parametrize(
    "sent", [None, {}, [], "domain", {"intents": "x", "responses": []}, {"intents": 1}, {"intents": [None, 3, {}]}]
)
def test_a_missing_or_malformed_domain_gives_an_empty_table(sent: Any) -> None:
    topics = topics_from_domain(sent)
    assert dict(topics.risk) == {} and topics.topics == frozenset()


def test_a_response_that_is_no_medical_answer_needs_no_grade() -> None:
    topics = topics_from_domain(small_domain(utter_x=[{"text": "hello", "metadata": {"label": "X"}}]), strict=True)
    assert dict(topics.risk) == {} and topics.topics == frozenset()


def test_a_yaml_anchor_shares_the_grade_between_variations(tmp_path: Path) -> None:
    text = """
intents: [ask_x]
responses:
  utter_x:
    - text: An answer.
      metadata: &x_metadata
        label: "X"
        risk: pump
        source: []
    - condition: [{type: slot, name: plain_language, value: "yes"}]
      text: In plain words.
      metadata: *x_metadata
"""
    assert topics_from_domain(yaml.safe_load(text), strict=True).risk == {"ask_x": Risk.PUMP}


def test_the_table_is_not_shared_between_calls() -> None:
    sent = copy.deepcopy(domain())
    sent["responses"]["utter_what_is"][0]["metadata"]["risk"] = "pump"
    assert topics_from_domain(sent).risk_for("ask_what_is") is Risk.PUMP
    assert topics_from_domain(domain()).risk_for("ask_what_is") is Risk.GENERAL


def test_highest_risk_and_response_names() -> None:
    assert highest_risk([Risk.GENERAL, Risk.WITHDRAWAL, Risk.PUMP]) is Risk.WITHDRAWAL
    assert highest_risk([Risk.SIDE_EFFECTS, Risk.PUMP]) is Risk.PUMP
    assert highest_risk([]) is Risk.GENERAL
    assert response_for("ask_side_effects") == "utter_side_effects"
    assert response_for("greet") == "utter_greet"
    assert response_for("nlu_fallback") == "utter_did_you_mean"


def test_a_note_needs_a_grade_but_no_intent_of_its_own() -> None:
    note = [{"text": "n", "metadata": {"note": True, "risk": "general", "source": []}}]
    topics = topics_from_domain(small_domain(utter_x=medical(), utter_x_note=note), strict=True)
    assert topics.topics == {"ask_x"}  # the note answers nothing by itself
    with pytest.raises(
        RiskError, match=r"utter_x_note is a medical answer \(metadata.source\) but has no metadata.risk"
    ):
        topics_from_domain(
            small_domain(utter_x=medical(), utter_x_note=[{"text": "n", "metadata": {"note": True, "source": []}}]),
            strict=True,
        )


def test_the_latest_answer_is_never_a_note() -> None:
    from rasa_sdk import Tracker

    from actions.answers import latest_answer
    from tests.support.project import domain

    def bot(response: str) -> dict:
        return {"event": "bot", "text": "t", "metadata": {"utter_action": response}}

    events = [bot("utter_side_effects"), bot("utter_condition_context"), {"event": "bot", "text": "disclaimer"}]
    tracker = Tracker("u", {}, {}, events, False, None, {}, "action_listen")
    assert latest_answer(tracker, domain()) == "utter_side_effects"
