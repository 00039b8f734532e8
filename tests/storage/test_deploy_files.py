"""The production profile's files (deploy/) agree with each other and with the project.

`docker compose config` (or docker-compose v1) validates and resolves the compose file when
a compose client is installed; otherwise the same checks run on the file resolved here.
nginx checks run the real nginx (`nginx -t`, rate and body limits) when it is installed.
"""

from __future__ import annotations

import contextlib
import http.server
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set

import pytest
import yaml

from tests.storage.infra import (
    DEPLOY,
    check_nginx_config,
    nginx_main_config,
    render_nginx_config,
    start_nginx,
)
from tests.security.support import http_request
from tests.support.servers import ROOT, free_port

COMPOSE_FILE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
ENDPOINTS = DEPLOY / "endpoints.production.yml"
CREDENTIALS = DEPLOY / "credentials.production.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
HELM_VALUES = DEPLOY / "helm" / "values.yaml"
PINNED_TAG = re.compile(r"^[\w./-]+:\d+\.\d+[\w.-]*$")
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")


def env_example() -> Dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def compose_client() -> Optional[List[str]]:
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) and subprocess.run([*command, "version"], capture_output=True).returncode == 0:
            return command
    return None


def clean_environment() -> Dict[str, str]:
    """The test process's environment without the profile's variables (they would win)."""
    return {k: v for k, v in os.environ.items() if k not in env_example()}


def interpolate(text: str, values: Dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} and $$, for when no client is installed."""

    def replace(match: "re.Match[str]") -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.group(1), match.group(2), match.group(3)
        value = values.get(name, "")
        if operator == ":-" and not value:
            return argument
        if operator == ":?" and not value:
            raise ValueError(f"required variable {name} is missing a value: {argument}")
        return value

    return re.sub(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-?])([^}]*))?\}", replace, text)


@pytest.fixture(scope="module")
def compose() -> dict:
    """The compose file as compose resolves it with deploy/.env.example."""
    client = compose_client()
    if client is None:
        print("no docker compose client: resolving deploy/docker-compose.yml in the test")
        resolved = yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), env_example()))
        return {k: v for k, v in resolved.items() if not k.startswith("x-")}
    result = subprocess.run(
        [*client, "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        env=clean_environment(),
        cwd=ROOT,
    )
    assert result.returncode == 0, f"{' '.join(client)} config failed:\n{result.stderr}"
    return yaml.safe_load(result.stdout)


def rasa_services(compose: dict) -> Dict[str, dict]:
    return {
        name: service
        for name, service in compose["services"].items()
        if isinstance(service.get("build"), dict) and service["build"].get("target") == "rasa"
    }


def environment(service: dict) -> Dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def variables_used(path: Path) -> Set[str]:
    """${VAR} names in a YAML file, outside comments."""
    code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
    return set(VARIABLE.findall(code))


def endpoint_variables() -> Set[str]:
    return variables_used(ENDPOINTS)


def test_compose_has_two_rasa_instances_and_every_backing_service(compose: dict) -> None:
    assert len(rasa_services(compose)) >= 2
    assert {"actions", "postgres", "redis", "nginx"} <= set(compose["services"])


def test_every_image_is_pinned_to_a_version(compose: dict) -> None:
    for name, service in compose["services"].items():
        assert PINNED_TAG.match(service.get("image", "")), f"{name}: image {service.get('image')!r} not pinned"


def test_dockerfile_builds_on_the_rasa_versions_the_project_uses() -> None:
    bases = re.findall(r"^FROM (\S+)", DOCKERFILE.read_text(), flags=re.M)
    rasa = importlib.metadata.version("rasa")
    sdk = importlib.metadata.version("rasa-sdk")
    assert bases == [f"rasa/rasa:{rasa}-full", f"rasa/rasa-sdk:{sdk}"]
    text = DOCKERFILE.read_text()
    assert "COPY deploy/endpoints.production.yml /app/endpoints.yml" in text
    assert "COPY deploy/credentials.production.yml /app/credentials.yml" in text
    # every file the image copies is let through by the build context's ignore file
    allowed = {
        line[1:].rstrip("/")
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    for source in re.findall(r"^COPY ((?:\S+ )+)\S+$", text, flags=re.M):
        for path in source.split():
            assert any(path.rstrip("/") == a or a.startswith(path.rstrip("/") + "/") for a in allowed), path


def test_rasa_instances_get_every_variable_the_endpoints_need(compose: dict) -> None:
    services = compose["services"]
    for name, service in rasa_services(compose).items():
        env = environment(service)
        missing = endpoint_variables() - set(env)
        assert not missing, f"{name} lacks {missing}"
        assert env["DB_HOST"] in services and env["REDIS_HOST"] in services, name
        action_host = urllib.parse.urlsplit(env["ACTION_SERVER_URL"]).hostname
        assert action_host in services, f"{name}: ACTION_SERVER_URL points at {action_host}"
        postgres = environment(services[env["DB_HOST"]])
        assert (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"]) == (
            env["DB_USER"],
            env["DB_PASSWORD"],
            env["DB_NAME"],
        ), f"{name} and postgres disagree on the database login"
        redis_command = services[env["REDIS_HOST"]]["command"]
        assert ["--requirepass", env["REDIS_PASSWORD"]] == redis_command[1:3], f"{name} and redis disagree"
        assert set(service["depends_on"]) >= {env["DB_HOST"], env["REDIS_HOST"], action_host}


def actions_image_port() -> int:
    """The port the actions image's action server listens on (its CMD in deploy/Dockerfile)."""
    actions_stage = DOCKERFILE.read_text().split(" AS actions", 1)[1]
    [cmd] = re.findall(r"^CMD (\[.*\])$", actions_stage, flags=re.M)
    arguments = json.loads(cmd)
    return int(arguments[arguments.index("--port") + 1])


