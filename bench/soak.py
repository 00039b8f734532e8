"""Soak test of the scaled-out profile, checked by SQL: `make soak`.

    python bench/soak.py [--conversations 500] [--turns 20] [--concurrency 50]
                           [--instances 2] [--no-faults]

Starts the production profile as local processes (scripts/ops/scale_local.py: Postgres, Redis,
nginx, N Rasa instances, one action server), then sends conversations x turns through nginx,
`concurrency` conversations at a time, each turn after the previous one's answer. A client
resends a turn that failed clearly (HTTP 5xx or no answer), after a second, with the same
`message_id`, as a real client would. Meanwhile (unless --no-faults), at a quarter, half and three quarters of the turns:
one Rasa instance is killed (and restarted), Redis is stopped for 3 s, Postgres for 5 s.

Then it reads every conversation back from Postgres and prints the figures:
  lost        turns the client saw answered that are not stored
  duplicated  turns stored more than once
  out of order conversations whose stored turns are not in the order sent
  wrong       turns answered 200 with someone else's or no answer
  unanswered  turns never answered despite the resends
Exit 0 when lost, duplicated, out of order, wrong and unanswered are all 0.

The defaults are the full 10,000-turn soak (about an hour on 2 cores); tests/scaleout/ runs
the same code, scaled down. The message texts and questions are in QUESTIONS below.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# question -> a phrase only its answer contains
ANSWERS: Dict[str, str] = {
    "what is baclofen": "Baclofen is a muscle relaxant",
    "what are the brand names of baclofen": "Lioresal",
    "how does baclofen work": "GABA-B",
    "can i drive while taking baclofen": "not to drive",
    "hello": "Hello! I'm an automated assistant",
}
QUESTIONS: List[str] = list(ANSWERS)


def questions_for(conversation: int, turns: int) -> List[str]:
    """A fixed, varied order per conversation; never the same question twice in a row."""
    order = []
    for turn in range(turns):
        step = 1 + conversation % (len(QUESTIONS) - 1)
        order.append(QUESTIONS[(conversation + turn * step) % len(QUESTIONS)])
    return order


@dataclass
class Turn:
    conversation: str
    number: int
    question: str
    url: str
    status: Optional[int] = None  # None: no HTTP answer at all (refused, reset, timeout)
    reply: str = ""
    error: str = ""
    started: float = 0.0  # time.monotonic() around the (last) request
    finished: float = 0.0
    attempts: int = 0
    failures: List[str] = field(default_factory=list)  # what each failed attempt got
    history: List[tuple] = field(default_factory=list)  # (started, finished, status or error) per attempt

    @property
    def message_id(self) -> str:
        return f"{self.conversation}:{self.number}"

    @property
    def answered(self) -> bool:
        return self.status == 200 and ANSWERS[self.question] in self.reply

    @property
    def failed_clearly(self) -> bool:
        """The client knows the turn did not go through."""
        return self.status is None or self.status >= 500

    @property
    def silently_wrong(self) -> bool:
        """Neither a right answer nor an error: the failure the scale-out must never show."""
        return not self.answered and not self.failed_clearly


def send(turn: Turn, timeout: float = 90.0) -> Turn:
    """POST the turn to `turn.url`, recording the status and reply, or the error."""
    # The same message_id on every resend: a turn stored before its answer was lost is
    # answered from the tracker store, not run twice (channels/turns.py).
    body = json.dumps(
        {
            "sender": turn.conversation,
            "message": turn.question,
            "message_id": turn.message_id,
            "metadata": {"turn": turn.number},
        }
    ).encode()
    request = urllib.request.Request(
        turn.url.rstrip("/") + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    turn.started = time.monotonic()
    turn.attempts += 1
    turn.status, turn.reply, turn.error = None, "", ""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            turn.status = response.status
            messages = json.loads(response.read().decode() or "[]")
            turn.reply = "\n".join(m.get("text", "") for m in messages)
    except urllib.error.HTTPError as error:
        turn.status = error.code
        turn.error = error.read().decode(errors="replace")[:300]
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, OSError) as error:
        turn.error = f"{type(error).__name__}: {error}"
    turn.finished = time.monotonic()
    turn.history.append((turn.started, turn.finished, turn.status or turn.error[:40]))
    return turn


def send_until_answered(turn: Turn, attempts: int = 60, pause: float = 1.0) -> Turn:
    """Resend a turn that failed clearly (5xx, no answer), as a client would."""
    while True:
        send(turn)
        if not turn.failed_clearly or turn.attempts >= attempts:
            return turn
        turn.failures.append(f"HTTP {turn.status}" if turn.status else turn.error.split(":")[0])
        time.sleep(pause)


@dataclass
class StoredTurn:
    number: Optional[int]
    text: str
    bot_texts: List[str] = field(default_factory=list)


def stored_conversations(engine, senders: Iterable[str]) -> Dict[str, List[StoredTurn]]:
    """User turns (with the bot messages that follow each) per sender, in the order stored."""
    import sqlalchemy as sa

    senders = list(senders)
    result: Dict[str, List[StoredTurn]] = {sender: [] for sender in senders}
    query = sa.text("SELECT sender_id, type_name, data FROM events WHERE sender_id IN :senders ORDER BY id").bindparams(
        sa.bindparam("senders", expanding=True)
    )
    with engine.connect() as connection:
        for sender, type_name, data in connection.execute(query, {"senders": senders}):
            event = json.loads(data)
            if type_name == "user":
                number = (event.get("metadata") or {}).get("turn")
                result[sender].append(StoredTurn(number, event.get("text") or ""))
            elif type_name == "bot" and result[sender]:
                result[sender][-1].bot_texts.append(event.get("text") or "")
    return result


def conversation_problems(sent: List[Turn], stored: List[StoredTurn], ordered: bool = True) -> List[str]:
    """Why the stored conversation does not match the client's view (empty: it matches).

    Answered turns must all be stored; a turn the client saw fail may or may not have been
    processed before the failure. Stored turns must be in the order sent (unless they were
    sent at the same time: `ordered=False`), once each, each followed by its own answer.
    """
    by_number = {turn.number: turn for turn in sent}
    numbers = [turn.number for turn in stored]
    problems = []
    if None in numbers or len(set(numbers)) != len(numbers):
        problems.append(f"stored turns duplicated or without a number: {numbers}")
    elif ordered and numbers != sorted(numbers):
        problems.append(f"stored turns out of order: {numbers}")
    for turn in sent:
        if turn.answered and turn.number not in numbers:
            problems.append(f"turn {turn.number} ({turn.question!r}) was answered but is not stored")
    for stored_turn in stored:
        sent_turn = by_number.get(stored_turn.number)
        if sent_turn is None:
            problems.append(f"stored turn {stored_turn.number} was never sent")
            continue
        if stored_turn.text != sent_turn.question:
            problems.append(f"turn {stored_turn.number} stored as {stored_turn.text!r}")
        if not any(ANSWERS[sent_turn.question] in text for text in stored_turn.bot_texts):
            problems.append(f"turn {stored_turn.number} stored without its answer: {stored_turn.bot_texts}")
    return problems


@dataclass
class Figures:
    turns: int
    answered: int
    lost: int
    duplicated: int
    out_of_order: int
    wrong: int
    unanswered: int
    resends: int
    failure_kinds: Dict[str, int]
    elapsed: float
    faults: List[str]

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.out_of_order or self.wrong or self.unanswered)

    def summary(self) -> str:
        return (
            f"{self.turns} turns in {self.elapsed:.0f} s ({self.turns / max(self.elapsed, 1e-9):.1f} turns/s): "
            f"{self.answered} answered, {self.lost} lost, {self.duplicated} duplicated, "
            f"{self.out_of_order} out of order, {self.wrong} wrong, {self.unanswered} unanswered; "
            f"{self.resends} resends after {dict(self.failure_kinds) or 'no failures'}; "
            f"faults: {'; '.join(self.faults) or 'none'}"
        )


def check(engine, plan: Dict[str, List[Turn]], elapsed: float, faults: List[str]) -> Figures:
    """The figures, from what the clients saw and what Postgres holds."""
    stored = stored_conversations(engine, plan)
    turns = [t for ts in plan.values() for t in ts]
    lost = duplicated = out_of_order = 0
    for sender, sent in plan.items():
        numbers = [s.number for s in stored[sender]]
        duplicated += len(numbers) - len(set(numbers))
        distinct = list(dict.fromkeys(numbers))
        out_of_order += int(distinct != sorted(n for n in distinct if n is not None))
        lost += sum(1 for t in sent if t.answered and t.number not in numbers)
    return Figures(
        turns=len(turns),
        answered=sum(t.answered for t in turns),
        lost=lost,
        duplicated=duplicated,
        out_of_order=out_of_order,
        wrong=sum(t.silently_wrong for t in turns),
        unanswered=sum(not t.answered for t in turns),
        resends=sum(t.attempts - 1 for t in turns),
        failure_kinds=Counter(kind for t in turns for kind in t.failures),
        elapsed=elapsed,
        faults=faults,
    )


def make_plan(url: str, conversations: int, turns: int, prefix: str) -> Dict[str, List[Turn]]:
    return {
        f"{prefix}-{c}": [Turn(f"{prefix}-{c}", n, q, url) for n, q in enumerate(questions_for(c, turns))]
        for c in range(conversations)
    }


def drive(plan: Dict[str, List[Turn]], concurrency: int, after_each: Callable[[Turn], None] = lambda _: None) -> None:
    """`concurrency` conversations at a time; the turns of each one after another, resent until answered."""

    def converse(turns: List[Turn]) -> None:
        for turn in turns:
            send_until_answered(turn)
            after_each(turn)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(converse, plan.values()))


def fault_schedule(cluster, outage_seconds: Dict[str, float]) -> List[Callable[[], str]]:
    """Kill and restart the last Rasa instance; stop Redis; stop Postgres (each then back)."""

    def kill_instance() -> str:
        last = len(cluster.rasa) - 1
        cluster.rasa[last].kill()
        killed = time.monotonic()
        cluster.rasa[last] = cluster.rasa_instance(last).start()
        cluster.wait_ready(last)
        return f"rasa{last + 1} killed, back after {time.monotonic() - killed:.0f} s"

    def stop_redis() -> str:
        cluster.redis.stop()
        time.sleep(outage_seconds["redis"])
        cluster.redis.start()
        return f"Redis stopped for {outage_seconds['redis']:.0f} s"

    def stop_postgres() -> str:
        cluster.postgres.stop()
        time.sleep(outage_seconds["postgres"])
        cluster.postgres.start()
        return f"Postgres stopped for {outage_seconds['postgres']:.0f} s"

    return [kill_instance, stop_redis, stop_postgres]


def soak(
    cluster,
    conversations: int,
    turns: int,
    concurrency: int,
    faults: bool = True,
    prefix: str = "soak",
    outage_seconds: Optional[Dict[str, float]] = None,
) -> Figures:
    """Run the load (with the faults at 1/4, 1/2 and 3/4 of the turns) and check it by SQL."""
    import sqlalchemy as sa

    plan = make_plan(cluster.balancer_url, conversations, turns, prefix)
    total = conversations * turns
    schedule = fault_schedule(cluster, outage_seconds or {"redis": 3.0, "postgres": 5.0}) if faults else []
    triggers = [total * (i + 1) // (len(schedule) + 1) for i in range(len(schedule))]
    done, lock, happened = [0], threading.Lock(), []
    pending: List[threading.Thread] = []

    def count(_: Turn) -> None:
        with lock:
            done[0] += 1
            for index, trigger in enumerate(triggers):
                if done[0] == trigger:
                    fault = schedule[index]
                    thread = threading.Thread(target=lambda f=fault: happened.append(f()))
                    pending.append(thread)
                    thread.start()

    started = time.monotonic()
    drive(plan, concurrency, count)
    for thread in pending:
        thread.join()
    elapsed = time.monotonic() - started
    engine = sa.create_engine(cluster.postgres.url)
    try:
        return check(engine, plan, elapsed, happened)
    finally:
        engine.dispose()


def main(argv: Optional[Sequence[str]] = None) -> int:
    from scripts.ops.scale_local import LocalCluster, ScaleLocalError, free_port, latest_model, profile_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=500)
    parser.add_argument("--turns", type=int, default=20, help="turns per conversation")
    parser.add_argument("--concurrency", type=int, default=50, help="conversations at a time")
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--no-faults", action="store_true", help="no instance kill, Redis or Postgres stop")
    args = parser.parse_args(argv)

    import os

    settings = {**profile_settings(dict(os.environ)), "LOAD_TEST_ADDRESSES": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    state = Path(tempfile.mkdtemp(prefix="soak-"))  # a fresh database: only this soak's conversations
    state.chmod(0o755)  # the postgres user (when run as root) must reach its folder inside
    logs = ROOT / "var" / "log" / "soak"
    cluster = LocalCluster(
        args.instances,
        state,
        logs,
        settings,
        free_port(),
        latest_model(),
        postgres_settings=("synchronous_commit=off",),
    )
    try:
        cluster.start(lambda line: print(f"  starting {line}", flush=True))
        print(
            f"soak: {args.conversations} conversations x {args.turns} turns, {args.concurrency} at a time, "
            f"through nginx over {args.instances} Rasa instances{'' if args.no_faults else ', with faults'}",
            flush=True,
        )
        figures = soak(cluster, args.conversations, args.turns, args.concurrency, not args.no_faults)
    except ScaleLocalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
        import shutil

        shutil.rmtree(state, ignore_errors=True)
    print(f"soak: {figures.summary()}")
    print(f"Logs: {logs}/")
    return 0 if figures.clean else 1


if __name__ == "__main__":
    sys.exit(main())
