"""Fixtures for the chat widget's browser tests (pytest-playwright driving Debian's chromium).

Servers start once per session: the action server, one Rasa (with --cors for the static
server's origin, --enable-api with a random --auth-token so tests and the widget's staff
debug mode can read trackers, the API never open, and a SQLite tracker store tests can read), a TCP proxy in front of Rasa
(stopping it is how tests take "the Rasa server" away), and the static server. The widget talks
to the proxy. Every page is guarded: a request to any host but 127.0.0.1/localhost is blocked
and fails the test, and so do CSP violations and uncaught page errors.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserType, ConsoleMessage, Page, Playwright, Route, expect, sync_playwright

from tests.support.servers import action_server, free_port, rasa_server, write_endpoints
from tests.webchat.webchat_support import (
    LiveStack,
    ProtocolSite,
    ScriptedSocketServer,
    TcpProxy,
    protocol_replies,
    static_server,
)

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

PLAYWRIGHT_DEFAULT_TIMEOUT = 5_000
# A bot answer can take a few seconds on a busy 2-core machine.
ANSWER_TIMEOUT = 20_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    }


# pytest-playwright keeps Playwright running for the whole session, and its sync API leaves its
# event loop marked as running in the main thread: a later test's asyncio.run() then fails
# ("cannot be called from a running event loop"). These overrides end Playwright, and so its loop,
# when the last test of this package is done. Same fixtures and arguments, package scope.


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts) -> Iterator[Playwright]:
    driver = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(driver)
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(
    browser_type_launch_args: Dict, browser_type: BrowserType, connect_options: Optional[Dict]
) -> Callable[..., Browser]:
    if connect_options:
        raise pytest.UsageError("the widget tests run Debian's chromium locally, not over connect_options")
    return lambda **kwargs: browser_type.launch(**{**browser_type_launch_args, **kwargs})


@pytest.fixture(scope="package")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    browser = launch_browser()
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="package")
def browser_context_args(
    pytestconfig: pytest.Config,
    playwright: Playwright,
    device: Optional[str],
    base_url: Optional[str],
    _pw_artifacts_folder,
) -> Dict:
    arguments: Dict = dict(playwright.devices[device]) if device else {}
    if base_url:
        arguments["base_url"] = base_url
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        arguments["record_video_dir"] = _pw_artifacts_folder.name
    return arguments


@pytest.fixture(scope="session")
def webchat_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("webchat-logs")


@pytest.fixture(scope="session")
def live_stack(webchat_log_dir: Path) -> Iterator[LiveStack]:
    action_port, rasa_port, proxy_port, site_port = (free_port() for _ in range(4))
    site_origin = f"http://127.0.0.1:{site_port}"
    # A SQLite tracker store, so tests can check what the real bot stored and erased.
    tracker_db = webchat_log_dir / "conversations.db"
    endpoints = write_endpoints(
        webchat_log_dir / "endpoints.yml",
        action_port,
        f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {tracker_db}\n",
    )
    actions = action_server(action_port, webchat_log_dir).start()
    api_token = secrets.token_urlsafe(24)
    rasa = rasa_server(
        rasa_port,
        webchat_log_dir,
        endpoints,
        extra_args=["--cors", site_origin, "--enable-api", f"--auth-token={api_token}"],
    ).start()
    proxy = TcpProxy(proxy_port, rasa_port).start()
    site = static_server(site_port, f"http://127.0.0.1:{proxy_port}", webchat_log_dir).start()
    try:
        site.wait_until_ready(15)
        actions.wait_until_ready(90)
        rasa.wait_until_ready(180)
        yield LiveStack(f"http://127.0.0.1:{rasa_port}", proxy, site_origin + "/", api_token, tracker_db)
    finally:
        proxy.stop()
        for process in (site, rasa, actions):
            process.stop()


class PageGuard:
    """Records what a page must never do: reach another host, break the CSP, throw."""

    def __init__(self) -> None:
        self.outside_requests: List[str] = []
        self.csp_violations: List[str] = []
        self.page_errors: List[str] = []

    def on_route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def on_websocket(self, websocket) -> None:
        if urlsplit(websocket.url).hostname not in LOCAL_HOSTS:
            self.outside_requests.append(websocket.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def check(self) -> None:
        assert self.outside_requests == [], "requests left for a non-local host"
        assert self.csp_violations == [], "the page broke its Content-Security-Policy"
        assert self.page_errors == [], "uncaught errors in the page"


def guard(page: Page) -> PageGuard:
    """Starts recording what `page` (and its context) must never do."""
    page_guard = PageGuard()
    page.context.route("**/*", page_guard.on_route)
    page.on("websocket", page_guard.on_websocket)
    page.on("console", page_guard.on_console)
    page.on("pageerror", lambda error: page_guard.page_errors.append(str(error)))
    return page_guard


@pytest.fixture
def chat_page(page: Page) -> Iterator[Page]:
    """A guarded page: fails the test on outside requests, CSP violations or page errors."""
    expect.set_options(timeout=ANSWER_TIMEOUT)  # set per test, so other suites keep theirs
    page_guard = guard(page)
    try:
        yield page
    finally:
        expect.set_options(timeout=PLAYWRIGHT_DEFAULT_TIMEOUT)
    page_guard.check()


# A phone: small touch screen, coarse pointer (what the widget checks before focusing the input).
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def phone_page(new_context) -> Iterator[Page]:
    """A guarded page in a phone-sized touch-screen context."""
    expect.set_options(timeout=ANSWER_TIMEOUT)
    page = new_context(**PHONE).new_page()
    page_guard = guard(page)
    try:
        yield page
    finally:
        expect.set_options(timeout=PLAYWRIGHT_DEFAULT_TIMEOUT)
    page_guard.check()


@pytest.fixture(scope="package")
def protocol_site(webchat_log_dir: Path) -> Iterator[ProtocolSite]:
    """The demo page talking to a scripted bot that speaks docs/client-protocol.md (metadata,
    hidden payloads), for the widget's controls; the real server side is tested on its own."""
    bot_port, site_port = free_port(), free_port()
    server = ScriptedSocketServer(bot_port, protocol_replies).start()
    site = static_server(site_port, f"http://127.0.0.1:{bot_port}", webchat_log_dir).start()
    try:
        site.wait_until_ready(15)
        yield ProtocolSite(server, f"http://127.0.0.1:{site_port}/")
    finally:
        site.stop()
        server.stop()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
