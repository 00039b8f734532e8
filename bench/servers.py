"""Starting each bot's servers on free ports, and timing Rasa's cold start to its first answer."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from bench.bots import Bot, child_env
from bench.figures import Figures
from devtools.rest import RestTurnError, rest_turn
from devtools.servers import ManagedProcess, action_server, free_port, rasa_server, write_endpoints

COLD_START_TIMEOUT_S = 300.0


def wait_for_first_answer(rasa: ManagedProcess, url: str, started: float) -> float:
    """Seconds from launch until the REST channel answers a real message."""
    deadline = started + COLD_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if rasa.process is not None and rasa.process.poll() is not None:
            raise RuntimeError(f"{rasa.name} exited with {rasa.process.returncode}:\n{rasa.log_tail()}")
        try:
            if rest_turn(url, "bench-cold-start", "hello", timeout=10):
                return time.monotonic() - started
        except RestTurnError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{rasa.name} gave no answer after {COLD_START_TIMEOUT_S:.0f} s:\n{rasa.log_tail()}")


@dataclass
class Running:
    """One bot's servers, up and answering."""

    bot: Bot
    url: str
    rasa: ManagedProcess
    actions: Optional[ManagedProcess]
    figures: Figures

    @property
    def rasa_pid(self) -> int:
        assert self.rasa.process is not None
        return self.rasa.process.pid

    def stop(self) -> None:
        self.rasa.stop()
        if self.actions is not None:
            self.actions.stop()


PORT_ATTEMPTS = 3


def port_was_taken(error: Exception) -> bool:
    """Another process on this shared machine took the free port before the server bound it."""
    return "address already in use" in str(error)


def start_action_server(log_dir: Path) -> Tuple[ManagedProcess, int]:
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        actions = action_server(port, log_dir, env=child_env()).start()
        try:
            actions.wait_until_ready(timeout=120)
            return actions, port
        except (RuntimeError, TimeoutError) as error:
            actions.stop()
            if attempt == PORT_ATTEMPTS or not port_was_taken(error):
                raise
    raise AssertionError("unreachable")


def start_rasa(bot: Bot, endpoints: Optional[Path], log_dir: Path) -> Tuple[ManagedProcess, str, float]:
    """Rasa on a free port, and the seconds from its launch to its first REST answer."""
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        rasa = rasa_server(port, log_dir, endpoints, bot.credentials, bot.model, env=child_env())
        print(f"{bot.name}: starting Rasa with {bot.model.name} ...", flush=True)
        started = time.monotonic()
        rasa.start()
        try:
            cold_start_s = wait_for_first_answer(rasa, url, started)
            print(f"  answered after {cold_start_s:.1f} s", flush=True)
            return rasa, url, cold_start_s
        except (RuntimeError, TimeoutError) as error:
            rasa.stop()
            if attempt == PORT_ATTEMPTS or not port_was_taken(error):
                raise
    raise AssertionError("unreachable")


def start(bot: Bot, log_dir: Path) -> Running:
    """The action server (ours), then Rasa, timing Rasa's cold start to its first REST answer."""
    actions: Optional[ManagedProcess] = None
    endpoints = bot.endpoints
    if bot.uses_action_server:
        actions, action_port = start_action_server(log_dir)
        endpoints = write_endpoints(log_dir / f"endpoints-{bot.name}.yml", action_port)
    try:
        rasa, url, cold_start_s = start_rasa(bot, endpoints, log_dir)
    except BaseException:
        if actions is not None:
            actions.stop()
        raise
    return Running(bot, url, rasa, actions, Figures(training_s=bot.training_s, cold_start_s=cold_start_s))
