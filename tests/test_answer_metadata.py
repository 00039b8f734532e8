"""channels/answer_metadata.py: the metadata clients get, built from domain.yml's metadata.source."""

from __future__ import annotations

import pytest

from channels.answer_metadata import ARTICLE_TITLE, ARTICLE_YEAR, client_metadata
from tests.support.article import ARTICLE, sections
from tests.support.project import domain


def message_for(response: str) -> dict:
    """What Rasa hands an output channel for the response's first variation."""
    variation = domain()["responses"][response][0]
    return {
        "text": variation.get("text"),
        "utter_action": response,
        "metadata": variation.get("metadata") or {},
        "model_id": "x",
        "assistant_id": "baclofen-assistant",
    }


def test_the_title_is_the_article_s_first_line_and_the_year_is_in_it() -> None:
    first_line = ARTICLE.read_text(encoding="utf-8").splitlines()[0].strip()
    assert ARTICLE_TITLE == first_line
    assert ARTICLE_YEAR == 2023


def test_a_covered_answer_names_its_sections_and_is_rateable() -> None:
    metadata = client_metadata(message_for("utter_weakness"))
    assert metadata == {
        "response": "utter_weakness",
        "source": {"title": ARTICLE_TITLE, "year": 2023, "sections": ["Common Side Effects and Precautions"]},
        "rateable": True,
    }


def test_an_answer_the_article_does_not_cover_is_rateable_without_a_source() -> None:
    assert client_metadata(message_for("utter_missed_dose")) == {"response": "utter_missed_dose", "rateable": True}


@pytest.mark.parametrize("response", ["utter_greet", "utter_emergency", "utter_did_you_mean", "utter_other_language"])
def test_other_responses_carry_only_their_name(response: str) -> None:
    assert client_metadata(message_for(response)) == {"response": response}


def test_a_text_from_a_custom_action_carries_nothing() -> None:
    assert client_metadata({"text": "Please note: ...", "model_id": "x"}) is None


def test_every_medical_answer_s_sections_are_headings_of_the_article() -> None:
    headings = set(sections())
    medical = [
        name for name, variations in domain()["responses"].items() if "source" in (variations[0].get("metadata") or {})
    ]
    assert len(medical) >= 20
    for name in medical:
        metadata = client_metadata(message_for(name))
        assert metadata["rateable"] is True
        assert set((metadata.get("source") or {}).get("sections", [])) <= headings, name
