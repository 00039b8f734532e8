"""How the widget renders what a server sends, against a scripted socket.io server that speaks
Rasa's socketio protocol: links, HTML in bot text and button titles, quick-reply payloads,
configuration through BaclofenChat.init(), the JWT auth payload and the history cap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import Page, expect

from tests.support.servers import free_port
from tests.webchat.webchat_support import ScriptedSocketServer, static_server

XSS_IMG = '<img src=x onerror="window.__xss=1">'
LINK_TEXT = (
    "Read https://example.org/baclofen?x=1&y=2. Or see [the leaflet](https://example.com/leaflet). "
    "Not javascript:alert(1) nor [bad](javascript:alert(2)). " + XSS_IMG
)
TOKEN = "header.payload.signature"


def scripted_replies(message: str) -> List[dict]:
    if message == "links":
        return [{"text": LINK_TEXT}]
    if message == "buttons":
        return [
            {
                "text": "Pick one",
                "quick_replies": [
                    {"content_type": "text", "title": "<b>bold</b>", "payload": "/pick_bold"},
                    {"content_type": "text", "title": "Plain", "payload": "/pick_plain"},
                ],
            }
        ]
    if message == "slow":
        return [{"text": "first, after a pause", "delay": 1.5}]
    return [{"text": f"echo: {message}"}]


class ScriptedSite:
    def __init__(self, server: ScriptedSocketServer, url: str) -> None:
        self.server = server
        self.url = url


@pytest.fixture(scope="module")
def scripted_site(webchat_log_dir: Path) -> Iterator[ScriptedSite]:
    bot_port, site_port = free_port(), free_port()
    server = ScriptedSocketServer(bot_port, scripted_replies).start()
    site = static_server(site_port, f"http://127.0.0.1:{bot_port}", webchat_log_dir).start()
    try:
        site.wait_until_ready(15)
        yield ScriptedSite(server, f"http://127.0.0.1:{site_port}/")
    finally:
        site.stop()
        server.stop()


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Open chat: Baclofen assistant").click()
    expect(page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.get_by_label("Your question about baclofen").fill(text)
    page.keyboard.press("Enter")


def test_links_become_safe_anchors_and_html_stays_text(chat_page: Page, scripted_site: ScriptedSite) -> None:
    open_widget(chat_page, scripted_site.url)
    send(chat_page, "links")
    bubble = chat_page.locator(".bcw-msg-bot", has_text="Read ")
    expect(bubble).to_be_visible()

    links = bubble.locator("a")
    expect(links).to_have_count(2)
    assert links.nth(0).get_attribute("href") == "https://example.org/baclofen?x=1&y=2"
    # No trailing "."; the link says that it opens a new tab.
    assert links.nth(0).text_content() == "https://example.org/baclofen?x=1&y=2 (opens in a new tab)"
    assert links.nth(1).get_attribute("href") == "https://example.com/leaflet"
    expect(bubble.get_by_role("link", name="the leaflet (opens in a new tab)", exact=True)).to_have_count(1)
    for index in range(2):
        assert links.nth(index).get_attribute("target") == "_blank"
        assert links.nth(index).get_attribute("rel") == "noopener noreferrer"

    text = bubble.text_content()
    assert "javascript:alert(1)" in text and "[bad](javascript:alert(2))" in text
    assert XSS_IMG in text
    assert chat_page.locator(".bcw-root img").count() == 0
    assert chat_page.evaluate("window.__xss") is None


def test_typing_indicator_shows_while_the_bot_is_busy(chat_page: Page, scripted_site: ScriptedSite) -> None:
    open_widget(chat_page, scripted_site.url)
    typing = chat_page.locator(".bcw-typing")
    expect(typing).to_be_hidden()
    send(chat_page, "slow")
    expect(typing).to_be_visible()
    expect(chat_page.locator(".bcw-msg-bot").last).to_have_text("Assistant: first, after a pause")
    expect(typing).to_be_hidden()


def test_quick_replies_show_titles_as_text_and_send_payloads(chat_page: Page, scripted_site: ScriptedSite) -> None:
    open_widget(chat_page, scripted_site.url)
    send(chat_page, "buttons")
    choices = chat_page.get_by_role("group", name="Suggested questions").get_by_role("button")
    expect(choices).to_have_text(["<b>bold</b>", "Plain"])

    choices.nth(1).click()
    expect(chat_page.locator(".bcw-msg-user").last).to_have_text("You: Plain")
    expect(chat_page.locator(".bcw-msg-bot").last).to_have_text("Assistant: echo: /pick_plain")
    expect(chat_page.locator(".bcw-quick-replies")).to_have_count(0)

    sent = scripted_site.server.received[-1]
    session_id = chat_page.evaluate("sessionStorage.getItem('baclofen-chat:session')")
    assert sent["message"] == "/pick_plain"
    assert sent["session_id"] == session_id and session_id
    assert sent["metadata"]["client"] == "baclofen-webchat"


def test_init_options_title_colour_and_jwt(chat_page: Page, scripted_site: ScriptedSite) -> None:
    chat_page.goto(scripted_site.url)
    chat_page.evaluate(
        f"BaclofenChat.init({{title: 'Pharmacy helper', primaryColor: '#ffd23f', open: true, token: '{TOKEN}'}})"
    )
    dialog = chat_page.get_by_role("dialog", name="Pharmacy helper")
    expect(dialog).to_be_visible()
    expect(chat_page.locator(".bcw-root")).to_have_count(1)  # init() replaced the first widget
    header = chat_page.locator(".bcw-header")
    expect(header).to_have_css("background-color", "rgb(255, 210, 63)")
    # Yellow is light, so the widget picks dark text on it (AA contrast).
    expect(header).to_have_css("color", "rgb(17, 17, 17)")
    send(chat_page, "hello")
    expect(chat_page.locator(".bcw-msg-bot").last).to_have_text("Assistant: echo: hello")
    assert {"token": TOKEN} in scripted_site.server.auths


def test_a_refused_token_shows_a_clear_error(chat_page: Page, scripted_site: ScriptedSite) -> None:
    scripted_site.server.required_token = TOKEN
    try:
        chat_page.goto(scripted_site.url)
        chat_page.evaluate("BaclofenChat.init({open: true, token: 'wrong'})")
        expect(chat_page.get_by_role("status")).to_have_text(
            "The assistant refused the connection. Please reload the page later."
        )
    finally:
        scripted_site.server.required_token = None


def test_history_is_capped_in_storage_and_on_screen(chat_page: Page, scripted_site: ScriptedSite) -> None:
    chat_page.goto(scripted_site.url)
    entries = [{"from": "user" if i % 2 else "bot", "text": f"message {i}"} for i in range(100)]
    entries.append({"from": "bot", "text": "<script>bad entry</script>", "buttons": "not a list"})
    chat_page.evaluate(
        "entries => { sessionStorage.setItem('baclofen-chat:history', entries);"
        " sessionStorage.setItem('baclofen-chat:open', '1'); }",
        json.dumps(entries),
    )
    chat_page.reload()
    bubbles = chat_page.locator(".bcw-msg")
    expect(bubbles).to_have_count(60)
    expect(bubbles.first).to_have_text("Assistant: message 40")  # the oldest were dropped
    expect(chat_page.locator(".bcw-log")).not_to_contain_text("bad entry")  # invalid entry skipped

    send(chat_page, "one more")
    expect(bubbles.last).to_have_text("Assistant: echo: one more")
    expect(bubbles).to_have_count(60)
    stored = json.loads(chat_page.evaluate("sessionStorage.getItem('baclofen-chat:history')"))
    assert len(stored) == 60 and stored[-1]["text"] == "echo: one more"
