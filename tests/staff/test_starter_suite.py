"""The starter conversation suite in tests/conversations/ passes against the live assistant.

One pytest test per conversation test case, so a failure names the case and shows the
runner's own report of it.
"""

from __future__ import annotations

import pytest

from staff.bot import BotConnection
from staff.conversation_files import TestCase, load_suite
from staff.conversations import run_case
from staff.results import Style, render_case

pytestmark = pytest.mark.live  # talks to a real assistant

CASES = load_suite([])


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file.stem}: {c.name}" for c in CASES])
def test_conversation(staff_bot, case: TestCase) -> None:
    result = run_case(BotConnection(staff_bot.url, staff_bot.token), case)
    assert result.passed, "\n" + "\n".join(render_case(result, Style(False), show_turns=True))
