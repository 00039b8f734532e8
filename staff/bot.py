"""Talking to the assistant for the conversation tests: over REST, starting it if needed.

When the runner starts the assistant itself, it turns Rasa's HTTP API on with a random token,
so each message's response name (`utter_...`) and the intent behind it are read from the
tracker. With an assistant that is already running, the tracker is read only if its API is
on (pass its token with --token or RASA_TOKEN); otherwise response names are recognised by
comparing the messages with the texts in domain.yml, and intents are not shown.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional, Set, Tuple

from devtools.rest import RestTurnError, rest_turn
from devtools.servers import action_server, free_port, latest_model, rasa_server, write_endpoints
from staff.checks import ObservedTurn
from staff.debug_api import DebugApiError, fetch_tracker
from staff.domain import responses_matching
from staff.turns import latest_turn

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
START_TIMEOUT = 240.0


class BotUnavailable(Exception):
    """The assistant cannot be reached or started; the message says what to do."""


def _get(url: str, timeout: float = 3.0) -> Optional[str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def rasa_rest_status(base_url: str) -> str:
    """ "rasa" when a Rasa REST channel answers, "other" if something else does, "none" if nothing."""
    body = _get(base_url.rstrip("/") + "/webhooks/rest/")
    if body is None:
        return "none"
    try:
        return "rasa" if json.loads(body).get("status") == "ok" else "other"
    except (json.JSONDecodeError, AttributeError):
        return "other"


class BotConnection:
    def __init__(self, base_url: str, token: Optional[str], timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.tracker_readable: Optional[bool] = None  # unknown until the first turn
        self.tracker_note = ""

    def send(self, sender: str, text: str) -> ObservedTurn:
        messages = self._rest_turn(sender, text)
        observed = ObservedTurn(
            user=text,
            texts=[m["text"] for m in messages if m.get("text")],
            button_titles=[str(b.get("title", "")) for m in messages for b in m.get("buttons") or []],
        )
        names = self._response_names(sender, observed, len(observed.texts))
        observed.responses = names if names is not None else [set(responses_matching(t)) for t in observed.texts]
        return observed

    def _rest_turn(self, sender: str, text: str) -> List[dict]:
        try:
            return rest_turn(self.base_url, sender, text, timeout=self.timeout)
        except RestTurnError as error:
            if error.status is None:
                raise BotUnavailable(f"lost the connection to the assistant at {self.base_url}: {error}") from None
            if error.status >= 300:
                raise BotUnavailable(
                    f"the assistant at {self.base_url} answered HTTP {error.status} to a message"
                ) from None
            raise BotUnavailable(f"the assistant at {self.base_url} sent a reply that is not JSON") from None

    def _response_names(self, sender: str, observed: ObservedTurn, text_count: int) -> Optional[List[Set[str]]]:
        """Per text message, the response that produced it, from the tracker; None if unreadable."""
        if self.tracker_readable is False:
            return None
        try:
            tracker = fetch_tracker(self.base_url, sender, self.token, self.timeout)
        except DebugApiError as error:
            self.tracker_readable = False
            self.tracker_note = (
                "intents are not shown, and `utter:` steps are matched against the texts in "
                f"domain.yml, because the tracker cannot be read: {error}"
            )
            return None
        self.tracker_readable = True
        turn = latest_turn(tracker.get("events") or [])
        if turn is None:
            return None
        observed.intent, observed.confidence = turn.intent, turn.confidence
        spoken = [m for m in turn.bot_messages if m.text]
        if len(spoken) != text_count:
            return None
        return [{m.response} if m.response else set() for m in spoken]


def _host_and_port(base_url: str) -> Tuple[str, int]:
    parsed = urllib.parse.urlparse(base_url)
    try:
        port = parsed.port
    except ValueError:
        port = None
        parsed = parsed._replace(scheme="")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BotUnavailable(f"{base_url!r} is not a web address like http://127.0.0.1:5005")
    return parsed.hostname, port or (443 if parsed.scheme == "https" else 80)


@contextmanager
def running_bot(base_url: str, start: bool, token: Optional[str], log=sys.stderr) -> Iterator[BotConnection]:
    """A connection to the assistant at base_url, started here (and stopped after) if needed."""
    host, port = _host_and_port(base_url)
    status = rasa_rest_status(base_url)
    if status == "rasa":
        yield BotConnection(base_url, token)
        return
    if status == "other":
        raise BotUnavailable(
            f"something other than the assistant answers at {base_url} (no Rasa REST channel there). Check the --url."
        )
    if not start:
        raise BotUnavailable(
            f"cannot reach the assistant at {base_url}. Start it with `make run` in another terminal, "
            "or leave out --no-start to let this command start one."
        )
    if host not in LOOPBACK_HOSTS:
        raise BotUnavailable(
            f"cannot reach the assistant at {base_url}, and only an assistant on this computer can be started here."
        )
    with _started_bot(port, log) as own_token:
        yield BotConnection(base_url, own_token)


@contextmanager
def _started_bot(port: int, log) -> Iterator[str]:
    try:
        model = latest_model()
    except RuntimeError as error:
        raise BotUnavailable(f"cannot start the assistant: {error}") from None
    log_dir = Path(tempfile.mkdtemp(prefix="staff-conversations-"))
    token = secrets.token_urlsafe(24)
    print(
        f"No assistant is running at port {port}; starting one (this takes about 30 seconds)...", file=log, flush=True
    )
    action_port = free_port()
    actions = action_server(action_port, log_dir)
    # Only the action server in the endpoints: test conversations stay out of the real
    # conversation database (Rasa keeps them in memory).
    endpoints = write_endpoints(log_dir / "endpoints.yml", action_port)
    rasa = rasa_server(port, log_dir, endpoints, model=model, extra_args=["--enable-api", f"--auth-token={token}"])
    servers = [actions, rasa]
    up = False
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_until_ready(START_TIMEOUT)
        up = True
    except (RuntimeError, TimeoutError, OSError) as error:
        raise BotUnavailable(f"could not start the assistant (logs in {log_dir}):\n{error}") from None
    finally:
        # Also on Ctrl-C: the servers run in their own session and would outlive us.
        if not up:
            for server in reversed(servers):
                server.stop()
    print("The assistant is up.", file=log, flush=True)
    try:
        yield token
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(log_dir, ignore_errors=True)
