"""The project's own spaCy pipeline: entities from the EntityRuler, lemmas, and synonyms in sync."""

from __future__ import annotations

import subprocess
import sys
from typing import List, Tuple

import pytest
import spacy

from tests.support.servers import ROOT


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_baclofen_pipeline")


def entities(nlp, text: str) -> List[Tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("my son has CP", [("CP", "condition", "cerebral_palsy")]),
        ("does it help multiple scelrosis", [("multiple scelrosis", "condition", "multiple_sclerosis")]),
        ("after his spinal cord injury", [("spinal cord injury", "condition", "spinal_cord_injury")]),
        ("is Lioresal the same as baclofin", [("Lioresal", "brand", "lioresal"), ("baclofin", "drug", "baclofen")]),
        ("does gablofen make u dizzy", [("gablofen", "brand", "gablofen"), ("dizzy", "side_effect", "dizziness")]),
        ("the intrathecal pump", [("intrathecal pump", "route", "pump")]),
        ("side effects of aspirin", [("aspirin", "other_drug", "aspirin")]),
        (
            "does baclofen help migraines",
            [("baclofen", "drug", "baclofen"), ("migraines", "other_condition", "migraines")],
        ),
        ("can i take 20 mg", [("20 mg", "dose", "dose")]),
        ("so tired and weak", [("tired", "side_effect", "fatigue"), ("weak", "side_effect", "weakness")]),
        ("what is the weather today", []),
    ],
)
def test_entity_ruler_finds_the_project_entities(nlp, text: str, expected: List[Tuple[str, str, str]]) -> None:
    assert entities(nlp, text) == expected


def test_lookup_lemmatizer_is_inside_the_package(nlp) -> None:
    assert [t.lemma_ for t in nlp("driving after taking pills")] == ["drive", "after", "take", "pill"]


def test_pipeline_is_blank_english_plus_lemmatizer_and_ruler(nlp) -> None:
    assert nlp.lang == "en" and nlp.pipe_names == ["lemmatizer", "entity_ruler"]
    assert not nlp.vocab.vectors.shape[0], "no downloaded vectors: the pipeline is built here"


def test_rasa_synonyms_are_generated_from_the_current_patterns() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "setup" / "build_spacy_pipeline.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
