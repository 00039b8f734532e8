"""Rasa's SQL tracker store as a database: where it is, and reading its events.

Shared by the transcript tools (staff/transcript_store.py) and retention (storage/retention.py).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / "var" / "conversations.db"  # endpoints.yml's SQLite store


class TrackerDatabaseError(Exception):
    """The tracker store cannot be found or read; the message says which and why."""


def database_url(db: Optional[str], read_only: bool = False) -> str:
    """A SQLAlchemy URL from a URL, a SQLite file path (relative to the working directory) or
    None (DEFAULT_DB). A SQLite file must exist: none is ever created. `read_only` opens it
    read-only. Raises TrackerDatabaseError for a missing file."""
    if db and "://" in db:
        return db
    path = Path(db).expanduser().resolve() if db else DEFAULT_DB
    if not path.is_file():
        hint = " (the assistant writes it once the SQL tracker store is configured in endpoints.yml)" if not db else ""
        raise TrackerDatabaseError(f"no conversation database at {path}{hint}")
    return f"sqlite:///file:{path}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"


def read_events(db: Optional[str]) -> "OrderedDict[str, List[Dict]]":
    """Every stored event (Rasa's event dicts), grouped by sender id, in the order Rasa wrote
    them. Raises TrackerDatabaseError when the database is missing, unusable or not Rasa's."""
    url = database_url(db, read_only=True)
    import sqlalchemy as sa
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    shown = db or str(DEFAULT_DB)
    try:
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT sender_id, data FROM events ORDER BY id")).fetchall()
    except (ArgumentError, NoSuchModuleError) as error:
        raise TrackerDatabaseError(f"{shown!r} is neither a file nor a database URL I can use: {error}") from None
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        if "no such table" in reason or "does not exist" in reason:
            raise TrackerDatabaseError(f"{shown} has no `events` table: is it Rasa's SQL tracker store?") from None
        raise TrackerDatabaseError(f"cannot read {shown}: {reason}") from None
    events: "OrderedDict[str, List[Dict]]" = OrderedDict()
    for sender_id, data in rows:
        try:
            event = json.loads(data or "{}")
        except json.JSONDecodeError:
            continue  # one damaged row should not hide every other conversation
        events.setdefault(sender_id, []).append(event)
    return events
