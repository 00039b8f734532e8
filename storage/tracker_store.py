"""A SQL tracker store that never answers a turn it could not store.

Rasa 3.6 wraps every tracker store in `FailSafeTrackerStore`: when a read or a write fails
(Postgres down, SQLite locked beyond its busy timeout, a missing database or table), it logs
the error, answers the turn from an empty tracker and keeps it only in memory, so the client
gets HTTP 200 and the conversation never reaches the database. `SQLTrackerStore` also
swallows a missing database at start-up, and waits for ever for a folder that is missing.

`StrictSQLTrackerStore` (endpoints.yml: `type: storage.tracker_store.StrictSQLTrackerStore`,
with the settings of Rasa's `type: sql`):

- a failed read or write raises `TrackerStoreUnavailable`, which passes through Rasa's
  fail-safe wrapper: the channels (channels/turns.py) refuse the turn ("temporarily
  unavailable", REST 503) instead of answering it; the operation is counted
  (storage/metrics.py);
- start-up prepares what it needs and fails clearly otherwise: it waits up to
  `startup_timeout` seconds (default 60) for the server, creates a missing Postgres database
  (`create_database: false` turns this off; the user then needs it made by an administrator)
  and the `events` table, creates a missing SQLite folder, and stops Rasa with one line
  naming the problem when it cannot;
- after a failure, the next operation prepares again first, so a database or table created
  (or dropped) while Rasa runs is repaired without a restart;
- SQLite runs in WAL mode (a long read never blocks a write) with a busy timeout
  (`busy_timeout`, seconds, default 30: longer than the slowest turn), so a backup or
  `make retention` holding the write lock delays a turn instead of losing it;
- Postgres connections are checked before use (a restarted server's dead connections do not
  fail the next turn) and give up connecting after 5 s.

Errors carry one line naming the operation and the database error's first line: never the
SQL statement or its parameters, which hold message texts.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, Optional, Text, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import (
    SQLTrackerStore,
    TrackerStore,
    create_engine_kwargs,
    is_postgresql_url,
    validate_port,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from storage.metrics import TRACKER_STORE_FAILURES

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
DEFAULT_STARTUP_TIMEOUT = 60.0
DEFAULT_BUSY_TIMEOUT = 30.0
CONNECT_TIMEOUT = 5  # seconds, for each new Postgres connection
MAINTENANCE_DB = "postgres"


class TrackerStoreUnavailable(BaseException):
    """A conversation could not be read from or written to the tracker store.

    A BaseException, like asyncio.CancelledError, so that Rasa's `FailSafeTrackerStore`
    (which catches `Exception` and falls back to memory) and the processor's generic
    handlers let it through to the channel. `operation`: "retrieve", "save", "keys";
    `reason`: one line, no message text.
    """

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(f"tracker store {operation} failed: {reason}")
        self.operation = operation
        self.reason = reason


class TrackerStoreSetupError(RuntimeError):
    """The tracker store cannot be used; the message says why and what to do."""


def describe(error: BaseException) -> str:
    """'<error type>: <first line of its message>', without SQL statements or parameters."""
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def _missing_database(error: BaseException) -> bool:
    text = str(getattr(error, "orig", error))
    return "database" in text and "does not exist" in text


def _missing_table(error: BaseException) -> bool:
    text = str(getattr(error, "orig", error))
    return "no such table" in text or ('relation "events" does not exist' in text)


class StrictSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose failures refuse the turn; see the module docstring."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Text = "rasa.db",
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        login_db: Optional[Text] = None,
        query: Optional[Dict] = None,
        create_database: Any = True,
        startup_timeout: Any = DEFAULT_STARTUP_TIMEOUT,
        busy_timeout: Any = DEFAULT_BUSY_TIMEOUT,
        **kwargs: Any,
    ) -> None:
        # Not SQLTrackerStore.__init__: its start-up loop swallows a missing database.
        TrackerStore.__init__(self, domain, event_broker, **kwargs)
        url = self.get_db_url(dialect, host, validate_port(port), db, username, password, None, query)
        self.database_name = db
        self.maintenance_db = login_db or MAINTENANCE_DB
        self.create_database = str(create_database).lower() not in ("false", "0", "no")
        self.engine = self._make_engine(url, float(busy_timeout))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.where = self._where(self.engine.url)
        self._prepared = False
        self._wait_and_prepare(float(startup_timeout))

    # ----- engine and preparation -----

    @staticmethod
    def _make_engine(url: Any, busy_timeout: float) -> sa.engine.Engine:
        kwargs: Dict[str, Any] = create_engine_kwargs(url)
        if is_postgresql_url(url):
            connect_args = dict(kwargs.get("connect_args", {}))
            connect_args.setdefault("connect_timeout", CONNECT_TIMEOUT)
            kwargs.update(connect_args=connect_args, pool_pre_ping=True)
            return sa.create_engine(url, **kwargs)
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout}, **kwargs)
        if engine.dialect.name == "sqlite":

            @sa.event.listens_for(engine, "connect")
            def wal_mode(connection: Any, _: Any) -> None:
                # WAL: readers never block the writer, nor the writer readers; the busy
                # timeout makes a writer wait for another writer instead of failing.
                cursor = connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
                cursor.close()

        return engine

    @staticmethod
    def _where(url: sa.engine.URL) -> str:
        if url.get_backend_name() == "sqlite":
            return f"SQLite file {url.database}"
        return f"{url.get_backend_name()} database '{url.database}' at {url.host}:{url.port or 5432}"

    def _wait_and_prepare(self, timeout: float) -> None:
        """Prepare, retrying while the server is unreachable; TrackerStoreSetupError if it stays so."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._prepare()
                logger.info("Tracker store ready: %s", self.where)
                return
            except TrackerStoreSetupError:
                TRACKER_STORE_FAILURES.labels(operation="prepare").inc()
                raise
            except Exception as error:  # noqa: BLE001 - unreachable, locked, starting up
                TRACKER_STORE_FAILURES.labels(operation="prepare").inc()
                if time.monotonic() >= deadline:
                    raise TrackerStoreSetupError(
                        f"the tracker store ({self.where}) is not usable after {timeout:.0f} s: {describe(error)}"
                    ) from None
                logger.warning("Waiting for the tracker store (%s): %s", self.where, describe(error))
                time.sleep(1.0)

    def _prepare(self) -> None:
        """Make the database (Postgres), folder (SQLite) and table exist; raise if impossible."""
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._create_table()
        except sqlalchemy.exc.OperationalError as error:
            if self.engine.dialect.name != "postgresql" or not _missing_database(error):
                raise
            self._create_postgres_database()
            self._create_table()
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1 FROM events LIMIT 1")).fetchall()
        self._prepared = True

    def _create_table(self) -> None:
        try:
            self.Base.metadata.create_all(self.engine)
        except (sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.IntegrityError):
            # Another instance created it at the same moment; the check that follows decides.
            pass

    def _create_postgres_database(self) -> None:
        name = self.database_name
        if not self.create_database:
            raise TrackerStoreSetupError(
                f"the tracker store's database does not exist ({self.where}); create it "
                f"(CREATE DATABASE {name} OWNER {self.engine.url.username};) or allow "
                "create_database in the endpoints file"
            )
        admin = sa.create_engine(
            self.engine.url.set(database=self.maintenance_db),
            isolation_level="AUTOCOMMIT",
            connect_args={"connect_timeout": CONNECT_TIMEOUT},
        )
        try:
            with admin.connect() as connection:
                exists = connection.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                ).first()
                if not exists:
                    quoted = admin.dialect.identifier_preparer.quote(name)
                    connection.execute(sa.text(f"CREATE DATABASE {quoted}"))
                    logger.warning("Created the missing tracker store database %s", self.where)
        except sqlalchemy.exc.ProgrammingError as error:
            if "already exists" in str(error.orig):  # another instance was quicker
                return
            raise TrackerStoreSetupError(
                f"the tracker store's database does not exist ({self.where}) and user "
                f"'{self.engine.url.username}' may not create it ({describe(error)}): run "
                f"CREATE DATABASE {name} OWNER {self.engine.url.username}; as a Postgres superuser"
            ) from None
        finally:
            admin.dispose()

    # ----- guarded operations -----

    async def _guarded(self, operation: str, call: Callable[[], Awaitable[Result]]) -> Result:
        try:
            if not self._prepared:
                self._prepare()
            try:
                return await call()
            except sqlalchemy.exc.SQLAlchemyError as error:
                if not _missing_table(error):
                    raise
                self._prepare()  # the table was dropped while Rasa ran: make it again, once
                return await call()
        except Exception as error:  # noqa: BLE001 - every failure refuses the turn
            self._prepared = False
            TRACKER_STORE_FAILURES.labels(operation=operation).inc()
            raise TrackerStoreUnavailable(operation, describe(error)) from error

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._guarded("retrieve", lambda: SQLTrackerStore.retrieve(self, sender_id))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await self._guarded("retrieve", lambda: SQLTrackerStore.retrieve_full_tracker(self, conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._guarded("save", lambda: SQLTrackerStore.save(self, tracker))

    async def keys(self) -> Iterable[Text]:
        return await self._guarded("keys", lambda: SQLTrackerStore.keys(self))

    def check(self) -> str:
        """Readiness: the table answers (repairing it first if needed). Blocking; raises on failure."""
        try:
            if not self._prepared:
                self._prepare()
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1 FROM events LIMIT 1")).fetchall()
        except Exception:
            self._prepared = False
            raise
        return self.where
