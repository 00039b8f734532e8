"""channels.turns: a turn's replies go out only once it is stored; a refused turn logs one line
and is counted. (The emergency reply of a refused turn, which needs the model, is checked
against the real assistant in tests/scaleout/ and tests/storage/test_sqlite_outage.py.)"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError

from channels.turns import (
    FAILED,
    LOCK_STORE_UNAVAILABLE,
    STORAGE_UNAVAILABLE,
    UNAVAILABLE_REPLY,
    deliver,
    refusal_reason,
    replies_to,
    run_turn,
    triage_fired,
)
from storage.metrics import REFUSED_TURNS
from storage.tracker_store import TrackerStoreUnavailable

BUTTONS = [{"title": "Uses", "payload": "/ask_uses"}]


def test_the_unavailable_reply_has_one_vetted_wording() -> None:
    assert UNAVAILABLE_REPLY == (
        "Sorry, the assistant is temporarily unavailable and could not take your message. Please try again in a minute."
    )


async def answer_then(message: UserMessage, failure: BaseException = None) -> None:
    await message.output_channel.send_text_message(message.sender_id, "an answer")
    await message.output_channel.send_text_with_buttons(message.sender_id, "pick one", BUTTONS)
    if failure is not None:
        raise failure


def test_a_stored_turn_hands_over_its_messages_named_for_the_channel() -> None:
    seen: List[str] = []

    async def assistant(message: UserMessage) -> None:
        seen.append(message.output_channel.name())
        await answer_then(message)

    outcome = asyncio.run(run_turn(assistant, None, "hi", "s1", "socketio"))
    assert outcome.refused is None
    assert [m.get("text") for m in outcome.messages] == ["an answer", "pick one"]
    assert seen == ["socketio"]  # response variants per channel still apply


@pytest.mark.parametrize(
    "failure, reason",
    [
        (TrackerStoreUnavailable("save", "OperationalError: server closed the connection"), STORAGE_UNAVAILABLE),
        (
            LockError(
                "Error while acquiring lock. Error:\nError 111 connecting to 127.0.0.1:6379. Connection refused."
            ),
            LOCK_STORE_UNAVAILABLE,
        ),
        (RuntimeError("something else"), FAILED),
    ],
)
def test_a_refused_turn_delivers_nothing_logs_one_line_and_is_counted(
    failure: BaseException, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    counter = REFUSED_TURNS.labels(channel="rest", reason=reason)
    before = counter._value.get()
    with caplog.at_level(logging.INFO):
        outcome = asyncio.run(run_turn(lambda m: answer_then(m, failure), None, "secret text", "s2", "rest"))
    assert outcome.refused == reason and outcome.messages == []
    assert counter._value.get() == before + 1
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and lines[0].levelno == logging.ERROR, [r.getMessage() for r in lines]
    assert reason in lines[0].getMessage() and "secret text" not in caplog.text
    assert "\n" not in lines[0].getMessage()
    if reason == LOCK_STORE_UNAVAILABLE:
        assert "Connection refused" in lines[0].getMessage()


def test_refusal_reasons() -> None:
    import redis

    assert refusal_reason(redis.exceptions.ConnectionError("down")) == LOCK_STORE_UNAVAILABLE
    assert refusal_reason(TrackerStoreUnavailable("retrieve", "x")) == STORAGE_UNAVAILABLE
    assert refusal_reason(ValueError()) == FAILED


def parse(intent: str, entities: List[Dict[str, Any]] = ()) -> Dict[str, Any]:
    return {"intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}


def test_triage_fired_reads_the_triage_detectors_decisions() -> None:
    assert triage_fired(parse("emergency"))
    assert triage_fired(parse("urgent"))
    # an urgent flag or a danger check on a medical question keeps the question's intent
    assert triage_fired(
        parse("ask_side_effects", [{"entity": "urgent_flag", "value": "x", "extractor": "TriageDetector"}])
    )
    assert not triage_fired(
        parse("ask_side_effects", [{"entity": "drug", "value": "baclofen", "extractor": "SpacyEntityExtractor"}])
    )
    assert not triage_fired(parse("greet"))
    assert not triage_fired({})


def test_replies_to_a_stored_message_are_read_back_from_the_tracker() -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker("s4", slots=[])
    for event in (
        UserUttered("hi", message_id="m1"),
        ActionExecuted("utter_greet"),
        BotUttered("Hello"),
        UserUttered("uses?", message_id="m2"),
        BotUttered("It eases spasms", {"buttons": BUTTONS}),
        BotUttered("Please note"),
        UserUttered("bye", message_id="m3"),
    ):
        tracker.update(event)
    assert replies_to(tracker, "m2") == [
        {"recipient_id": "s4", "text": "It eases spasms", "buttons": BUTTONS},
        {"recipient_id": "s4", "text": "Please note"},
    ]
    assert replies_to(tracker, "m3") == []  # stored, not answered yet
    assert replies_to(tracker, "m9") is None and replies_to(None, "m1") is None


def test_deliver_replays_collected_messages_through_a_channels_output() -> None:
    collected = CollectingOutputChannel()
    asyncio.run(collected.send_text_message("s3", "first"))
    asyncio.run(collected.send_text_with_buttons("s3", "second", BUTTONS))
    target = CollectingOutputChannel()
    asyncio.run(deliver(target, "s3", collected.messages))
    assert target.messages == collected.messages
