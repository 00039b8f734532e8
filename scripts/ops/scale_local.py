"""The production profile as local processes, without Docker: `make scale-local N=2`.

    python scripts/ops/scale_local.py [--instances 2] [--public-port 8080] [--state var/scale-local]

Starts, with the Debian packages `make test` installs (postgresql, redis-server, nginx):

- Postgres: a private cluster in <state>/postgres (made once, kept between runs, so
  conversations survive), on 127.0.0.1 only; the tracker store creates its database;
- Redis: the lock store, nothing persisted;
- one action server (actions/server.py, with ACTION_SERVER_TOKEN);
- N Rasa instances with deploy/endpoints.production.yml and deploy/credentials.production.yml;
- nginx with deploy/nginx.conf, its upstreams pointed at the N instances, on --public-port.

Each process logs to its own file in var/log/scale-local/ (appended, never truncated). It
waits until every Rasa instance's /health/ready says ready, prints the addresses, and stops
everything on Ctrl-C (or when one of them exits). Internal ports are free ones chosen at start.

Settings: ACTION_SERVER_TOKEN, TICKET_LOCK_LIFETIME, SQL_POOL_SIZE, SQL_MAX_OVERFLOW,
LOG_LEVEL, BACLOFEN_PRODUCTION and PUBLIC_PORT come from the environment, else deploy/.env,
else defaults (the token from var/secrets.env, made by scripts/setup/make_secrets.py). The Postgres
and Redis passwords are generated once into <state>/secrets.env. LOAD_TEST_ADDRESSES (spaces
between addresses) are exempt from nginx's per-IP limit, for load tests only.

tests/scaleout/ start their clusters with this module's LocalCluster: the same code path.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 300.0  # seconds for a Rasa instance to load its model on a busy machine


class ScaleLocalError(RuntimeError):
    """One line: what failed and where to look."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def find_binary(name: str, package: str, directories: Sequence[Path] = ()) -> str:
    for directory in directories:
        if (directory / name).is_file() and os.access(directory / name, os.X_OK):
            return str(directory / name)
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not found:
        raise ScaleLocalError(f"{name} is not installed: apt-get install -y --no-install-recommends {package}")
    return found


