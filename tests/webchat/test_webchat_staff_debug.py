"""The widget's staff debug mode: with `?staff=1` and Rasa's --auth-token entered as the staff
token, each bot turn shows the intent, confidence, entities and actions read from Rasa's tracker
API. Without a token nothing is fetched; a refused token or a missing API is said plainly."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
from playwright.sync_api import Page, Response, expect

from tests.support.servers import free_port
from tests.webchat.webchat_support import LiveStack, ScriptedSocketServer, static_server

LAUNCHER = "Open chat: Baclofen assistant"
TOKEN_KEY = "baclofen-chat:staff-token"
REFUSED = "Staff token refused"
NOT_ENABLED = "Debug API not enabled on the server"
# Longer than the widget's wait before its first tracker read, so a read would have started.
QUIET_PERIOD_MS = 1_200


class TrackerCalls:
    """Every request the page makes to the tracker API, with the status it got."""

    def __init__(self, page: Page) -> None:
        self.urls: List[str] = []
        self.statuses: List[int] = []  # answers the page could read (a CORS-blocked one is not)
        page.on("request", lambda request: self._on_request(request.url))
        page.on("response", self._on_response)

    def _on_request(self, url: str) -> None:
        if "/conversations/" in url:
            self.urls.append(url)

    def _on_response(self, response: Response) -> None:
        if "/conversations/" in response.url:
            self.statuses.append(response.status)

    def replay_statuses(self) -> List[int]:
        """The statuses the server gives each recorded request (the same URL, token included)."""
        return [get_status_and_cors(url, "http://127.0.0.1")[0] for url in self.urls]


def open_staff_widget(page: Page, site_url: str) -> None:
    page.goto(site_url + "?staff=1")
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.get_by_role("form", name="Staff debug")).to_be_visible()


def enter_staff_token(page: Page, token: str) -> None:
    page.get_by_label("Staff token").fill(token)
    page.get_by_role("button", name="Use", exact=True).click()
    expect(staff_status(page)).to_have_text("Debug on: each reply shows what the bot understood.")


def staff_status(page: Page):
    return page.locator(".bcw-staff-status")


def ask(page: Page, text: str, bot_messages_after: int) -> None:
    """Sends `text` and waits until the log holds `bot_messages_after` bot messages."""
    page.get_by_label("Your question about baclofen").fill(text)
    page.keyboard.press("Enter")
    expect(page.locator(".bcw-msg-bot:not(.bcw-msg-intro)")).to_have_count(bot_messages_after)


def get_status_and_cors(url: str, origin: str) -> Tuple[int, str]:
    request = urllib.request.Request(url, headers={"Origin": origin})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Access-Control-Allow-Origin")


# ---------------------------------------------------------------- against the live bot


def test_what_rasa_answers_the_widget_and_which_answers_it_may_read(live_stack: LiveStack) -> None:
    """The widget's reading of the tracker API rests on these answers of Rasa 3.6 with --cors."""
    site_origin = live_stack.site_url.rstrip("/")
    tracker = f"{live_stack.rasa_url}/conversations/staff-check/tracker"
    assert get_status_and_cors(tracker + "?token=" + live_stack.api_token, site_origin) == (200, site_origin)
    # Refusals come without CORS headers (Rasa's async error handler bypasses sanic-cors), so
    # the browser hides them; the widget then checks that the root route is readable.
    assert get_status_and_cors(tracker, site_origin) == (401, None)
    assert get_status_and_cors(tracker + "?token=wrong-" + live_stack.api_token, site_origin) == (401, None)
    assert get_status_and_cors(f"{live_stack.rasa_url}/", site_origin) == (200, site_origin)
    # A route Rasa does not serve (the API without --enable-api) is a readable 404.
    assert get_status_and_cors(f"{live_stack.rasa_url}/no-such-route", site_origin) == (404, site_origin)


def test_without_a_token_nothing_is_fetched_or_shown(chat_page: Page, live_stack: LiveStack) -> None:
    calls = TrackerCalls(chat_page)
    chat_page.goto(live_stack.site_url)  # not a staff page: no token field at all
    expect(chat_page.get_by_role("button", name=LAUNCHER)).to_be_visible()
    expect(chat_page.locator(".bcw-staff")).to_have_count(0)

    open_staff_widget(chat_page, live_stack.site_url)
    expect(staff_status(chat_page)).to_have_text("Debug off: enter the staff token.")
    ask(chat_page, "what is baclofen", bot_messages_after=2)
    chat_page.wait_for_timeout(QUIET_PERIOD_MS)
    expect(chat_page.locator(".bcw-debug")).to_have_count(0)
    assert calls.urls == []


def test_a_wrong_token_is_refused_and_not_tried_again(chat_page: Page, live_stack: LiveStack) -> None:
    calls = TrackerCalls(chat_page)
    open_staff_widget(chat_page, live_stack.site_url)
    enter_staff_token(chat_page, "wrong-" + live_stack.api_token)

    ask(chat_page, "what is baclofen", bot_messages_after=2)
    expect(staff_status(chat_page)).to_have_text(REFUSED)
    assert len(calls.urls) == 1 and calls.replay_statuses() == [401]
    expect(chat_page.locator(".bcw-debug")).to_have_count(0)
    assert chat_page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')") is None  # a refused token is dropped

    ask(chat_page, "what are the side effects", bot_messages_after=4)
    chat_page.wait_for_timeout(QUIET_PERIOD_MS)
    assert len(calls.urls) == 1
    expect(chat_page.locator(".bcw-debug")).to_have_count(0)
    expect(staff_status(chat_page)).to_have_text(REFUSED)


