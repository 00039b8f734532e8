"""The benchmark's load: Locust users, each holding conversations of REST turns in order.

Run by bench/load.py in its own environment (.venv-bench, bench/requirements.lock), headless:
    locust -f bench/locustfile.py --headless -u N -r N --host URL --csv PREFIX
N users hold BENCH_COUNT conversations between them, then Locust stops.
Read from the environment: BENCH_CONVERSATIONS (JSON: a list of conversations, each a list of
texts; conversation i is the i-th, cycling), BENCH_MEDICAL_TURNS (JSON: the positions answered
with a disclaimer), BENCH_TAG (in the sender ids), BENCH_TURNS_OUT (a JSON file this writes:
one record per turn, [conversation, position, start_s, latency_s, ok, messages]).
Locust's own figures go to PREFIX_stats.csv; bench/load.py computes the report's from the
records, so the percentiles are exact, as before.
"""

from __future__ import annotations

import itertools
import json
import os
import time

from locust import HttpUser, events, task
from locust.exception import StopUser

CONVERSATIONS = json.loads(os.environ.get("BENCH_CONVERSATIONS", "[]"))
MEDICAL_TURNS = set(json.loads(os.environ.get("BENCH_MEDICAL_TURNS", "[]")))
TAG = os.environ.get("BENCH_TAG", "bench")
TURN_TIMEOUT_S = float(os.environ.get("BENCH_TURN_TIMEOUT_S", "30"))
COUNT = int(os.environ.get("BENCH_COUNT", "1"))
RECORDS: list = []
_conversation_numbers = itertools.count()
_finished = itertools.count(1)


class Conversation(HttpUser):
    """One conversation per task run: the script's turns in order, from one sender."""

    @task
    def converse(self) -> None:
        number = next(_conversation_numbers)
        if number >= COUNT or not CONVERSATIONS:
            raise StopUser()
        script = CONVERSATIONS[number % len(CONVERSATIONS)]
        sender = f"bench-{TAG}-{number}"
        for position, text in enumerate(script):
            started = time.perf_counter()
            ok, messages = False, 0
            name = f"turn {position + 1}" + (" (medical)" if position in MEDICAL_TURNS else "")
            with self.client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                name=name,
                timeout=TURN_TIMEOUT_S,
                catch_response=True,
            ) as response:
                try:
                    body = response.json()
                except ValueError:
                    body = None
                if response.status_code == 200 and isinstance(body, list) and body:
                    ok, messages = True, len(body)
                    response.success()
                else:
                    response.failure(f"HTTP {response.status_code}, no reply")
            RECORDS.append([number, position, started, time.perf_counter() - started, ok, messages])
        if next(_finished) >= COUNT:
            self.environment.runner.quit()  # every conversation has been held


@events.test_stop.add_listener
def write_records(**_kwargs) -> None:
    path = os.environ.get("BENCH_TURNS_OUT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(RECORDS, out)
