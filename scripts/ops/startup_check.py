"""The check `make run` makes before it says "running": a medical answer gets its disclaimer.

    python scripts/ops/startup_check.py --rasa-url http://127.0.0.1:5005 --endpoints endpoints.yml \
        [--logs var/log] [--timeout 60]

1. Rasa can reach the action server: action_add_disclaimer is called as Rasa calls it (URL and
   token from the endpoints file, read by Rasa's reader, sent by Rasa's HTTP client) and must
   return the disclaimer.
2. A medical question, "what is baclofen?", sent over the REST channel must come back with its
   disclaimer: the general full text or its reminder (actions/safety_texts.py).

Both use a sender id starting "healthcheck-" (staff.sender_ids), so the staff transcript tools
leave the check out of reviews. Exit 0 when both pass. Otherwise exit 1 with one line on
stderr, "error: ...", naming what failed and its likely cause.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
import warnings
from pathlib import Path
from typing import Iterable, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# As in scripts/ops/action_endpoint.py: deprecation warnings of Rasa's imports stay out of the output.
with warnings.catch_warnings(record=True):
    import aiohttp
    import rasa
    from rasa.utils.endpoints import EndpointConfig

    from actions.safety_texts import FULL_DISCLAIMERS, REMINDERS, Risk
    from devtools.rest import RestTurnError, rest_turn
    from scripts.ops.action_endpoint import SECTION, ActionEndpointError, read_action_endpoint
    from staff.sender_ids import HEALTHCHECK_PREFIX

QUESTION = "what is baclofen?"
# What NLU makes of QUESTION; the action grades the disclaimer by it.
QUESTION_INTENT = "ask_what_is"
DISCLAIMER_ACTION = "action_add_disclaimer"
DEFAULT_TIMEOUT = 60.0


class CheckFailed(Exception):
    """One line: what failed and its likely cause."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def has_disclaimer(texts: Iterable[str]) -> bool:
    """True when one message is the general disclaimer, in full or as the reminder."""
    wanted = {_one_line(FULL_DISCLAIMERS[Risk.GENERAL]), _one_line(REMINDERS[Risk.GENERAL])}
    return any(_one_line(text) in wanted for text in texts)


def disclaimer_call(sender_id: str) -> dict:
    """The body Rasa posts to run action_add_disclaimer after an answer to QUESTION."""
    tracker = {
        "sender_id": sender_id,
        "slots": {},
        "latest_message": {"text": QUESTION, "intent": {"name": QUESTION_INTENT}},
        "events": [],
    }
    return {
        "next_action": DISCLAIMER_ACTION,
        "sender_id": sender_id,
        "tracker": tracker,
        "domain": {},
        "version": rasa.__version__,
    }


def action_call_problem(error: BaseException, url: str, endpoints: Path, logs: Path, timeout: float) -> str:
    """The likely cause of a failed call of the action server, as Rasa would make it."""
    status = getattr(error, "status", None)
    where = f"{url} ({SECTION}.url in {endpoints})"
    if isinstance(error, aiohttp.ClientConnectorError):  # connection refused, unknown host
        return (
            f"Rasa calls the action server at {where}, but nothing answers there: "
            f"did the action server start? see {logs / 'actions.log'}"
        )
    if status in (401, 403):
        return (
            f"the action server at {where} refuses Rasa's token (HTTP {status}): is another "
            "action server, with another ACTION_SERVER_TOKEN, listening on that port?"
        )
    if status == 404:
        return f"{where} answers HTTP 404: it is not the action server's webhook; check the path (/webhook)"
    if status is not None:
        return f"the action server at {where} answers HTTP {status}; see {logs / 'actions.log'}"
    if isinstance(error, asyncio.TimeoutError):
        return f"the action server at {where} did not answer within {timeout:.0f} s"
    return f"calling the action server at {where} failed ({type(error).__name__}: {_one_line(str(error))})"


async def _call_action_server(endpoint: EndpointConfig, sender_id: str, timeout: float) -> List[str]:
    response = await endpoint.request(json=disclaimer_call(sender_id), method="post", timeout=timeout)
    responses = response.get("responses") if isinstance(response, dict) else None
    return [r.get("text") or "" for r in responses or [] if isinstance(r, dict)]


def check_action_server(endpoints: Path, sender_id: str, logs: Path, timeout: float) -> str:
    """Runs action_add_disclaimer as Rasa would; returns the URL, raises CheckFailed."""
    try:
        endpoint = read_action_endpoint(endpoints)
    except ActionEndpointError as error:
        raise CheckFailed(str(error)) from None
    try:
        texts = asyncio.run(_call_action_server(endpoint, sender_id, timeout))
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        raise CheckFailed(action_call_problem(error, endpoint.url, endpoints, logs, timeout)) from None
    if not has_disclaimer(texts):
        raise CheckFailed(
            f"the action server at {endpoint.url} runs {DISCLAIMER_ACTION} but returns no "
            f"general disclaimer; see {logs / 'actions.log'}"
        )
    return endpoint.url


def rest_reply(rasa_url: str, sender_id: str, message: str, timeout: float) -> List[str]:
    """The texts of Rasa's reply over the REST channel; RestTurnError for a failed request."""
    return [m.get("text") or "" for m in rest_turn(rasa_url, sender_id, message, timeout=timeout)]


def check_rest_answer(rasa_url: str, action_url: str, sender_id: str, logs: Path, timeout: float) -> None:
    """Asks QUESTION over REST; raises CheckFailed unless the reply carries the disclaimer."""
    rasa_log = logs / "rasa.log"
    try:
        texts = rest_reply(rasa_url, sender_id, QUESTION, timeout)
    except RestTurnError as error:  # an HTTP error, no answer, a body that is not JSON
        raise CheckFailed(
            f"Rasa at {rasa_url} did not answer {QUESTION!r} over REST ({_one_line(str(error))}); see {rasa_log}"
        ) from None
    if not any(text.strip() for text in texts):
        raise CheckFailed(f"Rasa sent no reply to {QUESTION!r}; see {rasa_log}")
    if not has_disclaimer(texts):
        raise CheckFailed(
            f"Rasa answered {QUESTION!r} without its disclaimer, although the action server "
            f"answers at {action_url}: is the model trained on the current rules? "
            f"see {DISCLAIMER_ACTION} in {rasa_log}"
        )


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", required=True, help="the Rasa server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--endpoints", type=Path, required=True, help="the endpoints file Rasa was started with")
    parser.add_argument("--logs", type=Path, default=Path("var/log"), help="where the servers' logs are")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per request")
    args = parser.parse_args(argv)

    sender_id = f"{HEALTHCHECK_PREFIX}{uuid.uuid4().hex[:12]}"
    try:
        action_url = check_action_server(args.endpoints, sender_id, args.logs, args.timeout)
        check_rest_answer(args.rasa_url, action_url, sender_id, args.logs, args.timeout)
    except CheckFailed as failure:
        print(f"error: medical answers would go out without their disclaimer: {failure}", file=sys.stderr)
        return 1
    print(f"  a medical answer gets its disclaimer (checked as {sender_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
