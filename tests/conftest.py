"""Fixtures shared by the live tests: one trained assistant, started once per test session."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import pytest

from tests.support.servers import (
    ManagedProcess,
    action_server,
    free_port,
    latest_model,
    rasa_server,
    rest_turn,
    write_endpoints,
)

# Tier summary at the end of every run, --no-skips, and the `live` marker guard.
pytest_plugins = ["tests.support.tiers"]


@dataclass
class LiveBot:
    url: str
    rasa: ManagedProcess
    actions: ManagedProcess
    tracker_db: Path

    def say(self, sender: str, message: str) -> List[dict]:
        return rest_turn(self.url, sender, message)


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    """The action server and a Rasa server with the REST and socketio channels.

    Conversations go to a SQLite tracker store in the test's folder, so tests can read them.
    """
    log_dir: Path = tmp_path_factory.mktemp("live-bot")
    action_port, rasa_port = free_port(), free_port()
    actions = action_server(action_port, log_dir).start()
    tracker_db = log_dir / "conversations.db"
    endpoints = write_endpoints(
        log_dir / "endpoints.yml",
        action_port,
        f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {tracker_db}\n",
    )
    rasa = rasa_server(rasa_port, log_dir, endpoints).start()
    try:
        actions.wait_until_ready(timeout=60)
        rasa.wait_until_ready(timeout=180)
        yield LiveBot(f"http://127.0.0.1:{rasa_port}", rasa, actions, tracker_db)
    finally:
        rasa.stop()
        actions.stop()


def _seed_with_32_bits(seeder, seed: int) -> None:
    seeder(seed % 2**32)


def pytest_configure(config: pytest.Config) -> None:
    """pytest-randomly reseeds per test with its seed plus a hash of the test's id, which can
    pass 2**32; spaCy's thinc registers a seeder that hands it to numpy, which then raises
    "Seed must be between 0 and 2**32 - 1". Give every registered seeder 32 bits."""
    try:
        import pytest_randomly
    except ImportError:  # `-p no:randomly` still imports it; absent only outside `make install`
        return
    from importlib.metadata import entry_points

    seeders = [e.load() for e in entry_points(group="pytest_randomly.random_seeder")]
    pytest_randomly.entrypoint_reseeds = [functools.partial(_seed_with_32_bits, s) for s in seeders]


@pytest.fixture(scope="module")
def parse():
    """The trained model's whole NLU pipeline, loaded once: text -> parse result."""
    from rasa.core.agent import load_agent

    loop = asyncio.new_event_loop()
    agent = loop.run_until_complete(load_agent(model_path=str(latest_model())))
    assert agent.is_ready(), f"could not load {latest_model()}"
    yield lambda text: loop.run_until_complete(agent.parse_message(text))
    loop.close()
