"""The one REST client: a turn over Rasa's REST channel (POST /webhooks/rest/webhook).

Used by the staff conversation runner, `make run`'s start-up check, the tests and the load
test's smoke checks.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RestTurnError(Exception):
    """A turn that did not come back as Rasa's list of messages.

    `status`: the HTTP status, or None when nothing answered (refused, reset, timed out);
    `body`: the start of the answer (up to 200 characters) when there was one.
    """

    def __init__(self, message: str, status: Optional[int] = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def rest_turn(
    base_url: str, sender: str, message: str, timeout: float = 30.0, metadata: Optional[Dict[str, Any]] = None
) -> List[dict]:
    """One turn: `message` from `sender` to the Rasa server at `base_url` (http://host:port).

    Returns Rasa's bot messages, each a dict with "recipient_id" and "text", "buttons",
    "image" or "custom". Raises RestTurnError on an HTTP error status, no answer within
    `timeout` seconds, or a body that is not a JSON list.
    """
    payload: Dict[str, Any] = {"sender": sender, "message": message}
    if metadata is not None:
        payload["metadata"] = metadata
    request = urllib.request.Request(
        base_url.rstrip("/") + WEBHOOK_PATH, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")[:200]
        raise RestTurnError(f"HTTP {error.code} from {base_url}", error.code, body) from None
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise RestTurnError(f"no answer from {base_url}: {type(error).__name__}: {reason}") from None
    try:
        messages = json.loads(body or "[]")
    except json.JSONDecodeError:
        raise RestTurnError(f"{base_url} sent a reply that is not JSON", status, body[:200]) from None
    if not isinstance(messages, list):
        raise RestTurnError(f"{base_url} sent JSON that is not a list of messages", status, body[:200])
    return [m for m in messages if isinstance(m, dict)]


def reply_text(messages: List[dict]) -> str:
    """The texts of a reply, one per line."""
    return "\n".join(m["text"] for m in messages if m.get("text"))
