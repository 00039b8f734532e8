"""Who may talk to what, on the live servers: Rasa's HTTP API (token), the action server
(loopback only, shared token) and browsers (CORS allow-list, also for WebSockets)."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
import subprocess
import uuid
from pathlib import Path
from typing import List, Optional, Set

import pytest
import websockets

from actions.safety_texts import FULL_DISCLAIMERS, Risk
from tests.security.conftest import SecureStack
from tests.security.support import (
    ALLOWED_ORIGINS,
    FOREIGN_ORIGIN,
    http_request,
    make_jwt,
    new_client_ip,
    post_json,
    rest_texts,
)
from tests.support.servers import ROOT, VENV_BIN, free_port

pytestmark = pytest.mark.live


# ---------------------------------------------------------------- Rasa's HTTP API

PROTECTED = [
    ("GET", "/status", None),
    ("PUT", "/model", {"model_file": "models/x.tar.gz"}),
    ("DELETE", "/model", None),
    ("POST", "/model/parse", {"text": "what is baclofen"}),
    ("GET", "/conversations/someone/tracker", None),
    ("POST", "/conversations/someone/tracker/events", {"event": "slot", "name": "condition", "value": "x"}),
]


@pytest.mark.parametrize("method,path,body", PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED])
@pytest.mark.parametrize("credential", ["none", "wrong token", "bearer garbage"])
def test_the_api_refuses_calls_without_the_token(
    secure_stack: SecureStack, method: str, path: str, body: Optional[dict], credential: str
) -> None:
    query, headers = "", {"Content-Type": "application/json"}
    if credential == "wrong token":
        query = "?token=" + "x" * 43
    elif credential == "bearer garbage":
        headers["Authorization"] = "Bearer not.a.jwt"
    reply = http_request(
        secure_stack.url + path + query,
        method,
        json.dumps(body).encode() if body else None,
        headers,
    )
    assert reply.status in (401, 403), (reply.status, reply.body[:200])


def test_the_api_works_with_the_token(secure_stack: SecureStack) -> None:
    token = f"?token={secure_stack.api_token}"
    status = http_request(f"{secure_stack.url}/status{token}")
    assert status.status == 200 and status.json()["model_file"].endswith(".tar.gz")

    parsed = post_json(f"{secure_stack.url}/model/parse{token}", {"text": "what is baclofen"})
    assert parsed.status == 200 and parsed.json()["intent"]["name"] == "ask_what_is"

    conversation = f"api-{uuid.uuid4().hex[:8]}"
    event = {"event": "slot", "name": "disclaimers_shown", "value": ["general"]}
    added = post_json(f"{secure_stack.url}/conversations/{conversation}/tracker/events{token}", event)
    assert added.status == 200, added.body[:300]
    tracker = http_request(f"{secure_stack.url}/conversations/{conversation}/tracker{token}")
    assert tracker.status == 200 and tracker.json()["slots"]["disclaimers_shown"] == ["general"]


# ---------------------------------------------------------------- action server


def listening_addresses(port: int) -> Set[str]:
    """Local addresses with a TCP listener on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for table, _family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address_hex)
            # /proc stores each 32-bit word in host (little-endian) order.
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(words)))
    return found


def non_loopback_addresses() -> List[str]:
    output = subprocess.run(["ip", "-o", "-4", "addr", "show"], capture_output=True, text=True).stdout
    addresses = [line.split()[3].split("/")[0] for line in output.splitlines() if len(line.split()) > 3]
    return [a for a in addresses if not ipaddress.ip_address(a).is_loopback]


def test_the_action_server_listens_on_loopback_only(secure_stack: SecureStack) -> None:
    port = int(secure_stack.action_url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}
    others = non_loopback_addresses()
    for address in others:
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=3).close()
    print(f"action server on :{port}: listening on 127.0.0.1 only; refused on {others or 'no other address'}")


def action_call(intent: str = "ask_what_is") -> dict:
    return {
        "next_action": "action_add_disclaimer",
        "sender_id": "auth-test",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "auth-test",
            "slots": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
            "latest_message": {"intent": {"name": intent}, "text": "what is baclofen"},
        },
    }


@pytest.mark.parametrize(
    "path_suffix,headers",
    [
        ("", {}),
        ("?token=wrong", {}),
        ("", {"Authorization": "Bearer wrong"}),
        ("", {"Authorization": "Basic d3Jvbmc6d3Jvbmc="}),
        ("?token=", {}),
    ],
    ids=["none", "wrong query", "wrong bearer", "basic auth", "empty"],
)
def test_the_action_server_refuses_calls_without_the_token(
    secure_stack: SecureStack, path_suffix: str, headers: dict
) -> None:
    reply = post_json(f"{secure_stack.action_url}/webhook{path_suffix}", action_call(), **headers)
    assert reply.status == 401 and "token" in reply.json()["error"]
    assert http_request(f"{secure_stack.action_url}/actions{path_suffix}", headers=headers).status == 401
    assert http_request(f"{secure_stack.action_url}/health").status == 200  # stays open


