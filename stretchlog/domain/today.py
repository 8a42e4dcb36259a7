"""Which day it is, and what a time of day is: the one answer, for every command and for `status`
on every shell prompt (so this module imports nothing but datetime)."""

from datetime import date, datetime, time, timedelta

MIDNIGHT = time(0)
"""When a day starts unless the user says otherwise (`day_starts_at`)."""
MONDAY, SUNDAY = 0, 6
"""The weekdays a week may start on (`week_starts_on`), as `date.weekday()` numbers them; Monday
unless the user says otherwise."""


def day_of(moment: datetime, day_starts_at: time = MIDNIGHT) -> date:
    """The day `moment` counts for: its date on its own wall clock, or the day before while the
    clock shows a time before `day_starts_at` (the user's setting). Wall-clock time, so a change to
    or from summer time, or a flight across time zones, never moves where the day starts."""
    day = moment.date()
    if moment.time() < day_starts_at and day > date.min:
        return day - timedelta(days=1)
    return day


def clock_time(raw: object) -> time | None:
    """A time of day written HH:MM (or H:MM), or a TOML local time on the minute; None if not."""
    if isinstance(raw, time):
        return raw if raw.tzinfo is None and not raw.second and not raw.microsecond else None
    if not isinstance(raw, str):
        return None
    hours, colon, minutes = raw.strip().partition(":")
    if not (colon and _digits(hours, 1, 2) and _digits(minutes, 2, 2)):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


def _digits(text: str, shortest: int, longest: int) -> bool:
    return shortest <= len(text) <= longest and text.isascii() and text.isdigit()
