"""Remember which Telegram updates were already received, so a redelivery is not answered twice.

Telegram delivers an update again when the webhook call is slow or fails, with the same
`update_id`. `RecentUpdateIds` keeps the last `capacity` ids of one bot in memory, least
recently seen forgotten first, so memory stays bounded however long the server runs.

Limits: the memory belongs to one process. Two Rasa instances behind a load balancer each
have their own, so a redelivery that reaches the other instance is answered again; so is one
that arrives after a restart, or after more than `capacity` newer updates. Deduplicating
across instances would need a shared store (or a tracker-level check) and is not done here.
"""

from __future__ import annotations

from collections import OrderedDict

DEFAULT_CAPACITY = 10_000


class RecentUpdateIds:
    """A bounded set of recently seen update ids (an LRU).

    Not thread-safe; used from the server's event loop, where `is_duplicate` runs without
    interruption (no await inside), so two concurrent deliveries cannot both pass.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self.capacity = capacity
        self._seen: "OrderedDict[int, None]" = OrderedDict()

    def is_duplicate(self, update_id: int) -> bool:
        """True if `update_id` was seen before; otherwise remembers it and returns False."""
        if update_id in self._seen:
            self._seen.move_to_end(update_id)
            return True
        self._seen[update_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return False

    def __len__(self) -> int:
        return len(self._seen)
