"""axe-core (npm `axe-core`, webchat/package.json) on the widget in each of its states: closed,
open with a conversation (source disclosure open, rating controls, the reasons of a thumbs
down), a reply waiting while closed, the erase confirmation, and full screen on a phone.
Any violation fails, whatever its impact. The page's Content-Security-Policy stays on: axe is
evaluated through the DevTools protocol, which the CSP does not govern."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from playwright.sync_api import Page, expect

from tests.support.servers import ROOT
from tests.webchat.webchat_support import DISCLAIMER_TEXT, ProtocolSite

AXE = ROOT / "webchat" / "node_modules" / "axe-core" / "axe.min.js"
LAUNCHER = "Open chat: Baclofen assistant"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in webchat/")
    return AXE.read_text(encoding="utf-8")


def violations(page: Page, axe_source: str) -> List[str]:
    """axe's violations within the widget, one line each: rule, impact, the nodes' selectors."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        """() => axe.run({include: [['.bcw-root']]}, {resultTypes: ['violations']})
             .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
               + v.nodes.map(n => n.target.join(' ')).join(', ')))"""
    )
    return results


def assert_clean(page: Page, axe_source: str, state: str) -> None:
    found = violations(page, axe_source)
    assert found == [], f"axe violations with the widget {state}:\n" + "\n".join(found)


def converse(page: Page) -> None:
    page.get_by_label("Your question about baclofen").fill("what is baclofen")
    page.keyboard.press("Enter")
    expect(page.locator(".bcw-msg-bot").last).to_have_text("Assistant: " + DISCLAIMER_TEXT)
    page.get_by_label("Your question about baclofen").fill("see https://example.org/leaflet")
    page.keyboard.press("Enter")
    expect(page.locator(".bcw-msg-bot").last).to_contain_text("echo: see")


def test_axe_closed(chat_page: Page, protocol_site: ProtocolSite, axe_source: str) -> None:
    chat_page.goto(protocol_site.url)
    expect(chat_page.get_by_role("button", name=LAUNCHER)).to_be_visible()
    assert_clean(chat_page, axe_source, "closed")


def test_axe_open_with_messages_sources_and_ratings(
    chat_page: Page, protocol_site: ProtocolSite, axe_source: str, artifacts_dir: Path
) -> None:
    chat_page.goto(protocol_site.url)
    chat_page.get_by_role("button", name=LAUNCHER).click()
    converse(chat_page)
    answer = chat_page.locator(".bcw-entry", has=chat_page.locator(".bcw-source"))
    answer.locator("summary").click()
    expect(answer.locator(".bcw-source-title")).to_be_visible()
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_be_visible()
    assert_clean(chat_page, axe_source, "open with a sourced, rateable answer")
    chat_page.screenshot(path=str(artifacts_dir / "webchat-controls.png"))

    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.get_by_role("group", name="What was wrong? (optional)")).to_be_visible()
    assert_clean(chat_page, axe_source, "open with the reasons of a thumbs down")

    chat_page.get_by_role("button", name="Delete my conversation").click()
    expect(chat_page.get_by_role("alertdialog", name="Delete this conversation?")).to_be_visible()
    assert_clean(chat_page, axe_source, "asking to confirm the erasure")


def test_axe_closed_with_an_unread_reply(chat_page: Page, protocol_site: ProtocolSite, axe_source: str) -> None:
    chat_page.goto(protocol_site.url)
    chat_page.get_by_role("button", name=LAUNCHER).click()
    chat_page.get_by_label("Your question about baclofen").fill("slow one")
    chat_page.keyboard.press("Enter")
    chat_page.get_by_role("button", name="Close chat", exact=True).click()
    expect(chat_page.locator(".bcw-badge")).to_have_text("1")
    assert_clean(chat_page, axe_source, "closed with an unread reply")


def test_axe_full_screen_on_a_phone(phone_page: Page, protocol_site: ProtocolSite, axe_source: str) -> None:
    phone_page.goto(protocol_site.url)
    phone_page.get_by_role("button", name=LAUNCHER).tap()
    converse(phone_page)
    assert_clean(phone_page, axe_source, "full screen on a phone")


def test_axe_finds_what_it_should(chat_page: Page, protocol_site: ProtocolSite, axe_source: str) -> None:
    """The check can fail: a nameless button in the widget is reported."""
    chat_page.goto(protocol_site.url)
    expect(chat_page.get_by_role("button", name=LAUNCHER)).to_be_visible()
    chat_page.evaluate("document.querySelector('.bcw-launcher').removeAttribute('aria-label')")
    assert any(line.startswith("button-name ") for line in violations(chat_page, axe_source))