def postgres_bin_dirs() -> List[Path]:
    """Debian's /usr/lib/postgresql/<version>/bin, newest first."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    return versions


def read_env_file(path: Path) -> Dict[str, str]:
    values: Dict[str, str] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#") and "=" in line:
                name, _, value = line.partition("=")
                values[name.strip()] = value.strip().strip("'\"")
    return values


@dataclass
class Service:
    """A server in its own process group with its own log file (appended to)."""

    name: str
    command: List[str]
    log_path: Path
    env: Dict[str, str] = field(default_factory=dict)
    stop_signal: int = signal.SIGTERM
    process: Optional[subprocess.Popen] = None

    def start(self) -> "Service":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting {self.name}\n".encode())
        log.flush()
        environment = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            **self.env,
        }
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()  # the child has its own copy
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        if not self.running():
            return
        assert self.process is not None
        try:
            os.killpg(self.process.pid, self.stop_signal)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=timeout)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """An abrupt crash (fault tests)."""
        if self.running():
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def wait_until(self, check: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                code = self.process.returncode if self.process else None
                raise ScaleLocalError(
                    f"{self.name} exited ({code}) before {what}; see {self.log_path}:\n{self.log_tail()}"
                )
            try:
                if check():
                    return
            except Exception:  # noqa: BLE001 - not up yet
                pass
            time.sleep(0.3)
        raise ScaleLocalError(f"{self.name}: not {what} after {timeout:.0f} s; see {self.log_path}:\n{self.log_tail()}")


def http_status(url: str, timeout: float = 3.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# ----- Postgres -----------------------------------------------------------------------------


def _as_postgres_user(command: Sequence[str]) -> List[str]:
    # Postgres refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@dataclass
class Postgres:
    directory: Path
    port: int
    password: str
    log_path: Path
    settings: Sequence[str] = ()  # extra `-c name=value` server settings
    user: str = "rasa"
    database: str = "rasa"
    service: Optional[Service] = None

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def initialise(self) -> None:
        """initdb once: superuser `user` with `password` (scram), 127.0.0.1 only."""
        data = self.directory / "data"
        if (data / "PG_VERSION").exists():
            return
        initdb = find_binary("initdb", "postgresql", postgres_bin_dirs())
        self.directory.mkdir(parents=True, exist_ok=True)
        password_file = self.directory / "initdb-password"
        password_file.write_text(self.password)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.directory, password_file):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            if subprocess.run(_as_postgres_user(["test", "-r", str(password_file)])).returncode != 0:
                password_file.unlink()
                raise ScaleLocalError(
                    f"the postgres user cannot reach {self.directory}: make its parent "
                    "folders traversable (chmod o+x) or choose another --state"
                )
        result = subprocess.run(
            _as_postgres_user(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    self.user,
                    f"--pwfile={password_file}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--no-sync",
                ]
            ),
            capture_output=True,
            text=True,
        )
        password_file.unlink()
        if result.returncode != 0:
            raise ScaleLocalError(f"initdb failed in {data}: {result.stderr.strip()}")

    def start(self) -> "Postgres":
        self.initialise()
        postgres = find_binary("postgres", "postgresql", postgres_bin_dirs())
        options: List[str] = []
        for setting in (
            "listen_addresses=127.0.0.1",
            f"unix_socket_directories={self.directory}",
            "max_connections=200",
            *self.settings,
        ):
            options += ["-c", setting]
        self.service = Service(
            f"postgres :{self.port}",
            _as_postgres_user([postgres, "-D", str(self.directory / "data"), "-p", str(self.port), *options]),
            self.log_path,
            stop_signal=signal.SIGINT,  # fast shutdown; SIGTERM waits for clients to leave
        ).start()
        self.service.wait_until(self.accepts_logins, "accepting logins", 60)
        return self

    def accepts_logins(self) -> bool:
        import psycopg2

        psycopg2.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.user,
            password=self.password,
            dbname="postgres",
            connect_timeout=2,
        ).close()
        return True

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()


# ----- Redis -----------------------------------------------------------------------------


@dataclass
class Redis:
    port: int
    password: str
    directory: Path
    log_path: Path
    service: Optional[Service] = None

    def start(self) -> "Redis":
        self.directory.mkdir(parents=True, exist_ok=True)
        redis_server = find_binary("redis-server", "redis-server")
        self.service = Service(
            f"redis :{self.port}",
            [
                redis_server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--requirepass",
                self.password,
                "--dir",
                str(self.directory),
            ],
            self.log_path,
        ).start()

        def pong() -> bool:
            import redis

            return bool(redis.Redis(host="127.0.0.1", port=self.port, password=self.password, socket_timeout=1).ping())

        self.service.wait_until(pong, "answering PING", 30)
        return self

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()


# ----- nginx -----------------------------------------------------------------------------

_UPSTREAM_SERVER = re.compile(r"^(\s*)server rasa\d+:5005( [^;\n]*)?;\n", re.M)
LOAD_TEST_MARKER = "# load-test addresses"


def render_nginx_config(rasa_ports: Sequence[int], listen: str, load_test_addresses: Sequence[str] = ()) -> str:
    """deploy/nginx.conf for local processes: each upstream lists the given loopback ports
    (with the options of its first `server rasaN:5005` line), nginx listens on `listen`
    (e.g. "127.0.0.1:8080"), and `load_test_addresses` skip the per-IP rate limit."""
    text = (DEPLOY / "nginx.conf").read_text()

    def upstream(block: "re.Match[str]") -> str:
        servers = list(_UPSTREAM_SERVER.finditer(block.group(0)))
        indent, options = servers[0].group(1), servers[0].group(2) or ""
        lines = "".join(f"{indent}server 127.0.0.1:{port}{options};\n" for port in rasa_ports)
        first = [True]

        def replace(_: "re.Match[str]") -> str:  # the new lines where the first server was
            if first[0]:
                first[0] = False
                return lines
            return ""

        return _UPSTREAM_SERVER.sub(replace, block.group(0))

    text, upstreams = re.subn(r"upstream \w+ \{[^}]*\}", upstream, text)
    if upstreams < 1:
        raise ScaleLocalError("deploy/nginx.conf has no upstream block")
    text, listens = re.subn(r"listen 8080;", f"listen {listen};", text)
    if listens != 1:
        raise ScaleLocalError("deploy/nginx.conf must have one `listen 8080;`")
    if LOAD_TEST_MARKER not in text:
        raise ScaleLocalError(f"deploy/nginx.conf lacks the line `{LOAD_TEST_MARKER}` in its geo block")
    exempt = "".join(f"\n    {address} 1;" for address in load_test_addresses)
    return text.replace(LOAD_TEST_MARKER, LOAD_TEST_MARKER + exempt, 1)


def nginx_main_config(directory: Path, http_include: Path) -> Path:
    """A main nginx.conf keeping pid, logs and temp files in `directory` (no root needed)."""
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


def check_nginx_config(main_config: Path, directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            find_binary("nginx", "nginx"),
            "-t",
            "-p",
            f"{directory}/",
            "-e",
            str(directory / "error.log"),
            "-c",
            str(main_config),
        ],
        capture_output=True,
        text=True,
    )


def start_nginx(
    directory: Path,
    rasa_ports: Sequence[int],
    port: int,
    log_path: Path,
    load_test_addresses: Sequence[str] = (),
    host: str = "127.0.0.1",
) -> Service:
    directory.mkdir(parents=True, exist_ok=True)
    include = directory / "rasa-lb.conf"
    include.write_text(render_nginx_config(rasa_ports, f"{host}:{port}", load_test_addresses))
    main = nginx_main_config(directory, include)
    checked = check_nginx_config(main, directory)
    if checked.returncode != 0:
        raise ScaleLocalError(f"nginx -t failed:\n{checked.stderr}")
    service = Service(
        f"nginx :{port}",
        [find_binary("nginx", "nginx"), "-p", f"{directory}/", "-e", str(directory / "error.log"), "-c", str(main)],
        log_path,
    ).start()
    service.wait_until(lambda: port_is_open(port), "listening", 15)
    return service


# ----- the cluster -------------------------------------------------------------------------


def latest_model() -> Path:
    """devtools.models.latest_model: the model for the current inputs, else the newest."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from devtools.models import latest_model as current_or_newest

    return current_or_newest()


