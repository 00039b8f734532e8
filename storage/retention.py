"""Delete conversations whose latest event is older than N days from Rasa's SQL tracker store.

A conversation is kept whole or deleted whole: one event newer than the cut-off keeps all
of it. Works on the SQLite file of the single-machine profile and on Postgres.

    python storage/retention.py --days 90                  # var/conversations.db
    python storage/retention.py --days 90 --dry-run        # only count what would go
    python storage/retention.py --days 90 --db postgresql://rasa:secret@db:5432/rasa
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: python storage/retention.py

from storage.tracker_db import DEFAULT_DB, TrackerDatabaseError, database_url  # noqa: E402

SECONDS_PER_DAY = 24 * 60 * 60

# The one table SQLTrackerStore writes: one row per event, timestamp in Unix seconds.
EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))


class RetentionError(Exception):
    """A problem the user can fix (wrong path, unreachable database, not a tracker store)."""


@dataclass(frozen=True)
class RetentionResult:
    conversations: int
    events: int
    cutoff: float  # Unix time; conversations whose latest event is before it are expired


def expired_conversations(cutoff: float) -> sa.sql.Select:
    """Sender ids whose newest event is older than the cut-off.

    Wrapped in a derived table so the DELETE below also works on databases that refuse a
    subquery on the table being deleted from (MySQL).
    """
    newest_before_cutoff = (
        sa.select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(sa.func.max(EVENTS.c.timestamp) < cutoff)
        .subquery("expired")
    )
    return sa.select(newest_before_cutoff.c.sender_id)


def apply_retention(
    engine: sa.engine.Engine, days: int, dry_run: bool = False, now: Optional[float] = None
) -> RetentionResult:
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    expired = expired_conversations(cutoff)
    with engine.begin() as connection:
        if not sa.inspect(connection).has_table("events"):
            raise RetentionError("this database has no 'events' table: not a Rasa SQL tracker store")
        conversations = connection.execute(sa.select(sa.func.count()).select_from(expired.subquery())).scalar_one()
        matching_events = EVENTS.c.sender_id.in_(expired)
        if dry_run:
            events = connection.execute(
                sa.select(sa.func.count()).select_from(EVENTS).where(matching_events)
            ).scalar_one()
        else:
            # One statement re-checks the condition, so an event written since the count
            # above keeps its conversation.
            events = connection.execute(sa.delete(EVENTS).where(matching_events)).rowcount
    return RetentionResult(conversations=conversations, events=events, cutoff=cutoff)


def describe(result: RetentionResult, days: int, dry_run: bool) -> str:
    verb = "would delete" if dry_run else "deleted"
    cutoff = datetime.fromtimestamp(result.cutoff, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{verb} {result.conversations} conversation(s) and {result.events} event(s) "
        f"whose latest event is older than {days} day(s) (before {cutoff})"
    )


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--days", type=int, required=True, help="keep conversations with an event in the last DAYS days (at least 1)"
    )
    parser.add_argument(
        "--db", default=str(DEFAULT_DB), help="SQLite file or SQLAlchemy URL (default: var/conversations.db)"
    )
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error(f"--days must be at least 1 (got {args.days}): 0 or less would delete every conversation")
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    shown = args.db
    try:
        url = database_url(args.db)  # storage.tracker_db: read-write, never creates a file
        engine = sa.create_engine(url)
        shown = engine.url.render_as_string(hide_password=True)
        result = apply_retention(engine, args.days, dry_run=args.dry_run)
    except (RetentionError, TrackerDatabaseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as error:
        print(f"error: {args.db!r} is not a usable database URL: {error}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"error: cannot clean the tracker store at {shown}: {reason}", file=sys.stderr)
        return 1
    print(f"{shown}: {describe(result, args.days, args.dry_run)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
