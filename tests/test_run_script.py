"""scripts/ops/run.sh (what `make run` starts) says "running" only once a medical answer gets its
disclaimer; otherwise it prints one clear error line, stops what it started and exits non-zero.

Every run uses free ports, its own endpoints file, tracker store and log folder, and the
newest trained model (RASA_MODEL): nothing of a `make run` in the same checkout is touched,
except var/secrets.env, which both keep.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional

import pytest

from tests.staff.staff_test_helpers import run_module
from tests.support.servers import ROOT, ManagedProcess, free_port, latest_model

pytestmark = pytest.mark.live  # starts the action server, Rasa and the chat widget demo

RUNNING = "The baclofen assistant is running"
# A busy 2-core machine: each server may take minutes to answer, and Rasa needs a model load.
START_TIMEOUT = 300
OUTCOME_TIMEOUT = 3 * START_TIMEOUT


@dataclass
class Run:
    process: ManagedProcess
    endpoints: Path
    db: Path
    ports: Dict[str, int]

    def outcome(self, timeout: float = OUTCOME_TIMEOUT) -> str:
        """The output once run.sh says "running" or exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if RUNNING in self.process.log_text() or self.process.process.poll() is not None:
                time.sleep(0.5)  # the rest of its message
                return self.process.log_text()
            time.sleep(1.0)
        raise TimeoutError(f"run.sh neither ran nor failed in {timeout:.0f} s:\n{self.process.log_tail()}")

    def exit_code(self, timeout: float = 60) -> int:
        return self.process.process.wait(timeout=timeout)

    def listening(self) -> Dict[str, bool]:
        return {name: port_open(port) for name, port in self.ports.items()}


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def start_run(tmp_path: Path) -> Iterator:
    runs = []

    def start(
        action_path: str = "/webhook", action_port_env: Optional[int] = None, extra_env: Optional[Dict[str, str]] = None
    ) -> Run:
        ports = {"action server": free_port(), "Rasa": free_port(), "chat widget demo": free_port()}
        db = tmp_path / "conversations.db"
        endpoints = tmp_path / "endpoints.yml"
        endpoints.write_text(
            "action_endpoint:\n"
            f'  url: "http://127.0.0.1:{ports["action server"]}{action_path}"\n'
            "  token: ${ACTION_SERVER_TOKEN}\n"
            f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {db}\n"
        )
        env = {
            "RASA_PORT": str(ports["Rasa"]),
            "WEBCHAT_PORT": str(ports["chat widget demo"]),
            "ACTION_PORT": "" if action_port_env is None else str(action_port_env),  # "": not set
            "RASA_ENDPOINTS": str(endpoints),
            "LOG_DIR": str(tmp_path / "log"),
            "RASA_MODEL": str(latest_model()),
            "START_TIMEOUT": str(START_TIMEOUT),
            "RASA_ENABLE_API": "false",
            "BACLOFEN_PRODUCTION": "false",
            **(extra_env or {}),
        }
        process = ManagedProcess(
            "scripts/ops/run.sh",
            [str(ROOT / "scripts" / "ops" / "run.sh")],
            tmp_path / "run.log",
            f"http://127.0.0.1:{ports['Rasa']}/webhooks/rest/",
            env,
        )
        runs.append(Run(process.start(), endpoints, db, ports))
        return runs[-1]

    yield start
    for run in runs:
        try:  # whatever run.sh left behind (it should leave nothing)
            os.killpg(run.process.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        run.process.process.wait(timeout=30)


def test_an_action_port_that_is_not_rasas_stops_before_anything_starts(start_run) -> None:
    # The case: ACTION_PORT=5355 make run, while Rasa is told to call another port.
    other_port = free_port()
    run = start_run(action_port_env=other_port)
    output = run.outcome()
    assert run.exit_code() != 0
    assert RUNNING not in output
    expected_url = f"http://127.0.0.1:{run.ports['action server']}/webhook"
    assert (
        f"error: ACTION_PORT={other_port}, but {run.endpoints} sends Rasa's action calls to "
        f"{expected_url}: set the port in action_endpoint.url there"
    ) in output
    assert "starting the action server" not in output
    assert not any(run.listening().values())


def test_a_webhook_rasa_cannot_call_stops_everything_with_one_clear_line(start_run) -> None:
    run = start_run(action_path="/webhooks")  # a typo: the action server serves /webhook
    output = run.outcome()
    assert run.exit_code() == 1
    assert RUNNING not in output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    url = f"http://127.0.0.1:{run.ports['action server']}/webhooks"
    assert errors[0] == (
        f"error: medical answers would go out without their disclaimer: {url} (action_endpoint.url in "
        f"{run.endpoints}) answers HTTP 404: it is not the action server's webhook; check the path (/webhook)"
    )
    assert "  Rasa server is up" in output and output.rstrip().endswith("stopped.")
    assert run.listening() == {name: False for name in run.ports}, "run.sh left a server running"


def action_call_status(port: int, token: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhook",
        b"{}",
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_consistent_configuration_runs_after_checking_the_disclaimer(start_run, tmp_path: Path) -> None:
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "rasa.log").write_text("an earlier run's log\n")
    # A token from the environment (e.g. deploy/.env) wins over var/secrets.env's.
    token = "token-from-the-environment-0123456789abcdef"
    run = start_run(action_port_env=None, extra_env={"ACTION_SERVER_TOKEN": token})
    output = run.outcome()
    assert RUNNING in output, output
    assert action_call_status(run.ports["action server"], token) != 401
    assert action_call_status(run.ports["action server"], "some-other-token-0123456789abcdef") == 401
    rasa_log = (tmp_path / "log" / "rasa.log").read_text()
    assert rasa_log.startswith("an earlier run's log\n=== ")  # appended to, not truncated
    checked = output.index("  a medical answer gets its disclaimer (checked as healthcheck-")
    assert checked < output.index(RUNNING)
    assert "error:" not in output
    assert all(run.listening().values())

    # The check's conversation is stored, but the staff report leaves it out.
    report = run_module("staff.transcripts", "report", "--db", str(run.db))
    assert report.returncode == 0, report.stderr
    assert re.search(r"^\s+Conversations\s+0$", report.stdout, re.M), report.stdout
    with_checks = run_module("staff.transcripts", "report", "--db", str(run.db), "--include-test-runs")
    assert re.search(r"^\s+Conversations\s+1$", with_checks.stdout, re.M), with_checks.stdout
    assert "Medical answers sent without their disclaimer: 0" in with_checks.stdout

    # Ctrl-C stops everything it started.
    os.killpg(run.process.process.pid, signal.SIGINT)
    run.exit_code(timeout=120)
    assert run.listening() == {name: False for name in run.ports}, "run.sh left a server running"
