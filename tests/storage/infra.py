"""Throwaway Postgres, Redis and nginx servers on free loopback ports, for the storage tests.

Each lives in its own temporary directory and is started as a ManagedProcess (log file,
process group), so a test can stop, kill or restart it. Postgres refuses to run as root, so
as root it runs as the `postgres` user in a directory that user owns.
"""
from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest

from tests.support.servers import ROOT, ManagedProcess

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
DEPLOY = ROOT / "deploy"


def require_binary(path: str, package: str) -> str:
    found = shutil.which(path) or (path if os.access(path, os.X_OK) else None)
    if not found:
        pytest.skip(f"{path} not installed (apt-get install -y {package})")
    return found


def wait_for(check, what: str, process: ManagedProcess, timeout: float = 30.0) -> None:
    """Poll `check()` until it is true; fail with the process log if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.process is not None and process.process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.process.returncode}:\n{process.log_tail()}")
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s:\n{process.log_tail()}")


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class FastStopProcess(ManagedProcess):
    """Postgres' SIGTERM waits for clients to leave; SIGINT is its fast shutdown."""

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGINT)
                self.process.wait(timeout=timeout)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        super().stop(timeout)


@dataclass
class Postgres:
    port: int
    user: str
    password: str
    database: str
    process: ManagedProcess
    directory: Path

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def stop(self) -> None:
        self.process.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def _as_postgres_user(command: Sequence[str]) -> List[str]:
    if os.geteuid() != 0:
        return list(command)
    return ["runuser", "-u", "postgres", "--", *command]


def start_postgres(port: int, log_dir: Path, password: str = "pg-secret", database: str = "rasa") -> Postgres:
    initdb = require_binary(str(POSTGRES_BIN / "initdb"), "postgresql")
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="storage-pg-"))
    (directory / "password").write_text(password)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (directory, directory / "password"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    data = directory / "data"
    subprocess.run(
        _as_postgres_user([initdb, "-D", str(data), "-U", "rasa", f"--pwfile={directory / 'password'}",
                           "--auth=scram-sha-256", "--encoding=UTF8", "--no-sync"]),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    server = FastStopProcess(
        name=f"postgres :{port}",
        command=_as_postgres_user([
            str(POSTGRES_BIN / "postgres"), "-D", str(data), "-p", str(port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={directory}",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200",
        ]),
        log_path=log_dir / f"postgres-{port}.log",
        ready_url="",
    ).start()
    import psycopg2

    def accepts_logins() -> bool:
        psycopg2.connect(host="127.0.0.1", port=port, user="rasa", password=password, dbname="postgres").close()
        return True

    wait_for(accepts_logins, "postgres", server)
    connection = psycopg2.connect(host="127.0.0.1", port=port, user="rasa", password=password, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
    return Postgres(port, "rasa", password, database, server, directory)


@dataclass
class Redis:
    port: int
    password: str
    log_dir: Path
    process: Optional[ManagedProcess] = None

    def start(self) -> "Redis":
        redis_server = require_binary("redis-server", "redis-server")
        self.process = ManagedProcess(
            name=f"redis :{self.port}",
            command=[redis_server, "--port", str(self.port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--requirepass", self.password,
                     "--dir", str(self.log_dir)],
            log_path=self.log_dir / f"redis-{self.port}.log",
            ready_url="",
        ).start()
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password, socket_timeout=1)
        wait_for(client.ping, "redis", self.process)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


def render_nginx_config(
    rasa_ports: Dict[str, int], listen_port: int, rate: Optional[str] = None
) -> str:
    """deploy/nginx.conf with its `server rasaN:5005` lines pointing at loopback ports.

    `rate` replaces the per-IP rate and lifts the burst (a load test sends from one address
    much faster than a person). Every Rasa service named in the file must be given a port.
    """
    text = (DEPLOY / "nginx.conf").read_text()

    def loopback(match: "re.Match[str]") -> str:
        service = match.group(1)
        if service not in rasa_ports:
            raise KeyError(f"deploy/nginx.conf names {service}, which the test did not start")
        return f"server 127.0.0.1:{rasa_ports[service]}"

    text = re.sub(r"server (rasa\d+):5005", loopback, text)
    text, listens = re.subn(r"listen 8080;", f"listen 127.0.0.1:{listen_port};", text)
    assert listens == 1, "deploy/nginx.conf must have one `listen 8080;`"
    if rate is not None:
        text = re.sub(r"rate=\S+;", f"rate={rate};", text)
        text = re.sub(r"burst=\d+", "burst=100000", text)
    return text


def nginx_main_config(directory: Path, http_include: Path) -> Path:
    """A main nginx.conf that keeps pid, logs and temp files in `directory`."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {directory / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = directory / "nginx-main.conf"
    path.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log {directory / 'access.log'};\n{temp}\n    include {http_include};\n}}\n"
    )
    return path


def nginx_binary() -> str:
    return require_binary("nginx", "nginx")


def check_nginx_config(main_config: Path, directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx_binary(), "-t", "-p", f"{directory}/", "-e", str(directory / "error.log"), "-c", str(main_config)],
        capture_output=True, text=True,
    )


def start_nginx(directory: Path, rasa_ports: Dict[str, int], listen_port: int,
                rate: Optional[str] = None) -> ManagedProcess:
    include = directory / "rasa-lb.conf"
    include.write_text(render_nginx_config(rasa_ports, listen_port, rate))
    main = nginx_main_config(directory, include)
    checked = check_nginx_config(main, directory)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
    process = ManagedProcess(
        name=f"nginx :{listen_port}",
        command=[nginx_binary(), "-p", f"{directory}/", "-e", str(directory / "error.log"), "-c", str(main)],
        log_path=directory / "nginx-stdout.log",
        ready_url="",
    ).start()
    wait_for(lambda: port_is_open(listen_port), "nginx", process, timeout=15)
    return process
