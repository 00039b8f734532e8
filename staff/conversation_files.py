"""Read and check the conversation test files in tests/conversations/.

The format follows Rasa Pro's end-to-end test cases, plus checks written in plain words:

    test_cases:
      - test_case: what baclofen is
        steps:
          - user: "What is baclofen?"
          - bot_mentions: ["muscle relaxant"]
          - refers_to_professional: true

A check applies to the bot's whole reply to the `user:` step above it. Every mistake in a
file is reported as "file:line: message", so it can be fixed without reading Python.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, List, Optional, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from staff.domain import DOMAIN_PATH, response_names

CONVERSATIONS_DIR = Path(__file__).resolve().parents[1] / "tests" / "conversations"

# Step kinds that stand for a message; Rasa Pro's E2E format has the same three.
MESSAGE_STEPS = ("user", "bot", "utter")
LIST_CHECKS = ("bot_mentions", "bot_never_mentions", "buttons")
YES_NO_CHECKS = ("emergency", "refers_to_professional")
CHECKS = LIST_CHECKS + YES_NO_CHECKS
STEP_KEYS = MESSAGE_STEPS + CHECKS
CASE_KEYS = ("test_case", "steps")
_YES = {"true", "yes"}
_NO = {"false", "no"}


@dataclass
class Check:
    """One expectation about the bot's reply to a user message."""

    kind: str  # "bot", "utter", or one of CHECKS
    value: Any
    line: int


@dataclass
class TurnSpec:
    user: str
    line: int
    checks: List[Check] = field(default_factory=list)


@dataclass
class TestCase:
    __test__ = False  # not a pytest test class, despite the name

    name: str
    file: Path
    line: int
    turns: List[TurnSpec] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{display_path(self.file)}: {self.name}"


@dataclass
class FileProblem:
    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}: {self.message}"


