"""The widget's controls beyond the message box, against a scripted bot speaking
docs/client-protocol.md: the "Source" disclosure and rating of answers, "Contact a person",
"New conversation", the privacy notice with "Delete my conversation", and what the browser keeps
(this tab only, forgotten after the session expiry)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import List

from playwright.sync_api import Locator, Page, expect

from tests.webchat.webchat_support import (
    ANSWER_METADATA,
    ANSWER_TEXT,
    ARTICLE_TITLE,
    DISCLAIMER_TEXT,
    ERASED_TEXT,
    GREETING_TEXT,
    HANDOFF_TEXT,
    RESTARTED_TEXT,
    THANKS_TEXT,
    ProtocolSite,
)

LAUNCHER = "Open chat: Baclofen assistant"
HISTORY = "baclofen-chat:history"
SESSION = "baclofen-chat:session"


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.get_by_label("Your question about baclofen").fill(text)
    page.keyboard.press("Enter")


def bot_bubbles(page: Page) -> Locator:
    return page.locator(".bcw-msg-bot:not(.bcw-msg-intro)")


def ask_for_the_answer(page: Page) -> Locator:
    """Asks the rateable, sourced question; returns the answer's entry (bubble and controls)."""
    send(page, "what is baclofen")
    expect(bot_bubbles(page).last).to_have_text("Assistant: " + DISCLAIMER_TEXT)
    return page.locator(".bcw-entry", has=page.locator(".bcw-msg-bot", has_text=ANSWER_TEXT))


def sent_since(site: ProtocolSite, count: int, expected: int, timeout: float = 10) -> List[str]:
    """The messages the widget sent after the first `count`, once there are `expected` of them."""
    deadline = time.monotonic() + timeout
    while len(site.sent()) - count < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return site.sent()[count:]


def stored(page: Page, key: str):
    return page.evaluate("key => sessionStorage.getItem(key)", key)


def test_an_answer_shows_its_source_in_a_disclosure(
    chat_page: Page, protocol_site: ProtocolSite, artifacts_dir: Path
) -> None:
    chat_page.set_viewport_size({"width": 1000, "height": 760})
    open_widget(chat_page, protocol_site.url)
    answer = ask_for_the_answer(chat_page)
    source = answer.locator("details.bcw-source")
    expect(source).to_have_count(1)
    summary = source.locator("summary")
    expect(summary).to_have_text("Source")
    title = source.get_by_text(ARTICLE_TITLE)
    expect(title).to_be_hidden()

    # The README's picture of the widget (docs/webchat.png): the answer, its source and rating.
    chat_page.locator(".bcw-log").evaluate(
        "(log, a) => { log.scrollTop = a.offsetTop - log.offsetTop - 8; }", answer.element_handle()
    )
    panel = chat_page.locator(".bcw-panel").bounding_box()
    chat_page.screenshot(
        path=str(artifacts_dir / "webchat-readme.png"),
        clip={"x": panel["x"] - 16, "y": panel["y"] - 8, "width": panel["width"] + 32, "height": 760 - panel["y"] + 8},
    )
    summary.click()
    expect(title).to_be_visible()
    expect(source.locator(".bcw-source-title")).to_have_text(ARTICLE_TITLE + " (2023)")
    expect(source.get_by_role("list", name="Sections").get_by_role("listitem")).to_have_text(
        ANSWER_METADATA["source"]["sections"]
    )
    # The disclaimer carries no metadata: no source and no rating under it.
    disclaimer = chat_page.locator(".bcw-entry", has=chat_page.locator(".bcw-msg-bot", has_text=DISCLAIMER_TEXT))
    expect(disclaimer.locator(".bcw-source, .bcw-rating")).to_have_count(0)


