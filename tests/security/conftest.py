"""One Rasa server and one action server for the live security tests, set up as in production.

Rasa: the validated REST and socket.io channels (socket.io with JWT), the HTTP API on with a
token, CORS for the demo page's origins only, and the production log settings that
scripts/ops/run.sh uses when BACLOFEN_PRODUCTION=true. Action server: actions/server.py with a
token, which Rasa sends (`token:` under action_endpoint).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.security.support import ALLOWED_ORIGINS
from tests.support.servers import VENV_BIN, ManagedProcess, free_port, rasa_server, write_endpoints

# What scripts/ops/run.sh sets when BACLOFEN_PRODUCTION=true.
PRODUCTION_ENV = {"BACLOFEN_PRODUCTION": "true", "LOG_LEVEL": "WARNING", "LOG_LEVEL_LIBRARIES": "ERROR"}


@dataclass
class SecureStack:
    url: str
    action_url: str
    api_token: str
    action_token: str
    jwt_key: str
    rasa: ManagedProcess
    actions: ManagedProcess


def secured_action_server(port: int, log_dir: Path, token: str, extra_env: dict) -> ManagedProcess:
    return ManagedProcess(
        name=f"secured action server :{port}",
        command=[str(VENV_BIN / "python"), "-m", "actions.server", "--port", str(port)],
        log_path=log_dir / f"secured-actions-{port}.log",
        ready_url=f"http://127.0.0.1:{port}/health",
        env={"ACTION_SERVER_TOKEN": token, **extra_env},
    )


def credentials_text(jwt_key: str) -> str:
    return (
        "channels.rest.ValidatedRestInput:\n"
        "channels.socketio.ValidatedSocketIOInput:\n"
        "  user_message_evt: user_uttered\n"
        "  bot_message_evt: bot_uttered\n"
        "  session_persistence: true\n"
        f"  jwt_key: {jwt_key}\n"
        "  jwt_method: HS256\n"
    )


# Session scope: started once. The tests run in random order (pytest-randomly shuffles modules
# across folders), so a package-scoped stack would be stopped and started again each time the
# order leaves tests/security and comes back.
@pytest.fixture(scope="session")
def secure_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureStack]:
    folder = tmp_path_factory.mktemp("security")
    api_token, action_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    jwt_key = secrets.token_urlsafe(48)  # 64 characters: long enough for HS512 too
    action_port, rasa_port = free_port(), free_port()

    actions = secured_action_server(action_port, folder, action_token, PRODUCTION_ENV).start()
    endpoints = write_endpoints(folder / "endpoints.yml", action_port, f'  token: "{action_token}"\n')
    credentials = folder / "credentials.yml"
    credentials.write_text(credentials_text(jwt_key))
    rasa = rasa_server(
        rasa_port,
        folder,
        endpoints,
        credentials,
        # "--auth-token=X": a token_urlsafe token may start with "-", which argparse would take for an option
        extra_args=["--cors", *ALLOWED_ORIGINS, "--enable-api", f"--auth-token={api_token}"],
        env={
            **PRODUCTION_ENV,
            "RASA_CORS_ORIGINS": " ".join(ALLOWED_ORIGINS),
            # socket.io test clients leave long-polls open; do not wait Sanic's 15 s for them.
            "SANIC_GRACEFUL_SHUTDOWN_TIMEOUT": "2",
        },
    ).start()
    try:
        actions.wait_until_ready(timeout=60)
        rasa.wait_until_ready(timeout=180)
        yield SecureStack(
            url=f"http://127.0.0.1:{rasa_port}",
            action_url=f"http://127.0.0.1:{action_port}",
            api_token=api_token,
            action_token=action_token,
            jwt_key=jwt_key,
            rasa=rasa,
            actions=actions,
        )
    finally:
        rasa.stop()
        actions.stop()
