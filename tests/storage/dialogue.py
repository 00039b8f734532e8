"""Questions with unmistakable answers, one REST turn with its outcome, and the check that a
conversation in the tracker store matches what the client sent and received."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa

from devtools.rest import RestTurnError, rest_turn

# question -> a phrase only its answer contains
ANSWERS: Dict[str, str] = {
    "what is baclofen": "Baclofen is a muscle relaxant",
    "what are the brand names of baclofen": "Lioresal",
    "how does baclofen work": "GABA-B",
    "can i drive while taking baclofen": "not to drive",
    "hello": "Hello! I'm an automated assistant",
}
QUESTIONS: List[str] = list(ANSWERS)


def questions_for(conversation: int, turns: int) -> List[str]:
    """A fixed, varied order per conversation; never the same question twice in a row."""
    order = []
    for turn in range(turns):
        step = 1 + conversation % (len(QUESTIONS) - 1)
        order.append(QUESTIONS[(conversation + turn * step) % len(QUESTIONS)])
    return order


@dataclass
class Turn:
    conversation: str
    number: int
    question: str
    url: str
    status: Optional[int] = None  # None: no HTTP answer at all (refused, reset, timeout)
    reply: str = ""
    error: str = ""
    started: float = 0.0  # time.monotonic() around the request
    finished: float = 0.0

    @property
    def answered(self) -> bool:
        return self.status == 200 and ANSWERS[self.question] in self.reply

    @property
    def failed_clearly(self) -> bool:
        """The client knows the turn did not go through."""
        return self.status is None or self.status >= 500

    @property
    def silently_wrong(self) -> bool:
        """Neither a right answer nor an error: the failure the scale-out must never show."""
        return not self.answered and not self.failed_clearly


def send(turn: Turn, timeout: float = 90.0) -> Turn:
    """POST the turn to `turn.url`, recording the status and reply, or the error."""
    turn.started = time.monotonic()
    try:
        messages = rest_turn(turn.url, turn.conversation, turn.question, timeout, metadata={"turn": turn.number})
        turn.status = 200
        turn.reply = "\n".join(m.get("text", "") for m in messages)
    except RestTurnError as error:
        turn.status = error.status
        turn.error = error.body or str(error)
    turn.finished = time.monotonic()
    return turn


@dataclass
class StoredTurn:
    number: Optional[int]
    text: str
    bot_texts: List[str] = field(default_factory=list)


def stored_conversations(engine: sa.engine.Engine, senders: Iterable[str]) -> Dict[str, List[StoredTurn]]:
    """User turns (with the bot messages that follow each) per sender, in the order stored."""
    senders = list(senders)
    result: Dict[str, List[StoredTurn]] = {sender: [] for sender in senders}
    query = sa.text(
        "SELECT sender_id, type_name, data FROM events WHERE sender_id IN :senders ORDER BY id"
    ).bindparams(sa.bindparam("senders", expanding=True))
    with engine.connect() as connection:
        for sender, type_name, data in connection.execute(query, {"senders": senders}):
            event = json.loads(data)
            if type_name == "user":
                number = (event.get("metadata") or {}).get("turn")
                result[sender].append(StoredTurn(number, event.get("text") or ""))
            elif type_name == "bot" and result[sender]:
                result[sender][-1].bot_texts.append(event.get("text") or "")
    return result


def conversation_problems(sent: List[Turn], stored: List[StoredTurn], ordered: bool = True) -> List[str]:
    """Why the stored conversation does not match the client's view (empty: it matches).

    Answered turns must all be stored; a turn the client saw fail may or may not have been
    processed before the failure. Stored turns must be in the order sent (unless they were
    sent at the same time: `ordered=False`), once each, each followed by its own answer.
    """
    by_number = {turn.number: turn for turn in sent}
    numbers = [turn.number for turn in stored]
    problems = []
    if None in numbers or len(set(numbers)) != len(numbers):
        problems.append(f"stored turns duplicated or without a number: {numbers}")
    elif ordered and numbers != sorted(numbers):
        problems.append(f"stored turns out of order: {numbers}")
    for turn in sent:
        if turn.answered and turn.number not in numbers:
            problems.append(f"turn {turn.number} ({turn.question!r}) was answered but is not stored")
    for stored_turn in stored:
        sent_turn = by_number.get(stored_turn.number)
        if sent_turn is None:
            problems.append(f"stored turn {stored_turn.number} was never sent")
            continue
        if stored_turn.text != sent_turn.question:
            problems.append(f"turn {stored_turn.number} stored as {stored_turn.text!r}")
        if not any(ANSWERS[sent_turn.question] in text for text in stored_turn.bot_texts):
            problems.append(f"turn {stored_turn.number} stored without its answer: {stored_turn.bot_texts}")
    return problems