def test_rasa_calls_the_action_server_where_it_listens(compose: dict) -> None:
    """ACTION_SERVER_URL is the one place Rasa's action endpoint comes from in production."""
    port = actions_image_port()
    for name, service in rasa_services(compose).items():
        assert urllib.parse.urlsplit(environment(service)["ACTION_SERVER_URL"]).port == port, name
    assert urllib.parse.urlsplit(env_example()["ACTION_SERVER_URL"]).port == port
    assert yaml.safe_load(ENDPOINTS.read_text())["action_endpoint"]["url"] == "${ACTION_SERVER_URL}"
    # The Helm chart builds ACTION_SERVER_URL from the subchart's service, whose target is this port.
    values = yaml.safe_load(HELM_VALUES.read_text())
    assert values["rasa-action-server"]["applicationSettings"]["port"] == port
    assert values["applicationSettings"]["endpoints"]["action"]["endpointURL"] == "/webhook"


def test_env_example_lists_every_variable(compose: dict) -> None:
    used = variables_used(COMPOSE_FILE) | endpoint_variables()
    assert used <= set(env_example()), f"missing from deploy/.env.example: {used - set(env_example())}"


def test_compose_refuses_to_start_without_passwords() -> None:
    values = {k: v for k, v in env_example().items() if k != "DB_PASSWORD"}
    client = compose_client()
    if client is None:
        with pytest.raises(ValueError, match="DB_PASSWORD"):
            interpolate(COMPOSE_FILE.read_text(), values)
        return
    result = subprocess.run(
        [*client, "-f", str(COMPOSE_FILE), "config"],
        capture_output=True,
        text=True,
        env={**clean_environment(), **values},
        cwd=ROOT,
    )
    assert result.returncode != 0 and "DB_PASSWORD" in result.stderr


def nginx_upstreams() -> Dict[str, Set[str]]:
    text = (DEPLOY / "nginx.conf").read_text()
    return {
        name: set(re.findall(r"^\s*server (\S+?)(?:\s[^;]*)?;", body, flags=re.M))
        for name, body in re.findall(r"upstream (\w+) \{(.*?)\}", text, flags=re.S)
    }


