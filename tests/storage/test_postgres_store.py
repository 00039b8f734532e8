"""storage.tracker_store.StrictSQLTrackerStore against a real (throwaway) Postgres: a missing
database or table is created, or the start fails with one line saying what to run; a stopped
server refuses operations instead of losing them, and the store recovers when it is back."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Iterator

import psycopg2
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from storage.tracker_store import StrictSQLTrackerStore, TrackerStoreSetupError, TrackerStoreUnavailable
from tests.storage.infra import Postgres, start_postgres
from tests.support.servers import free_port

pytestmark = [pytest.mark.live, pytest.mark.scaleout]  # a real Postgres


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres]:
    server = start_postgres(free_port(), Path(tmp_path_factory.mktemp("pg-store")), database=None)
    try:
        yield server
    finally:
        server.remove()


def admin(postgres: Postgres):
    connection = psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, password=postgres.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection


def store(postgres: Postgres, db: str, **settings: object) -> StrictSQLTrackerStore:
    return StrictSQLTrackerStore(
        Domain.empty(),
        dialect="postgresql",
        host="127.0.0.1",
        port=str(postgres.port),
        db=db,
        username=settings.pop("username", postgres.user),
        password=settings.pop("password", postgres.password),
        **settings,
    )


def a_turn(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    for event in (UserUttered("hello"), ActionExecuted("utter_greet"), BotUttered("hi")):
        tracker.update(event)
    return tracker


def stored(postgres: Postgres, db: str, sender: str) -> int:
    connection = psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, password=postgres.password, dbname=db
    )
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events WHERE sender_id = %s", (sender,))
        count = cursor.fetchone()[0]
    connection.close()
    return count


def test_a_missing_database_and_table_are_created_at_start(postgres: Postgres) -> None:
    tracker_store = store(postgres, "made_at_start")
    asyncio.run(tracker_store.save(a_turn("first")))
    assert stored(postgres, "made_at_start", "first") == 3


def test_without_create_database_the_start_fails_saying_what_to_run(postgres: Postgres) -> None:
    with pytest.raises(TrackerStoreSetupError, match=r"does not exist .*CREATE DATABASE not_there OWNER rasa"):
        store(postgres, "not_there", create_database="false")


def test_a_user_who_may_not_create_it_gets_the_command_for_a_superuser(postgres: Postgres) -> None:
    with admin(postgres).cursor() as cursor:
        cursor.execute("CREATE ROLE limited LOGIN PASSWORD 'limited-pw' NOCREATEDB")
    with pytest.raises(TrackerStoreSetupError, match=r"user 'limited' may not create it .*as a Postgres superuser"):
        store(postgres, "for_limited", username="limited", password="limited-pw")


def test_a_table_or_database_dropped_while_running_is_made_again(postgres: Postgres) -> None:
    tracker_store = store(postgres, "repaired")
    with psycopg2.connect(
        host="127.0.0.1", port=postgres.port, user=postgres.user, password=postgres.password, dbname="repaired"
    ) as connection:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE events")
    connection.close()
    asyncio.run(tracker_store.save(a_turn("after-drop-table")))
    assert stored(postgres, "repaired", "after-drop-table") == 3

    with admin(postgres).cursor() as cursor:
        cursor.execute("DROP DATABASE repaired WITH (FORCE)")
    with pytest.raises(TrackerStoreUnavailable):  # the pool's connections died with it
        asyncio.run(tracker_store.save(a_turn("during-drop")))
    asyncio.run(tracker_store.save(a_turn("after-drop-database")))
    assert stored(postgres, "repaired", "after-drop-database") == 3


def test_a_stopped_server_refuses_quickly_and_the_store_recovers(postgres: Postgres) -> None:
    tracker_store = store(postgres, "outage")
    asyncio.run(tracker_store.save(a_turn("before")))
    postgres.stop()
    try:
        started = time.monotonic()
        with pytest.raises(TrackerStoreUnavailable) as refused:
            asyncio.run(tracker_store.retrieve("before"))
        with pytest.raises(TrackerStoreUnavailable):
            asyncio.run(tracker_store.save(a_turn("during")))
        elapsed = time.monotonic() - started
        with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises while Postgres is down
            tracker_store.check()
    finally:
        postgres.start()
    print(f"Postgres stopped: read and write refused in {elapsed:.2f} s ({refused.value.reason})")
    assert elapsed < 10
    # The pooled connections died with the server; they are checked before use.
    assert asyncio.run(tracker_store.retrieve("before")) is not None
    asyncio.run(tracker_store.save(a_turn("after")))
    assert stored(postgres, "outage", "during") == 0 and stored(postgres, "outage", "after") == 3
