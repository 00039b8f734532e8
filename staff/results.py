"""Results of conversation tests, and the three ways to show them: text, JUnit XML and JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from staff.conversation_files import TestCase, display_path


@dataclass
class TurnResult:
    user: str
    line: int
    texts: List[str] = field(default_factory=list)
    button_titles: List[str] = field(default_factory=list)
    responses: List[List[str]] = field(default_factory=list)
    intent: Optional[str] = None
    confidence: Optional[float] = None
    # {"line": line of the check in the test file, "message": what went wrong}
    problems: List[Dict[str, Any]] = field(default_factory=list)


@dataclass
class CaseResult:
    case: TestCase
    sender_id: str
    turns: List[TurnResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not any(turn.problems for turn in self.turns)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "file": display_path(self.case.file),
            "test_case": self.case.name,
            "line": self.case.line,
            "passed": self.passed,
            "sender_id": self.sender_id,
            "seconds": round(self.seconds, 3),
            "turns": [vars(turn) for turn in self.turns],
        }


class Style:
    """ANSI colours, or none at all (not a terminal, --no-color, or NO_COLOR set)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def red(self, text: str) -> str:
        return self._wrap("31", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def bold(self, text: str) -> str:
        return self._wrap("1", text)


def _understood(turn: TurnResult) -> str:
    if turn.intent is None:
        return ""
    confidence = f" ({turn.confidence:.2f})" if turn.confidence is not None else ""
    return f"understood as: {turn.intent}{confidence}"


def render_case(result: CaseResult, style: Style, show_turns: bool) -> List[str]:
    mark = style.green("PASS") if result.passed else style.red("FAIL")
    lines = [f"  {mark}  {result.case.name}  {style.dim(f'(line {result.case.line})')}"]
    if not (show_turns or not result.passed):
        return lines
    for turn in result.turns:
        lines.append(f"        You: {turn.user}")
        for text in turn.texts or ["(no reply)"]:
            for n, part in enumerate(text.splitlines() or [""]):
                lines.append(("        Bot: " if n == 0 else "             ") + part)
        if turn.button_titles:
            lines.append("             buttons: " + ", ".join(f"[{t}]" for t in turn.button_titles))
        if _understood(turn):
            lines.append(style.dim(f"             ({_understood(turn)})"))
        for problem in turn.problems:
            lines.append(style.red(f"        x {problem['message']}") + style.dim(f"  (line {problem['line']})"))
    return lines


def render_report(
    results: Sequence[CaseResult], style: Style, show_turns: bool, seconds: float, notes: Sequence[str] = ()
) -> str:
    lines: List[str] = []
    for note in notes:
        lines.append(style.dim(f"Note: {note}"))
    current_file = None
    for result in results:
        if result.case.file != current_file:
            current_file = result.case.file
            lines.append("")
            lines.append(style.bold(display_path(current_file)))
        lines.extend(render_case(result, style, show_turns))
    failed = [r for r in results if not r.passed]
    lines.append("")
    if failed:
        lines.append(style.red(style.bold("Failed:")))
        lines.extend(f"  {r.case.label} (line {r.case.line})" for r in failed)
    noun = "conversation" if len(results) == 1 else "conversations"
    summary = f"{len(results) - len(failed)} passed, {len(failed)} failed, {len(results)} {noun} in {seconds:.1f} s"
    lines.append((style.red if failed else style.green)(summary))
    return "\n".join(lines) + "\n"


def write_json(results: Sequence[CaseResult], path: Path, seconds: float) -> None:
    failed = sum(not r.passed for r in results)
    document = {
        "summary": {
            "total": len(results),
            "passed": len(results) - failed,
            "failed": failed,
            "seconds": round(seconds, 3),
        },
        "test_cases": [r.to_dict() for r in results],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_junit(results: Sequence[CaseResult], path: Path, seconds: float) -> None:
    """One <testsuite> per file, one <testcase> per conversation, for CI dashboards."""
    root = ET.Element(
        "testsuites",
        name="conversations",
        tests=str(len(results)),
        failures=str(sum(not r.passed for r in results)),
        time=f"{seconds:.3f}",
    )
    by_file: Dict[str, List[CaseResult]] = {}
    for result in results:
        by_file.setdefault(display_path(result.case.file), []).append(result)
    for file_name, file_results in by_file.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=file_name,
            tests=str(len(file_results)),
            failures=str(sum(not r.passed for r in file_results)),
            time=f"{sum(r.seconds for r in file_results):.3f}",
        )
        for result in file_results:
            case = ET.SubElement(
                suite,
                "testcase",
                name=result.case.name,
                classname=file_name,
                file=file_name,
                line=str(result.case.line),
                time=f"{result.seconds:.3f}",
            )
            if not result.passed:
                problems = [f"{t.user!r}: {p['message']}" for t in result.turns for p in t.problems]
                failure = ET.SubElement(case, "failure", message=problems[0])
                failure.text = "\n".join(render_case(result, Style(False), show_turns=True))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
