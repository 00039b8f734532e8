"""Start and stop the action server and Rasa server for tests, on free loopback ports.

Every server logs to a file in the test's temporary folder, and `wait_until_ready` fails
with the tail of that log, so a failed start explains itself.
"""
from __future__ import annotations

import json
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

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def latest_model() -> Path:
    """The model for the current inputs (made by `make train`), else the newest one in models/.

    Tests never train: `make test` trains first, so parallel test processes cannot race.
    """
    sys.path.insert(0, str(ROOT / "scripts"))
    from ensure_model import input_files, inputs_hash, model_path

    current = model_path(inputs_hash(input_files()))
    if current.exists():
        return current
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("no trained model in models/: run `make train` first")
    return models[-1]


@dataclass
class ManagedProcess:
    name: str
    command: List[str]
    log_path: Path
    ready_url: str
    env: Dict[str, str] = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None

    def start(self) -> "ManagedProcess":
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **self.env}
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=environment, stdout=self._log, stderr=subprocess.STDOUT,
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
        command=[str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        log_path=log_dir / f"actions-{port}.log",
        ready_url=f"http://127.0.0.1:{port}/health",
        # rasa-sdk binds 0.0.0.0 unless told otherwise
        env={"SANIC_HOST": "127.0.0.1", **(env or {})},
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
        str(VENV_BIN / "rasa"), "run", "--interface", "127.0.0.1", "--port", str(port),
        "--model", str(model or latest_model()), "--endpoints", str(endpoints),
        "--credentials", str(credentials), *extra_args,
    ]
    return ManagedProcess(
        name=f"rasa :{port}",
        command=command,
        log_path=log_dir / f"rasa-{port}.log",
        ready_url=f"http://127.0.0.1:{port}/webhooks/rest/",
        env=env or {},
    )


def rest_turn(base_url: str, sender: str, message: str, timeout: float = 30.0) -> List[dict]:
    """One turn over the REST channel; returns Rasa's list of bot messages."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        base_url.rstrip("/") + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "[]")


def reply_text(messages: List[dict]) -> str:
    return "\n".join(m["text"] for m in messages if m.get("text"))
