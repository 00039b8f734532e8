"""storage.locks.AtomicRedisLockStore against a real Redis, with several store objects
standing in for several Rasa instances."""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Iterator, List, Type

import pytest
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from storage.locks import AtomicRedisLockStore
from tests.storage.infra import Redis
from tests.support.servers import free_port

INSTANCES = 8


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    server = Redis(free_port(), "lock-secret", Path(tmp_path_factory.mktemp("locks"))).start()
    try:
        yield server
    finally:
        server.stop()


def stores(kind: Type[RedisLockStore], redis_server: Redis) -> List[LockStore]:
    return [kind(host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=1)
            for _ in range(INSTANCES)]


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
    print(f"lock store: {len(stock) - len(set(stock))} of {len(stock)} tickets duplicated by Rasa's "
          f"RedisLockStore, {len(atomic) - len(set(atomic))} by AtomicRedisLockStore")
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

    threads = [threading.Thread(target=asyncio.run, args=(instance(store),))
               for store in stores(AtomicRedisLockStore, redis_server)[:4]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert done[0] == 20 and most_inside[0] == 1
    assert AtomicRedisLockStore(host="127.0.0.1", port=redis_server.port, password=redis_server.password,
                                db=1).get_lock("shared-conversation") is None  # cleaned up


def test_rasa_builds_it_from_the_endpoints_settings(redis_server: Redis) -> None:
    config = EndpointConfig.from_dict({"type": "storage.locks.AtomicRedisLockStore", "url": "127.0.0.1",
                                       "port": str(redis_server.port), "password": redis_server.password, "db": 1})
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.issue_ticket("built", 10) == 0 and store.red.ping()
