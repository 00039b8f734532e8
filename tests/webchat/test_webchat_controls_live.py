"""The widget's controls against the REAL bot (Rasa with the trained model, the action server and
a SQLite tracker store, from tests/webchat/conftest.py's live_stack), not the scripted one of
test_webchat_controls.py: what the widget shows comes from the bot's real replies and metadata,
and what it sends is checked where it ends up, in the tracker store.

Covered: the "Source" disclosure under an answer, thumbs up and down with a reason (stored as
the structured `answer_rating` event), "Contact a person" (the `handoff` event), "New
conversation" (a restart, then the greeting with the topic buttons), the privacy notice, and
"Delete my conversation" (the conversation gone from the database and from the browser).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, List

import pytest
from playwright.sync_api import Locator, Page, expect

from actions import assistant_texts as texts
from channels.answer_metadata import ARTICLE_TITLE, ARTICLE_YEAR
from channels.erasure import ERASED_REPLY
from tests.support.project import domain
from tests.webchat.webchat_support import LiveStack

pytestmark = [pytest.mark.live, pytest.mark.browser]

LAUNCHER = "Open chat: Baclofen assistant"
HISTORY = "baclofen-chat:history"
SESSION = "baclofen-chat:session"
QUESTION = "can baclofen make me dizzy"
SECTION = "Common Side Effects and Precautions"  # the section utter_dizziness cites (domain.yml)


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.get_by_role("dialog", name="Baclofen assistant")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.get_by_label("Your question about baclofen").fill(text)
    page.keyboard.press("Enter")


def bot_bubbles(page: Page) -> Locator:
    return page.locator(".bcw-msg-bot:not(.bcw-msg-intro)")


def stored(page: Page, key: str) -> Any:
    return page.evaluate("key => sessionStorage.getItem(key)", key)


def sender_of(page: Page) -> str:
    """The conversation id the widget got from the server (Rasa's sender id)."""
    wait_until(lambda: stored(page, SESSION))
    return stored(page, SESSION)


def wait_until(predicate: Callable[[], Any], timeout: float = 15) -> Any:
    """Rasa saves the tracker after the turn's last action, a moment after the replies went out."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return result


def events(db: Path, sender: str, type_name: str) -> List[dict]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = ? ORDER BY id", (sender, type_name)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def event_count(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def slot_values(db: Path, sender: str, slot: str) -> List[Any]:
    return [e["value"] for e in events(db, sender, "slot") if e["name"] == slot and e["value"] is not None]


def ask_for_an_answer(page: Page, question: str = QUESTION) -> Locator:
    """Asks a medical question; the answer's entry (bubble, source and rating), once it is shown."""
    send(page, question)
    answer = page.locator(".bcw-entry", has=page.locator(".bcw-rating")).last
    expect(answer.get_by_role("group", name="Was this helpful?")).to_be_visible()
    return answer


def test_an_answer_shows_its_source_and_its_ratings_are_stored_in_the_tracker(
    chat_page: Page, live_stack: LiveStack
) -> None:
    open_widget(chat_page, live_stack.site_url)
    answer = ask_for_an_answer(chat_page)
    expect(answer.locator(".bcw-msg-bot")).to_contain_text("dizz")

    # the "Source" disclosure, from the real answer's metadata.source
    source = answer.locator("details.bcw-source")
    expect(source.locator("summary")).to_have_text("Source")
    expect(source.locator(".bcw-source-title")).to_be_hidden()
    source.locator("summary").click()
    expect(source.locator(".bcw-source-title")).to_have_text(f"{ARTICLE_TITLE} ({ARTICLE_YEAR})")
    expect(source.get_by_role("list", name="Sections").get_by_role("listitem")).to_have_text([SECTION])

    # thumbs down, with a reason
    answer.get_by_role("button", name="Not helpful").click()
    answer.get_by_role("group", name="What was wrong? (optional)").get_by_role("button", name="Unclear").click()
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: " + texts.RATING_SORRY)
    expect(answer.locator(".bcw-rated")).to_have_text("You found this answer not helpful. Thank you.")
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(1)  # the rating is no user bubble

    sender = sender_of(chat_page)
    ratings = wait_until(lambda: slot_values(live_stack.tracker_db, sender, "answer_rating"))
    assert ratings == [
        {
            "rating": "down",
            "response": "utter_dizziness",
            "reason": "unclear",
            "sections": [SECTION],
            "via": "button",
        }
    ]

    # thumbs up on another answer: a second event, tied to that answer
    second = ask_for_an_answer(chat_page, "is it safe to drive on baclofen")
    second.get_by_role("button", name="Helpful", exact=True).click()
    expect(bot_bubbles(chat_page).last).to_have_text("Assistant: " + texts.RATING_THANKS)
    ratings = wait_until(lambda: (r := slot_values(live_stack.tracker_db, sender, "answer_rating"))[1:] and r)
    assert [(r["rating"], r["response"], r["reason"]) for r in ratings] == [
        ("down", "utter_dizziness", "unclear"),
        ("up", "utter_driving", None),
    ]


def test_contact_a_person_gets_the_support_team_and_is_recorded(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    chat_page.get_by_role("button", name="Contact a person").click()
    reply = bot_bubbles(chat_page).last
    expect(reply).to_contain_text("support team")
    expect(reply).to_contain_text("Opening hours")
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(0)  # a hidden payload, no user bubble

    sender = sender_of(chat_page)
    [handoff] = wait_until(lambda: slot_values(live_stack.tracker_db, sender, "handoff"))
    assert handoff["channel"] == "socketio"


def test_new_conversation_restarts_and_greets_with_the_topics(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    ask_for_an_answer(chat_page)
    sender = sender_of(chat_page)

    chat_page.get_by_role("button", name="New conversation").click()
    expect(bot_bubbles(chat_page).first).to_have_text("Assistant: " + texts.RESTARTED)
    expect(bot_bubbles(chat_page).nth(1)).to_contain_text("Hello!")
    expect(chat_page.locator(".bcw-msg-user")).to_have_count(0)
    topics = chat_page.get_by_role("group", name="Suggested questions").get_by_role("button")
    expect(topics.first).to_be_visible()
    assert QUESTION not in stored(chat_page, HISTORY)
    # Rasa restarted the same conversation id: a restart event after the earlier turn
    assert wait_until(lambda: events(live_stack.tracker_db, sender, "restart"))

    topics.first.click()  # the greeting's topic buttons reach the real bot
    expect(chat_page.locator(".bcw-entry", has=chat_page.locator(".bcw-rating"))).to_have_count(1)


def test_the_privacy_notice_matches_the_bot_s_session_expiry(chat_page: Page, live_stack: LiveStack) -> None:
    open_widget(chat_page, live_stack.site_url)
    minutes = domain()["session_config"]["session_expiration_time"]
    notice = chat_page.locator(".bcw-privacy-text")
    expect(notice).to_contain_text("kept on our server for 90 days after your last message")
    expect(notice).to_contain_text(f"after {minutes} minutes without a message")


def test_delete_my_conversation_erases_it_from_the_tracker_store_and_the_browser(
    chat_page: Page, live_stack: LiveStack
) -> None:
    open_widget(chat_page, live_stack.site_url)
    ask_for_an_answer(chat_page)
    sender = sender_of(chat_page)
    assert wait_until(lambda: event_count(live_stack.tracker_db, sender) > 0)

    chat_page.get_by_role("button", name="Delete my conversation").click()
    confirm = chat_page.get_by_role("alertdialog", name="Delete this conversation?")
    confirm.get_by_role("button", name="Delete", exact=True).click()
    expect(bot_bubbles(chat_page)).to_have_text(["Assistant: " + ERASED_REPLY])
    expect(chat_page.locator(".bcw-log")).not_to_contain_text(QUESTION)

    assert event_count(live_stack.tracker_db, sender) == 0  # deleted before the reply was sent
    assert stored(chat_page, HISTORY) is None
    new_sender = wait_until(lambda: stored(chat_page, SESSION) not in (None, sender) and stored(chat_page, SESSION))
    assert new_sender

    send(chat_page, "what is baclofen")  # a new, separate conversation
    expect(chat_page.locator(".bcw-entry", has=chat_page.locator(".bcw-rating"))).to_have_count(1)
    assert wait_until(lambda: event_count(live_stack.tracker_db, new_sender) > 0)
    assert event_count(live_stack.tracker_db, sender) == 0