def test_nginx_balances_over_every_rasa_service(compose: dict) -> None:
    expected = {f"{name}:5005" for name in rasa_services(compose)}
    upstreams = nginx_upstreams()
    assert set(upstreams) == {"rasa", "rasa_socketio"}
    for name, servers in upstreams.items():
        assert servers == expected, f"upstream {name}: {servers} != {expected}"
    nginx = compose["services"]["nginx"]
    assert any("nginx.conf:/etc/nginx/conf.d/default.conf" in str(v) for v in nginx["volumes"])


def test_production_endpoints_read_by_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import read_endpoint_config

    for name, value in env_example().items():
        monkeypatch.setenv(name, value)
    tracker = read_endpoint_config(str(ENDPOINTS), "tracker_store")
    locks = read_endpoint_config(str(ENDPOINTS), "lock_store")
    actions = read_endpoint_config(str(ENDPOINTS), "action_endpoint")
    assert (tracker.type, tracker.url, tracker.kwargs["dialect"]) == (
        "storage.tracker_store.StrictSQLTrackerStore",
        "postgres",
        "postgresql",
    )
    assert (tracker.kwargs["username"], tracker.kwargs["password"]) == ("rasa", env_example()["DB_PASSWORD"])
    assert (locks.type, locks.url, locks.kwargs["password"]) == (
        "storage.locks.AtomicRedisLockStore",
        "redis",
        env_example()["REDIS_PASSWORD"],
    )
    assert actions.url == env_example()["ACTION_SERVER_URL"]
    monkeypatch.delenv("REDIS_PASSWORD")
    with pytest.raises(RasaException, match="REDIS_PASSWORD"):
        read_endpoint_config(str(ENDPOINTS), "lock_store")


