"""Review real conversations from the conversation database (Rasa's SQL tracker store).

    python -m staff.transcripts export --format md --out review.md --since 2024-05-01 --red-flag-only
    python -m staff.transcripts export --format csv --handoff-only
    python -m staff.transcripts report --html review.html

Sender ids are replaced by pseudonyms (see staff.transcript_store.Pseudonymiser): set
TRANSCRIPT_SALT to keep the same pseudonyms between exports. --keep-sender-ids shows the real
ids. The messages themselves are exported as written, so treat every export as personal data.
Exit status: 0 done, 2 bad options or an unreadable database.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Dict, Optional, Sequence

from staff.transcript_export import FORMATS, render
from staff.transcript_report import render_html, render_text, summarise
from staff.transcript_store import DEFAULT_DB, SALT_ENV, Filters, Pseudonymiser, TranscriptError, load_conversations


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-05-31") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return int(text)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help=f"SQLite file or database URL (default: {DEFAULT_DB.relative_to(DEFAULT_DB.parents[1])})"
    )
    parser.add_argument(
        "--since", type=_day, metavar="YYYY-MM-DD", help="only messages on or after this day (local time)"
    )
    parser.add_argument(
        "--until", type=_day, metavar="YYYY-MM-DD", help="only messages on or before this day (local time)"
    )
    parser.add_argument(
        "--include-test-runs",
        action="store_true",
        help="also include conversations from the conversation tests (sender ids staff-test-...) "
        "and the start-up checks of make run (healthcheck-...)",
    )


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m staff.transcripts", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="export|report")

    export = commands.add_parser("export", help="write conversations as Markdown, CSV or JSON")
    export.add_argument("--format", choices=FORMATS, default="md", help="md (to read), csv (spreadsheet) or json")
    export.add_argument("--out", type=Path, metavar="FILE", help="file to write (default: print it)")
    _add_common(export)
    export.add_argument("--conversation", metavar="ID", help="one conversation, by sender id or pseudonym")
    export.add_argument(
        "--fallback-only", action="store_true", help="only conversations where the bot did not understand something"
    )
    export.add_argument("--red-flag-only", action="store_true", help="only conversations with an emergency (red flag)")
    export.add_argument(
        "--handoff-only", action="store_true", help="only conversations where someone asked to reach a person"
    )
    export.add_argument(
        "--min-turns", type=_count, default=0, metavar="N", help="only conversations with at least N user messages"
    )
    export.add_argument("--keep-sender-ids", action="store_true", help="show real sender ids instead of pseudonyms")

    report = commands.add_parser(
        "report", help="fallback rate, unanswered messages, red flags, topics, handoffs, ratings"
    )
    _add_common(report)
    report.add_argument("--html", type=Path, metavar="FILE", help="also write a one-page HTML report with bar charts")
    return parser.parse_args(argv)


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        since=args.since,
        until=args.until,
        include_tests=args.include_test_runs,
        conversation=getattr(args, "conversation", None),
        fallback_only=getattr(args, "fallback_only", False),
        red_flag_only=getattr(args, "red_flag_only", False),
        handoff_only=getattr(args, "handoff_only", False),
        min_turns=getattr(args, "min_turns", 0),
    )


def _pseudonymiser(keep_ids: bool) -> Optional[Pseudonymiser]:
    if keep_ids:
        return None
    pseudonymise = Pseudonymiser()
    if not pseudonymise.stable:
        print(
            f"note: sender ids are pseudonymised with a one-off key; set {SALT_ENV} to get the same "
            "pseudonyms in every export",
            file=sys.stderr,
        )
    return pseudonymise


def export(args: argparse.Namespace) -> int:
    filters = _filters(args)
    if filters.since and filters.until and filters.since > filters.until:
        raise TranscriptError("--since is after --until")
    pseudonymise = _pseudonymiser(args.keep_sender_ids)
    conversations = load_conversations(args.db, filters, pseudonymise)
    header: Dict[str, str] = {
        "exported": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "source": args.db or str(DEFAULT_DB),
        "sender ids": "real" if args.keep_sender_ids else "pseudonymised",
        "filters": "; ".join(filters.describe()) or "none",
        "conversations": str(len(conversations)),
    }
    text = render(args.format, conversations, header)
    if args.out is None:
        sys.stdout.write(text)
    else:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as error:
            raise TranscriptError(f"cannot write {args.out}: {error}") from None
        print(f"wrote {len(conversations)} conversations to {args.out}", file=sys.stderr)
    return 0


def report(args: argparse.Namespace) -> int:
    filters = _filters(args)
    # Pseudonyms name the red-flag conversations, to look up with `export --conversation`.
    conversations = load_conversations(args.db, filters, _pseudonymiser(keep_ids=False))
    summary = summarise(conversations)
    source = args.db or str(DEFAULT_DB)
    print(render_text(summary, source, filters.describe()))
    if args.html:
        try:
            args.html.write_text(render_html(summary, source, filters.describe()), encoding="utf-8")
        except OSError as error:
            raise TranscriptError(f"cannot write {args.html}: {error}") from None
        print(f"wrote {args.html}", file=sys.stderr)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        return export(args) if args.command == "export" else report(args)
    except TranscriptError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
