"""The production profile as `make scale-local` starts it (scripts/ops/scale_local.LocalCluster:
Postgres, Redis, nginx, 2 Rasa instances, one action server, all local processes), under
faults. The tests run in file order on one cluster and print their figures:

- start-up creates the missing database and table, and every instance is ready;
- readiness is false while each of Postgres, Redis and the action server is down, true after;
- Postgres stopped for a few seconds mid-conversation: no turn answered 200 without being
  stored, and an emergency during the outage still gets its reply;
- a Redis outage refuses turns with one log line each;
- a table dropped while running is made again;
- a scaled-down soak (bench/soak.py, what `make soak` runs): 20 conversations x 10 turns
  with an instance killed, Redis stopped and Postgres stopped, checked by SQL.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest
import sqlalchemy as sa

from channels.turns import UNAVAILABLE_REPLY
from scripts.ops.scale_local import LocalCluster, ScaleLocalError, find_binary, free_port, postgres_bin_dirs
from bench.soak import Turn, conversation_problems, make_plan, send, soak, stored_conversations
from tests.security.support import SocketChat
from tests.support.servers import latest_model

pytestmark = [pytest.mark.live, pytest.mark.scaleout]  # Postgres, Redis, nginx

EMERGENCY = "my child swallowed all my baclofen tablets"
SETTINGS = {
    "ACTION_SERVER_TOKEN": "scaleout-test-token",
    "TICKET_LOCK_LIFETIME": "10",
    "SQL_POOL_SIZE": "5",
    "SQL_MAX_OVERFLOW": "10",
    "LOG_LEVEL": "WARNING",
    "BACLOFEN_PRODUCTION": "true",
    # all the load comes from this machine: exempt from nginx's per-IP limit, as a load generator
    "LOAD_TEST_ADDRESSES": "127.0.0.1",
}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    for binary, package, where in (
        ("initdb", "postgresql", postgres_bin_dirs()),
        ("redis-server", "redis-server", ()),
        ("nginx", "nginx", ()),
    ):
        try:
            find_binary(binary, package, where)
        except ScaleLocalError as error:
            pytest.skip(str(error))
    state = Path(tempfile.mkdtemp(prefix="scaleout-"))
    state.chmod(0o755)  # the postgres user (when run as root) must reach its folder inside
    cluster = LocalCluster(
        2,
        state,
        tmp_path_factory.mktemp("scaleout-logs"),
        SETTINGS,
        free_port(),
        latest_model(),
        postgres_settings=("fsync=off", "synchronous_commit=off"),
    )
    started = time.monotonic()
    try:
        cluster.start()
        print(f"\nscale-local cluster (2 Rasa instances) ready in {time.monotonic() - started:.0f} s")
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(state, ignore_errors=True)


def get(url: str) -> Tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def post(url: str, sender: str, text: str) -> Tuple[int, object]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def engine(cluster: LocalCluster) -> sa.engine.Engine:
    return sa.create_engine(cluster.postgres.url)


def wait_for_readiness(url: str, ready: bool, timeout: float = 40) -> Tuple[float, dict]:
    started = time.monotonic()
    while True:
        status, body = get(url + "/health/ready")
        if (status == 200) == ready:
            return time.monotonic() - started, body
        assert time.monotonic() - started < timeout, f"readiness stayed {status}: {body}"
        time.sleep(0.5)


def test_start_up_creates_the_database_and_every_instance_is_ready(cluster: LocalCluster) -> None:
    for url in cluster.rasa_urls:
        status, body = get(url + "/health/ready")
        assert status == 200 and body["ready"], body
        assert set(body["checks"]) == {"model", "tracker_store", "lock_store", "action_server"}
    status, body = get(cluster.balancer_url + "/health")  # nginx passes readiness on, without details
    assert status == 200 and body == {"ready": True}
    with urllib.request.urlopen(cluster.rasa_urls[0] + "/health/metrics", timeout=10) as response:
        metrics = response.read().decode()
    # the counters exist from the start (their values depend on which fault tests ran before: the
    # cluster is shared by this module, whose order is random)
    assert re.search(r'^baclofen_tracker_store_failures_total\{operation="save"\} \d', metrics, re.M), metrics
    assert re.search(r'^baclofen_action_failures_total\{action="action_add_disclaimer"\} \d', metrics, re.M)
    with engine(cluster).connect() as connection:  # made by the tracker store: nobody created it
        assert connection.execute(sa.text("SELECT COUNT(*) FROM events")).scalar() >= 0


@pytest.mark.parametrize("dependency", ["postgres", "redis", "action_server"])
def test_readiness_is_false_while_a_dependency_is_down_and_true_after(cluster: LocalCluster, dependency: str) -> None:
    check = {"postgres": "tracker_store", "redis": "lock_store", "action_server": "action_server"}[dependency]
    url = cluster.rasa_urls[0]
    if dependency == "postgres":
        cluster.postgres.stop()
    elif dependency == "redis":
        cluster.redis.stop()
    else:
        cluster.actions.stop()
    try:
        noticed, body = wait_for_readiness(url, ready=False)
        assert not body["checks"][check]["ok"], body
        failing = [name for name, result in body["checks"].items() if not result["ok"]]
        assert failing == [check], body
    finally:
        if dependency == "postgres":
            cluster.postgres.start()
        elif dependency == "redis":
            cluster.redis.start()
        else:
            cluster.actions = cluster.action_server().start()
    recovered, _ = wait_for_readiness(url, ready=True)
    print(
        f"readiness with {dependency} down: false after {noticed:.1f} s ({body['checks'][check]['detail']}); "
        f"true {recovered:.1f} s after it came back"
    )


def test_postgres_stopped_mid_conversation_no_turn_is_answered_without_being_stored(cluster: LocalCluster) -> None:
    status, normal_emergency = post(cluster.balancer_url, "pg-emergency-before", EMERGENCY)
    assert status == 200 and normal_emergency
    plan = make_plan(cluster.balancer_url, 10, 8, "pg-outage")
    emergency: Dict[str, object] = {}
    outage: List[float] = []

    def stop_postgres_for_a_while() -> None:
        time.sleep(3)
        cluster.postgres.stop()
        outage.append(time.monotonic())
        emergency["reply"] = post(cluster.balancer_url, "pg-emergency-during", EMERGENCY)
        time.sleep(4)
        cluster.postgres.start()
        outage.append(time.monotonic())

    def converse(turns: List[Turn]) -> None:
        for turn in turns:
            send(turn)  # once: the client's view of each turn is what is checked
            time.sleep(0.3)

    fault = threading.Thread(target=stop_postgres_for_a_while)
    fault.start()
    threads = [threading.Thread(target=converse, args=(turns,)) for turns in plan.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fault.join()

    turns = [t for ts in plan.values() for t in ts]
    during = [t for t in turns if t.finished > outage[0] and t.started < outage[1]]
    refused = [t for t in turns if t.status == 503]
    wrong = [t for t in turns if t.silently_wrong]
    stored = stored_conversations(engine(cluster), plan)
    problems = {s: p for s, sent in plan.items() if (p := conversation_problems(sent, stored[s]))}
    answered_during = [t for t in during if t.answered]
    emergency_status, emergency_body = emergency["reply"]
    print(
        f"Postgres stopped for {outage[1] - outage[0]:.1f} s mid-conversation: {len(turns)} turns, "
        f"{len(during)} during the outage ({len(answered_during)} answered 200, all stored), "
        f"{len(refused)} refused with 503, {len(wrong)} silently wrong; "
        f"{len(problems)} conversations wrong in Postgres; emergency during the outage: HTTP {emergency_status} "
        f"with {len(emergency_body.get('messages', []))} safety message(s)"
    )
    assert not wrong, [(t.conversation, t.number, t.status, t.reply[:80]) for t in wrong[:5]]
    assert refused, "the outage refused no turn: it was not observed"
    assert all(json.loads(t.error)["error"] == UNAVAILABLE_REPLY for t in refused)
    assert not problems, dict(list(problems.items())[:3])
    assert emergency_status == 503 and emergency_body["error"] == UNAVAILABLE_REPLY
    assert [m["text"] for m in emergency_body["messages"]] == [m["text"] for m in normal_emergency]
    wait_for_readiness(cluster.rasa_urls[0], ready=True)


def test_the_widget_shows_the_outage_and_still_gets_the_emergency_reply(cluster: LocalCluster) -> None:
    url = cluster.rasa_urls[0]
    chat = SocketChat(url, origin=url).connect()
    try:
        chat.start_session()
        normal_emergency = chat.say(EMERGENCY)
        cluster.postgres.stop()
        try:
            question = chat.say("what is baclofen")
            emergency = chat.say(EMERGENCY)
        finally:
            cluster.postgres.start()
    finally:
        chat.close()
    print(f"socket.io with Postgres down: a question got {question}; an emergency got {len(emergency)} messages")
    assert question == [UNAVAILABLE_REPLY]
    assert normal_emergency and emergency == [*normal_emergency, UNAVAILABLE_REPLY]
    wait_for_readiness(url, ready=True)


def test_a_redis_outage_refuses_each_turn_with_one_log_line(cluster: LocalCluster) -> None:
    log = cluster.rasa[0].log_path
    before = log.read_text(errors="replace").count("\n")
    cluster.redis.stop()
    try:
        statuses = [post(cluster.rasa_urls[0], f"redis-down-{n}", "what is baclofen")[0] for n in range(5)]
    finally:
        cluster.redis.start()
    lines = log.read_text(errors="replace").splitlines()[before:]
    refused_lines = [line for line in lines if "Turn refused" in line]
    print(
        f"Redis down: {len(statuses)} turns answered {sorted(set(statuses))}; the log got {len(lines)} line(s): "
        f"{refused_lines[:1]}"
    )
    assert statuses == [503] * 5
    assert len(refused_lines) == 5 and all("lock_store_unavailable" in line for line in refused_lines)
    assert len(lines) == 5, lines
    wait_for_readiness(cluster.rasa_urls[0], ready=True)


def test_a_resent_message_is_answered_from_the_tracker_store_not_run_twice(cluster: LocalCluster) -> None:
    first = send(Turn("resend", 0, "what is baclofen", cluster.rasa_urls[0]))
    again = send(Turn("resend", 0, "what is baclofen", cluster.rasa_urls[1]))  # another instance
    assert first.answered and again.answered and again.reply == first.reply
    assert [s.number for s in stored_conversations(engine(cluster), ["resend"])["resend"]] == [0]


def test_a_table_dropped_while_running_is_made_again(cluster: LocalCluster) -> None:
    with engine(cluster).begin() as connection:
        connection.execute(sa.text("DROP TABLE events"))
    turn = send(Turn("after-drop", 0, "what is baclofen", cluster.balancer_url))
    assert turn.answered, (turn.status, turn.error)
    stored = stored_conversations(engine(cluster), ["after-drop"])
    assert [s.number for s in stored["after-drop"]] == [0]


def test_scaled_down_soak_with_an_instance_killed_redis_and_postgres_stopped(cluster: LocalCluster) -> None:
    figures = soak(
        cluster,
        conversations=20,
        turns=10,
        concurrency=20,
        faults=True,
        prefix="small-soak",
        outage_seconds={"redis": 2.0, "postgres": 3.0},
    )
    print(f"scaled-down soak: {figures.summary()}")
    assert len(figures.faults) == 3, figures.faults
    assert figures.clean, figures.summary()
    assert figures.lost == figures.duplicated == figures.out_of_order == 0
