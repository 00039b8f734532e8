"""Shared by the guard components: a stateless base, and helpers that rewrite a parsed message."""

from __future__ import annotations

from typing import Any, Collection, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, ENTITIES
from rasa.shared.nlu.training_data.message import Message


class StatelessComponent(GraphComponent):
    """A component with no configuration and nothing to train or persist."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StatelessComponent":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Runs `_process_one` on each message; the guards differ only there."""
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        raise NotImplementedError


def override_intent(message: Message, intent: str, reason: str) -> None:
    """Makes `intent` the message's intent with full confidence, keeping the old ranking (halved) below it.

    `reason` names the component that decided, so transcripts show why the intent changed.
    """
    # The others are halved: the decision is made, so they must not make it look ambiguous to
    # the FallbackClassifier after this component.
    ranking: List[Dict[str, Any]] = [
        {**entry, "confidence": float(entry.get("confidence") or 0.0) / 2}
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != intent
    ]
    decided = {"name": intent, "confidence": 1.0, "overridden_by": reason}
    message.set(INTENT, decided, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [decided] + ranking, add_to_output=True)


def drop_entities(message: Message, entity: str, values: Optional[Collection[str]] = None) -> None:
    """Removes the message's `entity` entities: those with a value in `values`, or all when None."""
    kept = [
        e
        for e in message.get(ENTITIES) or []
        if not (e.get("entity") == entity and (values is None or e.get("value") in values))
    ]
    message.set(ENTITIES, kept, add_to_output=True)


def add_entity(message: Message, entity: str, value: str, extractor: str, **details: str) -> None:
    """Adds an entity; `details` (e.g. layer="lexical") are stored with it in the tracker."""
    entities = list(message.get(ENTITIES) or [])
    entities.append({"entity": entity, "value": value, "extractor": extractor, "confidence": 1.0, **details})
    message.set(ENTITIES, entities, add_to_output=True)


def entity_values(message: Message, entity: str) -> List[str]:
    return [e.get("value") for e in message.get(ENTITIES) or [] if e.get("entity") == entity]
