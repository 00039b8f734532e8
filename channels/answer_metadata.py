"""The `metadata` object a client gets with each bot message (docs/client-protocol.md).

Rasa hands an output channel each bot message as a dict holding, besides the text, the name
of the response that produced it (`utter_action`) and that response's own `metadata` from
domain.yml. Medical answers carry `metadata.source` there: a list of
`{section, paragraph, terms}` references into the article. This module turns that into what
the widget, REST clients and the Telegram channel show:

    {"response": "utter_side_effects",
     "source": {"title": ARTICLE_TITLE, "year": 2023, "sections": ["Common Side Effects and Precautions"]},
     "rateable": true}

- a medical answer (its response metadata has a `source` key) is `rateable`; `source` is left
  out when the list is empty (questions the article does not cover);
- any other response gives `{"response": ...}` only;
- a message no response produced (texts sent by custom actions) gives None.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel

# The article every answer rests on: its first line in ../shared/source/baclofen-article.txt
# (tests/test_answer_metadata.py checks it against the file).
ARTICLE_TITLE = "Baclofen For Muscle Relaxation: A Game-Changer In 2023"
ARTICLE_YEAR = int(re.search(r"\b(?:19|20)\d\d\b", ARTICLE_TITLE).group(0))  # type: ignore[union-attr]

RESPONSE_KEY = "utter_action"


def source_sections(domain_metadata: Any) -> Optional[List[str]]:
    """Section headings of a response's `metadata.source`, in order, once each.

    None when the response has no `source` key (it is not a medical answer).
    """
    if not isinstance(domain_metadata, dict) or "source" not in domain_metadata:
        return None
    sections: List[str] = []
    for reference in domain_metadata.get("source") or []:
        section = reference.get("section") if isinstance(reference, dict) else None
        if isinstance(section, str) and section not in sections:
            sections.append(section)
    return sections


def client_metadata(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The client-facing metadata of one bot message as Rasa passes it to an output channel."""
    response = message.get(RESPONSE_KEY)
    if not isinstance(response, str) or not response:
        return None
    result: Dict[str, Any] = {"response": response}
    sections = source_sections(message.get("metadata"))
    if sections is None:
        return result
    if sections:
        result["source"] = {"title": ARTICLE_TITLE, "year": ARTICLE_YEAR, "sections": sections}
    result["rateable"] = True
    return result


def metadata_of(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The client metadata of a message as Rasa hands it to an output channel, or of one
    collected earlier (channels/turns.py), which already carries it under `metadata`."""
    if message.get(RESPONSE_KEY):
        return client_metadata(message)
    collected = message.get("metadata")
    if isinstance(collected, dict) and ("response" in collected or "erased" in collected):
        return collected
    return None


class MetadataCollectingOutput(CollectingOutputChannel):
    """Rasa's collecting channel, plus each message's client metadata under `metadata`."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        metadata = metadata_of(message)
        first_new = len(self.messages)
        await super().send_response(recipient_id, dict(message))
        if metadata is not None:
            for sent in self.messages[first_new:]:
                sent["metadata"] = metadata