class ConversationFileError(Exception):
    def __init__(self, problems: Sequence[FileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


def display_path(path: Path) -> str:
    """Relative to the current folder when inside it, so messages stay short."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class _FileChecker:
    """Walks one parsed file, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, known_responses: Sequence[str]) -> None:
        self.path = path
        self.known_responses = known_responses
        self.problems: List[FileProblem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(FileProblem(self.path, line, message))

    def test_cases(self, document: Any) -> List[TestCase]:
        if document is None:
            self.problem(1, "the file is empty; it needs a `test_cases:` list")
            return []
        if not isinstance(document, CommentedMap):
            self.problem(1, "the file must start with `test_cases:` followed by a list of test cases")
            return []
        for key in document:
            if key != "test_cases":
                self.problem(
                    _key_line(document, key),
                    f"unknown top-level key `{key}`{_suggest(str(key), ['test_cases'])}; "
                    "only `test_cases:` is allowed here",
                )
        if "test_cases" not in document:
            self.problem(1, "missing `test_cases:` (a list of test cases)")
            return []
        items = document["test_cases"]
        if not isinstance(items, CommentedSeq) or not items:
            self.problem(
                _key_line(document, "test_cases"),
                "`test_cases:` must be followed by a list of items, each starting with `- test_case: <name>`",
            )
            return []
        cases: List[TestCase] = []
        seen = {}
        for index, item in enumerate(items):
            case = self.test_case(item, _item_line(items, index))
            if case is None:
                continue
            if case.name in seen:
                self.problem(
                    case.line,
                    f"test case name `{case.name}` is already used on line {seen[case.name]}; names must be unique",
                )
            seen.setdefault(case.name, case.line)
            cases.append(case)
        return cases

    def test_case(self, item: Any, line: int) -> Optional[TestCase]:
        if not isinstance(item, CommentedMap):
            self.problem(line, "each test case must look like `- test_case: <name>` followed by `steps:`")
            return None
        for key in item:
            if key not in CASE_KEYS:
                hint = _suggest(str(key), CASE_KEYS + STEP_KEYS)
                where = " (steps go in the `steps:` list, indented under it)" if key in STEP_KEYS else ""
                self.problem(_key_line(item, key), f"unknown key `{key}` in a test case{hint}{where}")
        name = item.get("test_case")
        if name is None or not str(name).strip():
            self.problem(line, "this test case has no name: add `test_case: <a short name>`")
            name = f"(unnamed, line {line})"
        name = str(name).strip()
        steps = item.get("steps")
        if "steps" not in item:
            self.problem(line, f"test case `{name}` has no `steps:` list")
            return None
        if not isinstance(steps, CommentedSeq) or not steps:
            self.problem(
                _key_line(item, "steps"),
                f"`steps:` of test case `{name}` must be a list of steps, each starting with `- `",
            )
            return None
        case = TestCase(name=name, file=self.path, line=line)
        problems_before = len(self.problems)
        for index, step in enumerate(steps):
            self.step(case, step, _item_line(steps, index))
        # Only when the steps were otherwise fine: a broken `user:` step is already reported.
        if not case.turns and len(self.problems) == problems_before:
            self.problem(line, f"test case `{name}` has no `- user:` step")
        return case

    def step(self, case: TestCase, step: Any, line: int) -> None:
        if not isinstance(step, CommentedMap) or not step:
            self.problem(line, 'each step must look like `- user: "..."`, `- bot_mentions: [...]`, etc.')
            return
        unknown = [k for k in step if k not in STEP_KEYS]
        for key in unknown:
            self.problem(_key_line(step, key), f"unknown step `{key}`{_suggest(str(key), STEP_KEYS)}")
        messages = [k for k in step if k in MESSAGE_STEPS]
        if len(messages) > 1:
            self.problem(
                line, f"one step cannot have both `{messages[0]}` and `{messages[1]}`: start a new line with `- `"
            )
            return
        if "user" in step:
            text = self.text(step, "user", "the user message")
            if text is not None:
                case.turns.append(TurnSpec(user=text, line=_key_line(step, "user")))
        for key in step:
            if key == "user" or key in unknown:
                continue
            check = self.check(step, str(key))
            if check is None:
                continue
            if not case.turns:
                self.problem(
                    check.line,
                    f"`{key}` comes before any `- user:` step; put it after the user message whose reply it checks",
                )
                continue
            case.turns[-1].checks.append(check)

    def check(self, step: CommentedMap, key: str) -> Optional[Check]:
        line = _key_line(step, key)
        value = step[key]
        if key == "bot":
            text = self.text(step, key, "the expected bot reply")
            return None if text is None else Check(key, text, line)
        if key == "utter":
            name = self.text(step, key, "the response name")
            if name is None:
                return None
            if self.known_responses and name not in self.known_responses:
                self.problem(line, f"`{name}` is not a response in domain.yml{_suggest(name, self.known_responses)}")
                return None
            return Check(key, name, line)
        if key in LIST_CHECKS:
            words = self.word_list(value, key, line)
            return None if words is None else Check(key, words, line)
        flag = _yes_no(value)
        if flag is None:
            self.problem(line, f"`{key}` must be `true` or `false`, not `{value}`")
            return None
        return Check(key, flag, line)

    def text(self, step: CommentedMap, key: str, what: str) -> Optional[str]:
        value = step[key]
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem(_key_line(step, key), f"{what} after `{key}:` is empty")
        else:
            self.problem(_key_line(step, key), f"{what} after `{key}:` must be text in quotes, on the same line")
        return None

    def word_list(self, value: Any, key: str, line: int) -> Optional[List[str]]:
        # A single phrase is allowed as shorthand for a one-item list.
        items = [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
        if not isinstance(items, list) or not items:
            self.problem(line, f'`{key}` needs a list of words or phrases, like `{key}: ["word", "a phrase"]`')
            return None
        words: List[str] = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.problem(line, f"`{key}` has an empty or invalid item `{item}`; write words or phrases in quotes")
                return None
            words.append(str(item).strip())
        return words


def _yes_no(value: Any) -> Optional[bool]:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    return None


def _key_line(mapping: CommentedMap, key: Any) -> int:
    try:
        return mapping.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return mapping.lc.line + 1


def _item_line(sequence: CommentedSeq, index: int) -> int:
    try:
        return sequence.lc.item(index)[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return sequence.lc.line + 1


def load_file(path: Path, known_responses: Optional[Sequence[str]] = None) -> List[TestCase]:
    """The test cases in one file; raises ConversationFileError listing every problem."""
    if known_responses is None:
        known_responses = response_names(DOMAIN_PATH)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConversationFileError([FileProblem(path, 1, f"cannot read the file: {error}")]) from None
    try:
        document = YAML(typ="rt").load(source)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or error.context or "not valid YAML"
        raise ConversationFileError(
            [FileProblem(path, line, f"YAML syntax error: {problem}{_yaml_hint(problem)}")]
        ) from None
    except YAMLError as error:
        raise ConversationFileError([FileProblem(path, 1, f"YAML syntax error: {error}")]) from None
    checker = _FileChecker(path, known_responses)
    cases = checker.test_cases(document)
    if checker.problems:
        raise ConversationFileError(sorted(checker.problems, key=lambda p: p.line))
    return cases


def _yaml_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return " (use spaces, not tabs, to indent)"
    if "mapping values are not allowed" in problem:
        return " (put text that contains a colon in quotes)"
    if "duplicate key" in problem:
        return " (start a new step with `- ` for each check)"
    return ""


def conversation_files(paths: Sequence[Path]) -> List[Path]:
    """The .yml/.yaml files named, or found in the folders named (default: tests/conversations)."""
    found: List[Path] = []
    for path in paths or [CONVERSATIONS_DIR]:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()))
        else:
            found.append(path)
    return found


def load_suite(paths: Sequence[Path]) -> List[TestCase]:
    """All test cases from the given files and folders; problems from every file together."""
    problems: List[FileProblem] = []
    cases: List[TestCase] = []
    known = response_names(DOMAIN_PATH)
    files = conversation_files(paths)
    for path in files:
        if not path.exists():
            problems.append(FileProblem(path, 1, "no such file or folder"))
            continue
        if path.suffix not in (".yml", ".yaml"):
            problems.append(FileProblem(path, 1, "not a conversation test file (they end in .yml)"))
            continue
        try:
            cases.extend(load_file(path, known))
        except ConversationFileError as error:
            problems.extend(error.problems)
    if problems:
        raise ConversationFileError(problems)
    return cases
