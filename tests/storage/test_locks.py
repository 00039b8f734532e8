"""storage.locks.AtomicRedisLockStore against a real Redis, with several store objects
standing in for several Rasa instances."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Iterator, List, Type

import pytest
from rasa.core.lock_store import LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from storage.locks import AtomicRedisLockStore
from tests.storage.infra import Redis
from tests.support.servers import free_port

pytestmark = [pytest.mark.live, pytest.mark.scaleout]  # a real redis-server

INSTANCES = 8


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    server = Redis(free_port(), "lock-secret", Path(tmp_path_factory.mktemp("locks"))).start()
    try:
        yield server
    finally:
        server.stop()


def stores(kind: Type[RedisLockStore], redis_server: Redis) -> List[LockStore]:
    return [
        kind(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=1) for _ in range(INSTANCES)
    ]


def tickets_issued_at_once(instances: List[LockStore], conversation: str, per_instance: int) -> List[int]:
    start, tickets, guard = threading.Barrier(len(instances)), [], threading.Lock()

    def issue(store: LockStore) -> None:
        start.wait()
        mine = [store.issue_ticket(conversation, 60) for _ in range(per_instance)]
        with guard:
            tickets.extend(mine)

    threads = [threading.Thread(target=issue, args=(store,)) for store in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tickets


def test_tickets_issued_at_the_same_moment_by_many_instances_are_unique(redis_server: Redis) -> None:
    stock = tickets_issued_at_once(stores(RedisLockStore, redis_server), "stock", 25)
    atomic = tickets_issued_at_once(stores(AtomicRedisLockStore, redis_server), "atomic", 25)
    print(
        f"lock store: {len(stock) - len(set(stock))} of {len(stock)} tickets duplicated by Rasa's "
        f"RedisLockStore, {len(atomic) - len(set(atomic))} by AtomicRedisLockStore"
    )
    assert sorted(atomic) == list(range(INSTANCES * 25))


def test_turns_of_one_conversation_never_overlap(redis_server: Redis) -> None:
    """Each instance runs several turns of one conversation at once, as Rasa does."""
    inside, most_inside, done, guard = [0], [0], [0], threading.Lock()

    async def turn(store: LockStore) -> None:
        async with store.lock("shared-conversation", lock_lifetime=30, wait_time_in_seconds=0.005):
            with guard:
                inside[0] += 1
                most_inside[0] = max(most_inside[0], inside[0])
            await asyncio.sleep(0.002)
            with guard:
                inside[0] -= 1
                done[0] += 1

    async def instance(store: LockStore) -> None:
        await asyncio.gather(*(turn(store) for _ in range(5)))

    threads = [
        threading.Thread(target=asyncio.run, args=(instance(store),))
        for store in stores(AtomicRedisLockStore, redis_server)[:4]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert done[0] == 20 and most_inside[0] == 1
    assert (
        AtomicRedisLockStore(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=1).get_lock(
            "shared-conversation"
        )
        is None
    )  # cleaned up


def test_rasa_builds_it_from_the_endpoints_settings(redis_server: Redis) -> None:
    config = EndpointConfig.from_dict(
        {
            "type": "storage.locks.AtomicRedisLockStore",
            "url": "127.0.0.1",
            "port": str(redis_server.port),
            "password": redis_server.password,
            "db": 1,
        }
    )
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.issue_ticket("built", 10) == 0 and store.red.ping()


def one_store(redis_server: Redis) -> AtomicRedisLockStore:
    return stores(AtomicRedisLockStore, redis_server)[0]


async def seconds_to_acquire(store: LockStore, conversation: str, lifetime: float, poll: float) -> float:
    started = time.monotonic()
    async with store.lock(conversation, lock_lifetime=lifetime, wait_time_in_seconds=poll):
        return time.monotonic() - started


def test_a_turn_queued_just_behind_a_dead_instances_ticket_gets_the_lock_when_that_expires(
    redis_server: Redis,
) -> None:
    """An instance killed mid-turn never gives its ticket back. The next turn of that
    conversation, issued moments later on the surviving instance, used to expire a moment
    after the dead ticket and then wait for ever (Rasa's waiting tickets expire too)."""
    dead, alive = one_store(redis_server), one_store(redis_server)
    dead.issue_ticket("orphaned", 2)
    time.sleep(0.05)
    waited = asyncio.run(asyncio.wait_for(seconds_to_acquire(alive, "orphaned", 2, 1), timeout=10))
    print(f"lock store: a turn behind a dead instance's ticket got the lock after {waited:.1f} s")
    assert 1.5 < waited < 4
    assert alive.get_lock("orphaned") is None


def test_a_turn_can_wait_longer_than_the_lock_lifetime_behind_live_turns(redis_server: Redis) -> None:
    store, inside, most_inside = one_store(redis_server), [0], [0]

    async def turn() -> None:
        async with store.lock("long-queue", lock_lifetime=1.0, wait_time_in_seconds=0.05):
            inside[0] += 1
            most_inside[0] = max(most_inside[0], inside[0])
            await asyncio.sleep(0.6)  # each turn holds the lock for well within its lifetime
            inside[0] -= 1

    async def four_turns_at_once() -> None:
        await asyncio.wait_for(asyncio.gather(*(turn() for _ in range(4))), timeout=10)

    started = time.monotonic()
    asyncio.run(four_turns_at_once())  # the last one waits ~1.8 s, longer than the 1 s lifetime
    assert most_inside[0] == 1 and time.monotonic() - started < 4


def test_a_turn_whose_ticket_vanished_fails_instead_of_waiting_for_ever(redis_server: Redis) -> None:
    holder, waiter = one_store(redis_server), one_store(redis_server)
    holder.issue_ticket("vanished", 30)

    async def wait_then_lose_the_ticket() -> None:
        waiting = asyncio.ensure_future(seconds_to_acquire(waiter, "vanished", 30, 0.05))
        await asyncio.sleep(0.2)
        holder.finish_serving("vanished", 1)  # e.g. Redis restarted, or this process stalled too long
        with pytest.raises(LockError, match="expired while waiting"):
            await asyncio.wait_for(waiting, timeout=5)

    asyncio.run(wait_then_lose_the_ticket())
    holder.finish_serving("vanished", 0)