def secret_values(state: Path) -> Dict[str, str]:
    """The private servers' passwords, made once into <state>/secrets.env (mode 600)."""
    path = state / "secrets.env"
    values = read_env_file(path)
    if not {"DB_PASSWORD", "REDIS_PASSWORD"} <= set(values):
        values = {"DB_PASSWORD": secrets.token_hex(16), "REDIS_PASSWORD": secrets.token_hex(16)}
        state.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def profile_settings(environ: Dict[str, str]) -> Dict[str, str]:
    """Settings for the Rasa instances: environment > deploy/.env > var/secrets.env > defaults."""
    defaults = {
        "TICKET_LOCK_LIFETIME": "20",
        "SQL_POOL_SIZE": "10",
        "SQL_MAX_OVERFLOW": "20",
        "LOG_LEVEL": "INFO",
        "BACLOFEN_PRODUCTION": "true",
        "PUBLIC_PORT": "8080",
    }
    files = {**read_env_file(ROOT / "var" / "secrets.env"), **read_env_file(DEPLOY / ".env")}
    names = [*defaults, "ACTION_SERVER_TOKEN", "LOAD_TEST_ADDRESSES"]
    chosen = {name: environ.get(name) or files.get(name) or defaults.get(name, "") for name in names}
    if not chosen["ACTION_SERVER_TOKEN"]:
        raise ScaleLocalError("no ACTION_SERVER_TOKEN: run scripts/setup/make_secrets.py or set it in deploy/.env")
    return chosen


