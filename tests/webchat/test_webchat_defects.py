"""The widget defects of the accessibility audit (issue 14, item 7), one test each, against the
scripted protocol bot: scrolling after a reload, the modal phone panel, one announcement per
reply, unread replies, text cut at the length cap, a stalled connection, forced colours, phone
input size and focus, links to new tabs, and the widget's own language."""

from __future__ import annotations

import json
import time

from playwright.sync_api import Page, Route, expect

from tests.webchat.webchat_support import ANSWER_TEXT, ProtocolSite

LAUNCHER = "Open chat: Baclofen assistant"
STALLED = "No answer yet: the connection may be slow or lost. Please wait, or reload the page and ask again."

# The class names of the live regions (explicit aria-live, or a live role) that hold `text`.
LIVE_REGIONS_HOLDING = """text => {
  const LIVE_ROLES = ['log', 'status', 'alert', 'marquee', 'timer'];
  // The nearest ancestor that says whether it is live decides: true, false, or null (says nothing).
  const liveness = e => e.hasAttribute('aria-live') ? e.getAttribute('aria-live') !== 'off'
    : LIVE_ROLES.includes(e.getAttribute('role')) ? true : null;
  const regions = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (!walker.currentNode.textContent.includes(text)) continue;
    for (let e = walker.currentNode.parentElement; e; e = e.parentElement) {
      const live = liveness(e);
      if (live === null) continue;
      if (live) regions.add(e);
      break;
    }
  }
  return Array.from(regions).map(e => e.className);
}"""


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.get_by_label("Your question about baclofen").fill(text)
    page.keyboard.press("Enter")


def test_a_reload_shows_the_latest_message_even_with_a_slow_stylesheet(
    chat_page: Page, protocol_site: ProtocolSite
) -> None:
    chat_page.goto(protocol_site.url)
    entries = [{"from": "user" if i % 2 else "bot", "text": f"message {i}\nwith a second line"} for i in range(40)]
    chat_page.evaluate(
        "e => { sessionStorage.setItem('baclofen-chat:history', e);"
        " sessionStorage.setItem('baclofen-chat:open', '1'); }",
        json.dumps(entries),
    )

    def slow_stylesheet(route: Route) -> None:
        time.sleep(1.0)  # the widget builds, opens and renders the history long before this
        route.continue_()

    chat_page.route("**/widget.css", slow_stylesheet)
    chat_page.reload()
    log = chat_page.get_by_role("log", name="Conversation")
    expect(log).to_be_visible()
    last = chat_page.locator(".bcw-msg").last
    expect(last).to_have_text("You: message 39\nwith a second line")
    expect(last).to_be_in_viewport()
    gap = log.evaluate("e => e.scrollHeight - e.scrollTop - e.clientHeight")
    assert gap <= 2, f"the log is {gap}px short of its end"


def test_the_full_screen_phone_panel_is_modal(phone_page: Page, protocol_site: ProtocolSite) -> None:
    phone_page.goto(protocol_site.url)
    phone_page.get_by_role("button", name=LAUNCHER).tap()
    dialog = phone_page.get_by_role("dialog", name="Baclofen assistant")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("aria-modal", "true")
    box = dialog.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 667)

    inside = "() => document.querySelector('.bcw-panel').contains(document.activeElement)"
    seen = set()
    for key in ["Tab"] * 25 + ["Shift+Tab"] * 25:
        phone_page.keyboard.press(key)
        assert phone_page.evaluate(inside), f"{key} left the panel for " + phone_page.evaluate(
            "document.activeElement.outerHTML.slice(0, 80)"
        )
        seen.add(phone_page.evaluate("document.activeElement.className"))
    assert {"bcw-close", "bcw-input", "bcw-send"} <= seen  # it does go round the whole panel
    # Focus moved from outside (a page script) comes back.
    phone_page.evaluate("document.querySelector('nav a').focus()")
    assert phone_page.evaluate(inside)


