"""The widget on the demo page, talking to the live bot (Rasa + action server) over socket.io."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import List

from playwright.sync_api import Locator, Page, expect

from tests.webchat.webchat_support import LiveStack

DISCLAIMER = "General information only, not medical advice. In an emergency call your local emergency number."
OFFLINE = "Can't reach the assistant. Retrying\u2026"
LAUNCHER = "Open chat: Baclofen assistant"
RECONNECT_TIMEOUT = 20_000  # socket.io backs off up to 5 s (+50 % jitter) between attempts


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()


def message_box(page: Page) -> Locator:
    return page.get_by_label("Your question about baclofen")


def send(page: Page, text: str) -> None:
    message_box(page).fill(text)
    page.keyboard.press("Enter")


def bot_bubbles(page: Page) -> Locator:
    return page.locator(".bcw-msg-bot:not(.bcw-msg-intro)")


def session_id(page: Page) -> str:
    return page.evaluate("sessionStorage.getItem('baclofen-chat:session')")


def tracker_user_texts(rasa_url: str, sender: str, token: str) -> List[str]:
    url = f"{rasa_url}/conversations/{sender}/tracker?token={token}"
    with urllib.request.urlopen(url, timeout=10) as response:
        events = json.loads(response.read())["events"]
    return [event.get("text") for event in events if event["event"] == "user"]


def assert_tracker_user_texts(stack: LiveStack, sender: str, expected: List[str], timeout: float = 10) -> None:
    """Rasa saves the tracker after the turn's last action, a moment after the replies went out."""
    deadline = time.monotonic() + timeout
    while (
        texts := tracker_user_texts(stack.rasa_url, sender, stack.api_token)
    ) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert texts == expected


