"""How people reach the support team: the one place for its phone, e-mail and opening hours.

Each value comes from the environment of the action server, else from the default here. The
defaults are PLACEHOLDERS (visibly marked in what users see) until a deployment sets:

    SUPPORT_PHONE          e.g. "+44 20 7946 0000"
    SUPPORT_EMAIL          e.g. "support@example.org"
    SUPPORT_OPENING_HOURS  e.g. "Mon-Fri 09:00-17:00" or "Mon-Fri 09:00-17:00; Sat 10:00-13:00"
    SUPPORT_TIMEZONE       an IANA name, e.g. "Europe/London" (default UTC)

deploy/.env.example lists them. `load_support_contact` raises SupportContactError naming the
variable when a value cannot be read, so a typo is found at the first handoff request, in the
action server's log, rather than shown to users as wrong hours.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, time, timezone, tzinfo
from typing import List, Mapping, Optional, Tuple

PLACEHOLDER_PHONE = "+00 000 000 0000 (placeholder number)"
PLACEHOLDER_EMAIL = "support@example.invalid (placeholder address)"
DEFAULT_OPENING_HOURS = "Mon-Fri 09:00-17:00"
DEFAULT_TIMEZONE = "UTC"

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SEGMENT = re.compile(
    r"(?P<first>[a-z]{3})(?:\s*-\s*(?P<last>[a-z]{3}))?\s+(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})"
)


class SupportContactError(ValueError):
    """A SUPPORT_* setting cannot be read; the message names it."""


@dataclass(frozen=True)
class OpeningPeriod:
    days: Tuple[int, ...]  # 0 = Monday
    opens: time
    closes: time

    def describe(self) -> str:
        first, last = DAY_NAMES[self.days[0]], DAY_NAMES[self.days[-1]]
        days = first if len(self.days) == 1 else f"{first} to {last}"
        return f"{days} {self.opens:%H:%M}-{self.closes:%H:%M}"


@dataclass(frozen=True)
class SupportContact:
    phone: str
    email: str
    periods: Tuple[OpeningPeriod, ...]
    timezone_name: str
    zone: tzinfo

    @property
    def uses_placeholders(self) -> bool:
        return self.phone == PLACEHOLDER_PHONE or self.email == PLACEHOLDER_EMAIL

    def hours_text(self) -> str:
        """ "Monday to Friday 09:00-17:00 (Europe/London time)" """
        return "; ".join(p.describe() for p in self.periods) + f" ({self.timezone_name} time)"

    def is_open(self, now: Optional[datetime] = None) -> bool:
        """Whether `now` (default: the current time; naive means UTC) is within opening hours."""
        now = now or datetime.now(timezone.utc)
        if now.tzinfo is None:
            now = now.replace(tzinfo=timezone.utc)
        local = now.astimezone(self.zone)
        return any(local.weekday() in p.days and p.opens <= local.time() < p.closes for p in self.periods)


def parse_opening_hours(text: str) -> Tuple[OpeningPeriod, ...]:
    """ "Mon-Fri 09:00-17:00; Sat 10:00-13:00" -> periods; raises SupportContactError."""
    periods: List[OpeningPeriod] = []
    for segment in filter(None, (part.strip().lower() for part in text.split(";"))):
        match = _SEGMENT.fullmatch(segment)
        if not match or match.group("first") not in DAYS or (match.group("last") or match.group("first")) not in DAYS:
            raise SupportContactError(
                f"SUPPORT_OPENING_HOURS: cannot read {segment!r}; write e.g. 'Mon-Fri 09:00-17:00'"
            )
        first, last = DAYS.index(match.group("first")), DAYS.index(match.group("last") or match.group("first"))
        if last < first:
            raise SupportContactError(f"SUPPORT_OPENING_HOURS: {segment!r} runs backwards")
        try:
            opens, closes = (datetime.strptime(match.group(k), "%H:%M").time() for k in ("open", "close"))
        except ValueError:
            raise SupportContactError(f"SUPPORT_OPENING_HOURS: {segment!r} has an impossible time") from None
        if closes <= opens:
            raise SupportContactError(f"SUPPORT_OPENING_HOURS: {segment!r} closes before it opens")
        periods.append(OpeningPeriod(tuple(range(first, last + 1)), opens, closes))
    if not periods:
        raise SupportContactError("SUPPORT_OPENING_HOURS is empty")
    return tuple(periods)


def _zone(name: str) -> tzinfo:
    if name.upper() == "UTC":
        return timezone.utc
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError for odd names
        raise SupportContactError(f"SUPPORT_TIMEZONE: unknown time zone {name!r}") from None


def load_support_contact(environ: Mapping[str, str] = os.environ) -> SupportContact:
    def setting(name: str, default: str) -> str:
        return (environ.get(name) or "").strip() or default

    zone_name = setting("SUPPORT_TIMEZONE", DEFAULT_TIMEZONE)
    return SupportContact(
        phone=setting("SUPPORT_PHONE", PLACEHOLDER_PHONE),
        email=setting("SUPPORT_EMAIL", PLACEHOLDER_EMAIL),
        periods=parse_opening_hours(setting("SUPPORT_OPENING_HOURS", DEFAULT_OPENING_HOURS)),
        timezone_name=zone_name,
        zone=_zone(zone_name),
    )
