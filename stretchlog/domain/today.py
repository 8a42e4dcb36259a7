"""Which day it is: the one answer, for every command and for `status` on every shell prompt (so
this module imports nothing but datetime)."""

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
