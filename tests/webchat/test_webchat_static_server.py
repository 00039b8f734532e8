"""scripts/ops/serve_webchat.py over plain HTTP: what it serves, with which headers, and what not."""

from __future__ import annotations

import http.client
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from tests.support.servers import ROOT, free_port
from tests.webchat.webchat_support import static_server

RASA_URL = "http://127.0.0.1:5999"


@pytest.fixture(scope="module")
def site_port(webchat_log_dir: Path) -> Iterator[int]:
    port = free_port()
    server = static_server(port, RASA_URL, webchat_log_dir).start()
    try:
        server.wait_until_ready(15)
        yield port
    finally:
        server.stop()


def get(port: int, path: str, method: str = "GET") -> Tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path)  # sent as is: no client-side path normalisation
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path, content_type, source",
    [
        ("/widget.js", "text/javascript; charset=utf-8", "webchat/widget.js"),
        ("/widget.css", "text/css; charset=utf-8", "webchat/widget.css"),
        (
            "/vendor/socket.io.min.js",
            "text/javascript; charset=utf-8",
            "webchat/node_modules/socket.io-client/dist/socket.io.min.js",
        ),
    ],
)
def test_serves_the_widget_files_with_their_types(site_port: int, path: str, content_type: str, source: str) -> None:
    status, headers, body = get(site_port, path)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body == (ROOT / source).read_bytes()


def test_demo_page_points_at_the_configured_rasa_and_csp_allows_only_it(site_port: int) -> None:
    status, headers, body = get(site_port, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<script src="/widget.js" data-server="{RASA_URL}"'.encode() in body
    directives = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self' http://127.0.0.1:5999 ws://127.0.0.1:5999"
    assert "*" not in headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/node_modules/socket.io-client/package.json",
        "/vendor/",
        "/demo/",
        "/webchat/widget.js",
        "/../scripts/ops/serve_webchat.py",
        "/%2e%2e/Makefile",
        "/package.json",
        "/widget.js/../../Makefile",
    ],
)
def test_nothing_else_is_served(site_port: int, path: str) -> None:
    status, headers, body = get(site_port, path)
    assert status == 404
    assert "Content-Security-Policy" in headers


def test_head_has_no_body_and_post_is_refused(site_port: int) -> None:
    status, headers, body = get(site_port, "/widget.js", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    assert get(site_port, "/widget.js", "POST")[0] == 501


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--rasa-url", "ftp://example"], "--rasa-url: not an http(s) URL"),
        (["--rasa-url", "http://localhost:5005/webhooks"], "give only scheme, host and port"),
        (["--port", "70000"], "--port must be 1-65535"),
    ],
)
def test_bad_arguments_give_a_clear_error(arguments: list, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/ops/serve_webchat.py", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_busy_port_gives_a_clear_error(site_port: int) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/ops/serve_webchat.py", "--port", str(site_port)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{site_port}" in result.stderr and "Traceback" not in result.stderr