@dataclass
class LocalCluster:
    """Postgres, Redis, one action server, N Rasa instances and nginx; see the module docstring."""

    instances: int
    state: Path
    log_dir: Path
    settings: Dict[str, str]
    public_port: int
    model: Path
    postgres_settings: Sequence[str] = ()
    postgres: Optional[Postgres] = None
    redis: Optional[Redis] = None
    actions: Optional[Service] = None
    rasa: List[Service] = field(default_factory=list)
    rasa_ports: List[int] = field(default_factory=list)
    nginx: Optional[Service] = None
    action_port: int = 0

    @property
    def balancer_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def rasa_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def rasa_environment(self) -> Dict[str, str]:
        assert self.postgres is not None and self.redis is not None
        return {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.postgres.port),
            "DB_NAME": self.postgres.database,
            "DB_USER": self.postgres.user,
            "DB_PASSWORD": self.postgres.password,
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(self.redis.port),
            "REDIS_PASSWORD": self.redis.password,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "ACTION_SERVER_TOKEN": self.settings["ACTION_SERVER_TOKEN"],
            "TICKET_LOCK_LIFETIME": self.settings["TICKET_LOCK_LIFETIME"],
            "SQL_POOL_SIZE": self.settings["SQL_POOL_SIZE"],
            "SQL_MAX_OVERFLOW": self.settings["SQL_MAX_OVERFLOW"],
            # nginx passes each visitor's address in X-Real-IP: the per-IP limit sees visitors.
            "SANIC_REAL_IP_HEADER": "x-real-ip",
            "BACLOFEN_PRODUCTION": self.settings["BACLOFEN_PRODUCTION"],
            "LOG_LEVEL": self.settings["LOG_LEVEL"],
        }

    def start(self, on_progress: Callable[[str], None] = lambda _: None) -> "LocalCluster":
        passwords = secret_values(self.state)
        self.postgres = Postgres(
            self.state / "postgres",
            free_port(),
            passwords["DB_PASSWORD"],
            self.log_dir / "postgres.log",
            settings=self.postgres_settings,
        )
        on_progress(f"postgres on 127.0.0.1:{self.postgres.port} (data in {self.postgres.directory})")
        self.postgres.start()
        self.redis = Redis(free_port(), passwords["REDIS_PASSWORD"], self.state / "redis", self.log_dir / "redis.log")
        on_progress(f"redis on 127.0.0.1:{self.redis.port}")
        self.redis.start()
        self.action_port = free_port()
        on_progress(f"action server on 127.0.0.1:{self.action_port}")
        self.actions = self.action_server().start()
        self.actions.wait_until(
            lambda: http_status(f"http://127.0.0.1:{self.action_port}/health") == 200, "answering /health", 120
        )
        self.rasa_ports = [free_port() for _ in range(self.instances)]
        self.rasa = [self.rasa_instance(i) for i in range(self.instances)]
        on_progress(
            f"{self.instances} Rasa instance(s) on ports {', '.join(map(str, self.rasa_ports))} "
            f"(model {self.model.name}; loading takes a minute or two)"
        )
        for service in self.rasa:
            service.start()
        for number in range(self.instances):
            self.wait_ready(number)
        on_progress(f"nginx on 127.0.0.1:{self.public_port}")
        self.nginx = start_nginx(
            self.state / "nginx",
            self.rasa_ports,
            self.public_port,
            self.log_dir / "nginx.log",
            self.settings.get("LOAD_TEST_ADDRESSES", "").split(),
        )
        return self

    def action_server(self) -> Service:
        return Service(
            f"action server :{self.action_port}",
            [str(VENV_BIN / "python"), "-m", "actions.server", "--port", str(self.action_port), "--host", "127.0.0.1"],
            self.log_dir / "actions.log",
            env={
                "ACTION_SERVER_TOKEN": self.settings["ACTION_SERVER_TOKEN"],
                "BACLOFEN_PRODUCTION": self.settings["BACLOFEN_PRODUCTION"],
            },
        )

    def rasa_instance(self, number: int) -> Service:
        port = self.rasa_ports[number]
        cors = self.settings.get("RASA_CORS_ORIGINS", "").split()
        return Service(
            f"rasa{number + 1} :{port}",
            [
                str(VENV_BIN / "rasa"),
                "run",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--model",
                str(self.model),
                "--endpoints",
                str(DEPLOY / "endpoints.production.yml"),
                "--credentials",
                str(DEPLOY / "credentials.production.yml"),
                *(["--cors", *cors] if cors else []),
            ],
            self.log_dir / f"rasa{number + 1}.log",
            env=self.rasa_environment(),
        )

    def wait_ready(self, number: int, timeout: float = START_TIMEOUT) -> None:
        url = f"{self.rasa_urls[number]}/health/ready"
        self.rasa[number].wait_until(lambda: http_status(url) == 200, f"ready at {url}", timeout)

    def restart_rasa(self, number: int) -> None:
        self.rasa[number].stop()
        self.rasa[number] = self.rasa_instance(number).start()
        self.wait_ready(number)

    def services(self) -> List[Service]:
        parts = [
            self.nginx,
            *self.rasa,
            self.actions,
            self.redis.service if self.redis else None,
            self.postgres.service if self.postgres else None,
        ]
        return [service for service in parts if service is not None]

    def stop(self) -> None:
        for service in self.services():  # nginx first, Postgres last
            service.stop()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", "-n", type=int, default=2, help="Rasa instances (default 2)")
    parser.add_argument("--public-port", type=int, help="nginx's port (default PUBLIC_PORT, else 8080)")
    parser.add_argument("--state", type=Path, default=ROOT / "var" / "scale-local", help="data of the private servers")
    parser.add_argument("--logs", type=Path, default=ROOT / "var" / "log" / "scale-local", help="one log per process")
    args = parser.parse_args(argv)
    if args.instances < 1:
        parser.error("--instances must be at least 1")

    try:
        settings = profile_settings(dict(os.environ))
        public_port = args.public_port or int(settings["PUBLIC_PORT"])
        if port_is_open(public_port):
            raise ScaleLocalError(f"port {public_port} is taken: set PUBLIC_PORT or --public-port")
        cluster = LocalCluster(
            args.instances, args.state.resolve(), args.logs.resolve(), settings, public_port, latest_model()
        )
    except ScaleLocalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    stopping = []

    def stop_on_signal(signum: int, _: object) -> None:
        stopping.append(signum)
        raise KeyboardInterrupt

    # Ctrl-C reaches only this process: the servers run in sessions of their own, and are
    # stopped here in order. SIGINT is set explicitly: a shell starting this in the
    # background would have it ignored.
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    try:
        cluster.start(lambda line: print(f"  starting {line}", flush=True))
        print(
            f"\nThe production profile runs as local processes ({args.instances} Rasa instances).\n"
            f"Chat over REST through nginx:\n"
            f"  curl -s -XPOST {cluster.balancer_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\\n"
            f'       -d \'{{"sender": "me", "message": "what is baclofen?"}}\'\n'
            f"Readiness: {cluster.balancer_url}/health; each instance: "
            f"{', '.join(url + '/health/ready' for url in cluster.rasa_urls)}\n"
            f"Metrics per instance: .../health/metrics\n"
            f"Conversations: postgresql://rasa@127.0.0.1:{cluster.postgres.port}/rasa "
            f"(password: DB_PASSWORD in {cluster.state / 'secrets.env'})\n"
            f"Logs: {cluster.log_dir}/. Press Ctrl-C to stop everything.",
            flush=True,
        )
        while all(service.running() for service in cluster.services()):
            time.sleep(1)
        down = [s for s in cluster.services() if not s.running()]
        print(f"error: {down[0].name} exited; see {down[0].log_path}", file=sys.stderr)
        return 1
    except ScaleLocalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        cluster.stop()
        print("stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
