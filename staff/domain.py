"""The bot's response texts from domain.yml, to recognise which response produced a message.

Used when Rasa's HTTP API is off, so the response name (`utter_...`) of a message cannot be
read from the tracker: the message is compared with every variant of the response instead.
Slot placeholders such as {emergency_number} match any text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_PATH = ROOT / "domain.yml"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _template_pattern(template: str) -> Pattern[str]:
    parts = _PLACEHOLDER.split(normalise_space(template))
    return re.compile("^" + ".+?".join(re.escape(part) for part in parts) + "$", re.DOTALL)


@lru_cache(maxsize=4)
def response_patterns(domain_path: Path = DOMAIN_PATH) -> Dict[str, List[Pattern[str]]]:
    """Response name -> one pattern per text variant. Empty if the domain cannot be read."""
    try:
        domain = YAML(typ="safe").load(domain_path.read_text())
    except (OSError, YAMLError):
        return {}
    responses = (domain or {}).get("responses") or {}
    patterns: Dict[str, List[Pattern[str]]] = {}
    for name, variants in responses.items():
        texts = [v.get("text") for v in variants or [] if isinstance(v, dict)]
        patterns[str(name)] = [_template_pattern(t) for t in texts if isinstance(t, str)]
    return patterns


def response_names(domain_path: Path = DOMAIN_PATH) -> List[str]:
    return sorted(response_patterns(domain_path))


def responses_matching(text: str, domain_path: Path = DOMAIN_PATH) -> List[str]:
    """Names of the responses one of whose variants is exactly this text (spacing aside)."""
    message = normalise_space(text)
    return [
        name for name, patterns in response_patterns(domain_path).items() if any(p.match(message) for p in patterns)
    ]


def response_for(text: str, domain_path: Path = DOMAIN_PATH) -> Optional[str]:
    names = responses_matching(text, domain_path)
    return names[0] if len(names) == 1 else None
