"""Right to erasure on the scaled-out profile: Postgres tracker store and Redis lock store, with
deploy/endpoints.production.yml and credentials.production.yml, one Rasa instance."""

from __future__ import annotations

import contextlib
import uuid
from typing import Iterator, Tuple

import pytest
import sqlalchemy as sa

from channels.erasure import ERASED_REPLY
from tests.storage.conftest import ActionServer
from tests.storage.infra import DEPLOY, Redis, start_postgres
from tests.support.servers import free_port, rasa_server, rest_turn

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def production(
    tmp_path_factory: pytest.TempPathFactory, storage_actions: ActionServer
) -> Iterator[Tuple[str, sa.engine.Engine]]:
    log_dir = tmp_path_factory.mktemp("erasure-postgres")
    with contextlib.ExitStack() as stop_later:
        postgres = start_postgres(free_port(), log_dir)
        stop_later.callback(postgres.stop)
        redis = Redis(free_port(), "redis-secret", log_dir).start()
        stop_later.callback(redis.stop)
        environment = {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(postgres.port),
            "DB_NAME": postgres.database,
            "DB_USER": postgres.user,
            "DB_PASSWORD": postgres.password,
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis.port),
            "REDIS_PASSWORD": redis.password,
            "ACTION_SERVER_URL": storage_actions.webhook,
            "ACTION_SERVER_TOKEN": "erasure-test-token",
            "TICKET_LOCK_LIFETIME": "20",
            "SQL_POOL_SIZE": "5",
            "SQL_MAX_OVERFLOW": "5",
            "RASA_TELEMETRY_ENABLED": "false",
        }
        port = free_port()
        rasa = rasa_server(
            port, log_dir, DEPLOY / "endpoints.production.yml", DEPLOY / "credentials.production.yml", env=environment
        ).start()
        stop_later.callback(rasa.stop)
        rasa.wait_until_ready(timeout=300)
        engine = sa.create_engine(postgres.url)
        stop_later.callback(engine.dispose)
        yield f"http://127.0.0.1:{port}", engine


def stored(engine: sa.engine.Engine, sender: str) -> int:
    with engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}
        ).scalar_one()


def test_erasure_deletes_the_conversation_from_postgres_and_only_it(production) -> None:
    url, engine = production
    sender, other = f"erase-{uuid.uuid4().hex[:8]}", f"keep-{uuid.uuid4().hex[:8]}"
    rest_turn(url, sender, "what is baclofen")
    rest_turn(url, sender, "can I talk to a real person")
    rest_turn(url, other, "hello")
    assert stored(engine, sender) > 0
    reply = rest_turn(url, sender, "/erase_conversation_confirmed")
    assert reply == [{"recipient_id": sender, "text": ERASED_REPLY, "metadata": {"erased": True}}]
    assert stored(engine, sender) == 0
    assert stored(engine, other) > 0
    # nothing re-saved it; a new message starts a new conversation
    rest_turn(url, sender, "hello")
    with engine.connect() as connection:
        texts = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}
        ).fetchall()
    assert len(texts) == 1 and '"hello"' in texts[0][0]
