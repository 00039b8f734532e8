"""Readiness and metrics of a Rasa instance: `channels.health.HealthInput` in credentials.yml.

Not a chat channel: Rasa adds routes only through channels, so this one carries

- `GET /health/ready`: 200 when this instance can answer and store a turn, else 503. Checks,
  at once, each within CHECK_TIMEOUT seconds:
  - `model`: a model is loaded;
  - `tracker_store`: the conversations table answers (storage.tracker_store's `check`, which
    also re-creates a missing database or table); other stores: a read;
  - `lock_store`: Redis answers PING (an in-memory lock store needs nothing);
  - `action_server`: its /health answers 200 (the address from action_endpoint.url).
  Body: {"ready": bool, "checks": {name: {"ok": bool, "detail": "..."}}}; details name the
  server and the error, never a password or token. With the header X-Readiness-Summary-Only
  (nginx sets it on its public /health) only {"ready": bool}.
- `GET /health/metrics`: the counters of storage/metrics.py in Prometheus' text format.
- `GET /health/live`: 200 while the process serves HTTP (for restart decisions only).

Compose, Helm, nginx's /health and scripts/ops/run.sh use /health/ready (deploy/README.md).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from storage.metrics import exposition, install_action_failure_counter

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 3.0  # seconds per check
# Set by nginx on its public /health: the answer is then only {"ready": bool}.
SUMMARY_ONLY_HEADER = "X-Readiness-Summary-Only"
PROBE_SENDER = "healthcheck-readiness"


@dataclass
class Check:
    ok: bool
    detail: str


def _problem(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def unwrap_tracker_store(store: Any) -> Any:
    """The configured store inside Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


async def _in_thread(function: Callable[[], Any]) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, function)


async def check_model(agent: Any) -> Check:
    if agent is not None and agent.is_ready():
        return Check(True, f"model {agent.processor.model_filename}")
    return Check(False, "no model loaded")


async def check_tracker_store(agent: Any) -> Check:
    store = unwrap_tracker_store(getattr(agent, "tracker_store", None))
    if store is None:
        return Check(False, "no tracker store")
    if isinstance(store, InMemoryTrackerStore):
        return Check(True, "in memory (conversations are lost on restart)")
    if hasattr(store, "check"):
        return Check(True, await _in_thread(store.check))
    await store.retrieve(PROBE_SENDER)
    return Check(True, type(store).__name__)


async def check_lock_store(agent: Any) -> Check:
    store = getattr(agent, "lock_store", None)
    if store is None or isinstance(store, InMemoryLockStore):
        return Check(True, "in memory (one instance only)")
    if isinstance(store, RedisLockStore):
        await _in_thread(store.red.ping)
        kwargs = store.red.connection_pool.connection_kwargs
        return Check(True, f"redis at {kwargs.get('host')}:{kwargs.get('port')}")
    return Check(True, f"{type(store).__name__} (not checked)")


def action_health_url(webhook_url: str) -> str:
    """rasa-sdk's /health on the server of `webhook_url` (http://host:5055/webhook -> .../health)."""
    parts = urlsplit(webhook_url)
    return urlunsplit((parts.scheme, parts.netloc, "/health", "", ""))


async def check_action_server(agent: Any) -> Check:
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not endpoint.url:
        return Check(False, "no action_endpoint configured (disclaimers need the action server)")
    url = action_health_url(endpoint.url)
    timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(url) as reply:
            if reply.status != 200:
                return Check(False, f"{url} answered HTTP {reply.status}")
    return Check(True, url)


CHECKS: Dict[str, Callable[[Any], Awaitable[Check]]] = {
    "model": check_model,
    "tracker_store": check_tracker_store,
    "lock_store": check_lock_store,
    "action_server": check_action_server,
}


async def _run(check: Callable[[Any], Awaitable[Check]], agent: Any) -> Check:
    try:
        return await asyncio.wait_for(check(agent), timeout=CHECK_TIMEOUT)
    except asyncio.TimeoutError:
        return Check(False, f"no answer within {CHECK_TIMEOUT:.0f} s")
    except BaseException as error:  # noqa: BLE001 - also TrackerStoreUnavailable; a check never raises
        if isinstance(error, (KeyboardInterrupt, SystemExit, asyncio.CancelledError)):
            raise
        return Check(False, _problem(error))


async def readiness(agent: Optional[Any]) -> Dict[str, Any]:
    """{"ready": all checks ok, "checks": {name: {"ok", "detail"}}}."""
    if agent is None:
        results = {name: Check(False, "Rasa has not loaded its agent") for name in CHECKS}
    else:
        outcomes = await asyncio.gather(*(_run(check, agent) for check in CHECKS.values()))
        results = dict(zip(CHECKS, outcomes))
    return {
        "ready": all(result.ok for result in results.values()),
        "checks": {name: {"ok": r.ok, "detail": r.detail} for name, r in results.items()},
    }


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "health"

    def url_prefix(self) -> Text:
        return "/health"  # not under /webhooks/: these are no chat channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        install_action_failure_counter()
        health = Blueprint("baclofen_health", __name__)

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            report = await readiness(getattr(request.app.ctx, "agent", None))
            if not report["ready"]:
                failing = {n: c["detail"] for n, c in report["checks"].items() if not c["ok"]}
                logger.warning("Not ready: %s", failing)
            if request.headers.get(SUMMARY_ONLY_HEADER):
                # nginx's public /health: no server names, ports or errors for visitors
                report = {"ready": report["ready"]}
            return response.json(report, status=200 if report["ready"] else 503)

        @health.route("/live", methods=["GET"])
        async def live(_: Request) -> HTTPResponse:
            return response.json({"live": True})

        @health.route("/metrics", methods=["GET"])
        async def metrics(_: Request) -> HTTPResponse:
            body, content_type = exposition()
            return response.raw(body, content_type=content_type)

        return health