def test_helm_values_describe_the_same_deployment() -> None:
    values = yaml.safe_load(HELM_VALUES.read_text())
    assert values["replicaCount"] >= 2
    endpoints = values["applicationSettings"]["endpoints"]
    tracker, locks = endpoints["trackerStore"], endpoints["lockStore"]
    assert (tracker["enabled"], tracker["type"], tracker["dialect"]) == (
        True,
        "storage.tracker_store.StrictSQLTrackerStore",
        "postgresql",
    )
    production_locks = yaml.safe_load(ENDPOINTS.read_text())["lock_store"]
    assert (locks["enabled"], locks["type"]) == (True, production_locks["type"])
    assert values["postgresql"]["install"] or values["postgresql"]["external"]["enabled"]
    assert values["redis"]["install"] or values["redis"]["external"]["enabled"]
    assert values["rasa-action-server"]["install"] is True
    for image in (values["image"], values["rasa-action-server"]["image"]):
        assert re.match(r"^\d+\.\d+", str(image["tag"])), f"image tag {image['tag']!r} not pinned"
    # The model is baked into the image; the chart must not download a demo model.
    assert values["applicationSettings"]["initialModel"] == ""
    channels = values["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    production = yaml.safe_load(CREDENTIALS.read_text())
    assert channels == {name: settings or {} for name, settings in production.items()}


def test_default_endpoints_keep_conversations_in_sqlite() -> None:
    tracker = yaml.safe_load((ROOT / "endpoints.yml").read_text()).get("tracker_store")
    assert tracker == {
        "type": "storage.tracker_store.StrictSQLTrackerStore",
        "dialect": "sqlite",
        "db": "var/conversations.db",
        "busy_timeout": 30,
    }
    assert subprocess.run(["git", "check-ignore", "-q", "var/conversations.db"], cwd=ROOT).returncode == 0


# ----- the real nginx ------------------------------------------------------------------


class EchoRasa(http.server.BaseHTTPRequestHandler):
    """Stands in for a Rasa instance: every request gets `[]`."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._reply()

    def do_GET(self) -> None:
        self._reply()

    def _reply(self) -> None:
        body = b"[]"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def nginx_before_stand_ins(directory: Path, load_test_addresses: List[str]) -> Iterator[str]:
    backends = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoRasa) for _ in range(2)]
    for backend in backends:
        threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = free_port()
    nginx = start_nginx(
        directory, {f"rasa{i + 1}": b.server_address[1] for i, b in enumerate(backends)}, port, load_test_addresses
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.stop()
        for backend in backends:
            backend.shutdown()


@pytest.fixture
def nginx_url(tmp_path: Path) -> Iterator[str]:
    """nginx with deploy/nginx.conf in front of two stand-ins; one per test (fresh rate limits)."""
    with nginx_before_stand_ins(tmp_path, []) as url:
        yield url


def post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.scaleout  # a real nginx
def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    include = tmp_path / "rasa-lb.conf"
    include.write_text(render_nginx_config({"rasa1": free_port(), "rasa2": free_port()}, free_port()))
    result = check_nginx_config(nginx_main_config(tmp_path, include), tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.scaleout  # a real nginx
def test_nginx_limits_requests_per_client_ip(nginx_url: str) -> None:
    message = json.dumps({"sender": "flood", "message": "hello"}).encode()
    statuses = [post(nginx_url + "/webhooks/rest/webhook", message) for _ in range(40)]
    print(f"nginx rate limit: {statuses.count(200)} of 40 rapid requests passed, {statuses.count(429)} got 429")
    assert set(statuses) <= {200, 429}
    assert 20 <= statuses.count(200) <= 24  # the burst of 20 (+ what the rate refilled)
    assert statuses[:20] == [200] * 20


@pytest.mark.scaleout  # a real nginx
def test_a_load_test_address_is_exempt_from_the_rate_limit_and_visitors_are_not(tmp_path: Path) -> None:
    message = json.dumps({"sender": "load", "message": "hello"}).encode()
    with nginx_before_stand_ins(tmp_path, ["127.0.0.1"]) as url:
        load = [post(url + "/webhooks/rest/webhook", message) for _ in range(60)]
        visitor = [
            http_request(
                url + "/webhooks/rest/webhook",
                "POST",
                message,
                {"Content-Type": "application/json"},
                source_ip="127.0.0.2",
            ).status
            for _ in range(40)
        ]
    print(f"nginx load-test address: {load.count(200)}/60 passed; another address: {visitor.count(200)}/40 passed")
    assert load == [200] * 60
    assert 20 <= visitor.count(200) <= 24 and set(visitor) == {200, 429}


@pytest.mark.scaleout  # a real nginx
def test_nginx_refuses_large_bodies_and_hides_the_rest_of_rasa(nginx_url: str) -> None:
    big = json.dumps({"sender": "x", "message": "a" * 20_000}).encode()
    assert post(nginx_url + "/webhooks/rest/webhook", big) == 413
    for path in ("/status", "/conversations/x/tracker", "/model"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(nginx_url + path, timeout=10)
        assert error.value.code == 404, path


def test_every_probe_uses_readiness(compose: dict) -> None:
    for name, service in rasa_services(compose).items():
        assert "/health/ready" in " ".join(service["healthcheck"]["test"]), name
    assert {n: c["condition"] for n, c in compose["services"]["nginx"]["depends_on"].items()} == {
        name: "service_healthy" for name in rasa_services(compose)
    }
    values = yaml.safe_load(HELM_VALUES.read_text())
    assert values["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert values["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert "proxy_pass http://rasa/health/ready;" in (DEPLOY / "nginx.conf").read_text()
    for credentials in (CREDENTIALS, ROOT / "credentials.yml"):
        assert "channels.health.HealthInput" in yaml.safe_load(credentials.read_text()), credentials


def test_scale_local_renders_nginx_for_any_number_of_instances(tmp_path: Path) -> None:
    include = tmp_path / "rasa-lb.conf"
    include.write_text(render_nginx_config({f"rasa{n}": free_port() for n in range(1, 4)}, free_port(), ["10.0.0.5"]))
    text = include.read_text()
    assert text.count("server 127.0.0.1:") == 6 and "rasa1:5005" not in text and "10.0.0.5 1;" in text
    result = check_nginx_config(nginx_main_config(tmp_path, include), tmp_path)
    assert result.returncode == 0, result.stderr
