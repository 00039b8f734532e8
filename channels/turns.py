"""One turn of any channel: answered only once it is stored, refused clearly otherwise.

Every channel (REST, socket.io, Telegram) passes its message through `run_turn`:

- The bot's messages are collected while Rasa processes the turn, and handed to the channel
  only after Rasa has stored it (Rasa saves the tracker at the end of the turn). A turn whose
  tracker could not be read or written (storage/tracker_store.py), whose lock could not be
  taken (Redis down) or that failed otherwise is **refused**: nothing of it is delivered as
  an answer, the channel shows UNAVAILABLE_REPLY (REST: 503), and one log line names the
  reason, never the text.
- Emergencies still get their reply. For a refused turn the message goes through NLU again
  (the same pipeline, so the same TriageDetector); when triage fired (an emergency or
  urgent intent, or a triage entity), the turn is run once more against an empty in-memory
  tracker (no lock, no database) and those replies, which start with the emergency or urgent
  advice (data/rules/answers.yml), are delivered before UNAVAILABLE_REPLY. They are not
  stored: the conversation in the database stays as it was, in order.
- A message may carry the client's id (REST `message_id`, Telegram's update id): a resend of
  a message already stored for the sender is answered from the tracker store, not run
  twice, so a client may safely resend a turn whose answer it did not get.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import redis
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY

from channels.answer_metadata import MetadataCollectingOutput, client_metadata
from components.triage import EMERGENCY_INTENT, URGENT_INTENT, TriageDetector
from storage.metrics import REFUSED_TURNS, SAFETY_REPLIES_ON_REFUSED_TURNS
from storage.tracker_store import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

# The one wording of the refusal, for every channel (pinned by tests/storage/test_turns.py).
UNAVAILABLE_REPLY = (
    "Sorry, the assistant is temporarily unavailable and could not take your message. Please try again in a minute."
)
RETRY_AFTER_SECONDS = 5

STORAGE_UNAVAILABLE = "storage_unavailable"
LOCK_STORE_UNAVAILABLE = "lock_store_unavailable"
FAILED = "error"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class BufferedOutput(MetadataCollectingOutput):
    """Collects the bot's messages, with their client metadata (channels/answer_metadata.py);
    named after the channel they are for (response variants)."""

    def __init__(self, channel_name: Text) -> None:
        super().__init__()
        self.channel_name = channel_name

    def name(self) -> Text:  # type: ignore[override]
        return self.channel_name


@dataclass
class TurnOutcome:
    """`messages`: to deliver (all of them, or the safety replies of a refused turn), in
    CollectingOutputChannel's format ({"recipient_id", "text", "buttons", ...});
    `refused`: None, or the reason (STORAGE_UNAVAILABLE, LOCK_STORE_UNAVAILABLE, FAILED)."""

    messages: List[Dict[str, Any]] = field(default_factory=list)
    refused: Optional[str] = None


def refusal_reason(error: BaseException) -> str:
    if isinstance(error, TrackerStoreUnavailable):
        return STORAGE_UNAVAILABLE
    if isinstance(error, (LockError, redis.exceptions.RedisError)):
        return LOCK_STORE_UNAVAILABLE
    return FAILED


def _one_line(error: BaseException) -> str:
    if isinstance(error, TrackerStoreUnavailable):
        return str(error)  # already one line, without message texts
    lines = str(error).strip().splitlines()
    # The last line of a wrapped error is its cause ("Error while acquiring lock. Error:\n...").
    return f"{type(error).__name__}: {lines[-1].strip() if lines else ''}"


def triage_fired(parse_data: Dict[str, Any]) -> bool:
    """True when NLU's TriageDetector marked the message (emergency, urgent or danger check)."""
    intent = (parse_data.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if intent in (EMERGENCY_INTENT, URGENT_INTENT):
        return True
    return any(e.get("extractor") == TriageDetector.__name__ for e in parse_data.get(ENTITIES) or [])


async def safety_replies(agent: Any, message: UserMessage) -> List[Dict[str, Any]]:
    """The replies to `message` alone when triage fires on it, else []. Stores nothing."""
    processor = getattr(agent, "processor", None)
    if processor is None:
        return []
    probe = UserMessage(message.text, sender_id=message.sender_id, input_channel=message.input_channel)
    parse_data = await processor.parse_message(probe)
    if not triage_fired(parse_data):
        return []
    # The same model, rules and actions, against an empty tracker kept in memory only.
    alone = copy.copy(processor)
    alone.tracker_store = InMemoryTrackerStore(processor.domain)
    output = BufferedOutput(message.input_channel or "collector")
    await alone.handle_message(
        UserMessage(
            message.text, output, message.sender_id, input_channel=message.input_channel, metadata=message.metadata
        )
    )
    return output.messages


def replies_to(tracker: Optional[DialogueStateTracker], message_id: Text) -> Optional[List[Dict[str, Any]]]:
    """The bot's messages after the stored user message `message_id`, in CollectingOutputChannel's
    format; None when no such message is stored."""
    replies: Optional[List[Dict[str, Any]]] = None
    for event in tracker.events if tracker is not None else ():
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if event.message_id == message_id:
                replies = []
        elif isinstance(event, BotUttered) and replies is not None:
            message = {"recipient_id": tracker.sender_id, "text": event.text}
            message.update(
                {
                    key: value
                    for key, value in (event.data or {}).items()
                    if key in ("buttons", "image", "custom", "attachment") and value
                }
            )
            message["metadata"] = client_metadata(event.metadata or {})
            replies.append({key: value for key, value in message.items() if value is not None})
    return replies


async def handle_once(agent: Any, message: UserMessage) -> bool:
    """Rasa's `agent.handle_message`, except that a message whose id is already stored for the
    sender is not run again: its stored replies go to `message.output_channel` instead.
    True when it was such a resend."""
    if not agent.is_ready():
        raise RuntimeError("no model loaded")
    async with agent.lock_store.lock(message.sender_id):
        earlier = replies_to(await agent.tracker_store.retrieve(message.sender_id), message.message_id)
        if earlier is not None:
            message.output_channel.messages.extend(earlier)
            return True
        await agent.processor.handle_message(message)
        return False


async def run_turn(
    on_new_message: OnNewMessage,
    agent: Any,
    text: Text,
    sender_id: Text,
    channel: Text,
    metadata: Optional[Dict[str, Any]] = None,
    message_id: Optional[Text] = None,
) -> TurnOutcome:
    """Process one user message; see the module docstring. Never raises for a failed turn.

    `message_id` (optional, the client's): a resend of a message already stored for this
    sender gets the stored replies, and is not run twice (e.g. the instance died after
    storing the turn, before answering it)."""
    output = BufferedOutput(channel)
    message = UserMessage(text, output, sender_id, input_channel=channel, metadata=metadata, message_id=message_id)
    try:
        if message_id is not None and agent is not None:
            if await handle_once(agent, message):
                logger.info("A resent message on the %s channel was answered from the tracker store", channel)
        else:
            await on_new_message(message)
        return TurnOutcome(messages=output.messages)
    except (Exception, TrackerStoreUnavailable) as caught:  # noqa: BLE001 - refuse, don't crash
        error = caught
    reason = refusal_reason(error)
    REFUSED_TURNS.labels(channel=channel, reason=reason).inc()
    logger.error("Turn refused on the %s channel (%s): %s", channel, reason, _one_line(error))
    logger.debug("Refused turn's traceback:", exc_info=error)
    try:
        replies = await safety_replies(agent, message)
    except (Exception, TrackerStoreUnavailable) as safety_error:  # noqa: BLE001
        logger.error("Could not check the refused turn for an emergency: %s", _one_line(safety_error))
        replies = []
    if replies:
        SAFETY_REPLIES_ON_REFUSED_TURNS.labels(channel=channel).inc()
        logger.warning("Refused turn on the %s channel: its emergency or urgent reply was sent", channel)
    return TurnOutcome(messages=replies, refused=reason)


async def deliver(output: OutputChannel, recipient_id: Text, messages: List[Dict[str, Any]]) -> None:
    """Send collected messages through a channel's own output, in order."""
    for collected in messages:
        content = {key: value for key, value in collected.items() if key != "recipient_id"}
        await output.send_response(recipient_id, content)