def test_thumbs_up_sends_a_hidden_rating_and_shows_the_thanks(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    answer = ask_for_the_answer(chat_page)
    before = len(protocol_site.sent())
    rating = answer.get_by_role("group", name="Was this helpful?")
    rating.get_by_role("button", name="Helpful", exact=True).click()

    assert sent_since(protocol_site, before, 1) == ['/rate_answer{"rating":"up","response":"utter_what_is"}']
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: " + THANKS_TEXT)
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(1)  # the rating is no user bubble
    expect(answer.locator(".bcw-rated")).to_have_text("You found this answer helpful. Thank you.")
    expect(answer.locator(".bcw-rated")).to_be_focused()
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_have_count(0)

    chat_page.reload()  # the rating given stays with the answer; it cannot be sent twice
    answer = chat_page.locator(".bcw-entry", has=chat_page.locator(".bcw-msg-bot", has_text=ANSWER_TEXT))
    expect(answer.locator(".bcw-rated")).to_have_text("You found this answer helpful. Thank you.")
    expect(answer.locator(".bcw-rate")).to_have_count(0)


def test_thumbs_down_offers_an_optional_reason(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    answer = ask_for_the_answer(chat_page)
    before = len(protocol_site.sent())
    down = answer.get_by_role("button", name="Not helpful")
    expect(down).to_have_attribute("aria-expanded", "false")
    down.click()
    expect(down).to_have_attribute("aria-expanded", "true")
    reasons = answer.get_by_role("group", name="What was wrong? (optional)")
    expect(reasons.get_by_role("button")).to_have_text(
        ["Wrong topic", "Unclear", "Incomplete", "Other", "Send without a reason"]
    )
    expect(reasons.get_by_role("button", name="Wrong topic")).to_be_focused()
    assert len(protocol_site.sent()) == before  # nothing is sent until a reason (or none) is chosen

    reasons.get_by_role("button", name="Unclear").click()
    assert sent_since(protocol_site, before, 1) == [
        '/rate_answer{"rating":"down","response":"utter_what_is","reason":"unclear"}'
    ]
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: " + THANKS_TEXT)
    expect(answer.locator(".bcw-rated")).to_have_text("You found this answer not helpful. Thank you.")

    answer = ask_for_the_answer(chat_page).last  # a second answer: down, without a reason
    before = len(protocol_site.sent())
    answer.get_by_role("button", name="Not helpful").click()
    answer.get_by_role("button", name="Send without a reason").click()
    assert sent_since(protocol_site, before, 1) == ['/rate_answer{"rating":"down","response":"utter_what_is"}']
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(2)


def test_contact_a_person_is_always_there_and_sends_the_handoff(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    contact = chat_page.get_by_role("button", name="Contact a person")
    expect(contact).to_be_visible()
    for number in range(8):  # still there, not scrolled away, after a long conversation
        send(chat_page, f"message {number}")
    expect(bot_bubbles(chat_page)).to_have_count(8)
    expect(contact).to_be_in_viewport()

    before = len(protocol_site.sent())
    contact.click()
    assert sent_since(protocol_site, before, 1) == ["/human_handoff"]
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: " + HANDOFF_TEXT)
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(8)


def test_new_conversation_clears_the_tab_and_restarts(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "my first question")
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: echo: my first question"])
    session = stored(chat_page, SESSION)
    before = len(protocol_site.sent())

    chat_page.get_by_role("button", name="New conversation").click()
    assert sent_since(protocol_site, before, 1) == ["/restart"]
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: " + RESTARTED_TEXT, "Assistant: " + GREETING_TEXT])
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(0)
    topics = chat_page.get_by_role("group", name="Suggested questions").get_by_role("button")
    expect(topics).to_have_text(["What is baclofen?", "Side effects"])
    history = stored(chat_page, HISTORY)
    assert "my first question" not in history and GREETING_TEXT in history
    assert stored(chat_page, SESSION) == session  # the same conversation id; Rasa restarted it

    topics.first.click()  # the greeting's topic buttons work
    expect(bot_bubbles(chat_page).filter(has_text=ANSWER_TEXT)).to_have_count(1)


def test_the_privacy_notice_says_what_is_kept_where_and_how_long(chat_page: Page, protocol_site: ProtocolSite) -> None:
    open_widget(chat_page, protocol_site.url)
    expect(chat_page.locator(".bcw-privacy-text")).to_have_text(
        "This chat is kept on our server for 90 days after your last message, and in this browser "
        "tab until you close it or after 60 minutes without a message."
    )
    chat_page.evaluate("BaclofenChat.init({open: true, retentionDays: 30, sessionMinutes: 1})")
    expect(chat_page.locator(".bcw-privacy-text")).to_contain_text("for 30 days after")
    expect(chat_page.locator(".bcw-privacy-text")).to_contain_text("after 1 minute without")


def test_delete_my_conversation_asks_first_then_erases_the_browser_copy(
    chat_page: Page, protocol_site: ProtocolSite
) -> None:
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "something personal")
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: echo: something personal"])
    old_session = stored(chat_page, SESSION)
    before = len(protocol_site.sent())

    delete = chat_page.get_by_role("button", name="Delete my conversation")
    delete.click()
    confirm = chat_page.get_by_role("alertdialog", name="Delete this conversation?")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("cannot be undone")
    expect(confirm.get_by_role("button", name="Cancel")).to_be_focused()
    for _ in range(3):  # the confirmation is modal: Tab stays inside it
        chat_page.keyboard.press("Tab")
        assert confirm.evaluate("e => e.contains(document.activeElement)")
    chat_page.keyboard.press("Escape")  # cancels, and leaves the panel open
    expect(confirm).to_be_hidden()
    expect(chat_page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()
    expect(delete).to_be_focused()
    chat_page.wait_for_timeout(300)
    assert len(protocol_site.sent()) == before  # nothing was sent

    delete.click()
    confirm.get_by_role("button", name="Delete", exact=True).click()
    assert sent_since(protocol_site, before, 1) == ["/erase_conversation_confirmed"]
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: " + ERASED_TEXT])
    expect(chat_page.locator(".bcw-log")).not_to_contain_text("something personal")
    assert stored(chat_page, HISTORY) is None
    # A new conversation id from the server, for whatever the visitor asks next.
    deadline = time.monotonic() + 10
    while stored(chat_page, SESSION) in (None, old_session) and time.monotonic() < deadline:
        time.sleep(0.05)
    new_session = stored(chat_page, SESSION)
    assert new_session and new_session != old_session
    send(chat_page, "after the erasure")
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: echo: after the erasure")
    assert protocol_site.server.received[-1]["session_id"] == new_session
    assert "something personal" not in stored(chat_page, HISTORY)


def test_only_an_erasure_reply_erases(chat_page: Page, protocol_site: ProtocolSite) -> None:
    """metadata.erased must be exactly true; anything else never clears the browser."""
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "keep me")
    send(chat_page, "not really erased")  # answered with metadata {"erased": "true"}
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: echo: not really erased")
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(2)
    assert "keep me" in stored(chat_page, HISTORY)


def test_the_conversation_belongs_to_the_tab_and_expires_with_the_session(
    chat_page: Page, protocol_site: ProtocolSite
) -> None:
    # Widget versions before this one kept the conversation in localStorage for ever.
    chat_page.goto(protocol_site.url)
    chat_page.evaluate(
        'localStorage.setItem(\'baclofen-chat:history\', \'[{"from":"user","text":"old"}]\');'
        "localStorage.setItem('baclofen-chat:session', 'old-id')"
    )
    open_widget(chat_page, protocol_site.url)
    send(chat_page, "hello there")
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: echo: hello there"])
    assert chat_page.evaluate("localStorage.length") == 0  # nothing outlives the tab
    assert "hello there" in stored(chat_page, HISTORY)

    chat_page.reload()  # a reload continues the conversation
    expect(chat_page.locator(".bcw-msg-user")).to_have_text(["You: hello there"])

    other_tab = chat_page.context.new_page()  # a new tab starts a new one
    open_widget(other_tab, protocol_site.url)
    expect(other_tab.locator(".bcw-msg")).to_have_count(1)
    expect(other_tab.locator(".bcw-msg-intro")).to_be_visible()
    expect(other_tab.locator(".bcw-log")).not_to_contain_text("hello there")
    other_tab.close()

    # 61 minutes later (Rasa's session expiry is 60): the tab has forgotten the conversation,
    # on the next page load or when the panel is opened again.
    session = stored(chat_page, SESSION)
    an_hour_ago = "sessionStorage.setItem('baclofen-chat:active', String(Date.now() - 61 * 60 * 1000))"
    chat_page.evaluate(an_hour_ago)
    chat_page.reload()
    expect(chat_page.locator(".bcw-msg-intro")).to_be_visible()
    expect(chat_page.locator(".bcw-log")).not_to_contain_text("hello there")
    assert "hello there" not in (stored(chat_page, HISTORY) or "")
    send(chat_page, "second visit")
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: echo: second visit"])
    assert stored(chat_page, SESSION) not in (None, session)  # a new conversation id

    chat_page.get_by_role("button", name="Close chat", exact=True).click()
    chat_page.evaluate(an_hour_ago)
    chat_page.get_by_role("button", name=LAUNCHER).click()
    expect(chat_page.locator(".bcw-log")).not_to_contain_text("second visit")
    expect(chat_page.locator(".bcw-msg-intro")).to_be_visible()


def test_metadata_is_shown_as_text_and_checked(chat_page: Page, protocol_site: ProtocolSite) -> None:
    """A stored or sent source with markup stays text; a rating needs the response's name."""
    chat_page.goto(protocol_site.url)
    entries = [
        {
            "from": "bot",
            "text": "with markup",
            "response": "utter_x",
            "rateable": True,
            "source": {"title": '<img src=x onerror="window.__xss=1">', "year": "2023", "sections": ["<b>s</b>", 5]},
        },
        {"from": "bot", "text": "no response name", "rateable": True, "source": {"year": 2023}},
    ]
    chat_page.evaluate(
        "e => { sessionStorage.setItem('baclofen-chat:history', e);"
        " sessionStorage.setItem('baclofen-chat:open', '1'); }",
        json.dumps(entries),
    )
    chat_page.reload()
    first = chat_page.locator(".bcw-entry").nth(0)
    first.locator("summary").click()
    expect(first.locator(".bcw-source-title")).to_have_text(
        '<img src=x onerror="window.__xss=1">'
    )  # no year: not a number
    expect(first.locator(".bcw-source-sections li")).to_have_text(["<b>s</b>"])
    expect(first.get_by_role("button", name="Helpful", exact=True)).to_be_visible()
    second = chat_page.locator(".bcw-entry").nth(1)
    expect(second.locator(".bcw-source, .bcw-rating")).to_have_count(0)
    assert chat_page.locator(".bcw-root img, .bcw-root b").count() == 0
    assert chat_page.evaluate("window.__xss") is None