def test_the_right_token_shows_what_the_bot_understood(chat_page: Page, live_stack: LiveStack) -> None:
    calls = TrackerCalls(chat_page)
    console: List[str] = []
    chat_page.on("console", lambda message: console.append(message.text))
    open_staff_widget(chat_page, live_stack.site_url)
    enter_staff_token(chat_page, live_stack.api_token)

    ask(chat_page, "what is baclofen", bot_messages_after=2)
    debug = chat_page.locator(".bcw-debug")
    expect(debug).to_have_count(1)
    expect(debug).to_have_text(
        re.compile(
            r"^debugintent ask_what_is (0\.\d\d|1\.00) · entities [^·]+ · actions utter_what_is, action_add_disclaimer$"
        )
    )
    expect(debug).to_have_attribute("aria-label", re.compile(r"^Staff debug for this reply: intent ask_what_is "))
    # Under the turn's last bot message (the disclaimer), styled apart from the bot's bubbles.
    assert debug.evaluate("e => e.previousElementSibling.textContent").endswith(
        "Talk to your doctor or pharmacist about your own situation."
    )
    assert debug.evaluate("e => e.classList.contains('bcw-msg')") is False
    bot_font = chat_page.locator(".bcw-msg-bot").last.evaluate("e => getComputedStyle(e).fontFamily")
    assert debug.evaluate("e => getComputedStyle(e).fontFamily") != bot_font

    session_id = chat_page.evaluate("sessionStorage.getItem('baclofen-chat:session')")
    assert calls.urls and set(calls.statuses) == {200}
    assert all(f"/conversations/{session_id}/tracker?token=" in url for url in calls.urls)

    # The token: in this tab's sessionStorage only.
    token = live_stack.api_token
    assert chat_page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')") == token
    local_storage = chat_page.evaluate("JSON.stringify(Object.entries(localStorage))")
    assert token not in local_storage
    history = chat_page.evaluate("sessionStorage.getItem('baclofen-chat:history')")
    assert "Baclofen is a muscle relaxant" in history
    assert "ask_what_is" not in history and token not in history  # debug lines are not kept
    assert token not in chat_page.url
    assert chat_page.get_by_label("Staff token").input_value() == ""
    assert not any(token in text for text in console)


# ---------------------------------------------------------------- against a scripted server

XSS = '<img src=x onerror="window.__xss=1">'


def tracker_with_markup(received: List[dict]) -> Tuple[int, dict]:
    events = [{"event": "action", "name": "action_session_start"}, {"event": "action", "name": "action_listen"}]
    for message in received:
        events += [
            {
                "event": "user",
                "text": message["message"],
                "parse_data": {
                    "intent": {"name": XSS, "confidence": 0.5},
                    "entities": [{"entity": "side_effect", "value": "<b>drowsy</b>"}],
                },
            },
            {"event": "action", "name": "utter_echo"},
            {"event": "bot", "text": "echo"},
            {"event": "action", "name": "action_listen"},
        ]
    return 200, {"events": events}


@pytest.fixture(scope="module")
def scripted(webchat_log_dir: Path) -> Iterator[Tuple[ScriptedSocketServer, str]]:
    bot_port, site_port = free_port(), free_port()
    server = ScriptedSocketServer(bot_port, lambda message: [{"text": f"echo: {message}"}]).start()
    site = static_server(site_port, f"http://127.0.0.1:{bot_port}", webchat_log_dir).start()
    try:
        site.wait_until_ready(15)
        yield server, f"http://127.0.0.1:{site_port}/"
    finally:
        site.stop()
        server.stop()


def test_debug_data_is_shown_as_text(chat_page: Page, scripted: Tuple[ScriptedSocketServer, str]) -> None:
    server, url = scripted
    server.tracker = tracker_with_markup
    try:
        open_staff_widget(chat_page, url)
        enter_staff_token(chat_page, "any-token")
        ask(chat_page, "hello", bot_messages_after=1)
        expect(chat_page.locator(".bcw-debug")).to_have_text(
            f"debugintent {XSS} 0.50 · entities side_effect=<b>drowsy</b> · actions utter_echo"
        )
        assert chat_page.locator(".bcw-root img, .bcw-root b").count() == 0
        assert chat_page.evaluate("window.__xss") is None
        assert server.tracker_requests[-1].endswith("/tracker?token=any-token")
    finally:
        server.tracker = None


def test_a_server_without_the_api_is_named(chat_page: Page, scripted: Tuple[ScriptedSocketServer, str]) -> None:
    server, url = scripted
    requests_before = len(server.tracker_requests)
    open_staff_widget(chat_page, url)
    enter_staff_token(chat_page, "any-token")
    ask(chat_page, "hello", bot_messages_after=1)
    expect(staff_status(chat_page)).to_have_text(NOT_ENABLED)
    ask(chat_page, "again", bot_messages_after=2)
    chat_page.wait_for_timeout(QUIET_PERIOD_MS)
    assert len(server.tracker_requests) - requests_before == 1  # it stopped asking
    expect(chat_page.locator(".bcw-debug")).to_have_count(0)
