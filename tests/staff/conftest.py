"""One assistant for all the staff-tool tests: action server + Rasa with the HTTP API on
(random token) and a SQLite tracker store in a temporary folder, started once per session."""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The project root (for `staff` and `tests.support`) and this folder (for staff_test_helpers),
# whatever pytest's import mode.
for folder in (str(ROOT), str(HERE)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

from tests.support.servers import action_server, free_port, rasa_server, write_endpoints  # noqa: E402


@dataclass
class StaffBot:
    url: str
    token: str
    db: Path
    log_dir: Path


@pytest.fixture(scope="session")
def staff_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaffBot]:
    folder = tmp_path_factory.mktemp("staff-bot")
    db = folder / "conversations.db"
    token = secrets.token_urlsafe(16)
    action_port, rasa_port = free_port(), free_port()
    endpoints = write_endpoints(
        folder / "endpoints.yml",
        action_port,
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n",
    )
    servers = [
        action_server(action_port, folder),
        rasa_server(rasa_port, folder, endpoints, extra_args=["--enable-api", f"--auth-token={token}"]),
    ]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_until_ready(240)
        yield StaffBot(url=f"http://127.0.0.1:{rasa_port}", token=token, db=db, log_dir=folder)
    finally:
        for server in reversed(servers):
            server.stop()
