"""Start and stop the action server and Rasa server on free loopback ports: for the tests, the
staff conversation runner (staff/bot.py) and the benchmark.

Every server logs to a file in the caller's folder, and `wait_until_ready` fails with the tail
of that log, so a failed start explains itself.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from devtools.models import latest_model

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ManagedProcess:
    name: str
    command: List[str]
    log_path: Path
    ready_url: str
    env: Dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    process: Optional[subprocess.Popen] = None

    def start(self) -> "ManagedProcess":
        environment = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            **self.env,
        }
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_until_ready(self, timeout: float = 120.0) -> "ManagedProcess":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                    if response.status < 500:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=timeout)
        except ProcessLookupError:
            pass
        finally:
            self._log.close()

    def kill(self) -> None:
        """An abrupt crash, as in a failover test."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def action_server(port: int, log_dir: Path, env: Optional[Dict[str, str]] = None) -> ManagedProcess:
    return ManagedProcess(
        name=f"action server :{port}",
        # actions/server.py, as `make run` and the deploy image start it: 127.0.0.1, and a token
        # only when `env` gives ACTION_SERVER_TOKEN (`rasa run actions` would also read
        # var/secrets.env, which a `make run` in this checkout may have made).
        command=[str(VENV_BIN / "python"), "-m", "actions.server", "--port", str(port)],
        log_path=log_dir / f"actions-{port}.log",
        ready_url=f"http://127.0.0.1:{port}/health",
        env={"SANIC_HOST": "127.0.0.1", "ACTION_SERVER_TOKEN": "", **(env or {})},
    )


def write_endpoints(path: Path, action_port: Optional[int], extra_yaml: str = "") -> Path:
    """An endpoints file pointing at the given action server (None: a port nothing listens on)."""
    port = action_port if action_port is not None else free_port()
    path.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{port}/webhook"\n{extra_yaml}')
    return path


def rasa_server(
    port: int,
    log_dir: Path,
    endpoints: Path,
    credentials: Path = ROOT / "credentials.yml",
    model: Optional[Path] = None,
    extra_args: Sequence[str] = (),
    env: Optional[Dict[str, str]] = None,
) -> ManagedProcess:
    command = [
        str(VENV_BIN / "rasa"),
        "run",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--model",
        str(model or latest_model()),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        *extra_args,
    ]
    return ManagedProcess(
        name=f"rasa :{port}",
        command=command,
        log_path=log_dir / f"rasa-{port}.log",
        ready_url=f"http://127.0.0.1:{port}/webhooks/rest/",
        env=env or {},
    )
