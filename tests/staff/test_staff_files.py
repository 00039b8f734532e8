"""Conversation test files: mistakes come back as "file:line: message", never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from staff.conversation_files import ConversationFileError, conversation_files, load_file, load_suite
from staff_test_helpers import assert_no_traceback, run_module


def problems_in(tmp_path: Path, text: str) -> List[str]:
    path = tmp_path / "case.yml"
    path.write_text(text)
    with pytest.raises(ConversationFileError) as raised:
        load_file(path)
    return [f"{p.line}: {p.message}" for p in raised.value.problems]


def test_a_well_formed_file_gives_turns_with_their_checks(tmp_path: Path) -> None:
    path = tmp_path / "ok.yml"
    path.write_text(
        "test_cases:\n"
        "  - test_case: two turns\n"
        "    steps:\n"
        '      - user: "What is baclofen?"\n'
        '      - bot_mentions: ["muscle relaxant"]\n'
        "      - utter: utter_what_is\n"
        "      - user: thanks\n"
        "        bot_never_mentions: mg\n"
        "        emergency: no\n"
    )
    [case] = load_file(path)
    assert case.name == "two turns" and case.line == 2
    first, second = case.turns
    assert (first.user, first.line) == ("What is baclofen?", 4)
    assert [(c.kind, c.value, c.line) for c in first.checks] == [
        ("bot_mentions", ["muscle relaxant"], 5),
        ("utter", "utter_what_is", 6),
    ]
    assert [(c.kind, c.value) for c in second.checks] == [("bot_never_mentions", ["mg"]), ("emergency", False)]


def test_misspelt_keys_are_named_with_their_line_and_a_suggestion(tmp_path: Path) -> None:
    problems = problems_in(
        tmp_path,
        (
            "test_cases:\n"
            "  - test_case: typo\n"
            "    steps:\n"
            "      - user: hi\n"
            "      - bot_mention: [hello]\n"
            "      - refers_to_profesional: true\n"
        ),
    )
    assert problems == [
        "5: unknown step `bot_mention` (did you mean `bot_mentions`?)",
        "6: unknown step `refers_to_profesional` (did you mean `refers_to_professional`?)",
    ]


def test_wrong_values_and_order_are_explained(tmp_path: Path) -> None:
    problems = problems_in(
        tmp_path,
        (
            "test_cases:\n"
            "  - test_case: values\n"
            "    steps:\n"
            "      - emergency: true\n"
            '      - user: ""\n'
            "      - user: hello\n"
            "      - emergency: maybe\n"
            "      - buttons: []\n"
            "      - utter: utter_gret\n"
            "  - test_case: values\n"
            "    steps:\n"
            "      - user: again\n"
        ),
    )
    assert problems[0].startswith("4: `emergency` comes before any `- user:` step")
    assert "5: the user message after `user:` is empty" in problems
    assert "7: `emergency` must be `true` or `false`, not `maybe`" in problems
    assert any(p.startswith("8: `buttons` needs a list") for p in problems)
    assert "9: `utter_gret` is not a response in domain.yml (did you mean `utter_greet`?)" in problems
    assert "10: test case name `values` is already used on line 2; names must be unique" in problems


@pytest.mark.parametrize(
    "text, line, words",
    [
        (
            "test_cases:\n  - test_case: x\n    steps:\n      - user: what: now\n",
            4,
            "put text that contains a colon in quotes",
        ),
        ("test_cases:\n  - test_case: x\n    steps:\n\t- user: hi\n", 4, "use spaces, not tabs"),
        ("", 1, "the file is empty"),
        ("- user: hi\n", 1, "must start with `test_cases:`"),
        ("test_case: x\nsteps: []\n", 1, "unknown top-level key `test_case`"),
        ("test_cases:\n  - test_case: x\n", 2, "has no `steps:` list"),
    ],
)
def test_broken_yaml_and_shapes_get_a_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    problems = problems_in(tmp_path, text)
    assert any(p.startswith(f"{line}: ") and words in p for p in problems), problems


def test_the_runner_reports_a_malformed_file_with_file_and_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("test_cases:\n  - test_case: broken\n    steps:\n      - user: hi\n      - bot_mentoins: [x]\n")
    # --no-start and a port nobody listens on: the file check must come before any bot is needed.
    result = run_module("staff.conversations", str(bad), "--no-start", "--url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert f"{bad}:5: unknown step `bot_mentoins` (did you mean `bot_mentions`?)" in result.stderr
    assert_no_traceback(result)


def test_an_unknown_test_case_name_exits_2_and_lists_names(tmp_path: Path) -> None:
    result = run_module(
        "staff.conversations", "--test-case", "no such case", "--no-start", "--url", "http://127.0.0.1:9"
    )
    assert result.returncode == 2
    assert 'no test case is named "no such case"' in result.stderr
    assert_no_traceback(result)


def test_the_starter_suite_files_are_valid_and_cover_every_theme() -> None:
    files = {path.name for path in conversation_files([])}
    assert {"article_topics.yml", "red_flags.yml", "dosing.yml", "out_of_scope.yml", "follow_ups.yml"} <= files
    cases = load_suite([])
    assert len({(case.file, case.name) for case in cases}) == len(cases)
    follow_ups = [case for case in cases if case.file.name == "follow_ups.yml"]
    assert follow_ups and all(len(case.turns) >= 2 for case in follow_ups)
