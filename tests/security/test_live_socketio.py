"""The socket.io channel on the live server: JWT sign-in, and sessions nobody can guess or
write into."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from channels.socketio import NO_SESSION_REPLY, OTHER_SESSION_REPLY
from tests.security.conftest import SecureStack
from tests.security.support import SocketChat, make_jwt

pytestmark = pytest.mark.live


def bad_tokens(key: str) -> dict:
    claims = {"sub": "site-user-1", "exp": int(time.time()) + 300}
    return {
        "no auth": None,
        "empty": "",
        "garbage": "not-a-jwt",
        "a number": 12345,
        "wrong key": make_jwt("another-key-" + "x" * 64),
        "expired": make_jwt(key, expires_in=-60),
        "alg none": jwt.encode(claims, None, algorithm="none"),
        "other algorithm": make_jwt(key, algorithm="HS512"),
        "tampered": make_jwt(key)[:-4] + "AAAA",
    }


@pytest.mark.parametrize("case", list(bad_tokens("k" * 64)))
def test_a_socket_without_a_valid_jwt_is_refused(secure_stack: SecureStack, case: str) -> None:
    token = bad_tokens(secure_stack.jwt_key)[case]
    chat = SocketChat(secure_stack.url, token=token)
    try:
        # Not connect(): python-socketio 5.9 waits out its time-out even after a refusal
        # (and with wait=False says "connected" until the refusal arrives).
        chat.connect(wait=False)
        assert chat.refused()  # the server's CONNECT_ERROR
    finally:
        chat.close()


@pytest.mark.parametrize("prefix", ["", "Bearer "])
def test_a_socket_with_a_valid_jwt_chats(secure_stack: SecureStack, prefix: str) -> None:
    chat = SocketChat(secure_stack.url, token=prefix + make_jwt(secure_stack.jwt_key)).connect()
    try:
        chat.start_session()
        replies = chat.say("what is baclofen")
        assert "muscle relaxant" in replies[0] and "not medical advice" in replies[1]
    finally:
        chat.close()


@pytest.mark.parametrize("requested", [None, "1", "admin", "0" * 32, "../../x", 42, str(uuid.uuid1())])
def test_guessable_session_ids_are_replaced_by_random_ones(secure_stack: SecureStack, requested: object) -> None:
    chat = SocketChat(secure_stack.url, token=make_jwt(secure_stack.jwt_key)).connect()
    try:
        granted = chat.start_session(requested)
        assert granted != requested and uuid.UUID(granted).version == 4
    finally:
        chat.close()


def test_a_random_session_id_is_kept_in_canonical_form(secure_stack: SecureStack) -> None:
    wanted = uuid.uuid4()
    chat = SocketChat(secure_stack.url, token=make_jwt(secure_stack.jwt_key)).connect()
    try:
        assert chat.start_session(str(wanted).upper()) == wanted.hex
    finally:
        chat.close()


def test_a_socket_cannot_write_into_another_sockets_session(secure_stack: SecureStack) -> None:
    alice = SocketChat(secure_stack.url, token=make_jwt(secure_stack.jwt_key)).connect()
    mallory = SocketChat(secure_stack.url, token=make_jwt(secure_stack.jwt_key)).connect()
    try:
        alice_session = alice.start_session()
        mallory.start_session()
        mallory.send({"message": "what is baclofen", "session_id": alice_session})
        assert mallory.replies(timeout=10) == [OTHER_SESSION_REPLY]
        assert alice.replies(timeout=1) == []  # nothing was said in Alice's conversation
        assert "muscle relaxant" in alice.say("what is baclofen")[0]
        assert mallory.replies(timeout=1) == []  # and Mallory hears none of it
    finally:
        alice.close()
        mallory.close()


def test_a_client_that_makes_its_own_session_id_is_told_what_to_do_and_can_go_on(secure_stack: SecureStack) -> None:
    """Like Rasa's docs and community widgets: the client picks an id and keeps sending it."""
    chat = SocketChat(secure_stack.url, token=make_jwt(secure_stack.jwt_key)).connect()
    try:
        own = "my-widget-session-1"
        granted = chat.start_session(own)
        assert granted != own
        chat.send({"message": "what is baclofen", "session_id": own})
        first, second = chat.events.get(timeout=10), chat.events.get(timeout=10)
        assert first == ("bot", {"text": OTHER_SESSION_REPLY})
        assert second == ("session", granted)  # session_confirm again, with the id to use
        assert "session_id from session_confirm" in OTHER_SESSION_REPLY
        assert "session_request" in NO_SESSION_REPLY and "session_confirm" in NO_SESSION_REPLY
        chat.session_id = second[1]  # the client adopts it, as the README's protocol says
        assert "muscle relaxant" in chat.say("what is baclofen")[0]
        chat.send({"message": "what are the side effects"})  # leaving session_id out is fine
        assert chat.replies()
    finally:
        chat.close()
