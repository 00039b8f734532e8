"""What the bot understood on each turn of a conversation, read through Rasa's HTTP API.

For a staff debug view (for example in the chat widget) and for the conversation tests.
Rasa serves the tracker only when started with the API on and a secret token:

    rasa run --enable-api --auth-token="$RASA_TOKEN" ...

and the token goes in the query string: `GET /conversations/{id}/tracker?token=...`.
Without the token (or with a wrong one) Rasa answers 401; without `--enable-api` the route
does not exist (404). Keep the token out of browsers: call these functions from a server
side or a staff-only tool, never from the public widget.

    from staff.debug_api import conversation_turns
    for turn in conversation_turns("http://127.0.0.1:5005", sender_id, token):
        print(turn.user_text, turn.intent, turn.confidence, turn.entities, turn.actions)

The conversation id is the REST channel's `sender` (or the socket.io session id).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Optional

from staff.turns import Turn, turns_from_events


class DebugApiError(Exception):
    """The tracker could not be read; the message says why in plain words."""


class ApiUnreachable(DebugApiError):
    pass


class ApiNotEnabled(DebugApiError):
    pass


class ApiAuthRefused(DebugApiError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


# Characters allowed as they are in a URL path segment. Rasa (Sanic) does not decode the
# conversation id in the path, so these must not be percent-encoded; ids with other
# characters (spaces, "/", "?", "#") cannot be looked up through the API.
_PATH_SAFE = "!$&'()*+,;=:@-._~/"


def tracker_url(base_url: str, conversation_id: str, token: Optional[str]) -> str:
    path = "/conversations/" + urllib.parse.quote(conversation_id, safe=_PATH_SAFE) + "/tracker"
    query = "?" + urllib.parse.urlencode({"token": token}) if token else ""
    return base_url.rstrip("/") + path + query


def fetch_tracker(base_url: str, conversation_id: str, token: Optional[str], timeout: float = 10.0) -> Dict[str, Any]:
    """The tracker as Rasa returns it (slots, latest_message, events, ...)."""
    url = tracker_url(base_url, conversation_id, token)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read().decode() or "{}")
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise ApiAuthRefused(
                f"Rasa refused the request ({error.code}): the API token is missing or wrong", error.code
            ) from None
        if error.code == 404:
            raise ApiNotEnabled(
                "Rasa's HTTP API is not enabled: start Rasa with --enable-api --auth-token TOKEN"
            ) from None
        raise DebugApiError(f"Rasa answered {error.code} for the tracker of {conversation_id!r}") from None
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ApiUnreachable(f"cannot reach Rasa at {base_url}: {reason}") from None
    except json.JSONDecodeError:
        raise DebugApiError(f"Rasa at {base_url} sent something that is not JSON") from None


def conversation_turns(base_url: str, conversation_id: str, token: Optional[str], timeout: float = 10.0) -> List[Turn]:
    """Every turn: user text, intent, confidence, entities, actions, bot messages, slots set."""
    tracker = fetch_tracker(base_url, conversation_id, token, timeout)
    return turns_from_events(tracker.get("events") or [])


def latest_turn(base_url: str, conversation_id: str, token: Optional[str], timeout: float = 10.0) -> Optional[Turn]:
    turns = conversation_turns(base_url, conversation_id, token, timeout)
    return turns[-1] if turns else None


def turn_summaries(turns: List[Turn]) -> List[Dict[str, Any]]:
    """JSON-ready rows for a debug panel: one per turn."""
    return [
        {
            "user": turn.user_text,
            "intent": turn.intent,
            "confidence": turn.confidence,
            "entities": turn.entities,
            "actions": turn.actions,
            "responses": [m.response for m in turn.bot_messages],
            "red_flag": turn.is_red_flag,
            "fallback": turn.is_fallback,
        }
        for turn in turns
    ]
