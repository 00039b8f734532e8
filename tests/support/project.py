"""Loads the project's domain, rules and NLU data for data tests."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[2]

# What behave.py and the safety brief count as a pointer to a professional, and as a dose.
REFERRAL = re.compile(
    r"doctor|physician|health ?care (professional|provider|team)|pharmacist|clinician|prescriber"
    r"|medical professional|nurse|care team|\bgp\b",
    re.I,
)
DOSE = re.compile(
    r"\b\d+(\.\d+)?\s*(mg|milligrams?|mcg|micrograms?|ml|millilit(er|re)s?|tablets?|pills?|doses?)\b", re.I
)


@lru_cache(maxsize=None)
def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def response_variations() -> Iterator[Tuple[str, dict]]:
    for name, variations in domain()["responses"].items():
        for variation in variations:
            yield name, variation


@lru_cache(maxsize=None)
def rules_by_file() -> Dict[str, List[dict]]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", [])
        for path in sorted((ROOT / "data" / "rules").glob("*.yml"))
    }


def answer_responses(covered: bool) -> Dict[str, str]:
    """intent -> response of the medical answers (rules that add a disclaimer) that the article
    covers (`covered=True`) or does not (their metadata says `article: does_not_cover`)."""
    mapping = {}
    for rules in rules_by_file().values():
        for rule in rules:
            steps = rule["steps"]
            actions = [step["action"] for step in steps[1:]]
            if "entities" in steps[0] or "action_add_disclaimer" not in actions or steps[0]["intent"] == "urgent":
                continue
            response = actions[0]
            metadata = domain()["responses"][response][0].get("metadata") or {}
            if (metadata.get("article") != "does_not_cover") == covered:
                mapping[steps[0]["intent"]] = response
    return mapping


@lru_cache(maxsize=None)
def nlu_examples() -> Dict[str, List[str]]:
    examples: Dict[str, List[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in item:
                lines = [line[2:].strip() for line in item["examples"].splitlines() if line.strip().startswith("- ")]
                examples.setdefault(item["intent"], []).extend(lines)
    return examples
