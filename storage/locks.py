"""Rasa's Redis lock store, with every change to a conversation's lock made atomic.

Rasa 3.6's RedisLockStore changes a lock by GET, edit in Python, SET. Two instances that
receive turns of one conversation at the same moment can both read the same lock, issue
the same ticket number and process their turns at once; the later tracker save then drops
the other turn's events (RasaHQ/rasa#9213; Rasa's fix, a concurrent lock store, is not in
Rasa Open Source 3.6). Here each change is a Redis transaction, redone when another
instance changed the lock in between (WATCH/MULTI/EXEC). Same keys and format as
RedisLockStore, so instances of both can be swapped without clearing Redis.

A turn waiting for its ticket also keeps that ticket alive. Tickets expire so that the
ticket of an instance that died mid-turn stops blocking its conversation; but Rasa lets a
waiting ticket expire just the same, counted from when it was issued. A turn queued right
behind a dead instance's ticket then expires a moment after it, and if its once-a-second
check misses that moment its ticket is gone, `is_locked` stays true for ever and the turn
hangs until the client or proxy gives up (the same happens to any turn that waits longer
than the lifetime behind live turns). Here each check renews the waiting ticket, so only
tickets nobody checks on any more (a dead instance's, or a turn's that holds the lock)
expire; a turn whose ticket is gone anyway fails with LockError instead of waiting.

endpoints.yml (same settings as `type: redis`):
    lock_store:
      type: storage.locks.AtomicRedisLockStore
      url: ...
"""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable, Optional, Text, Tuple, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")
# An edit gets the stored lock (None: there is none) and returns the lock to store
# (None: delete it) and its result.
Edit = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Result]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds a lock store named by module path as `cls(endpoint_config=...)`.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _transact(self, conversation_id: Text, edit: Edit) -> Result:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as transaction:
            while True:
                try:
                    transaction.watch(key)
                    stored = transaction.get(key)
                    lock, result = edit(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    transaction.multi()
                    if lock is None:
                        transaction.delete(key)
                    else:
                        transaction.set(key, lock.dumps())
                    transaction.execute()
                    return result
                except redis.WatchError:
                    continue  # another instance changed this lock meanwhile: redo on its version

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._transact(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's `lock`, waiting with `wait_for_turn` (which needs the lifetime)."""
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self.wait_for_turn(conversation_id, ticket, lock_lifetime, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, ticket)

    async def wait_for_turn(
        self, conversation_id: Text, ticket_number: int, lock_lifetime: float, wait_time_in_seconds: float
    ) -> TicketLock:
        """Check every `wait_time_in_seconds` whether `ticket_number` is served, renewing it each time."""

        def renew_and_check(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], Optional[bool]]:
            """True: served; False: still waiting; None: the ticket is gone."""
            ticket = lock._ticket_for_ticket_number(ticket_number) if lock is not None else None
            if lock is None or ticket is None:
                return (lock if lock is not None and lock.is_someone_waiting() else None), None
            ticket.expires = time.time() + lock_lifetime
            return lock, not lock.is_locked(ticket_number)

        while True:
            served = self._transact(conversation_id, renew_and_check)
            if served is None:
                # Redis lost the lock, or this process stalled for longer than the lifetime and
                # later turns may have gone ahead: fail the turn rather than wait for ever.
                raise LockError(f"Ticket {ticket_number} of conversation '{conversation_id}' expired while waiting.")
            if served:
                # Rasa's callers ignore the lock they are given; it is only read here for others.
                return self.get_lock(conversation_id) or self.create_lock(conversation_id)
            await asyncio.sleep(wait_time_in_seconds)

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._transact(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def drop_ticket(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._transact(conversation_id, drop_ticket)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Give back the ticket; delete the lock if no one else holds one, in one step."""

        def drop_ticket_and_unused_lock(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._transact(conversation_id, drop_ticket_and_unused_lock)
