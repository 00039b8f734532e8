"""One action server for all the storage tests that start Rasa."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import pytest

from tests.support.servers import ManagedProcess, action_server, free_port


@dataclass
class ActionServer:
    port: int
    process: ManagedProcess

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"


@pytest.fixture(scope="session")
def storage_actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    port = free_port()
    process = action_server(port, tmp_path_factory.mktemp("storage-actions")).start()
    try:
        process.wait_until_ready(timeout=60)
        yield ActionServer(port, process)
    finally:
        process.stop()