def test_the_action_server_runs_actions_with_the_token(secure_stack: SecureStack) -> None:
    token = secure_stack.action_token
    for reply in (
        post_json(f"{secure_stack.action_url}/webhook", action_call(), Authorization=f"Bearer {token}"),
        post_json(f"{secure_stack.action_url}/webhook?token={token}", action_call()),
    ):
        assert reply.status == 200, reply.body[:300]
        assert [r["text"] for r in reply.json()["responses"]] == [FULL_DISCLAIMERS[Risk.GENERAL]]


def test_action_server_errors_do_not_echo_the_request(secure_stack: SecureStack) -> None:
    auth = {"Authorization": f"Bearer {secure_stack.action_token}"}
    marker = f"echo-{uuid.uuid4().hex}"
    malformed = http_request(f"{secure_stack.action_url}/webhook", "POST", b'{"' + marker.encode(), auth)
    unknown = post_json(f"{secure_stack.action_url}/webhook", {**action_call(), "next_action": marker}, **auth)
    missing = http_request(f"{secure_stack.action_url}/{marker}", headers=auth)
    assert (malformed.status, unknown.status, missing.status) == (400, 404, 404)
    for reply in (malformed, unknown, missing):
        assert "request_body" not in reply.json() and "tracker" not in reply.body.decode()


def test_rasa_sends_the_action_token_and_gets_the_disclaimer(secure_stack: SecureStack) -> None:
    reply = post_json(
        f"{secure_stack.url}/webhooks/rest/webhook",
        {"sender": f"d-{uuid.uuid4().hex[:8]}", "message": "what is baclofen"},
        new_client_ip(),
    )
    texts = rest_texts(reply)
    assert "muscle relaxant" in texts[0] and texts[1] == FULL_DISCLAIMERS[Risk.GENERAL]


def test_the_action_server_will_not_start_unprotected_in_production(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "actions.server", "--host", "0.0.0.0", "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "BACLOFEN_PRODUCTION": "true", "HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "without ACTION_SERVER_TOKEN" in result.stderr


# ---------------------------------------------------------------- CORS


def test_rest_sends_cors_headers_to_listed_origins_only(secure_stack: SecureStack) -> None:
    webhook = f"{secure_stack.url}/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for origin in ALLOWED_ORIGINS:
        allowed = http_request(webhook, "OPTIONS", headers={"Origin": origin, **preflight})
        assert allowed.headers.get("access-control-allow-origin") == origin
    foreign = http_request(webhook, "OPTIONS", headers={"Origin": FOREIGN_ORIGIN, **preflight})
    assert "access-control-allow-origin" not in foreign.headers
    posted = post_json(webhook, {"sender": "cors-check", "message": " "}, new_client_ip(), Origin=FOREIGN_ORIGIN)
    assert posted.status == 200 and "access-control-allow-origin" not in posted.headers


def test_socketio_polling_sends_cors_headers_to_listed_origins_only(secure_stack: SecureStack) -> None:
    handshake = f"{secure_stack.url}/socket.io/?EIO=4&transport=polling"
    allowed = http_request(handshake, headers={"Origin": ALLOWED_ORIGINS[1]})
    assert allowed.headers.get("access-control-allow-origin") == ALLOWED_ORIGINS[1]
    foreign = http_request(handshake, headers={"Origin": FOREIGN_ORIGIN})
    assert foreign.status < 500 and "access-control-allow-origin" not in foreign.headers


async def websocket_connect(url: str, origin: str, token: str) -> str:
    """Engine.IO over a raw WebSocket, then a Socket.IO CONNECT: returns the server's answer."""
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(ws_url, origin=origin, open_timeout=10) as ws:
        opening = await asyncio.wait_for(ws.recv(), 10)
        assert opening.startswith("0{")
        await ws.send("40" + json.dumps({"token": token}))
        while True:
            packet = await asyncio.wait_for(ws.recv(), 10)
            if packet.startswith("4"):  # a Socket.IO packet (pings are "2")
                return packet


def test_a_foreign_page_cannot_open_a_websocket(secure_stack: SecureStack) -> None:
    """Browsers apply no CORS to WebSockets: the channel checks the Origin itself."""
    token = make_jwt(secure_stack.jwt_key)
    assert asyncio.run(websocket_connect(secure_stack.url, ALLOWED_ORIGINS[0], token)).startswith("40")
    assert asyncio.run(websocket_connect(secure_stack.url, FOREIGN_ORIGIN, token)).startswith("44")