def test_a_wide_screen_panel_is_not_modal(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    expect(chat_page.get_by_role("dialog", name="Baclofen assistant")).to_have_attribute("aria-modal", "false")
    chat_page.get_by_role("button", name="Close chat", exact=True).focus()
    chat_page.keyboard.press("Shift+Tab")  # leaves the panel for the launcher: the page stays usable
    expect(chat_page.get_by_role("button", name="Close chat: Baclofen assistant")).to_be_focused()


def test_screen_readers_hear_each_reply_once(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "what is baclofen")
    announcer = chat_page.locator(".bcw-announcer")
    expect(announcer).to_contain_text(ANSWER_TEXT)
    # One live region holds the reply: the announcer. The log is not live, and the announcer is
    # outside the panel, so reading through the panel meets the reply once too.
    assert chat_page.evaluate(LIVE_REGIONS_HOLDING, ANSWER_TEXT) == ["bcw-visually-hidden bcw-announcer"]
    assert chat_page.get_by_role("log", name="Conversation").get_attribute("aria-live") == "off"
    assert not chat_page.evaluate(
        "document.querySelector('.bcw-panel').contains(document.querySelector('.bcw-announcer'))"
    )
    assert (
        chat_page.evaluate("t => document.querySelector('.bcw-panel').innerText.split(t).length - 1", ANSWER_TEXT) == 1
    )
    # It does not pile up: after a few seconds the announcer is empty again.
    expect(announcer).to_have_text("", timeout=10_000)
    send(chat_page, "second question")
    expect(announcer).to_have_text("echo: second question")


def test_a_reply_while_closed_gives_a_badge_and_an_announcement(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "slow question")  # answered after 1.5 s
    chat_page.get_by_role("button", name="Close chat", exact=True).click()
    launcher = chat_page.get_by_role("button", name=LAUNCHER)
    badge = chat_page.locator(".bcw-badge")
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()
    expect(launcher).to_have_attribute("aria-label", "Open chat: Baclofen assistant, 1 new reply")
    expect(chat_page.locator(".bcw-announcer")).to_have_text("New reply in the Baclofen assistant chat.")

    launcher.click()
    expect(badge).to_be_hidden()
    expect(chat_page.locator(".bcw-msg-bot").last).to_have_text("Assistant: late answer to: slow question")
    chat_page.get_by_role("button", name="Close chat", exact=True).click()
    expect(chat_page.get_by_role("button", name=LAUNCHER)).to_have_attribute("aria-label", LAUNCHER)


def test_text_beyond_the_length_cap_is_not_cut_silently(chat_page: Page, protocol_site: ProtocolSite) -> None:
    chat_page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_widget(chat_page, protocol_site.url)
    box = chat_page.get_by_label("Your question about baclofen")
    box.fill("ab")
    chat_page.evaluate("text => navigator.clipboard.writeText(text)", "y" * 600)
    box.press("Control+V")  # a real paste
    assert box.input_value() == "ab" + "y" * 498
    note = "Messages can be at most 500 characters: the last 102 characters were left out."
    expect(chat_page.locator(".bcw-cut")).to_have_text(note)
    expect(chat_page.locator(".bcw-announcer")).to_contain_text(note)
    assert chat_page.locator(".bcw-cut").get_attribute("id") in box.get_attribute("aria-describedby").split()

    box.press("Backspace")  # below the cap again: the note goes
    expect(chat_page.locator(".bcw-cut")).to_have_text("")
    box.press("z")
    box.press("z")  # typing at the cap says so too
    expect(chat_page.locator(".bcw-cut")).to_have_text(
        "Messages can be at most 500 characters: the last 1 character was left out."
    )


def test_a_stalled_connection_gives_a_status(chat_page: Page, protocol_site: ProtocolSite) -> None:
    chat_page.goto(protocol_site.url)
    chat_page.evaluate("BaclofenChat.init({open: true, replyTimeoutSeconds: 2})")
    send(chat_page, "stall")  # the bot never answers
    typing = chat_page.locator(".bcw-typing")
    expect(typing).to_be_visible()
    status = chat_page.get_by_role("status")
    expect(status).to_have_text("")
    expect(typing).to_be_hidden(timeout=5_000)
    expect(status).to_have_text(STALLED)
    send(chat_page, "hello again")  # a reply clears it
    expect(chat_page.locator(".bcw-msg-bot").last).to_have_text("Assistant: echo: hello again")
    expect(status).to_have_text("")


def test_forced_colours_keep_outlines_on_send_and_bubbles(chat_page: Page, protocol_site: ProtocolSite) -> None:
    chat_page.emulate_media(forced_colors="active")
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "hello")
    expect(chat_page.locator(".bcw-msg-bot").last).to_have_text("Assistant: echo: hello")
    for selector in (".bcw-send", ".bcw-msg-user", ".bcw-msg-bot", ".bcw-launcher"):
        border = chat_page.locator(selector).last.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderTopColor]; }"
        )
        assert border[0] == "solid" and border[1] >= 1, (selector, border)
        assert border[2] not in ("rgba(0, 0, 0, 0)", "transparent"), (selector, border)


def test_phones_get_a_16px_input_and_no_keyboard_on_open(phone_page: Page, protocol_site: ProtocolSite) -> None:
    phone_page.goto(protocol_site.url)
    phone_page.get_by_role("button", name=LAUNCHER).tap()
    dialog = phone_page.get_by_role("dialog", name="Baclofen assistant")
    expect(dialog).to_be_focused()  # not the message box: that would pop the keyboard up
    box = phone_page.get_by_label("Your question about baclofen")
    expect(box).not_to_be_focused()
    assert float(box.evaluate("e => getComputedStyle(e).fontSize").rstrip("px")) >= 16
    box.tap()
    expect(box).to_be_focused()


def test_links_that_open_a_new_tab_say_so(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "see https://example.org/leaflet")
    link = chat_page.get_by_role("link", name="https://example.org/leaflet (opens in a new tab)", exact=True)
    expect(link).to_have_attribute("target", "_blank")
    expect(link.locator("svg.bcw-link-icon")).to_be_visible()  # and to sighted users, an icon


def test_the_widget_sets_its_own_language(chat_page: Page, protocol_site: ProtocolSite) -> None:
    chat_page.goto(protocol_site.url)
    chat_page.evaluate("document.documentElement.lang = 'fr'; BaclofenChat.init({open: true})")
    expect(chat_page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()
    root = chat_page.locator(".bcw-root")
    expect(root).to_have_attribute("lang", "en")
    assert chat_page.locator(".bcw-input").evaluate("e => e.closest('[lang]').lang") == "en"
