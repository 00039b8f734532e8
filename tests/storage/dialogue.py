"""Questions with unmistakable answers, one REST turn with its outcome, and the check that a
conversation in the tracker store matches what the client sent and received: bench/soak.py's
(`make soak`), so the tests and the soak judge turns the same way."""

from bench.soak import (  # noqa: F401
    ANSWERS,
    QUESTIONS,
    StoredTurn,
    Turn,
    conversation_problems,
    questions_for,
    send,
    stored_conversations,
)