def relative_luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colours(locator: Locator) -> tuple:
    return tuple(locator.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"))


def test_answer_with_disclaimer(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    expect(chat_page.locator(".bcw-disclaimer")).to_have_text(DISCLAIMER)
    expect(chat_page.locator(".bcw-msg-intro")).to_contain_text("general questions about baclofen")
    expect(chat_page.get_by_role("log", name="Conversation")).to_be_visible()

    send(chat_page, "what is baclofen")
    expect(chat_page.locator(".bcw-msg-user")).to_have_text(["You: what is baclofen"])
    expect(bot_bubbles(chat_page).first).to_contain_text("Baclofen is a muscle relaxant")
    expect(bot_bubbles(chat_page).nth(1)).to_contain_text("not medical advice")
    # Screen readers hear the bot's messages through the polite live region.
    announcer = chat_page.locator(".bcw-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_contain_text("Baclofen is a muscle relaxant")
    expect(chat_page.locator(".bcw-typing")).to_be_hidden()


def test_quick_reply_sends_its_payload(chat_page: Page, live_stack: LiveStack, artifacts_dir: Path) -> None:
    open_widget(chat_page, live_stack.site_url)
    send(chat_page, "what can you do")
    suggestions = chat_page.get_by_role("group", name="Suggested questions")
    expect(suggestions.get_by_role("button", name="Side effects")).to_be_visible()
    chat_page.screenshot(path=str(artifacts_dir / "webchat-open.png"))  # mid-conversation

    suggestions.get_by_role("button", name="Side effects").click()
    expect(chat_page.locator(".bcw-msg-user").last).to_have_text("You: Side effects")
    expect(bot_bubbles(chat_page).filter(has_text="most common side effects")).to_have_count(1)
    expect(suggestions).to_have_count(0)
    assert_tracker_user_texts(live_stack, session_id(chat_page), ["what can you do", "/ask_side_effects"])


def test_reload_keeps_history_and_session(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    send(chat_page, "what is baclofen")
    expect(bot_bubbles(chat_page)).to_have_count(2)
    first_session = session_id(chat_page)
    history_before = chat_page.locator(".bcw-msg").all_text_contents()

    chat_page.reload()
    expect(chat_page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()
    expect(chat_page.locator(".bcw-msg")).to_have_text(history_before)

    send(chat_page, "what are the side effects")
    expect(bot_bubbles(chat_page).filter(has_text="most common side effects")).to_have_count(1)
    assert session_id(chat_page) == first_session
    assert_tracker_user_texts(live_stack, first_session, ["what is baclofen", "what are the side effects"])


def test_markup_in_messages_is_shown_as_text(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    attacks = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>"]
    for number, attack in enumerate(attacks, start=1):
        send(chat_page, attack)
        expect(chat_page.locator(".bcw-msg-user")).to_have_count(number)
        expect(chat_page.locator(".bcw-msg-user").last).to_have_text("You: " + attack)
        expect(bot_bubbles(chat_page)).not_to_have_count(0)
    chat_page.wait_for_timeout(300)  # an onerror handler would have run by now
    assert chat_page.evaluate("window.__xss") is None
    assert chat_page.locator(".bcw-root img, .bcw-root script").count() == 0


def test_error_state_while_rasa_is_unreachable_then_reconnects(chat_page: Page, live_stack: LiveStack) -> None:
    status = chat_page.get_by_role("status")
    live_stack.proxy.stop()  # nothing listens on the widget's server port now
    try:
        open_widget(chat_page, live_stack.site_url)
        expect(status).to_have_text(OFFLINE)
        foreground, background = colours(chat_page.locator(".bcw-status"))
        assert contrast_ratio(foreground, background) >= 4.5

        live_stack.proxy.start()
        expect(status).to_be_hidden(timeout=RECONNECT_TIMEOUT)
        send(chat_page, "what is baclofen")
        expect(bot_bubbles(chat_page).first).to_contain_text("muscle relaxant")

        # A dropped connection: the error shows, a message typed meanwhile waits, then goes.
        live_stack.proxy.stop()
        expect(status).to_have_text(OFFLINE)
        send(chat_page, "what are the side effects")
        live_stack.proxy.start()
        expect(status).to_be_hidden(timeout=RECONNECT_TIMEOUT)
        expect(bot_bubbles(chat_page).filter(has_text="most common side effects")).to_have_count(1)
    finally:
        live_stack.proxy.stop()
        live_stack.proxy.start()


def test_keyboard_only(chat_page: Page, live_stack: LiveStack) -> None:
    chat_page.goto(live_stack.site_url)
    launcher = chat_page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_be_visible()
    for _ in range(10):
        chat_page.keyboard.press("Tab")
        if launcher.evaluate("e => e === document.activeElement"):
            break
    expect(launcher).to_be_focused()

    chat_page.keyboard.press("Enter")
    expect(chat_page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()
    expect(message_box(chat_page)).to_be_focused()
    chat_page.keyboard.type("what is baclofen")
    chat_page.keyboard.press("Enter")
    expect(bot_bubbles(chat_page).first).to_contain_text("muscle relaxant")

    chat_page.keyboard.press("Escape")
    expect(chat_page.locator(".bcw-panel")).to_be_hidden()
    expect(chat_page.get_by_role("button", name=LAUNCHER)).to_be_focused()
    expect(chat_page.get_by_role("button", name=LAUNCHER)).to_have_attribute("aria-expanded", "false")


def test_counter_and_length_cap(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    counter = chat_page.locator(".bcw-counter")
    expect(counter).to_have_text("0/500")
    message_box(chat_page).press_sequentially("side effects")
    expect(counter).to_have_text("12/500")

    message_box(chat_page).fill("")
    chat_page.keyboard.insert_text("x" * 600)  # like a paste: the browser stops at 500
    assert len(message_box(chat_page).input_value()) == 500
    expect(counter).to_have_text("500/500")
    expect(counter).to_have_class("bcw-counter bcw-counter-full")
    chat_page.keyboard.press("Enter")
    expect(chat_page.locator(".bcw-msg-user")).to_have_text(["You: " + "x" * 500])
    expect(counter).to_have_text("0/500")


def test_fits_a_320px_screen_with_readable_colours(chat_page: Page, live_stack: LiveStack) -> None:
    chat_page.set_viewport_size({"width": 320, "height": 568})
    open_widget(chat_page, live_stack.site_url)
    send(chat_page, "what can you do")
    expect(chat_page.get_by_role("button", name="Side effects")).to_be_visible()

    box = chat_page.locator(".bcw-panel").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= 320 and box["y"] + box["height"] <= 568
    assert chat_page.evaluate("document.documentElement.scrollWidth") <= 320
    for name in ("Send", "Close chat"):
        button = chat_page.get_by_role("button", name=name).bounding_box()
        assert button["x"] >= 0 and button["x"] + button["width"] <= 320

    for selector in (
        ".bcw-header",
        ".bcw-disclaimer",
        ".bcw-msg-user",
        ".bcw-msg-bot",
        ".bcw-send",
        ".bcw-quick-reply",
        ".bcw-counter",
    ):
        foreground, background = colours(chat_page.locator(selector).first)
        if background == "rgba(0, 0, 0, 0)":  # transparent: the panel's white shows through
            background = "rgb(255, 255, 255)"
        assert contrast_ratio(foreground, background) >= 4.5, selector


def test_rasa_cors_allows_socketio_polling_from_the_site_origin_only(live_stack: LiveStack) -> None:
    """`--cors` is what lets the polling transport through; the websocket transport ignores it."""
    site_origin = live_stack.site_url.rstrip("/")
    allowed = {}
    for origin in (site_origin, "http://elsewhere.example"):
        request = urllib.request.Request(
            f"{live_stack.rasa_url}/socket.io/?EIO=4&transport=polling", headers={"Origin": origin}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            allowed[origin] = response.headers.get("Access-Control-Allow-Origin")
    assert allowed == {site_origin: site_origin, "http://elsewhere.example": None}
