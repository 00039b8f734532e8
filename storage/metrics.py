"""Counters for staff and metrics scrapers (Prometheus text format at GET /health/metrics).

One Rasa process, one set of counters: scrape every instance. Names and labels:

- `baclofen_tracker_store_failures_total{operation}`: reads (`retrieve`), writes (`save`) and
  start-up preparation (`prepare`) of the tracker store that failed;
- `baclofen_action_failures_total{action}`: custom action calls Rasa could not complete
  (`action="action_add_disclaimer"`: a medical answer went out without its disclaimer);
- `baclofen_refused_turns_total{channel, reason}`: turns answered "temporarily unavailable"
  instead of being processed; `reason` is `storage_unavailable`, `lock_store_unavailable`
  or `error`;
- `baclofen_safety_replies_on_refused_turns_total{channel}`: refused turns whose emergency or
  urgent reply was delivered all the same.

prometheus-client's default registry also carries the process' CPU, memory and file figures.
"""

from __future__ import annotations

import logging
import re
from typing import Tuple

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, generate_latest

TRACKER_STORE_FAILURES = Counter(
    "baclofen_tracker_store_failures",
    "Tracker store operations that failed (the turn was refused, not answered).",
    ["operation"],
)
ACTION_FAILURES = Counter(
    "baclofen_action_failures",
    "Custom action calls Rasa could not complete; action_add_disclaimer: an answer without its disclaimer.",
    ["action"],
)
REFUSED_TURNS = Counter(
    "baclofen_refused_turns",
    "Turns answered 'temporarily unavailable' instead of being processed.",
    ["channel", "reason"],
)
SAFETY_REPLIES_ON_REFUSED_TURNS = Counter(
    "baclofen_safety_replies_on_refused_turns",
    "Refused turns whose emergency or urgent reply was delivered all the same.",
    ["channel"],
)

# Zeros from the start, so that a scraper sees each series before its first failure.
for _operation in ("retrieve", "save", "keys", "prepare"):
    TRACKER_STORE_FAILURES.labels(operation=_operation)
ACTION_FAILURES.labels(action="action_add_disclaimer")

# Rasa's processor logs a failed action call as
# "Encountered an exception while running action '<name>'. Bot will continue, ..."
_FAILED_ACTION = re.compile(r"exception while running action '([^']+)'")
_PROCESSOR_LOGGER = "rasa.core.processor"


class ActionFailureCounter(logging.Handler):
    """Counts the failed action calls Rasa's processor reports (it has no hook for them)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            match = _FAILED_ACTION.search(record.getMessage())
        except Exception:  # a broken format string is not ours to report
            return
        if match:
            ACTION_FAILURES.labels(action=match.group(1)).inc()


def install_action_failure_counter() -> None:
    """Attach the counter to Rasa's processor logger once (at any log level)."""
    processor_logger = logging.getLogger(_PROCESSOR_LOGGER)
    if not any(isinstance(h, ActionFailureCounter) for h in processor_logger.handlers):
        handler = ActionFailureCounter(level=logging.ERROR)
        processor_logger.addHandler(handler)
        # The handler needs ERROR records even when production logs at WARNING or above.
        if processor_logger.getEffectiveLevel() > logging.ERROR:
            processor_logger.setLevel(logging.ERROR)


def exposition() -> Tuple[bytes, str]:
    """The current figures in Prometheus' text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
