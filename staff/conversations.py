"""Run the plain-language conversation tests against the assistant.

    python -m staff.conversations                          # every file in tests/conversations/
    python -m staff.conversations tests/conversations/red_flags.yml
    python -m staff.conversations --test-case "toddler swallowed tablets"

Talks to the assistant over REST (default http://127.0.0.1:5005). If nothing runs there it
starts one for the run and stops it afterwards (unless --no-start). Every test case is a new
conversation. Exit status: 0 all passed, 1 a test failed, 2 the files have mistakes or the
assistant cannot be reached.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
import uuid
from pathlib import Path
from typing import List, Optional, Sequence

from staff.bot import BotConnection, BotUnavailable, running_bot
from staff.checks import turn_problems
from staff.conversation_files import ConversationFileError, TestCase, display_path, load_suite
from staff.results import CaseResult, Style, TurnResult, render_report, write_json, write_junit
from staff.sender_ids import CONVERSATION_TEST_PREFIX

DEFAULT_URL = "http://127.0.0.1:5005"
EXIT_PASSED, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def sender_id_for(case: TestCase) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", case.name.lower()).strip("-")[:32]
    # The prefix tells test conversations apart in the conversation database.
    return f"{CONVERSATION_TEST_PREFIX}{slug}-{uuid.uuid4().hex[:8]}"


def run_case(bot: BotConnection, case: TestCase) -> CaseResult:
    result = CaseResult(case=case, sender_id=sender_id_for(case))
    started = time.monotonic()
    for spec in case.turns:
        observed = bot.send(result.sender_id, spec.user)
        result.turns.append(
            TurnResult(
                user=spec.user,
                line=spec.line,
                texts=observed.texts,
                button_titles=observed.button_titles,
                responses=[sorted(names) for names in observed.responses],
                intent=observed.intent,
                confidence=observed.confidence,
                problems=[{"line": p.line, "message": p.message} for p in turn_problems(spec, observed)],
            )
        )
    result.seconds = time.monotonic() - started
    return result


def select_cases(cases: List[TestCase], name: Optional[str]) -> List[TestCase]:
    if name is None:
        return cases
    wanted = name.strip().lower()
    return [case for case in cases if case.name.lower() == wanted]


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m staff.conversations",
        description="Run the conversation tests in tests/conversations/ (or the given files) against the assistant.",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="test files or folders (default: tests/conversations/)"
    )
    parser.add_argument("--test-case", metavar="NAME", help="run only the test case with this name")
    parser.add_argument("--url", default=DEFAULT_URL, help=f"the assistant's address (default {DEFAULT_URL})")
    parser.add_argument(
        "--token",
        default=os.environ.get("RASA_TOKEN"),
        help="token of Rasa's HTTP API, to show intents (default: $RASA_TOKEN)",
    )
    parser.add_argument(
        "--no-start", action="store_true", help="fail instead of starting an assistant when none is running"
    )
    parser.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON here")
    parser.add_argument("--no-color", action="store_true", help="plain text, without colours")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every turn, also of passing tests")
    return parser.parse_args(argv)


def unusable(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_UNUSABLE


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        cases = load_suite(args.paths)
    except ConversationFileError as error:
        print("The conversation test files have mistakes:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_UNUSABLE
    if not cases:
        return unusable(
            f"no test cases found in {', '.join(display_path(p) for p in args.paths) or 'tests/conversations/'}"
        )
    selected = select_cases(cases, args.test_case)
    if not selected:
        names = ", ".join(f'"{c.name}"' for c in cases[:10]) + (", ..." if len(cases) > 10 else "")
        return unusable(f'no test case is named "{args.test_case}". Names include: {names}')

    # `kill` or a CI timeout: unwind normally, so that an assistant started here is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(EXIT_UNUSABLE))
    style = Style(sys.stdout.isatty() and not args.no_color and "NO_COLOR" not in os.environ)
    results: List[CaseResult] = []
    try:
        with running_bot(args.url, start=not args.no_start, token=args.token) as bot:
            started = time.monotonic()  # the run itself, not the assistant's start-up
            for case in selected:
                results.append(run_case(bot, case))
            notes = [bot.tracker_note] if bot.tracker_note else []
            seconds = time.monotonic() - started
    except BotUnavailable as error:
        return unusable(str(error))
    except KeyboardInterrupt:
        return unusable("interrupted")

    # With one test case, or when asked, show every turn; otherwise only the failures in full.
    show_turns = args.verbose or len(selected) == 1
    sys.stdout.write(render_report(results, style, show_turns, seconds, notes))
    try:
        if args.json:
            write_json(results, args.json, seconds)
        if args.junit:
            write_junit(results, args.junit, seconds)
    except OSError as error:
        return unusable(f"cannot write the results file: {error}")
    return EXIT_PASSED if all(r.passed for r in results) else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
