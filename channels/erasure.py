"""Right to erasure: a visitor's conversation deleted from the tracker store on request.

Typed "delete my conversation" is understood by NLU (intent `erase_conversation`) and answered
with a question and two buttons; Yes sends ERASE_PAYLOAD, which a client's own delete control
may also send directly after its own confirmation dialog. The channels (REST, socket.io,
Telegram) catch exactly that payload before Rasa sees it and call `erase_conversation`, so:

- Rasa never processes the turn, so it never saves the tracker again after the deletion
  (it saves at the end of every turn it handles);
- the deletion holds the conversation's lock (the lock store of endpoints.yml), so a turn of
  the same conversation in flight finishes and is saved first, then deleted with the rest.

The reply is ERASED_REPLY with ERASED_METADATA (`{"erased": true}`), so a widget knows to clear
what it keeps in the browser. The next message starts a new, empty conversation.

Supported stores: Rasa's SQL (SQLite, Postgres), in-memory and Redis tracker stores. Any other
raises ErasureError, and the user is told the deletion failed (ERASE_FAILED_REPLY).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional

logger = logging.getLogger(__name__)

ERASE_PAYLOAD = "/erase_conversation_confirmed"
ERASED_REPLY = (
    "Done: this conversation has been deleted from the assistant's records. "
    "If you write again, a new conversation starts."
)
ERASED_METADATA: Dict[str, Any] = {"erased": True}
ERASE_FAILED_REPLY = "Sorry, I could not delete this conversation just now. Please try again in a moment."


class ErasureError(RuntimeError):
    """The conversation could not be deleted; the message says why (never the sender id)."""


def is_erase_request(text: str) -> bool:
    return text.strip() == ERASE_PAYLOAD


def _stores(tracker_store: Any) -> List[Any]:
    """The concrete stores behind Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore),
    including a fail-safe store's in-memory fallback, which may hold turns the database missed."""
    found: List[Any] = []
    pending = [tracker_store]
    while pending:
        store = pending.pop()
        if store is None:
            continue
        inner = [getattr(store, name, None) for name in ("_tracker_store", "_fallback_tracker_store")]
        if any(s is not None for s in inner):
            pending.extend(inner)
        else:
            found.append(store)
    return found


def delete_from_store(store: Any, sender_id: str) -> None:
    """Deletes every stored event of `sender_id` from one concrete tracker store."""
    from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore

    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False
            )
            session.commit()
    elif isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
    elif isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + sender_id)
    else:
        raise ErasureError(f"erasure is not supported for {type(store).__name__}")


async def erase_conversation(agent: Any, sender_id: str) -> None:
    """Deletes the conversation of `sender_id` under its lock; raises ErasureError on failure."""
    tracker_store = getattr(agent, "tracker_store", None)
    lock_store = getattr(agent, "lock_store", None)
    if tracker_store is None or lock_store is None:
        raise ErasureError("the assistant is not ready (no tracker or lock store)")
    try:
        async with lock_store.lock(sender_id):
            for store in _stores(tracker_store):
                delete_from_store(store, sender_id)
    except ErasureError:
        raise
    except Exception as error:  # noqa: BLE001 - any database or lock failure means "not erased"
        raise ErasureError(f"{type(error).__name__} while deleting a conversation") from error
    logger.info("A conversation was erased at its user's request")


AgentGetter = Callable[[], Optional[Any]]


async def erase_and_reply(get_agent: AgentGetter, sender_id: str) -> Dict[str, Any]:
    """Erase, and the bot message to send: {"text", "metadata"?}."""
    try:
        await erase_conversation(get_agent(), sender_id)
    except ErasureError as error:
        logger.error("Erasure failed: %s", error)
        return {"text": ERASE_FAILED_REPLY}
    return {"text": ERASED_REPLY, "metadata": dict(ERASED_METADATA)}
